"use client";

import { Fragment } from "react";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Kbd } from "@/components/ui/kbd";
import { SHORTCUTS } from "./shortcut-list";

/** The composer's own keys (components/composer.tsx), listed with the page's shortcuts. */
const COMPOSER_KEYS: ReadonlyArray<{ description: string; keys: string[][] }> = [
  { description: "Send the message", keys: [["Enter"]] },
  { description: "New line", keys: [["Shift", "Enter"]] },
  { description: "Stop the reply", keys: [["Esc"]] },
  { description: "Edit your last message (in the empty box)", keys: [["↑"]] },
];

/** Each description once, with the key combinations that do it. */
function rows(): Array<{ description: string; keys: string[][] }> {
  const byDescription = new Map<string, string[][]>();
  for (const shortcut of SHORTCUTS) {
    byDescription.set(shortcut.description, [
      ...(byDescription.get(shortcut.description) ?? []),
      [...shortcut.keys],
    ]);
  }
  return [
    ...[...byDescription].map(([description, keys]) => ({ description, keys })),
    ...COMPOSER_KEYS,
  ];
}

/** The keyboard shortcuts, listed (opened with `?`). */
export function ShortcutsDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-md">
        <DialogHeader>
          <DialogTitle>Keyboard shortcuts</DialogTitle>
          <DialogDescription>On a Mac, ⌘ works where Ctrl is shown.</DialogDescription>
        </DialogHeader>
        <dl className="grid grid-cols-[1fr_auto] items-center gap-x-6 gap-y-2.5 text-sm">
          {rows().map(({ description, keys }) => (
            <div key={description} className="contents">
              <dt>{description}</dt>
              <dd className="flex items-center justify-end gap-1 text-xs text-muted-foreground">
                {keys.map((combination, index) => (
                  <Fragment key={combination.join("+")}>
                    {index > 0 && <span className="px-1">or</span>}
                    {combination.map((key) => (
                      <Kbd key={key}>{key}</Kbd>
                    ))}
                  </Fragment>
                ))}
              </dd>
            </div>
          ))}
        </dl>
      </DialogContent>
    </Dialog>
  );
}
