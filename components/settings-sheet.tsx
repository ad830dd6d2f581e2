"use client";

import { type ReactNode, useEffect, useState } from "react";
import { toast } from "sonner";
import { saveSettingsAction, settingsChoicesAction } from "@/app/settings-actions";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import {
  Sheet,
  SheetContent,
  SheetDescription,
  SheetHeader,
  SheetTitle,
  SheetTrigger,
} from "@/components/ui/sheet";
import { Textarea } from "@/components/ui/textarea";
import type { ConversationSettings } from "@/lib/chat/conversation";
import { type Cast, MAX_PARTICIPANTS, turnOrders } from "@/lib/chat/participants";
import type { ToolPreferences, ToolServerView } from "@/lib/chat/tools";

interface SettingsSheetProps {
  /** The button that opens it (focus goes back to it when the sheet closes). */
  trigger: ReactNode;
  id: string;
  settings: ConversationSettings;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Saved: the conversation's settings are now these (the header's model and participants). */
  onSaved: (settings: ConversationSettings) => void;
}

interface ToolsState {
  /** As the user has set them in the form. */
  servers?: ToolServerView[];
  configError?: string;
  /** Could not be listed. */
  error?: string;
}

const FIELD = "flex flex-col gap-1.5 text-sm font-medium";

/**
 * A stored conversation's own system prompt, model, participants and tools, in a sheet over the
 * page (from the right; full width on phones), so that the conversation stays where it was. One
 * save for all (app/settings-actions.ts); a refusal is said in the sheet, a save closes it with
 * a toast.
 */
export function SettingsSheet({
  trigger,
  id,
  settings,
  open,
  onOpenChange,
  onSaved,
}: SettingsSheetProps) {
  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      <SheetTrigger asChild>{trigger}</SheetTrigger>
      <SheetContent side="right" className="gap-0 p-0">
        <SheetHeader>
          <SheetTitle>Settings</SheetTitle>
          <SheetDescription>
            This conversation's model, system prompt, participants and tools.
          </SheetDescription>
        </SheetHeader>
        {/* Mounted while open only: each opening starts from the saved settings. */}
        {open && (
          <SettingsForm
            id={id}
            settings={settings}
            onSaved={(saved) => {
              onSaved(saved);
              onOpenChange(false);
              toast.success("Saved. The next reply uses these settings.");
            }}
          />
        )}
      </SheetContent>
    </Sheet>
  );
}

