import { CircleAlertIcon, RotateCcwIcon } from "lucide-react";
import { Button } from "./ui/button";

/** A failed turn, inline where the reply would be, with Retry when trying again can help. */
export function ErrorBanner({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div
      className="error flex items-start gap-3 rounded-xl border border-destructive/30 bg-danger-surface px-4 py-3 text-sm text-danger-text"
      role="alert"
    >
      <CircleAlertIcon className="mt-0.5 size-4 shrink-0" aria-hidden />
      <span className="flex-1">{message}</span>
      {onRetry && (
        <Button variant="outline" size="sm" className="-my-1 border-current/30" onClick={onRetry}>
          <RotateCcwIcon aria-hidden />
          Retry
        </Button>
      )}
    </div>
  );
}
