import type { Access, Role } from "./access-policy";

/** A person signed in with an account (CHAT_AUTH=accounts). */
export interface Person {
  id: string;
  role: Role;
  name: string;
  email: string;
}

/**
 * Whoever a request is from: the owner of what it reads and writes (a browser's anonymous owner,
 * a person's id, or the operator's key), what it may use, and the person when there is one.
 */
export interface Viewer {
  ownerId: string;
  person?: Person;
  /** What this viewer may use; read when needed (it asks the store for the policy). */
  access: () => Promise<Access>;
}
