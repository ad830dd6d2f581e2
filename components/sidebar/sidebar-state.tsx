"use client";

import { createContext, useContext } from "react";

/** The chat shell's state, for what opens or closes its parts from elsewhere (the header). */
export interface SidebarState {
  /** Phone-sized: the sidebar is a drawer over the page. */
  isPhone: boolean;
  /** Wide screens: the sidebar is shown (phones: the drawer is open). */
  open: boolean;
  toggle: () => void;
  /** Opens the sidebar and puts the cursor in its search box. */
  search: () => void;
  /** Opens the keyboard shortcuts' dialog. */
  showShortcuts: () => void;
}

export const SidebarStateContext = createContext<SidebarState>({
  isPhone: false,
  open: true,
  toggle: () => {},
  search: () => {},
  showShortcuts: () => {},
});

export const useSidebarState = () => useContext(SidebarStateContext);
