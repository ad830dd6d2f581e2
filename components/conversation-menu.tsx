"use client";

import { useEffect, useState } from "react";
import { modelChoicesAction, updateConversationSettingsAction } from "@/app/conversation-actions";

interface ConversationMenuProps {
  id: string;
  settings: { systemPrompt: string | null; model: string | null };
}

/** A stored conversation's own system prompt and model, and its exports. */
export function ConversationMenu({ id, settings }: ConversationMenuProps) {
  const [open, setOpen] = useState(false);
  const [systemPrompt, setSystemPrompt] = useState(settings.systemPrompt ?? "");
  const [model, setModel] = useState(settings.model ?? "");
  const [choices, setChoices] = useState<Array<{ spec: string; name: string }>>([]);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (open && choices.length === 0) modelChoicesAction().then(setChoices);
  }, [open, choices.length]);

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
                <option key={choice.spec} value={index === 0 ? "" : choice.spec}>
                  {choice.name}
                  {index === 0 ? " (default)" : ""}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">Save settings</button>
          {notice && <p role="status">{notice}</p>}
        </form>
      )}
    </div>
  );
}
