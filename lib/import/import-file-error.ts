/**
 * A file that cannot be imported at all: not JSON, cut off, or not a conversation export. Its
 * message is one sentence for the person who chose the file. A single conversation that cannot be
 * imported is not an error but an `ok: false` item (read-conversations-file.ts), so that one bad
 * conversation does not cost the others.
 */
export class ImportFileError extends Error {
  override name = "ImportFileError";
}
