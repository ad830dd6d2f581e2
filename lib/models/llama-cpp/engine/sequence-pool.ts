import type { LlamaCppQueueOrder } from "../llama-cpp-engine";
import { LlamaCppError } from "../llama-cpp-error";

/** What a request asks of the pool besides an item. */
export interface PoolRequest<T> {
  /** Whose request it is: the waiting line serves owners in turn (see SequencePool). */
  owner: string;
  /** Aborting leaves the queue: a cancelled request never holds a slot. */
  signal?: AbortSignal;
  /** How well a free item suits the request (e.g. how much of its prompt the item holds). */
  score?: (item: T) => number;
  /** The request's place in the queue (1 = next), when it joins and each time it changes. */
  onPlace?: (place: number) => void;
}

interface Waiter<T> {
  readonly owner: string;
  readonly resolve: (item: T) => void;
  readonly reject: (reason: unknown) => void;
  readonly onPlace?: (place: number) => void;
  /** The place it was last told, so that it hears only of changes. */
  place: number;
}

/** An owner who holds items or waits for one. */
interface OwnerShare {
  held: number;
  /** When this owner last got an item, free or handed over (a count of hand-overs; 0: never). */
  lastServed: number;
}

/**
 * Hands out a fixed set of items (context sequences) one request at a time. A request may say
 * which free item suits it best (`score`, e.g. how much of its prompt an item already holds); ties
 * go to the least recently used item, so a conversation's cache survives as long as possible.
 *
 * When none is free, requests wait, and a released item goes to the waiting owner who holds the
 * fewest items, among equals to the one served longest ago (round robin), each owner's own
 * requests in the order they came (issue 22: one person's 40 queued requests do not make another
 * person's one wait behind them; `first-come` is the order before, kept for the benchmark that
 * compares them). A waiter whose signal aborts leaves the queue. The queue is bounded: past
 * `maxWaiting`, a request is refused at once (`queue-full`) rather than left to pile up — in
 * the fair order, unless its owner has fewer waiting than another, whose newest is refused. A waiter
 * hears its place in the queue (1 = next), as the line stands, when it joins and each time it
 * changes: in the fair order a newcomer may go ahead of a flooder's waiters, whose places grow.
 */
export class SequencePool<T> {
  /** Least recently used first. */
  private readonly free: T[];
  /** In the order they came. */
  private readonly waiters: Waiter<T>[] = [];
  /** Who holds each item that is out. */
  private readonly holders = new Map<T, string>();
  /** Only owners who hold or wait for an item: forgotten when they do neither. */
  private readonly owners = new Map<string, OwnerShare>();
  private handOvers = 0;

  private readonly maxWaiting: number;
  private readonly order: LlamaCppQueueOrder;
  private readonly reserve: boolean;

  constructor(
    items: readonly T[],
    {
      maxWaiting = Number.POSITIVE_INFINITY,
      order = "fair",
      reserve = false,
    }: {
      maxWaiting?: number;
      order?: LlamaCppQueueOrder;
      /**
       * Keeps the last free item for an owner who holds none: an owner already holding one waits
       * rather than take it. Someone new then starts at once instead of waiting for an item to
       * come back, and one owner alone uses every item but one.
       */
      reserve?: boolean;
    } = {},
  ) {
    if (items.length === 0) throw new Error("SequencePool needs at least one item");
    this.free = [...items];
    this.maxWaiting = maxWaiting;
    this.order = order;
    this.reserve = reserve;
  }

  /** Requests waiting for a free item. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Items `owner` holds now. */
  heldBy(owner: string): number {
    return this.owners.get(owner)?.held ?? 0;
  }

  /** Owners the pool keeps a record of: those holding or waiting for an item. */
  get ownersTracked(): number {
    return this.owners.size;
  }

