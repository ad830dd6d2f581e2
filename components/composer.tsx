"use client";

import { type FormEvent, type KeyboardEvent, type ReactNode, useLayoutEffect, useRef } from "react";

interface ComposerProps {
  value: string;
  onChange: (value: string) => void;
  onSend: () => void;
  onStop: () => void;
  /** A reply is being written: Send is off and Stop is offered. */
  busy: boolean;
  /**
   * The files slot (components/attachment-tray.tsx): shown above the box. A message of files
   * alone may be sent; none is sent while a file is still being sent or read.
   */
  attachments?: { tray: ReactNode; count: number; pending: boolean };
}

const MAX_HEIGHT_PX = 240;

/** The message box: Enter sends, Shift+Enter adds a line, the box grows with its text. */
export function Composer({ value, onChange, onSend, onStop, busy, attachments }: ComposerProps) {
  const box = useRef<HTMLTextAreaElement>(null);

  // Only when the text changes: measuring forces a layout of the whole page, and the composer
  // re-renders on every token of a reply.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the text changes.
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    element.style.height = "auto";
    element.style.height = `${Math.min(element.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [value]);

  const sendable = (value.trim() !== "" || (attachments?.count ?? 0) > 0) && !attachments?.pending;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy && sendable) onSend();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // isComposing: Enter that confirms an IME composition must not send.
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      submit(event);
    }
  };

  return (
    <form className="composer" onSubmit={submit}>
      {attachments?.tray}
      <textarea
        ref={box}
        aria-label="Message"
        placeholder="Send a message…"
        rows={1}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
      />
      {busy ? (
        <button type="button" onClick={onStop}>
          Stop
        </button>
      ) : (
        <button type="submit" disabled={!sendable}>
          Send Message
        </button>
      )}
    </form>
  );
}
