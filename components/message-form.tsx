"use client";

import type { FormEvent } from "react";

interface MessageFormProps {
  value: string;
  onChange: (value: string) => void;
  onSend: () => void;
  busy: boolean;
}

/** The input and the Send Message button; Enter sends too. */
export function MessageForm({ value, onChange, onSend, busy }: MessageFormProps) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSend();
  };
  return (
    <form onSubmit={submit}>
      <input
        aria-label="Message"
        placeholder="Say something…"
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
      <button type="submit" disabled={busy || value.trim() === ""}>
        Send Message
      </button>
    </form>
  );
}