function SettingsForm({
  id,
  settings,
  onSaved,
}: {
  id: string;
  settings: ConversationSettings;
  onSaved: (settings: ConversationSettings) => void;
}) {
  const [systemPrompt, setSystemPrompt] = useState(settings.systemPrompt ?? "");
  const [model, setModel] = useState(settings.model ?? "");
  const [choices, setChoices] = useState<Array<{ id: string; name: string }>>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [tools, setTools] = useState<ToolsState | undefined>();
  const [cast, setCast] = useState<Cast>(settings.cast);

  // What Settings offer (models, tools), read each time they open.
  useEffect(() => {
    settingsChoicesAction(id).then((result) => {
      if (!result.ok) {
        setTools({ error: result.message });
        return;
      }
      setChoices(result.value.models);
      setTools({ servers: result.value.servers, configError: result.value.configError });
    });
  }, [id]);

  return (
    <form
      data-slot="settings-form"
      className="flex min-h-0 flex-1 flex-col"
      aria-label="Conversation settings"
      onSubmit={async (event) => {
        event.preventDefault();
        const saved: ConversationSettings = {
          systemPrompt: systemPrompt.trim() ? systemPrompt : null,
          // The first choice is the server's default: stored as "no choice".
          model: model && model !== choices[0]?.id ? model : null,
          tools: tools?.servers ? preferencesOf(tools.servers, settings.tools) : settings.tools,
          cast,
        };
        setSaving(true);
        const result = await saveSettingsAction(id, saved);
        setSaving(false);
        if (result.ok) onSaved(saved);
        else setProblem(result.message);
      }}
    >
      <div className="flex min-h-0 flex-1 flex-col gap-5 overflow-y-auto px-4 py-4">
        <label className={FIELD}>
          Model
          <NativeSelect value={model} onChange={(event) => setModel(event.target.value)}>
            {choices.map((choice, index) => (
              <option key={choice.id} value={index === 0 ? "" : choice.id}>
                {choice.name}
                {index === 0 ? " (default)" : ""}
              </option>
            ))}
          </NativeSelect>
        </label>
        <label className={FIELD}>
          System prompt (empty: the server's default)
          <Textarea
            className="min-h-24 font-normal"
            value={systemPrompt}
            onChange={(event) => setSystemPrompt(event.target.value)}
          />
        </label>
        <ParticipantSettings cast={cast} choices={choices} onChange={setCast} />
        <ToolSettings state={tools} onChange={(servers) => setTools({ ...tools, servers })} />
      </div>
      <div className="flex flex-col gap-2 border-t px-4 py-3">
        {problem && (
          <p
            className="error rounded-lg bg-danger-surface px-3 py-2 text-sm text-danger-text"
            role="alert"
          >
            {problem}
          </p>
        )}
        <Button type="submit" disabled={saving}>
          Save settings
        </Button>
      </div>
    </form>
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
  if (!state) return <p className="text-sm text-muted-foreground">Loading tools…</p>;
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
    <fieldset className="tool-settings flex flex-col gap-2 text-sm">
      <legend className="mb-2 font-medium">Tools</legend>
      {state.error && (
        <p role="alert" className="text-danger-text">
          {state.error}
        </p>
      )}
      {state.configError && (
        <p role="alert" className="text-danger-text">
          {state.configError}
        </p>
      )}
      {!state.error && !state.configError && servers.length === 0 && (
        <p className="text-muted-foreground">
          No MCP servers are configured (CHAT_MCP_CONFIG, or ./mcp.json).
        </p>
      )}
      {servers.map((server) => (
        <div key={server.name} className="tool-server rounded-lg border p-3">
          <strong>{server.name}</strong>{" "}
          {server.state === "failed" ? (
            <span className="tool-error text-danger-text">unavailable: {server.error}</span>
          ) : (
            <span className="text-muted-foreground">{server.tools.length} tools</span>
          )}
          <ul className="mt-2 flex flex-col gap-1.5">
            {server.tools.map((tool) => (
              <li key={tool.key} className="flex flex-wrap items-center justify-between gap-x-3">
                <label title={tool.description} className="flex items-center gap-2">
                  <input
                    data-slot="checkbox"
                    className="size-4 accent-brand"
                    type="checkbox"
                    checked={tool.on}
                    onChange={(event) => set(server.name, tool.key, { on: event.target.checked })}
                  />{" "}
                  {tool.name}
                </label>{" "}
                <label className="flex items-center gap-2 text-muted-foreground">
                  <input
                    data-slot="checkbox"
                    className="size-4 accent-brand"
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
    <fieldset className="participant-settings flex flex-col gap-3">
      <legend className="mb-2 text-sm font-medium">Participants</legend>
      {cast.participants.map((participant, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; names change.
        <div key={index} className="participant flex flex-col gap-2 rounded-lg border p-3">
          <label className={FIELD}>
            Name
            <Input
              value={participant.name}
              onChange={(e) => set(index, { name: e.target.value })}
            />
          </label>
          <label className={FIELD}>
            Model
            <NativeSelect
              value={participant.model ?? ""}
              onChange={(e) => set(index, { model: e.target.value || null })}
            >
              {choices.map((choice, i) => (
                <option key={choice.id} value={i === 0 ? "" : choice.id}>
                  {choice.name}
                  {i === 0 ? " (default)" : ""}
                </option>
              ))}
            </NativeSelect>
          </label>
          <label className={FIELD}>
            System prompt
            <Textarea
              className="min-h-16 font-normal"
              value={participant.systemPrompt ?? ""}
              onChange={(e) =>
                set(index, { systemPrompt: e.target.value.trim() ? e.target.value : null })
              }
            />
          </label>
          {cast.participants.length > 1 && (
            <Button
              variant="quiet"
              size="sm"
              className="self-start"
              onClick={() =>
                onChange({ ...cast, participants: cast.participants.filter((_, i) => i !== index) })
              }
            >
              Remove {participant.name}
            </Button>
          )}
        </div>
      ))}
      <Button
        variant="outline"
        size="sm"
        className="self-start"
        disabled={cast.participants.length >= MAX_PARTICIPANTS}
        onClick={() =>
          onChange({
            ...cast,
            participants: [...cast.participants, { name: "", model: null, systemPrompt: null }],
          })
        }
      >
        Add participant
      </Button>
      <label className={FIELD}>
        Who answers when nobody is named
        <NativeSelect
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
        </NativeSelect>
      </label>
    </fieldset>
  );
}
