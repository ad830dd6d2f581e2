import type { ChatStore } from "@/lib/store";
import { type FileToIndex, type IndexedFile, type IndexFileDeps, indexFile } from "./index-file";

/**
 * The files being indexed in this process, so that a file is indexed once at a time: the upload
 * starts it, and a turn that needs the file's chunks waits for that same job instead of starting
 * another (or starts it, for a file stored before retrieval existed, or imported).
 */
export class FileIndexing {
  private readonly jobs = new Map<string, Promise<IndexedFile>>();

  /** Indexes the file now (or joins the job already indexing it). */
  start(deps: IndexFileDeps, file: FileToIndex): Promise<IndexedFile> {
    const running = this.jobs.get(file.id);
    if (running) return running;
    const job = indexFile(deps, file).finally(() => this.jobs.delete(file.id));
    this.jobs.set(file.id, job);
    return job;
  }

  /** Whether the file is being indexed now (the upload shows "indexing"). */
  isIndexing(fileId: string): boolean {
    return this.jobs.has(fileId);
  }

  /** Resolves once the file has its chunks: waits for its job, or indexes a file that has none. */
  async ready(
    deps: IndexFileDeps & { store: Pick<ChatStore, "saveFileChunks" | "countFileChunks"> },
    file: FileToIndex,
  ): Promise<void> {
    const running = this.jobs.get(file.id);
    if (running) {
      await running;
      return;
    }
    if (!file.text) return;
    const counts = await deps.store.countFileChunks(file.ownerId, [file.id]);
    if ((counts.get(file.id) ?? 0) === 0) await this.start(deps, file);
  }
}

const key = Symbol.for("chat-completion.file-indexing");
const holder = globalThis as { [key]?: FileIndexing };

/** One per process, whichever bundle asks (the upload route and the turn share it). */
export function sharedFileIndexing(): FileIndexing {
  holder[key] ??= new FileIndexing();
  return holder[key];
}
