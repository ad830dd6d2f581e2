"use client";

import { createContext, useContext } from "react";

/** The conversation the page shows, for what uploads into it from deep in the list (an edit). */
export const ConversationIdContext = createContext<string | undefined>(undefined);

export function useConversationId(): string | undefined {
  return useContext(ConversationIdContext);
}