  acquire({ owner, signal, score, onPlace }: PoolRequest<T>): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.free.length > 0 && this.mayTakeFree(owner)) {
      const index = score ? bestIndex(this.free, score) : 0;
      const item = this.free.splice(index, 1)[0] as T;
      this.hold(item, owner);
      return Promise.resolve(item);
    }
    if (this.waiters.length >= this.maxWaiting && !this.makeRoomFor(owner)) {
      return Promise.reject(this.busy());
    }
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        owner,
        resolve: (item: T) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(item);
        },
        reject: (reason: unknown) => {
          signal?.removeEventListener("abort", onAbort);
          reject(reason);
        },
        onPlace,
        place: 0,
      };
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        this.forgetIfIdle(owner);
        reject(signal?.reason);
        this.announcePlaces();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      if (!this.owners.has(owner)) this.owners.set(owner, { held: 0, lastServed: 0 });
      this.waiters.push(waiter);
      this.announcePlaces();
    });
  }

  release(item: T): void {
    const holder = this.holders.get(item);
    this.holders.delete(item);
    if (holder !== undefined) {
      const share = this.owners.get(holder);
      if (share) share.held--;
    }
    let index = this.nextWaiter();
    // The one free item is kept for someone new (fewest held comes first: nobody waiting is).
    const waiter = index === undefined ? undefined : this.waiters[index];
    if (waiter && !this.mayTakeFree(waiter.owner, this.free.length + 1)) index = undefined;
    const next = index === undefined ? undefined : this.waiters.splice(index, 1)[0];
    if (holder !== undefined) this.forgetIfIdle(holder);
    if (!next) {
      this.free.push(item);
      if (this.waiters.length > 0) this.announcePlaces();
      return;
    }
    this.hold(item, next.owner);
    next.resolve(item);
    this.announcePlaces();
  }

  private busy(): LlamaCppError {
    return new LlamaCppError({
      code: "queue-full",
      message: `The local model is busy: ${this.waiters.length} requests are already waiting. Try again shortly.`,
    });
  }

  /**
   * In the fair order, a full line still lets in an owner with fewer requests waiting than
   * another: the newest request of the owner with the most waiting is refused as busy in its
   * place (one person's flood cannot keep everyone else out of the line). Whether it made room.
   */
  private makeRoomFor(owner: string): boolean {
    if (this.order !== "fair") return false;
    const counts = new Map<string, number>();
    for (const waiter of this.waiters)
      counts.set(waiter.owner, (counts.get(waiter.owner) ?? 0) + 1);
    let most: string | undefined;
    for (const [each, count] of counts) {
      if (most === undefined || count > (counts.get(most) ?? 0)) most = each;
    }
    if (most === undefined || (counts.get(most) ?? 0) <= (counts.get(owner) ?? 0) + 1) return false;
    const index = this.waiters.findLastIndex((waiter) => waiter.owner === most);
    const [refused] = this.waiters.splice(index, 1);
    refused?.reject(this.busy());
    return true;
  }

  /** Whether `owner` may take one of `free` free items: not the reserved last unless it holds none. */
  private mayTakeFree(owner: string, free = this.free.length): boolean {
    return !this.reserve || free > 1 || (this.owners.get(owner)?.held ?? 0) === 0;
  }

  private hold(item: T, owner: string): void {
    this.holders.set(item, owner);
    const share = this.owners.get(owner) ?? { held: 0, lastServed: 0 };
    share.held++;
    share.lastServed = ++this.handOvers;
    this.owners.set(owner, share);
  }

  private forgetIfIdle(owner: string): void {
    if (this.owners.get(owner)?.held !== 0) return;
    if (this.waiters.some((waiter) => waiter.owner === owner)) return;
    this.owners.delete(owner);
  }

  /** The index of the waiter a released item goes to. */
  private nextWaiter(): number | undefined {
    if (this.waiters.length === 0) return undefined;
    if (this.order === "first-come") return 0;
    return this.serviceOrder()[0];
  }

  /**
   * The waiters' indexes in the order they would be served if no item came back early: the
   * fair order played forward, each hand-over counting against its owner. Each owner's waiters
   * keep the order they came in.
   */
  private serviceOrder(): number[] {
    if (this.order === "first-come") return this.waiters.map((_, index) => index);
    const lines = new Map<string, number[]>();
    this.waiters.forEach((waiter, index) => {
      const line = lines.get(waiter.owner);
      if (line) line.push(index);
      else lines.set(waiter.owner, [index]);
    });
    // Copies: the play forward changes them.
    const shares = new Map(
      [...lines.keys()].map((owner) => {
        const share = this.owners.get(owner) ?? { held: 0, lastServed: 0 };
        return [owner, { ...share }];
      }),
    );
    const order: number[] = [];
    let handOvers = this.handOvers;
    while (order.length < this.waiters.length) {
      let best: string | undefined;
      for (const [owner, line] of lines) {
        if (line.length === 0) continue;
        if (best === undefined || comesFirst(owner, best, shares, lines)) best = owner;
      }
      const line = lines.get(best as string) as number[];
      order.push(line.shift() as number);
      const share = shares.get(best as string) as OwnerShare;
      share.held++;
      share.lastServed = ++handOvers;
    }
    return order;
  }

  /** Tells each waiter whose place changed its new place. */
  private announcePlaces(): void {
    this.serviceOrder().forEach((index, position) => {
      const waiter = this.waiters[index] as Waiter<T>;
      if (waiter.place === position + 1) return;
      waiter.place = position + 1;
      waiter.onPlace?.(waiter.place);
    });
  }
}

/**
 * Whether owner `a`'s next waiter goes before `b`'s: fewer items held, then served longer ago,
 * then the earlier waiter (owners never served yet, in the order they came).
 */
function comesFirst(
  a: string,
  b: string,
  shares: Map<string, OwnerShare>,
  lines: Map<string, number[]>,
): boolean {
  const shareA = shares.get(a) as OwnerShare;
  const shareB = shares.get(b) as OwnerShare;
  if (shareA.held !== shareB.held) return shareA.held < shareB.held;
  if (shareA.lastServed !== shareB.lastServed) return shareA.lastServed < shareB.lastServed;
  return (lines.get(a)?.[0] ?? 0) < (lines.get(b)?.[0] ?? 0);
}

/** The first (least recently used) of the highest-scoring items. */
function bestIndex<T>(items: readonly T[], score: (item: T) => number): number {
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  items.forEach((item, index) => {
    const value = score(item);
    if (value > bestScore) {
      best = index;
      bestScore = value;
    }
  });
  return best;
}
