"use client";

import { ImportIcon, PanelLeftCloseIcon, SearchIcon, SquarePenIcon } from "lucide-react";
import { usePathname, useRouter } from "next/navigation";
import { type ChangeEvent, useEffect, useRef, useState } from "react";
import { Button, buttonVariants } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { IconButton } from "@/components/ui/icon-button";
import { Input } from "@/components/ui/input";
import {
  announceConversationsChanged,
  onConversationsChanged,
  onConversationUpdated,
} from "@/hooks/conversations-changed";
import type { ConversationSummary } from "@/lib/chat/conversation";
import type { ImportReport } from "@/lib/import/import-conversations";
import { groupConversations } from "./conversation-groups";
import { ConversationLink } from "./conversation-link";
import { useSidebarState } from "./sidebar-state";

interface SidebarProps {
  conversations: ConversationSummary[];
  nextCursor?: string;
  /** The signed-in person (CHAT_AUTH=accounts): links to their account, and Admin for admins. */
  person?: { name: string; role: "admin" | "user" };
}

/** The id of the search box, for the shortcut that focuses it. */
export const CONVERSATION_SEARCH_ID = "conversation-search";

/** Whether a sidebar was shown already in this page's life (see the first effect below). */
let shownBefore = false;

/**
 * This browser's conversations, newest first and grouped by Today / Previous 7 days / Older:
 * New chat, search, import, and each one's link. Shown beside the chat on wide screens and in a
 * drawer on phones (components/sidebar/chat-shell.tsx).
 */
export function Sidebar({ conversations: initial, nextCursor, person }: SidebarProps) {
  const router = useRouter();
  const [conversations, setConversations] = useState(initial);
  useEffect(() => setConversations(initial), [initial]);
  // A rename, delete or import elsewhere changed the list: reload its first page.
  useEffect(
    () =>
      onConversationsChanged(async () => {
        const page = await fetchConversations("");
        setConversations(page.conversations);
        setMore({ items: [], cursor: page.nextCursor });
      }),
    [],
  );
  // A turn was stored: its conversation, as it is now, goes to the top (newest first).
  useEffect(
    () =>
      onConversationUpdated((summary) => {
        setConversations((shown) => [summary, ...shown.filter((c) => c.id !== summary.id)]);
        setMore((loaded) => ({
          ...loaded,
          items: loaded.items.filter((c) => c.id !== summary.id),
        }));
      }),
    [],
  );
  // The sidebar is mounted again each time it is shown (the phone's drawer opens, a hidden
  // sidebar comes back): what changed meanwhile is read afresh then. The first one is the page's.
  useEffect(() => {
    if (!shownBefore) {
      shownBefore = true;
      return;
    }
    fetchConversations("").then((page) => {
      setConversations(page.conversations);
      setMore({ items: [], cursor: page.nextCursor });
    });
  }, []);
  const pathname = usePathname();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<ConversationSummary[] | null>(null);
  const [more, setMore] = useState<{ items: ConversationSummary[]; cursor?: string }>({
    items: [],
    cursor: nextCursor,
  });
  const [notice, setNotice] = useState<string | null>(null);
  const [report, setReport] = useState<{ working?: string; done?: ImportReport } | undefined>();
  const fileInput = useRef<HTMLInputElement>(null);

  // A fresh first page from the server replaces what "Show more" had loaded.
  useEffect(() => setMore({ items: [], cursor: nextCursor }), [nextCursor]);

  useEffect(() => {
    const text = query.trim();
    if (!text) {
      setResults(null);
      return;
    }
    const timer = setTimeout(
      async () =>
        setResults((await fetchConversations(`q=${encodeURIComponent(text)}`)).conversations),
      200,
    );
    return () => clearTimeout(timer);
  }, [query]);

  const activeId = pathname.startsWith("/c/") ? pathname.slice(3) : undefined;
  const shown = results ?? [...conversations, ...more.items];

  async function importFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    setNotice(null);
    setReport({ working: `Importing ${file.name}…` });
    // The file goes as it is, streamed: an export of thousands of conversations is never read
    // into the page's memory, nor into the server's.
    const response = await fetch("/api/conversations/import", {
      method: "POST",
      // Exports are JSON files; the server takes bodies that say so only (lib/http/request-guard.ts).
      headers: { "content-type": "application/json" },
      body: file,
    });
    const body = await response.json().catch(() => undefined);
    setReport(undefined);
    // Also after an import stopped by a limit: what it stored before stays, and is listed.
    announceConversationsChanged();
    if (!response.ok) {
      setNotice(body?.error?.message ?? `The import failed (${response.status}).`);
      return;
    }
    const imported = body as ImportReport;
    if (imported.imported === 1 && imported.firstId && imported.failed.length === 0) {
      setReport(imported.partial.length > 0 ? { done: imported } : undefined);
      router.push(`/c/${imported.firstId}`);
      return;
    }
    setReport({ done: imported });
  }

  const sidebar = useSidebarState();
  const groups = results === null ? groupConversations(shown) : [];

  return (
    <nav
      data-slot="sidebar"
      className="sidebar flex h-full min-h-0 flex-col gap-2 bg-sidebar text-sidebar-foreground"
      aria-label="Conversations"
    >
      <div className="flex items-center gap-1 px-3 pt-3">
        <span className="mr-auto px-1 text-sm font-semibold">Chat</span>
        <IconButton label="Import" tooltipSide="bottom" onClick={() => fileInput.current?.click()}>
          <ImportIcon aria-hidden />
        </IconButton>
        {!sidebar.isPhone && (
          <IconButton
            label="Hide the sidebar"
            shortcut="Ctrl+Shift+S"
            tooltipSide="bottom"
            onClick={sidebar.toggle}
          >
            <PanelLeftCloseIcon aria-hidden />
          </IconButton>
        )}
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          aria-label="Import conversations: an export of this app, ChatGPT, Claude or Open WebUI"
          hidden
          onChange={importFile}
        />
      </div>
      <div className="flex flex-col gap-2 px-3">
        {/* A full load, not a client navigation: after a new chat's first message the URL was
            set without the router, which would take "/" for the page it is already on. */}
        <a
          href="/"
          data-slot="button"
          aria-keyshortcuts="Control+Shift+O"
          data-new-chat
          className={cn(buttonVariants({ variant: "outline" }), "justify-start bg-transparent")}
        >
          <SquarePenIcon aria-hidden />
          New chat
        </a>
        <div className="relative">
          <SearchIcon
            className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
            aria-hidden
          />
          <Input
            id={CONVERSATION_SEARCH_ID}
            type="search"
            aria-label="Search conversations"
            aria-keyshortcuts="Control+K"
            placeholder="Search…"
            className="bg-background pl-8"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
        </div>
        {notice && (
          <p
            className="error rounded-lg bg-danger-surface px-3 py-2 text-sm text-danger-text"
            role="alert"
          >
            {notice}
          </p>
        )}
        {report?.working && (
          <p className="status text-sm text-muted-foreground" role="status">
            {report.working}
          </p>
        )}
        {report?.done && (
          <ImportSummary report={report.done} onClose={() => setReport(undefined)} />
        )}
        {results !== null && results.length === 0 && (
          <p className="status text-sm text-muted-foreground">No conversation matches.</p>
        )}
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto px-2 pb-2">
        {results !== null ? (
          <ConversationList conversations={results} activeId={activeId} onDeleted={onDeleted} />
        ) : (
          groups.map((group) => (
            <section key={group.name} aria-label={group.name} className="mt-3 first:mt-1">
              <h2 className="px-2 pb-1 text-xs font-medium text-muted-foreground">{group.name}</h2>
              <ConversationList
                conversations={group.conversations}
                activeId={activeId}
                onDeleted={onDeleted}
              />
            </section>
          ))
        )}
        {results === null && more.cursor && (
          <button
            type="button"
            data-slot="button"
            className={cn(buttonVariants({ variant: "quiet", size: "sm" }), "mt-2 w-full")}
            onClick={async () => {
              const page = await fetchConversations(
                `cursor=${encodeURIComponent(more.cursor ?? "")}`,
              );
              setMore({ items: [...more.items, ...page.conversations], cursor: page.nextCursor });
            }}
          >
            Show more
          </button>
        )}
      </div>
      {person && (
        <p className="sidebar-account flex gap-3 border-t px-4 py-3 text-sm">
          <a href="/account" className="truncate font-medium hover:underline">
            {person.name}
          </a>
          {person.role === "admin" && (
            <a
              href="/admin"
              className="text-muted-foreground hover:text-foreground hover:underline"
            >
              Admin
            </a>
          )}
        </p>
      )}
    </nav>
  );

  function onDeleted(conversation: ConversationSummary) {
    announceConversationsChanged();
    if (conversation.id === activeId) router.push("/");
  }
}

