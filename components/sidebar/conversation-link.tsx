"use client";

import { PencilIcon, Trash2Icon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { deleteConversationAction, renameConversationAction } from "@/app/conversation-actions";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { IconButton } from "@/components/ui/icon-button";
import { Input } from "@/components/ui/input";
import { announceConversationsChanged } from "@/hooks/conversations-changed";
import type { ConversationSummary } from "@/lib/chat/conversation";

interface ConversationLinkProps {
  conversation: ConversationSummary;
  active: boolean;
  onDeleted: () => void;
}

/**
 * One conversation in the sidebar, with rename and delete (which asks first). The two buttons
 * show on hover and keyboard focus, and always on touch screens (which cannot hover).
 */
export function ConversationLink({ conversation, active, onDeleted }: ConversationLinkProps) {
  const router = useRouter();
  const [mode, setMode] = useState<"view" | "rename" | "confirm-delete">("view");
  const [title, setTitle] = useState(conversation.title);
  const [problem, setProblem] = useState<string | null>(null);
  const label = conversation.title || "Untitled";

  if (mode === "rename") {
    return (
      <li className="px-1 py-1">
        <form
          data-slot="rename"
          className="rename flex gap-1"
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
          <Input
            aria-label="New title"
            className="h-8 bg-background"
            value={title}
            maxLength={200}
            autoFocus
            onChange={(event) => setTitle(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Escape") setMode("view");
            }}
          />
          <Button type="submit" size="sm">
            Save
          </Button>
        </form>
        {problem && (
          <p
            className="error mt-1 rounded-md bg-danger-surface px-2 py-1 text-xs text-danger-text"
            role="alert"
          >
            {problem}
          </p>
        )}
      </li>
    );
  }

  return (
    <li
      className={cn(
        "group relative rounded-lg text-sm hover:bg-sidebar-accent",
        active && "active bg-sidebar-accent font-medium",
      )}
    >
      <Link
        href={`/c/${conversation.id}`}
        aria-current={active ? "page" : undefined}
        title={label}
        className="block truncate rounded-lg px-2 py-2 pr-16 outline-none focus-visible:ring-2 focus-visible:ring-ring"
      >
        {label}
      </Link>
      {mode === "confirm-delete" ? (
        <fieldset className="confirm flex flex-wrap items-center gap-1 px-2 pb-2">
          <legend className="float-left mr-auto py-1 text-xs text-muted-foreground">
            Delete “{label}”?
          </legend>
          <Button
            variant="destructive"
            size="sm"
            className="h-7"
            onClick={async () => {
              await deleteConversationAction(conversation.id);
              setMode("view");
              onDeleted();
            }}
          >
            Delete
          </Button>
          <Button variant="ghost" size="sm" className="h-7" onClick={() => setMode("view")}>
            Cancel
          </Button>
        </fieldset>
      ) : (
        <span className="row-actions absolute top-1 right-1 flex opacity-0 transition-opacity group-focus-within:opacity-100 group-hover:opacity-100 [@media(hover:none)]:opacity-100">
          <IconButton
            label={`Rename “${label}”`}
            size="icon-xs"
            onClick={() => {
              setTitle(conversation.title);
              setMode("rename");
            }}
          >
            <PencilIcon aria-hidden />
          </IconButton>
          <IconButton
            label={`Delete “${label}”`}
            size="icon-xs"
            onClick={() => setMode("confirm-delete")}
          >
            <Trash2Icon aria-hidden />
          </IconButton>
        </span>
      )}
    </li>
  );
}
