"use client";

import { useState } from "react";
import { toast } from "sonner";
import { modelChoicesAction, saveSettingsAction } from "@/app/settings-actions";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "@/components/ui/select";
import type { ConversationSettings } from "@/lib/chat/conversation";
import type { PageModelChoice } from "@/lib/models/model-choice-ids";

interface ModelPickerProps {
  /** The conversation; absent while it is not stored yet (a new chat before its first message). */
  id?: string;
  /** The server's default model's name. */
  defaultName?: string;
  settings: ConversationSettings;
  /**
   * A choice was made: saved with the conversation's other settings (unchanged), or, on a new
   * chat, kept by the page until its first message carries it.
   */
  onSaved: (settings: ConversationSettings) => void;
}

/** The value of "the server's default" in the list (Radix items may not have an empty value). */
const DEFAULT = "default";

/**
 * The conversation's model, in the header: the models the server offers this person (the same
 * list and the same save as Settings, app/settings-actions.ts). On a new chat the choice is the
 * page's until the first message, which names it: the server stores the conversation with it.
 */
export function ModelPicker({ id, defaultName, settings, onSaved }: ModelPickerProps) {
  const [choices, setChoices] = useState<PageModelChoice[] | undefined>();
  const [saving, setSaving] = useState(false);
  const value = settings.model ?? DEFAULT;
  const name =
    settings.model === null
      ? defaultName
      : (choices?.find((choice) => choice.id === settings.model)?.name ?? defaultName);

  // Loaded when the list opens, not with the page: most visits never change the model. The
  // models alone (not Settings' tools, which may start MCP servers).
  async function load(open: boolean) {
    if (!open || choices) return;
    const result = await modelChoicesAction();
    if (result.ok) setChoices(result.value);
    else toast.error(result.message);
  }

  async function choose(next: string) {
    if (next === value) return;
    const model = next === DEFAULT || next === choices?.[0]?.id ? null : next;
    const saved = { ...settings, model };
    const chosen = choices?.find((c) => c.id === next)?.name ?? "it";
    if (!id) {
      onSaved(saved);
      toast.success(`The first reply uses ${chosen}.`);
      return;
    }
    setSaving(true);
    const result = await saveSettingsAction(id, saved);
    setSaving(false);
    if (!result.ok) {
      toast.error(result.message);
      return;
    }
    onSaved(saved);
    toast.success(`The next reply uses ${chosen}.`);
  }

  return (
    <Select value={value} onValueChange={choose} onOpenChange={load} disabled={saving}>
      <SelectTrigger
        size="sm"
        aria-label="Model"
        className="model-name min-w-0 max-w-[14rem] [&>span]:min-w-0 [&>span]:truncate border-transparent font-medium hover:bg-accent data-[state=open]:bg-accent disabled:opacity-100"
      >
        {/* Cut with an ellipsis where the header is narrow (a phone, a long file name): by the
            trigger's `[&>span]` classes, as Radix's Value takes no className of its own. */}
        <SelectValue>
          <span className="sr-only">Model: </span>
          {name ?? "Model"}
        </SelectValue>
      </SelectTrigger>
      <SelectContent align="start" className="min-w-56">
        {choices ? (
          choices.map((choice, index) => (
            <SelectItem key={choice.id} value={index === 0 ? DEFAULT : choice.id}>
              {choice.name}
              {index === 0 ? " (default)" : ""}
            </SelectItem>
          ))
        ) : (
          <SelectItem value={value}>{name}</SelectItem>
        )}
      </SelectContent>
    </Select>
  );
}
