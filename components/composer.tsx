"use client";

import { ArrowUpIcon, SquareIcon } from "lucide-react";
import {
  type DragEvent,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
  useLayoutEffect,
  useRef,
  useState,
} from "react";
import { cn } from "@/components/ui/cn";
import { IconButton } from "@/components/ui/icon-button";

export interface ComposerProps {
  value: string;
  onChange: (value: string) => void;
  onSend: () => void;
  onStop: () => void;
  /** A reply is being written: Send is off and Stop is offered. */
  busy: boolean;
  /** ↑ in an empty box: edit the user's last message (absent: nothing to edit). */
  onEditLast?: () => void;
  /**
   * Before the text box, on its row: the attach button of the files issue. The composer only
   * leaves the place; what goes there is the caller's.
   */
  leading?: ReactNode;
  /** Above the text box, full width: the attached files' chips. */
  attachments?: ReactNode;
  /**
   * Files dropped anywhere on the composer. Without it the composer takes no drop (the browser
   * would otherwise open the file in place of the page — it is refused instead).
   */
  onDropFiles?: (files: File[]) => void;
  /** Sending is allowed without text (e.g. with files attached). */
  canSendEmpty?: boolean;
  /** Nothing may be sent yet (e.g. a file is still being sent or read). */
  holdSend?: boolean;
}

const MAX_HEIGHT_PX = 240;

/** The id of the message box, for the shortcut that focuses it (components/shortcuts). */
export const COMPOSER_INPUT_ID = "composer-input";

/** Puts the cursor in the message box, at the end of its text. */
export function focusComposer() {
  const box = document.getElementById(COMPOSER_INPUT_ID);
  if (!(box instanceof HTMLTextAreaElement)) return;
  box.focus();
  box.setSelectionRange(box.value.length, box.value.length);
}

/**
 * The message box: Enter sends, Shift+Enter adds a line, the box grows with its text up to a
 * limit, Esc stops a reply (components/chat.tsx), ↑ in an empty box edits the last message.
 * On phones it stays at the bottom of the screen, above the keyboard (the page's height follows
 * the visual viewport: app/layout.tsx's interactive-widget).
 */
export function Composer({
  value,
  onChange,
  onSend,
  onStop,
  busy,
  onEditLast,
  leading,
  attachments,
  onDropFiles,
  canSendEmpty = false,
  holdSend = false,
}: ComposerProps) {
  const box = useRef<HTMLTextAreaElement>(null);
  const [dragging, setDragging] = useState(false);
  const empty = (value.trim() === "" && !canSendEmpty) || holdSend;

  // Only when the text changes: measuring forces a layout of the whole page, and the composer
  // re-renders on every token of a reply.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the text changes.
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    element.style.height = "auto";
    element.style.height = `${Math.min(element.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [value]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy && !empty) onSend();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // isComposing: Enter that confirms an IME composition must not send.
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      submit(event);
      return;
    }
    if (event.key === "ArrowUp" && value === "" && onEditLast && !busy) {
      event.preventDefault();
      onEditLast();
    }
  };

  const dropHandlers = onDropFiles
    ? {
        onDragOver: (event: DragEvent) => {
          if (!event.dataTransfer.types.includes("Files")) return;
          event.preventDefault();
          setDragging(true);
        },
        onDragLeave: (event: DragEvent) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
        },
        onDrop: (event: DragEvent) => {
          event.preventDefault();
          setDragging(false);
          const files = [...event.dataTransfer.files];
          if (files.length > 0) onDropFiles(files);
        },
      }
    : {};

  return (
    <form
      data-slot="composer"
      className="composer mx-auto w-full max-w-(--container-chat) px-3 pb-3 sm:px-4 sm:pb-4"
      onSubmit={submit}
    >
      <div
        data-slot="composer-drop-zone"
        data-dragging={dragging || undefined}
        className={cn(
          "flex flex-col gap-2 rounded-2xl border border-input bg-background p-2 shadow-sm transition-colors focus-within:border-ring focus-within:ring-2 focus-within:ring-ring/30",
          "data-dragging:border-brand data-dragging:bg-brand/5",
        )}
        {...dropHandlers}
      >
        {attachments}
        <div className="flex items-end gap-1.5">
          {leading}
          <textarea
            ref={box}
            id={COMPOSER_INPUT_ID}
            data-slot="composer-input"
            aria-label="Message"
            aria-keyshortcuts="Enter"
            placeholder="Send a message…"
            rows={1}
            value={value}
            onChange={(event) => onChange(event.target.value)}
            onKeyDown={onKeyDown}
            className="max-h-60 min-h-9 flex-1 resize-none bg-transparent px-2 py-1.5 text-base leading-6 outline-none placeholder:text-muted-foreground sm:text-sm"
          />
          {busy ? (
            <IconButton
              label="Stop"
              shortcut="Esc"
              variant="default"
              size="icon-sm"
              onClick={onStop}
            >
              <SquareIcon className="fill-current" aria-hidden />
            </IconButton>
          ) : (
            <IconButton
              label="Send Message"
              shortcut="Enter"
              type="submit"
              variant="default"
              size="icon-sm"
              disabled={empty}
              className="rounded-full"
            >
              <ArrowUpIcon aria-hidden />
            </IconButton>
          )}
        </div>
      </div>
      <p className="sr-only">Enter sends, Shift+Enter adds a line.</p>
    </form>
  );
}
