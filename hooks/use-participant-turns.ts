"use client";

import { useCallback, useEffect, useRef } from "react";
import { continueRequest } from "@/lib/chat/request";
import type { ChatTurns } from "./use-chat-turns";

/**
 * Turns without a message of the user's, in a conversation with several participants: Continue
 * (whoever's turn it is), Continue as Name, Let them talk (up to `maxAutoTurns` in a row), and the
 * next of several participants one message named — each a new reply the server starts and the
 * page follows as it streams.
 */
export function useParticipantTurns(
  id: string,
  maxAutoTurns: number,
  { chat, continueTurn, finished }: Pick<ChatTurns, "chat" | "continueTurn" | "finished">,
) {
  // Turns still to run for "Let them talk"; read and written only in handlers and effects.
  const autoTurns = useRef(0);

  const continueAs = useCallback(
    (speaker?: string, queue: string[] = []) => {
      const parentId = chat.lastMessage?.id;
      if (!parentId) return;
      continueTurn(continueRequest(id, parentId, { speaker, queue }));
    },
    [id, chat, continueTurn],
  );

  const letThemTalk = useCallback(() => {
    autoTurns.current = maxAutoTurns - 1;
    continueAs();
  }, [continueAs, maxAutoTurns]);

  /** Stop ends a conversation among participants too. */
  const stopTalking = useCallback(() => {
    autoTurns.current = 0;
  }, []);

  // When a reply ends by itself: the next participant it names, or the next automatic turn.
  useEffect(() => {
    if (!finished) return;
    if (finished.ended) {
      autoTurns.current = 0;
      return;
    }
    const next = finished.message.metadata?.next;
    if (next?.[0]) {
      continueAs(next[0], next.slice(1));
    } else if (autoTurns.current > 0) {
      autoTurns.current--;
      continueAs();
    }
  }, [finished, continueAs]);

  return { continueAs, letThemTalk, stopTalking };
}
