"use client";

import {
  DownloadIcon,
  EllipsisIcon,
  KeyboardIcon,
  PanelLeftIcon,
  Settings2Icon,
  SquarePenIcon,
} from "lucide-react";
import { memo, useState } from "react";
import { useSidebarState } from "@/components/sidebar";
import { ThemeToggle } from "@/components/theme";
import { buttonVariants } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { IconButton } from "@/components/ui/icon-button";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import type { ConversationSettings } from "@/lib/chat/conversation";
import { ModelPicker } from "./model-picker";
import { SettingsSheet } from "./settings-sheet";

interface ChatHeaderProps {
  /** The conversation; absent while it is not stored yet (no Settings nor export; the model picker
   * keeps its choice for the first message). */
  id?: string;
  title: string;
  /** The server's default model's name. */
  modelName?: string;
  settings: ConversationSettings;
  onSettingsSaved: (settings: ConversationSettings) => void;
}

/** A colour token per participant, in Settings' order (app/globals.css, --participant-N). */
export const participantColor = (index: number) => `var(--participant-${(index % 6) + 1})`;

/**
 * Above the conversation: the sidebar's button (when it is hidden, and on phones), the title,
 * the model picker, the participants; Settings (a sheet), export, the shortcuts and the theme.
 */
export const ChatHeader = memo(function ChatHeader({
  id,
  title,
  modelName,
  settings,
  onSettingsSaved,
}: ChatHeaderProps) {
  const sidebar = useSidebarState();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const participants = settings.cast.participants;
  return (
    <header
      data-slot="chat-header"
      className="flex h-14 shrink-0 items-center gap-1 border-b px-2 sm:px-3"
    >
      {!sidebar.open && (
        <>
          <IconButton
            label={sidebar.isPhone ? "Conversations" : "Show the sidebar"}
            data-sidebar-toggle
            shortcut="Ctrl+Shift+S"
            tooltipSide="bottom"
            aria-expanded={false}
            onClick={sidebar.toggle}
          >
            <PanelLeftIcon aria-hidden />
          </IconButton>
          <Tooltip>
            <TooltipTrigger asChild>
              {/* A full load, as the sidebar's New chat (components/sidebar/sidebar.tsx). */}
              <a
                href="/"
                aria-label="New chat"
                data-slot="button"
                className={buttonVariants({ variant: "ghost", size: "icon-sm" })}
              >
                <SquarePenIcon aria-hidden />
              </a>
            </TooltipTrigger>
            <TooltipContent side="bottom">
              New chat <kbd className="ml-2 font-sans opacity-70">Ctrl+Shift+O</kbd>
            </TooltipContent>
          </Tooltip>
        </>
      )}
      <div className="flex min-w-0 flex-1 items-center gap-1">
        <ModelPicker
          id={id}
          defaultName={modelName}
          settings={settings}
          onSaved={onSettingsSaved}
        />
        <h1 className="min-w-0 truncate px-1 text-sm text-muted-foreground max-sm:sr-only">
          {title}
        </h1>
      </div>
      {participants.length > 1 && (
        <ul aria-label="Participants" className="hidden items-center gap-2 text-xs lg:flex">
          {participants.map((participant, index) => (
            <li key={participant.name} className="flex items-center gap-1">
              <span
                aria-hidden
                className="size-2 rounded-full"
                style={{ background: participantColor(index) }}
              />
              {participant.name}
            </li>
          ))}
        </ul>
      )}
      {id && (
        <SettingsSheet
          trigger={
            <IconButton label="Settings" tooltipSide="bottom">
              <Settings2Icon aria-hidden />
            </IconButton>
          }
          id={id}
          settings={settings}
          open={settingsOpen}
          onOpenChange={setSettingsOpen}
          onSaved={onSettingsSaved}
        />
      )}
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <IconButton label="More" tooltipSide="bottom">
            <EllipsisIcon aria-hidden />
          </IconButton>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          {id && (
            <>
              <DropdownMenuItem asChild>
                <a href={`/api/conversations/${id}/export?format=json`} download>
                  <DownloadIcon aria-hidden /> Export JSON
                </a>
              </DropdownMenuItem>
              <DropdownMenuItem asChild>
                <a href={`/api/conversations/${id}/export?format=markdown`} download>
                  <DownloadIcon aria-hidden /> Export Markdown
                </a>
              </DropdownMenuItem>
              <DropdownMenuSeparator />
            </>
          )}
          <DropdownMenuItem onSelect={sidebar.showShortcuts}>
            <KeyboardIcon aria-hidden /> Keyboard shortcuts
            <kbd className="ml-auto pl-4 font-sans text-xs text-muted-foreground">?</kbd>
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <ThemeToggle />
    </header>
  );
});