function ConversationList({
  conversations,
  activeId,
  onDeleted,
}: {
  conversations: ConversationSummary[];
  activeId: string | undefined;
  onDeleted: (conversation: ConversationSummary) => void;
}) {
  return (
    <ul className="conversation-list flex flex-col gap-0.5">
      {conversations.map((conversation) => (
        <ConversationLink
          key={conversation.id}
          conversation={conversation}
          active={conversation.id === activeId}
          onDeleted={() => onDeleted(conversation)}
        />
      ))}
    </ul>
  );
}

/** What an import brought in, and what it left out and why. */
function ImportSummary({ report, onClose }: { report: ImportReport; onClose: () => void }) {
  const { imported, partial, failed } = report;
  return (
    <div
      className="import-summary flex flex-col gap-1 rounded-lg border bg-background p-3 text-sm [&_details]:text-muted-foreground [&_summary]:cursor-pointer [&_ul]:mt-1 [&_ul]:list-disc [&_ul]:pl-5"
      role="status"
    >
      <p>
        Imported {imported} {imported === 1 ? "conversation" : "conversations"}.
        {failed.length > 0 && ` ${failed.length} could not be imported.`}
      </p>
      {partial.length > 0 && (
        <details>
          <summary>{partial.length} imported without some of their content</summary>
          <ul>
            {partial.map((item, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list; titles may repeat.
              <li key={index}>
                {item.title || "Untitled"}: {item.skipped.join(", ")} left out
              </li>
            ))}
          </ul>
        </details>
      )}
      {failed.length > 0 && (
        <details open>
          <summary>Not imported</summary>
          <ul>
            {failed.map((item, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list; titles may repeat.
              <li key={index}>
                {item.title}: {item.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      <Button variant="quiet" size="sm" className="self-end" onClick={onClose}>
        Close
      </Button>
    </div>
  );
}

async function fetchConversations(
  query: string,
): Promise<{ conversations: ConversationSummary[]; nextCursor?: string }> {
  const response = await fetch(`/api/conversations${query ? `?${query}` : ""}`);
  if (!response.ok) return { conversations: [] };
  return response.json();
}
