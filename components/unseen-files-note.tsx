/**
 * Under a reply whose model could not take some of the attached files (images, to a model that
 * cannot see): which, and what to do. Read from the reply's metadata, which a reload rebuilds
 * from the reply's stored `unseen-files` part (lib/chat/message/stored-to-ui.ts), so it stays.
 */
export function UnseenFilesNote({ names }: { names: readonly string[] | undefined }) {
  if (!names?.length) return null;
  const one = names.length === 1;
  // The note is inside the item: a list item given another role is no item of its list (axe).
  return (
    <li className="unseen-files-note list-none border-border border-t border-dashed pt-1 text-center text-[0.8125rem] text-muted-foreground">
      <p role="note" className="m-0">
        This model cannot see images: it was told that {names.join(", ")} {one ? "was" : "were"}{" "}
        attached, but not shown {one ? "it" : "them"}. Pick a model that sees images in the
        conversation's Settings.
      </p>
    </li>
  );
}
