import type { ReplyMetadata } from "@/lib/chat/message";

/** Per reply, on demand: tokens, time to first token, speed. */
export function ReplyDetails({ metadata }: { metadata: ReplyMetadata }) {
  const { usage, timeToFirstTokenMs, tokensPerSecond, model } = metadata;
  return (
    <dl className="details grid w-fit grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 rounded-lg border bg-muted/50 px-3 py-2 text-muted-foreground text-xs">
      {model && (
        <>
          <dt className="font-medium">Model</dt>
          <dd>{model}</dd>
        </>
      )}
      {usage && (
        <>
          <dt className="font-medium">Tokens</dt>
          <dd>
            {usage.inputTokens} in ({usage.cachedInputTokens} reused), {usage.outputTokens} out
          </dd>
        </>
      )}
      {timeToFirstTokenMs !== undefined && (
        <>
          <dt className="font-medium">First token</dt>
          <dd>{timeToFirstTokenMs} ms</dd>
        </>
      )}
      {tokensPerSecond !== undefined && (
        <>
          <dt className="font-medium">Speed</dt>
          <dd>{tokensPerSecond} tokens/s</dd>
        </>
      )}
    </dl>
  );
}
