/**
 * Prefill priority (issue 22, decision 0013): in parallel decoding (a context per sequence,
 * decision 0010) a newcomer's prompt shares the cores with every context that is generating, so
 * on a small CPU its time to first token grows with the others' number. While the prompt of a
 * person who holds no other sequence is evaluated, the gate holds every other context's next
 * batch; they resume when the prompt is (the engine says when: its first text out), when its
 * request ends (done, failed or aborted) or after `maxPauseMs` at most — a long prompt cannot
 * stop the others for longer.
 *
 * The gate sits in node-llama-cpp's `batching.dispatchSchedule` (one function per context, which
 * patches/node-llama-cpp+3.22.1.patch makes it consult before every batch, not only a loop's
 * first): a held context's `dispatch` is kept and called when the gate opens. A batch already
 * decoding when the gate shuts finishes (one token, a few milliseconds).
 */
export const DEFAULT_MAX_PAUSE_MS = 3000;

/**
 * The most prompt tokens a context that is not going first evaluates in one batch while others
 * generate. The gate holds a context's *next* batch, not one already decoding: a flood request's
 * 60-token prompt started just before a newcomer arrived ran on beside the newcomer's prompt and
 * tripled its time to first token (a trace in docs/benchmarks.md, run 7). In slices of 8 tokens
 * such a prompt is held within a few milliseconds; 16 and 32 left the newcomer's p95 at 1.6× and
 * 1.9× its time alone, 8 at 1.4× (the flooder's tokens per second unchanged).
 */
export const PROMPT_SLICE_TOKENS = 8;

/** What the strategy needs of node-llama-cpp's BatchItem: its tokens waiting to be evaluated. */
interface SliceItem {
  readonly tokens: readonly unknown[];
}

/** A dispatch function a context gives its schedule: starts its next batch. */
type Dispatch = () => void;

interface Prompt {
  /** Whether the prompt has been evaluated (as the engine counts it: its first output out). */
  readonly evaluated: () => boolean;
  readonly timer: ReturnType<typeof setTimeout>;
}

export interface PrefillGateOptions {
  /** The longest the others wait for one prompt. Default {@link DEFAULT_MAX_PAUSE_MS}. */
  maxPauseMs?: number;
}

export class PrefillGate<Context> {
  /** Contexts whose prompt goes first now: while there is any, the gate is shut. */
  private readonly prompts = new Map<Context, Prompt>();
  /** The next batch of each context held by the shut gate. */
  private readonly held = new Map<Context, Dispatch>();
  private readonly maxPauseMs: number;

  constructor({ maxPauseMs = DEFAULT_MAX_PAUSE_MS }: PrefillGateOptions = {}) {
    this.maxPauseMs = maxPauseMs;
  }

  /** Whether other contexts' batches are held now. */
  get shut(): boolean {
    return this.prompts.size > 0;
  }

  /** Contexts whose prompt goes first now (they decode side by side while the gate is shut). */
  get prioritized(): number {
    return this.prompts.size;
  }

  /** Whether `context`'s prompt goes first now. */
  isPrioritized(context: Context): boolean {
    return this.prompts.has(context);
  }

  /**
   * `context`'s `batching.itemPrioritizationStrategy`: its whole batch when it goes first or
   * decodes alone, else at most {@link PROMPT_SLICE_TOKENS} tokens of each item, so that a
   * newcomer arriving while it evaluates a prompt waits for one small slice at most.
   */
  strategyFor(
    context: Context,
    othersGenerating: () => boolean,
    slice = PROMPT_SLICE_TOKENS,
  ): <Item extends SliceItem>(options: {
    items: readonly Item[];
    size: number;
  }) => Array<{ item: Item; processAmount: number }> {
    return ({ items, size }) => {
      const most = this.isPrioritized(context) || !othersGenerating() ? size : slice;
      let left = size;
      return items.map((item) => {
        const processAmount = Math.max(0, Math.min(item.tokens.length, most, left));
        left -= processAmount;
        return { item, processAmount };
      });
    };
  }

  /** Contexts whose next batch waits for the gate. */
  get holding(): number {
    return this.held.size;
  }

  /** `context`'s `batching.dispatchSchedule`. */
  scheduleFor(context: Context): (dispatch: Dispatch) => void {
    return (dispatch) => {
      const prompt = this.prompts.get(context);
      if (prompt) {
        // The context asks for its next batch: after its first token, that is the token itself.
        if (prompt.evaluated()) this.end(context);
        dispatch();
        return;
      }
      if (this.prompts.size === 0) {
        dispatch();
        return;
      }
      this.held.set(context, dispatch);
    };
  }

  /**
   * Shuts the gate for every context but `context` (and others prioritized at the same time)
   * until `evaluated()` says its prompt is, as seen when the context asks for its next batch.
   * Returns the function that ends the priority (call it when the request ends, in a `finally`);
   * calling it again does nothing.
   */
  prioritize(context: Context, evaluated: () => boolean): () => void {
    this.end(context);
    const timer = setTimeout(() => this.end(context), this.maxPauseMs);
    // A gate left for its timer never keeps the process alive.
    timer.unref?.();
    const prompt: Prompt = { evaluated, timer };
    this.prompts.set(context, prompt);
    // A batch of this context held before it went first (it cannot ask again while one waits).
    const own = this.held.get(context);
    if (own) {
      this.held.delete(context);
      own();
    }
    return () => {
      if (this.prompts.get(context) === prompt) this.end(context);
    };
  }

  /** Opens the gate whatever is going on: the engine's disposal. */
  openAll(): void {
    for (const context of [...this.prompts.keys()]) this.end(context);
  }

  private end(context: Context): void {
    const prompt = this.prompts.get(context);
    if (!prompt) return;
    clearTimeout(prompt.timer);
    this.prompts.delete(context);
    if (this.prompts.size > 0) return;
    const held = [...this.held.values()];
    this.held.clear();
    for (const dispatch of held) dispatch();
  }
}
