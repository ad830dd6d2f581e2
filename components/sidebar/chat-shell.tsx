"use client";

import { usePathname } from "next/navigation";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { focusComposer } from "@/components/composer";
import { ShortcutsDialog } from "@/components/shortcuts/shortcuts-dialog";
import { useShortcuts } from "@/components/shortcuts/use-shortcuts";
import { focusWithoutTooltip } from "@/components/ui/icon-button";
import { Sheet, SheetContent, SheetTitle } from "@/components/ui/sheet";
import { CONVERSATION_SEARCH_ID } from "./sidebar";
import { type SidebarState, SidebarStateContext } from "./sidebar-state";
import { useIsPhone } from "./use-is-phone";
import { useSidebarHidden } from "./use-sidebar-hidden";

/**
 * The chat pages' frame: the sidebar beside the conversation on wide screens (hidden and shown
 * again with a button or Ctrl+Shift+S, remembered by this browser), a drawer over it on phones
 * (< 768 px); the keyboard shortcuts and their dialog (`?`).
 */
export function ChatShell({ sidebar, children }: { sidebar: ReactNode; children: ReactNode }) {
  const isPhone = useIsPhone();
  const [hidden, setHidden] = useSidebarHidden();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const pathname = usePathname();

  // A conversation picked in the drawer is opened in its place.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the page changes.
  useEffect(() => setDrawerOpen(false), [pathname]);

  const state = useMemo<SidebarState>(() => {
    const focusSearch = () =>
      // After the drawer or the sidebar has rendered.
      requestAnimationFrame(() =>
        requestAnimationFrame(() => document.getElementById(CONVERSATION_SEARCH_ID)?.focus()),
      );
    return {
      isPhone,
      open: isPhone ? drawerOpen : !hidden,
      toggle: () => (isPhone ? setDrawerOpen((open) => !open) : setHidden(!hidden)),
      search: () => {
        if (isPhone) setDrawerOpen(true);
        else setHidden(false);
        focusSearch();
      },
      showShortcuts: () => setHelpOpen(true),
    };
  }, [isPhone, drawerOpen, hidden, setHidden]);

  useShortcuts({
    // A full load, as the New chat link does (see components/sidebar/sidebar.tsx).
    newChat: () => window.location.assign("/"),
    search: state.search,
    focusComposer,
    toggleSidebar: state.toggle,
    showHelp: state.showShortcuts,
  });

  return (
    <SidebarStateContext value={state}>
      <div className="app flex h-dvh overflow-hidden bg-background text-foreground">
        {!isPhone && !hidden && (
          // Hidden by CSS until hydration where it is not wanted: on phones, and when this
          // browser hid it (the head script marks <html> before paint).
          <aside
            data-slot="sidebar-panel"
            className="hidden w-64 shrink-0 border-r bg-sidebar md:flex md:flex-col [html[data-sidebar=closed]_&]:hidden"
          >
            {sidebar}
          </aside>
        )}
        {isPhone && (
          <Sheet open={drawerOpen} onOpenChange={setDrawerOpen}>
            <SheetContent
              side="left"
              className="bg-sidebar p-0"
              aria-describedby={undefined}
              // On New chat, not on the first button: a focused icon button shows its tooltip,
              // which would take the first Esc.
              onOpenAutoFocus={(event) => {
                event.preventDefault();
                document
                  .querySelector<HTMLElement>("[data-slot=sheet-content] [data-new-chat]")
                  ?.focus();
              }}
              // Back to the header's button that opened it (it is no Radix trigger: it also
              // shows the wide screens' sidebar), without its tooltip: the person did not move
              // there, the drawer put them back.
              onCloseAutoFocus={(event) => {
                event.preventDefault();
                const toggle = document.querySelector<HTMLElement>("[data-sidebar-toggle]");
                if (toggle) focusWithoutTooltip(toggle);
              }}
            >
              <SheetTitle className="sr-only">Conversations</SheetTitle>
              {sidebar}
            </SheetContent>
          </Sheet>
        )}
        <div data-slot="chat-column" className="flex min-w-0 flex-1 flex-col">
          {children}
        </div>
        <ShortcutsDialog open={helpOpen} onOpenChange={setHelpOpen} />
      </div>
    </SidebarStateContext>
  );
}
