export { ChatShell } from "./chat-shell";
export { Sidebar } from "./sidebar";
export { useSidebarState } from "./sidebar-state";
