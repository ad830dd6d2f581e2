"use client";

import { useSyncExternalStore } from "react";
import { fileIndexingResponseSchema, type IndexingState } from "@/lib/retrieval/indexing-state";

/**
 * The indexing state of the files this page uploaded (chunked and embedded for retrieval), by
 * file id: told by the upload's answer, then asked of `GET /api/files/:id/indexing` once a
 * second — only while some file says `indexing`, one request per such file, none otherwise. A
 * chip in the composer and the same file's chip under its sent message read the same state.
 */
const states = new Map<string, IndexingState>();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | undefined;

const POLL_MS = 1_000;

/** The upload said where its file is. */
export function noteFileIndexing(fileId: string, state: IndexingState) {
  states.set(fileId, state);
  changed();
  schedule();
}

/** The file's indexing state if this page knows it (it uploaded the file), else undefined. */
export function useFileIndexing(fileId: string | undefined): IndexingState | undefined {
  return useSyncExternalStore(
    subscribe,
    () => (fileId === undefined ? undefined : states.get(fileId)),
    () => undefined,
  );
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed() {
  for (const listener of listeners) listener();
}

function indexingIds(): string[] {
  return [...states].flatMap(([id, state]) => (state.state === "indexing" ? [id] : []));
}

function schedule() {
  if (timer !== undefined || indexingIds().length === 0) return;
  timer = setTimeout(() => void poll(), POLL_MS);
}

async function poll() {
  await Promise.all(
    indexingIds().map(async (id) => {
      try {
        const response = await fetch(`/api/files/${encodeURIComponent(id)}/indexing`);
        // Deleted (removed from the box): nothing to show any more.
        if (response.status === 404) states.delete(id);
        if (!response.ok) return;
        const body = fileIndexingResponseSchema.safeParse(await response.json());
        if (body.success) states.set(id, body.data.indexing);
      } catch {
        // Offline for a moment: asked again on the next round.
      }
    }),
  );
  timer = undefined;
  changed();
  schedule();
}
