import { MessageSquareIcon } from "lucide-react";
import type { ReactNode } from "react";
import { ThemeToggle } from "@/components/theme";
import { cn } from "@/components/ui/cn";

/**
 * The frame of the pages around the chat — account, admin, sign-in, sign-up, a new password: a
 * bar with the way to the chat, the page's links and the theme, and the page's title over
 * its content, as wide as a form (`narrow`) or as tables need. Same tokens and themes as the chat.
 */
export function DocumentPage({
  title,
  links,
  narrow = false,
  children,
}: {
  title: string;
  /** Links to the other pages (Your account, Admin), beside the way back to the chat. */
  links?: ReactNode;
  narrow?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="flex min-h-dvh flex-col bg-background text-foreground">
      <header data-slot="document-header" className="border-b">
        <div className="mx-auto flex h-14 max-w-5xl items-center gap-1 px-3 sm:px-4">
          <nav aria-label="Pages" className="flex min-w-0 flex-wrap items-center gap-1 text-sm">
            <a
              href="/"
              className="flex items-center gap-2 rounded-md px-2 py-1.5 font-semibold hover:bg-accent"
            >
              <MessageSquareIcon aria-hidden className="size-4" />
              Chat
            </a>
            {links}
          </nav>
          <div className="ml-auto">
            <ThemeToggle />
          </div>
        </div>
      </header>
      <main
        data-slot="document-page"
        className={cn(
          "mx-auto flex w-full flex-col gap-6 px-3 py-6 sm:px-4 sm:py-10",
          narrow ? "max-w-md" : "max-w-5xl",
        )}
      >
        <h1 className="font-semibold text-2xl tracking-tight">{title}</h1>
        {children}
      </main>
    </div>
  );
}

/** A link in the frame's bar. */
export function DocumentLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a
      href={href}
      className="rounded-md px-2 py-1.5 text-muted-foreground hover:bg-accent hover:text-foreground"
    >
      {children}
    </a>
  );
}
