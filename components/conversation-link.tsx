"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { deleteConversationAction, renameConversationAction } from "@/app/conversation-actions";
import { announceConversationsChanged } from "@/hooks/conversations-changed";
import type { ConversationSummary } from "@/lib/chat/conversation";

interface ConversationLinkProps {
  conversation: ConversationSummary;
  active: boolean;
  onDeleted: () => void;
}

/** One conversation in the sidebar, with rename and delete (which asks first). */
export function ConversationLink({ conversation, active, onDeleted }: ConversationLinkProps) {
  const router = useRouter();
  const [mode, setMode] = useState<"view" | "rename" | "confirm-delete">("view");
  const [title, setTitle] = useState(conversation.title);
  const [problem, setProblem] = useState<string | null>(null);
  const label = conversation.title || "Untitled";

  if (mode === "rename") {
    return (
      <li>
        <form
          className="rename"
          onSubmit={async (event) => {
            event.preventDefault();
            const result = await renameConversationAction(conversation.id, title);
            if (!result.ok) {
              setProblem(result.message);
              return;
            }
            setProblem(null);
            setMode("view");
            announceConversationsChanged();
            router.refresh();
          }}
        >
          <input
            aria-label="New title"
            value={title}
            maxLength={200}
            onChange={(event) => setTitle(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Escape") setMode("view");
            }}
          />
          <button type="submit">Save</button>
        </form>
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
      </li>
    );
  }

  return (
    <li className={active ? "active" : undefined}>
      <Link href={`/c/${conversation.id}`} aria-current={active ? "page" : undefined}>
        {label}
      </Link>
      {mode === "confirm-delete" ? (
        <fieldset className="confirm">
          <legend>Delete “{label}”?</legend>
          <button
            type="button"
            className="danger"
            onClick={async () => {
              await deleteConversationAction(conversation.id);
              setMode("view");
              onDeleted();
            }}
          >
            Delete
          </button>
          <button type="button" className="quiet" onClick={() => setMode("view")}>
            Cancel
          </button>
        </fieldset>
      ) : (
        <span className="row-actions">
          <button
            type="button"
            className="quiet"
            aria-label={`Rename “${label}”`}
            onClick={() => {
              setTitle(conversation.title);
              setMode("rename");
            }}
          >
            Rename
          </button>
          <button
            type="button"
            className="quiet"
            aria-label={`Delete “${label}”`}
            onClick={() => setMode("confirm-delete")}
          >
            Delete
          </button>
        </span>
      )}
    </li>
  );
}
