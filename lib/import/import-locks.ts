/**
 * Who is importing now, in this process: one import at a time per owner, so that one person
 * cannot start many (each holds a worker thread, its memory and a file on disk) by sending the
 * same upload again and again. Per process: with several instances (PostgreSQL), an owner may run
 * one import on each. On globalThis because Next.js may load this module once per bundle.
 */
const key = Symbol.for("chat-completion.importing-owners");
const holder = globalThis as { [key]?: Set<string> };
if (!holder[key]) holder[key] = new Set();
const importing: Set<string> = holder[key];

/** Marks `ownerId` as importing and gives back the release, or `undefined` if it already is. */
export function startImport(ownerId: string): (() => void) | undefined {
  if (importing.has(ownerId)) return undefined;
  importing.add(ownerId);
  return () => importing.delete(ownerId);
}
