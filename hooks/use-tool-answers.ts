"use client";

import type { DynamicToolUIPart } from "ai";
import { useCallback, useState } from "react";
import { allowToolAlwaysAction } from "@/app/settings-actions";
import type { ToolAnswer } from "@/components/tool-card";
import type { ChatTurns } from "./use-chat-turns";

/**
 * The user's answers to a reply's tool calls waiting for approval. "Always allow" is stored first,
 * so that the reply's next call of the same tool already runs without asking; the reply goes on
 * once every waiting call is answered (useChatTurns sends the answers).
 */
export function useToolAnswers(id: string, { chat }: Pick<ChatTurns, "chat">) {
  const [notice, setNotice] = useState<string | null>(null);
  const answer = useCallback(
    async (part: DynamicToolUIPart, choice: ToolAnswer) => {
      if (part.state !== "approval-requested") return;
      chat.clearError();
      setNotice(null);
      if (choice === "always-allow") {
        const saved = await allowToolAlwaysAction(id, part.toolName);
        if (!saved.ok) setNotice(saved.message);
      }
      chat.addToolApprovalResponse({ id: part.approval.id, approved: choice !== "deny" });
    },
    [id, chat],
  );
  return { answer, notice };
}
