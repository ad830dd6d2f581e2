/**
 * Whether this browser hid the sidebar on wide screens: kept in localStorage and mirrored as
 * `data-sidebar="closed"` on <html>, set before paint by SIDEBAR_SCRIPT so that a hidden sidebar
 * never flashes in (the CSS of components/sidebar/chat-shell.tsx reads it).
 */
export const SIDEBAR_STORAGE_KEY = "chat-sidebar";

export const SIDEBAR_SCRIPT = `try{if(localStorage.getItem(${JSON.stringify(SIDEBAR_STORAGE_KEY)})==="closed")document.documentElement.dataset.sidebar="closed"}catch(e){}`;
