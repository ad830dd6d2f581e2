"use client";

import { useEffect, useState } from "react";
import {
  conversationToolsAction,
  modelChoicesAction,
  updateConversationSettingsAction,
  updateConversationToolsAction,
} from "@/app/conversation-actions";
import type { ToolServerView } from "@/lib/chat/conversation-tools";
import type { ToolPreferences } from "@/lib/chat/tool-preferences";

interface ConversationMenuProps {
  id: string;
  settings: { systemPrompt: string | null; model: string | null; tools: ToolPreferences };
}

interface ToolsState {
  /** As the user has set them in the form. */
  servers?: ToolServerView[];
  configError?: string;
  /** Could not be listed. */
  error?: string;
}

/** A stored conversation's own system prompt, model and tools, and its exports. */
export function ConversationMenu({ id, settings }: ConversationMenuProps) {
  const [open, setOpen] = useState(false);
  const [systemPrompt, setSystemPrompt] = useState(settings.systemPrompt ?? "");
  const [model, setModel] = useState(settings.model ?? "");
  const [choices, setChoices] = useState<Array<{ spec: string; name: string }>>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [tools, setTools] = useState<ToolsState | undefined>();

  useEffect(() => {
    if (open && choices.length === 0) modelChoicesAction().then(setChoices);
  }, [open, choices.length]);
  useEffect(() => {
    if (!open) return;
    conversationToolsAction(id).then((result) =>
      setTools(result.ok ? result.value : { error: result.message }),
    );
  }, [open, id]);

  return (
    <div className="conversation-menu">
      <a className="quiet" href={`/api/conversations/${id}/export?format=json`} download>
        Export JSON
      </a>
      <a className="quiet" href={`/api/conversations/${id}/export?format=markdown`} download>
        Export Markdown
      </a>
      <button
        type="button"
        className="quiet"
        aria-expanded={open}
        onClick={() => setOpen((shown) => !shown)}
      >
        Settings
      </button>
      {open && (
        <form
          className="settings"
          aria-label="Conversation settings"
          onSubmit={async (event) => {
            event.preventDefault();
            const result = await updateConversationSettingsAction(id, {
              systemPrompt: systemPrompt.trim() ? systemPrompt : null,
              // The first choice is the server's default: stored as "no choice".
              model: model && model !== choices[0]?.spec ? model : null,
            });
            const toolsResult =
              result.ok && tools?.servers
                ? await updateConversationToolsAction(
                    id,
                    preferencesOf(tools.servers, settings.tools),
                  )
                : result;
            setNotice(
              toolsResult.ok ? "Saved. The next reply uses these settings." : toolsResult.message,
            );
          }}
        >
          <label>
            System prompt (empty: the server's default)
            <textarea
              value={systemPrompt}
              onChange={(event) => setSystemPrompt(event.target.value)}
            />
          </label>
          <label>
            Model
            <select value={model} onChange={(event) => setModel(event.target.value)}>
              {choices.map((choice, index) => (
                <option key={choice.spec} value={index === 0 ? "" : choice.spec}>
                  {choice.name}
                  {index === 0 ? " (default)" : ""}
                </option>
              ))}
            </select>
          </label>
          <ToolSettings state={tools} onChange={(servers) => setTools({ ...tools, servers })} />
          <button type="submit">Save settings</button>
          {notice && <p role="status">{notice}</p>}
        </form>
      )}
    </div>
  );
}

/** The MCP servers and their tools: on or off, and always allowed, for this conversation. */
function ToolSettings({
  state,
  onChange,
}: {
  state: ToolsState | undefined;
  onChange: (servers: ToolServerView[]) => void;
}) {
  if (!state) return <p className="muted">Loading tools…</p>;
  const servers = state.servers ?? [];
  const set = (server: string, key: string, change: Partial<ToolServerView["tools"][number]>) =>
    onChange(
      servers.map((s) =>
        s.name !== server
          ? s
          : { ...s, tools: s.tools.map((t) => (t.key === key ? { ...t, ...change } : t)) },
      ),
    );
  return (
    <fieldset className="tool-settings">
      <legend>Tools</legend>
      {state.error && <p role="alert">{state.error}</p>}
      {state.configError && <p role="alert">{state.configError}</p>}
      {!state.error && !state.configError && servers.length === 0 && (
        <p className="muted">No MCP servers are configured (CHAT_MCP_CONFIG, or ./mcp.json).</p>
      )}
      {servers.map((server) => (
        <div key={server.name} className="tool-server">
          <strong>{server.name}</strong>{" "}
          {server.state === "failed" ? (
            <span className="tool-error">unavailable: {server.error}</span>
          ) : (
            <span className="muted">{server.tools.length} tools</span>
          )}
          <ul>
            {server.tools.map((tool) => (
              <li key={tool.key}>
                <label title={tool.description}>
                  <input
                    type="checkbox"
                    checked={tool.on}
                    onChange={(event) => set(server.name, tool.key, { on: event.target.checked })}
                  />{" "}
                  {tool.name}
                </label>{" "}
                <label className="muted">
                  <input
                    type="checkbox"
                    aria-label={`Always allow ${tool.name}`}
                    checked={tool.alwaysAllowed}
                    disabled={!tool.on}
                    onChange={(event) =>
                      set(server.name, tool.key, { alwaysAllowed: event.target.checked })
                    }
                  />{" "}
                  always allow
                </label>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </fieldset>
  );
}

/**
 * The preferences the form says, keeping choices about tools not listed now (a server that is
 * down keeps its tools' settings for when it is back).
 */
function preferencesOf(servers: ToolServerView[], before: ToolPreferences): ToolPreferences {
  const listed = new Set(servers.flatMap((server) => server.tools.map((tool) => tool.key)));
  const tools = servers.flatMap((server) => server.tools);
  return {
    off: [
      ...before.off.filter((key) => !listed.has(key)),
      ...tools.filter((tool) => !tool.on).map((tool) => tool.key),
    ],
    alwaysAllowed: [
      ...before.alwaysAllowed.filter((key) => !listed.has(key)),
      ...tools.filter((tool) => tool.alwaysAllowed).map((tool) => tool.key),
    ],
  };
}
