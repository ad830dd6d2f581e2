"use client";

import { useState } from "react";
import { toast } from "sonner";
import { saveSettingsAction, settingsChoicesAction } from "@/app/settings-actions";
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
  /** A choice was saved (with the conversation's other settings, unchanged). */
  onSaved: (settings: ConversationSettings) => void;
}

/** The value of "the server's default" in the list (Radix items may not have an empty value). */
const DEFAULT = "default";

/**
 * The conversation's model, in the header: the models the server offers this person (the same
 * list and the same save as Settings, app/settings-actions.ts). A new chat answers with the
 * default model; its choice can be made once it is stored, with its first message.
 */
export function ModelPicker({ id, defaultName, settings, onSaved }: ModelPickerProps) {
  const [choices, setChoices] = useState<PageModelChoice[] | undefined>();
  const [saving, setSaving] = useState(false);
  const value = settings.model ?? DEFAULT;
  const name =
    settings.model === null
      ? defaultName
      : (choices?.find((choice) => choice.id === settings.model)?.name ?? defaultName);

  // Loaded when the list opens, not with the page: most visits never change the model.
  async function load(open: boolean) {
    if (!open || choices || !id) return;
    const result = await settingsChoicesAction(id);
    if (result.ok) setChoices(result.value.models);
    else toast.error(result.message);
  }

  async function choose(next: string) {
    if (!id || next === value) return;
    const model = next === DEFAULT || next === choices?.[0]?.id ? null : next;
    setSaving(true);
    const saved = { ...settings, model };
    const result = await saveSettingsAction(id, saved);
    setSaving(false);
    if (!result.ok) {
      toast.error(result.message);
      return;
    }
    onSaved(saved);
    toast.success(`The next reply uses ${choices?.find((c) => c.id === next)?.name ?? "it"}.`);
  }

  return (
    <Select value={value} onValueChange={choose} onOpenChange={load} disabled={!id || saving}>
      <SelectTrigger
        size="sm"
        aria-label="Model"
        title={id ? undefined : "The model can be chosen once the conversation has started"}
        className="model-name max-w-[14rem] border-transparent font-medium hover:bg-accent data-[state=open]:bg-accent disabled:opacity-100"
      >
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
