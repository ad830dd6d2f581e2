import type { ChatStore } from "@/lib/store";
import { type FileToIndex, type IndexedFile, type IndexFileDeps, indexFile } from "./index-file";

/** A job's progress: chunks embedded of all (0 of 0 until the text is split). */
export interface IndexingProgress {
  done: number;
  total: number;
}

/** How many failures are remembered for the page to read (the oldest are forgotten). */
const REMEMBERED_FAILURES = 1_000;

/**
 * The files being indexed in this process, so that a file is indexed once at a time: the upload
 * starts it, and a turn that needs the file's chunks waits for that same job instead of starting
 * another (or starts it, for a file stored before retrieval existed, or imported). Each job's
 * progress, and why the last ones failed, are kept for the page's "indexing" state.
 */
export class FileIndexing {
  // By file id, with its owner: what the page is told is its owner's only.
  private readonly jobs = new Map<
    string,
    { ownerId: string; promise: Promise<IndexedFile>; progress: IndexingProgress }
  >();
  private readonly failures = new Map<string, { ownerId: string; why: string }>();

  /** Indexes the file now (or joins the job already indexing it). */
  start(deps: IndexFileDeps, file: FileToIndex): Promise<IndexedFile> {
    return this.run(deps, file, async () => file);
  }

  /**
   * Registers the job at once and loads the file in it: the upload answers "indexing" before
   * the file's text is read back. A file gone by then (deleted) indexes nothing.
   */
  startLoading(
    deps: IndexFileDeps,
    file: { id: string; ownerId: string },
    load: () => Promise<FileToIndex | undefined>,
  ): Promise<IndexedFile> {
    return this.run(deps, file, load);
  }

  private run(
    deps: IndexFileDeps,
    { id: fileId, ownerId }: { id: string; ownerId: string },
    load: () => Promise<FileToIndex | undefined>,
  ): Promise<IndexedFile> {
    const running = this.jobs.get(fileId);
    if (running) return running.promise;
    const progress: IndexingProgress = { done: 0, total: 0 };
    const promise = (async () => {
      const file = await load();
      if (!file) return { chunks: 0, embeddingMs: 0, totalMs: 0 };
      return indexFile(
        {
          ...deps,
          onProgress: (done, total) => {
            progress.done = done;
            progress.total = total;
            deps.onProgress?.(done, total);
          },
        },
        file,
      );
    })();
    this.jobs.set(fileId, { ownerId, promise, progress });
    this.failures.delete(fileId);
    promise.then(
      () => this.jobs.delete(fileId),
      (error: unknown) => {
        this.jobs.delete(fileId);
        this.recordFailure({ id: fileId, ownerId }, error);
      },
    );
    return promise;
  }

  /** Whether the file is being indexed now (the upload shows "indexing"). */
  isIndexing(fileId: string): boolean {
    return this.jobs.has(fileId);
  }

  /** The running job's progress, or undefined when none runs (or the file is not the owner's). */
  progressOf(ownerId: string, fileId: string): IndexingProgress | undefined {
    const job = this.jobs.get(fileId);
    return job?.ownerId === ownerId ? { ...job.progress } : undefined;
  }

  /** Why the file's last indexing in this process failed, if it did (and none has run since). */
  failureOf(ownerId: string, fileId: string): string | undefined {
    const failure = this.failures.get(fileId);
    return failure?.ownerId === ownerId ? failure.why : undefined;
  }

  /** Keeps why a file could not be indexed (also when no job could start: no embedding model). */
  recordFailure(file: { id: string; ownerId: string }, error: unknown) {
    const why = error instanceof Error && error.message ? error.message : String(error);
    this.failures.set(file.id, { ownerId: file.ownerId, why });
    if (this.failures.size > REMEMBERED_FAILURES) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  /** Resolves once the file has its chunks: waits for its job, or indexes a file that has none. */
  async ready(
    deps: IndexFileDeps & { store: Pick<ChatStore, "saveFileChunks" | "countFileChunks"> },
    file: FileToIndex,
  ): Promise<void> {
    const running = this.jobs.get(file.id);
    if (running) {
      await running.promise;
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
