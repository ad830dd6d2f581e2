import "server-only";
import { getChatStore } from "@/lib/store";
import { type Access, fullAccess, limitsOf } from "./access-policy";
import { accountsEnabled, getAuth } from "./app-auth";
import { sessionPerson } from "./session-check";
import type { Person, Viewer } from "./viewer";

/**
 * Who a request is from. CHAT_AUTH=none: the browser's anonymous owner (`anonymousOwner`, its
 * signed cookie), who may use everything. CHAT_AUTH=accounts: the person of the Better Auth
 * session its cookie names — checked in the database on every request, so a disabled person
 * (whose sessions were deleted) is nobody at once — with what their role may use.
 */
export async function viewerOfHeaders(
  headers: Headers,
  anonymousOwner: () => Promise<string | undefined>,
): Promise<Viewer | undefined> {
  if (!accountsEnabled()) {
    const ownerId = await anonymousOwner();
    return ownerId ? { ownerId, access: async () => fullAccess } : undefined;
  }
  const user = await sessionPerson(await getAuth(), headers);
  if (!user || user.banned) return undefined;
  const person = personOf(user);
  return { ownerId: person.id, person, access: () => accessOf(person) };
}

export function personOf(user: {
  id: string;
  name: string;
  email: string;
  role?: string | null;
}): Person {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role === "admin" ? "admin" : "user",
  };
}

/** What a person may use now, and their fair share, as the admins' policy says. */
export async function accessOf(person: Person): Promise<Access> {
  const policy = await (await getChatStore()).getAccessPolicy();
  return {
    kind: "role",
    role: person.role,
    rules: policy.roles[person.role],
    limits: limitsOf(policy, person.role, person.id),
  };
}
