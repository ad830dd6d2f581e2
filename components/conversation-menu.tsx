"use client";

import { useEffect, useState } from "react";
import { saveSettingsAction, settingsChoicesAction } from "@/app/settings-actions";
import type { ConversationSettings } from "@/lib/chat/conversation";
import { type Cast, MAX_PARTICIPANTS, turnOrders } from "@/lib/chat/participants";
import type { ToolPreferences, ToolServerView } from "@/lib/chat/tools";

interface ConversationMenuProps {
  id: string;
  settings: ConversationSettings;
  /** The participants were saved (the chat shows Continue as … for each). */
  onCastSaved?: (cast: Cast) => void;
}

interface ToolsState {
  /** As the user has set them in the form. */
  servers?: ToolServerView[];
  configError?: string;
  /** Could not be listed. */
  error?: string;
}

/** A stored conversation's own system prompt, model and tools, and its exports. */
export function ConversationMenu({ id, settings, onCastSaved }: ConversationMenuProps) {
  const [open, setOpen] = useState(false);
  const [systemPrompt, setSystemPrompt] = useState(settings.systemPrompt ?? "");
  const [model, setModel] = useState(settings.model ?? "");
  const [choices, setChoices] = useState<Array<{ id: string; name: string }>>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [tools, setTools] = useState<ToolsState | undefined>();
  const [cast, setCast] = useState<Cast>(settings.cast);

  // What Settings offer (models, tools), read once each time they open.
  useEffect(() => {
    if (!open) return;
    settingsChoicesAction(id).then((result) => {
      if (!result.ok) {
        setTools({ error: result.message });
        return;
      }
      setChoices(result.value.models);
      setTools({ servers: result.value.servers, configError: result.value.configError });
    });
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
            const result = await saveSettingsAction(id, {
              systemPrompt: systemPrompt.trim() ? systemPrompt : null,
              // The first choice is the server's default: stored as "no choice".
              model: model && model !== choices[0]?.id ? model : null,
              tools: tools?.servers ? preferencesOf(tools.servers, settings.tools) : settings.tools,
              cast,
            });
            if (result.ok) onCastSaved?.(cast);
            setNotice(result.ok ? "Saved. The next reply uses these settings." : result.message);
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
                <option key={choice.id} value={index === 0 ? "" : choice.id}>
                  {choice.name}
                  {index === 0 ? " (default)" : ""}
                </option>
              ))}
            </select>
          </label>
          <ParticipantSettings cast={cast} choices={choices} onChange={setCast} />
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

/**
 * The conversation's participants: each with a name, a model and a system prompt (empty: the
 * conversation's own, else the server's), added and removed here; and who speaks when the user
 * names nobody. Checked by the server when saved.
 */
function ParticipantSettings({
  cast,
  choices,
  onChange,
}: {
  cast: Cast;
  choices: Array<{ id: string; name: string }>;
  onChange: (cast: Cast) => void;
}) {
  const set = (index: number, change: Partial<Cast["participants"][number]>) =>
    onChange({
      ...cast,
      participants: cast.participants.map((p, i) => (i === index ? { ...p, ...change } : p)),
    });
  return (
    <fieldset className="participant-settings">
      <legend>Participants</legend>
      {cast.participants.map((participant, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; names change.
        <div key={index} className="participant">
          <label>
            Name
            <input
              value={participant.name}
              onChange={(e) => set(index, { name: e.target.value })}
            />
          </label>
          <label>
            Model
            <select
              value={participant.model ?? ""}
              onChange={(e) => set(index, { model: e.target.value || null })}
            >
              {choices.map((choice, i) => (
                <option key={choice.id} value={i === 0 ? "" : choice.id}>
                  {choice.name}
                  {i === 0 ? " (default)" : ""}
                </option>
              ))}
            </select>
          </label>
          <label>
            System prompt
            <textarea
              value={participant.systemPrompt ?? ""}
              onChange={(e) =>
                set(index, { systemPrompt: e.target.value.trim() ? e.target.value : null })
              }
            />
          </label>
          {cast.participants.length > 1 && (
            <button
              type="button"
              className="quiet"
              onClick={() =>
                onChange({ ...cast, participants: cast.participants.filter((_, i) => i !== index) })
              }
            >
              Remove {participant.name}
            </button>
          )}
        </div>
      ))}
      <button
        type="button"
        className="quiet"
        disabled={cast.participants.length >= MAX_PARTICIPANTS}
        onClick={() =>
          onChange({
            ...cast,
            participants: [...cast.participants, { name: "", model: null, systemPrompt: null }],
          })
        }
      >
        Add participant
      </button>
      <label>
        Who answers when nobody is named
        <select
          value={cast.order}
          onChange={(e) => onChange({ ...cast, order: e.target.value as Cast["order"] })}
        >
          {turnOrders.map((order) => (
            <option key={order} value={order}>
              {order === "round-robin"
                ? "the next in turn"
                : order === "all"
                  ? "everyone, in order"
                  : "nobody until I pick"}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
