import type { AccessPolicy, Role } from "@/lib/accounts/access-policy";

/**
 * What the store keeps for accounts besides Better Auth's own tables (which Better Auth reads and
 * writes through its Drizzle adapter on the store's connection, `authDatabase`): the access
 * policy, invite links, usage per owner, model and day, and an owner's data as a whole (claimed
 * from an anonymous browser, or deleted with its person). Both backends pass one contract suite
 * (accounts-store.contract.ts).
 */
export interface AccountsStore {
  /** Better Auth's Drizzle adapter takes this: the same connection, our schema's tables. */
  authDatabase(): AuthDatabase;

  /** The policy admins set; the default one until they save any. */
  getAccessPolicy(): Promise<AccessPolicy>;
  saveAccessPolicy(policy: AccessPolicy): Promise<void>;
  /** How many people have accounts (the first one becomes the admin). */
  countPeople(): Promise<number>;
  /**
   * A person's API key by its hash (the API key plugin's), with all that decides whether it
   * works and what it may use — its person, their role and ban, the policy — in one query: a key
   * is checked on every `/v1` request.
   */
  findPersonKey(keyHash: string): Promise<PersonKey | undefined>;
  /** Records when a key was last used (the account page shows it). */
  touchPersonKey(keyId: string, at: Date): Promise<void>;

  createInvite(invite: NewInvite): Promise<Invite>;
  /** Invites not yet used, newest first (expired ones included: the page says so). */
  listOpenInvites(): Promise<Invite[]>;
  /**
   * Takes the invite whose token hashes to `tokenHash` for `usedBy`: a compare-and-set, so of two
   * sign-ups with one link only one gets it. Undefined when it is unknown, used or expired.
   */
  takeInvite(tokenHash: string, usedBy: string, now: Date): Promise<Invite | undefined>;
  deleteInvite(id: string): Promise<boolean>;

  /** Adds one reply's messages and tokens to its owner's row for that model and day. */
  recordUsage(entry: UsageEntry): Promise<void>;
  /** Rows of every owner (or one) from `fromDay` to `toDay` (`YYYY-MM-DD`, inclusive), by day. */
  usageReport(options: { fromDay: string; toDay: string; ownerId?: string }): Promise<UsageRow[]>;

  /** Moves every conversation of `fromOwner` to `toOwner` (a browser's, claimed at sign-up). */
  transferConversations(fromOwner: string, toOwner: string): Promise<number>;
  countConversations(ownerId: string): Promise<number>;
  /** Deletes everything kept under the owner: conversations, stored responses, usage. */
  deleteOwnerData(ownerId: string): Promise<void>;
}

export type AuthDatabase =
  | { provider: "sqlite"; db: object; schema: Record<string, unknown> }
  | { provider: "pg"; db: object; schema: Record<string, unknown> };

export interface PersonKey {
  keyId: string;
  personId: string;
  /** The admin plugin's role field; anything but `admin` is a user. */
  role: string | null;
  banned: boolean;
  enabled: boolean;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  /** The admins' policy; null until they save one (the default applies). */
  policy: AccessPolicy | null;
}

export interface NewInvite {
  tokenHash: string;
  role: Role;
  createdBy: string;
  expiresAt: Date;
}

export interface Invite extends NewInvite {
  id: string;
  createdAt: Date;
  usedAt: Date | null;
  usedBy: string | null;
}

export interface UsageEntry {
  ownerId: string;
  /** The model's id as people pick it (its choice id), or the served name on /v1. */
  model: string;
  /** UTC, `YYYY-MM-DD`. */
  day: string;
  messages: number;
  inputTokens: number;
  outputTokens: number;
}

export type UsageRow = UsageEntry;

/** The UTC day of a moment, as usage rows name it. */
export function usageDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
