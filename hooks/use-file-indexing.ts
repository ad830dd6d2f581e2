"use client";

import { useEffect, useSyncExternalStore } from "react";
import { fileIndexingResponseSchema, type IndexingState } from "@/lib/retrieval/indexing-state";

/**
 * The indexing state of the page's files (chunked and embedded for retrieval), by file id: told
 * by the upload's answer for a file this page uploaded, else asked once of
 * `GET /api/files/:id/indexing` when its chip first shows (after a reload, or in a conversation
 * opened later); then asked again once a second only while some file says `indexing`, one
 * request per such file, none otherwise. A chip in the composer and the same file's chip under
 * its sent message read the same state.
 */
const states = new Map<string, IndexingState>();
/** The files asked about once already: a chip shown again, or a file gone (404), is not. */
const asked = new Set<string>();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | undefined;

const POLL_MS = 1_000;

/** The upload said where its file is. */
export function noteFileIndexing(fileId: string, state: IndexingState) {
  states.set(fileId, state);
  changed();
  schedule();
}

/**
 * The file's indexing state, undefined until known. `ask`: a file whose state the page was not
 * told is asked about once (not an image: it has no text to index).
 */
export function useFileIndexing(
  fileId: string | undefined,
  { ask }: { ask: boolean },
): IndexingState | undefined {
  useEffect(() => {
    if (ask && fileId !== undefined && !states.has(fileId) && !asked.has(fileId)) {
      void askFirst(fileId);
    }
  }, [ask, fileId]);
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

/** A chip's first question about a file the page was not told of. */
async function askFirst(id: string) {
  await fetchState(id);
  changed();
  schedule();
}

async function poll() {
  await Promise.all(indexingIds().map(fetchState));
  timer = undefined;
  changed();
  schedule();
}

/** Asks the server where the file is, and keeps its answer. */
async function fetchState(id: string) {
  asked.add(id);
  try {
    const response = await fetch(`/api/files/${encodeURIComponent(id)}/indexing`);
    // Deleted (removed from the box): nothing to show any more.
    if (response.status === 404) states.delete(id);
    if (!response.ok) return;
    const body = fileIndexingResponseSchema.safeParse(await response.json());
    if (body.success) states.set(id, body.data.indexing);
  } catch {
    // Offline for a moment: a file indexing is asked again on the next round.
  }
}
