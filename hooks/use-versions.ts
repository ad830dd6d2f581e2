"use client";

import { useCallback, useEffect, useState } from "react";
import { deleteVersionAction, showVersionAction } from "@/app/version-actions";
import type { ConversationView, MessageVersions } from "@/lib/chat/conversation";
import type { ChatTurns } from "./use-chat-turns";

/**
 * The versions of the messages shown (‹ 2 / 3 ›): as the page loaded them, then as each turn's
 * data says (a regenerated reply or an edit is a new version), and as paging or deleting a
 * version leaves them.
 */
export function useVersions(
  id: string,
  initial: Record<string, MessageVersions>,
  { turnData, setMessages, clearError }: Pick<ChatTurns, "turnData" | "setMessages" | "clearError">,
) {
  const [versions, setVersions] = useState(initial);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (turnData) setVersions(turnData.versions);
  }, [turnData]);

  const showView = useCallback(
    (result: { ok: true; value: ConversationView } | { ok: false; message: string }) => {
      if (!result.ok) {
        setNotice(result.message);
        return;
      }
      setNotice(null);
      setMessages(result.value.messages);
      setVersions(result.value.versions);
    },
    [setMessages],
  );

  const show = useCallback(
    async (messageId: string) => {
      clearError();
      showView(await showVersionAction(id, messageId));
    },
    [id, clearError, showView],
  );

  const remove = useCallback(
    async (messageId: string) => {
      if (!window.confirm("Delete this version and everything after it? This cannot be undone.")) {
        return;
      }
      clearError();
      showView(await deleteVersionAction(id, messageId));
    },
    [id, clearError, showView],
  );

  return { versions, notice, show, remove };
}
