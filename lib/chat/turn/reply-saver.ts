import type { MessagePart } from "@/lib/chat/message";
import type { ChatStore, MessagePatch, MessageStatus } from "@/lib/store";

export interface ReplySaver {
  /**
   * The reply grew: its parts so far are written at most once per interval, read from `parts`
   * only when written (a copy per token would cost more than the writes).
   */
  progress(parts: () => MessagePart[]): void;
  /**
   * The final parts, how the reply ended and, if the model did not see the whole conversation,
   * how many of its oldest messages it left out; waits for the write.
   */
  finish(
    parts: MessagePart[],
    status: Exclude<MessageStatus, "streaming">,
    droppedMessages?: number,
  ): Promise<void>;
}

/**
 * Saves a reply while it is written, so that a reload or a crash loses at most one interval of
 * it: a partial stays `streaming` until `finish` (a crash leaves it so; the next start marks it).
 * A write that finds the reply `stopped` means another instance took a Stop for it
 * (`stopStreamingReply`): `onStopRequested` then stops the model here.
 */
export function createReplySaver(
  store: ChatStore,
  ownerId: string,
  messageId: string,
  {
    intervalMs = 500,
    onError = (_error: unknown) => {},
    onStopRequested = () => {},
  }: {
    intervalMs?: number;
    onError?: (error: unknown) => void;
    onStopRequested?: () => void;
  } = {},
): ReplySaver {
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<unknown> = Promise.resolve();
  let finished = false;

  const write = (patch: MessagePatch) => {
    writing = writing
      .then(() => store.updateMessage(ownerId, messageId, patch))
      .then((saved) => {
        if (!finished && saved?.status === "stopped") onStopRequested();
      })
      .catch(onError);
    return writing;
  };

  return {
    progress(parts) {
      if (timer || finished) return;
      timer = setTimeout(() => {
        timer = undefined;
        if (!finished) write({ parts: parts() });
      }, intervalMs);
    },
    async finish(parts, status, droppedMessages) {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      await write({ parts, status, droppedMessages: droppedMessages || null });
    },
  };
}
