"use client";

import { useEffect } from "react";
import { type Attachments, useAttachments } from "@/hooks/use-attachments";
import type { ChatUIMessage, FilePart } from "@/lib/chat/message";
import { AttachmentTray } from "./attachment-tray";
import { useConversationId } from "./conversation-id";

/**
 * The files of a message being edited: its own to start with, to keep, remove or add to. The new
 * version carries what is here when it is sent (`onChange`: the ready files, and whether one is
 * still on its way).
 */
export function EditFiles({
  message,
  onChange,
}: {
  message: ChatUIMessage;
  onChange: (files: { parts: FilePart[]; pending: boolean }) => void;
}) {
  const conversationId = useConversationId();
  const initial = message.parts.flatMap((part) => (part.type === "data-file" ? [part.data] : []));
  const attachments = useAttachments(conversationId ?? "", initial);
  const { parts, pending } = attachments;
  useEffect(() => onChange({ parts, pending }), [parts, pending, onChange]);
  if (!conversationId) return null;
  return <AttachmentTray attachments={attachments satisfies Attachments} />;
}
