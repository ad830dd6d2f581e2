"use client";

import { usePathname, useRouter } from "next/navigation";
import { type ChangeEvent, useEffect, useRef, useState } from "react";
import {
  announceConversationsChanged,
  onConversationsChanged,
  onConversationUpdated,
} from "@/hooks/conversations-changed";
import type { ConversationSummary } from "@/lib/chat/conversation";
import type { ImportReport } from "@/lib/import/import-conversations";
import { ConversationLink } from "./conversation-link";
import { ThemeToggle } from "./theme";

interface SidebarProps {
  conversations: ConversationSummary[];
  nextCursor?: string;
  /** The signed-in person (CHAT_AUTH=accounts): links to their account, and Admin for admins. */
  person?: { name: string; role: "admin" | "user" };
}

/** This browser's conversations, newest first: New chat, search, import, and each one's link. */
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

  return (
    <nav className="sidebar" aria-label="Conversations">
      <div className="sidebar-actions">
        {/* A full load, not a client navigation: after a new chat's first message the URL was
            set without the router, which would take "/" for the page it is already on. */}
        <a href="/" className="button">
          New chat
        </a>
        <button type="button" className="quiet" onClick={() => fileInput.current?.click()}>
          Import
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          aria-label="Import conversations: an export of this app, ChatGPT, Claude or Open WebUI"
          hidden
          onChange={importFile}
        />
        <ThemeToggle />
      </div>
      <input
        type="search"
        aria-label="Search conversations"
        placeholder="Search…"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      {notice && (
        <p className="error" role="alert">
          {notice}
        </p>
      )}
      {report?.working && <p className="status">{report.working}</p>}
      {report?.done && <ImportSummary report={report.done} onClose={() => setReport(undefined)} />}
      {results !== null && results.length === 0 && (
        <p className="status">No conversation matches.</p>
      )}
      <ul className="conversation-list">
        {shown.map((conversation) => (
          <ConversationLink
            key={conversation.id}
            conversation={conversation}
            active={conversation.id === activeId}
            onDeleted={() => {
              announceConversationsChanged();
              if (conversation.id === activeId) router.push("/");
            }}
          />
        ))}
      </ul>
      {results === null && more.cursor && (
        <button
          type="button"
          className="quiet"
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
      {person && (
        <p className="sidebar-account">
          <a href="/account">{person.name}</a>
          {person.role === "admin" && (
            <>
              {" · "}
              <a href="/admin">Admin</a>
            </>
          )}
        </p>
      )}
    </nav>
  );
}

/** What an import brought in, and what it left out and why. */
function ImportSummary({ report, onClose }: { report: ImportReport; onClose: () => void }) {
  const { imported, partial, failed } = report;
  return (
    <div className="import-summary" role="status">
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
      <button type="button" className="quiet" onClick={onClose}>
        Close
      </button>
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
