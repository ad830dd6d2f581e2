import type { ReplyMetadata } from "@/lib/chat/message";

/** Per reply, on demand: tokens, time to first token, speed. */
export function ReplyDetails({ metadata }: { metadata: ReplyMetadata }) {
  const { usage, timeToFirstTokenMs, tokensPerSecond, model } = metadata;
  return (
    <dl className="details">
      {model && (
        <>
          <dt>Model</dt>
          <dd>{model}</dd>
        </>
      )}
      {usage && (
        <>
          <dt>Tokens</dt>
          <dd>
            {usage.inputTokens} in ({usage.cachedInputTokens} reused), {usage.outputTokens} out
          </dd>
        </>
      )}
      {timeToFirstTokenMs !== undefined && (
        <>
          <dt>First token</dt>
          <dd>{timeToFirstTokenMs} ms</dd>
        </>
      )}
      {tokensPerSecond !== undefined && (
        <>
          <dt>Speed</dt>
          <dd>{tokensPerSecond} tokens/s</dd>
        </>
      )}
    </dl>
  );
}
