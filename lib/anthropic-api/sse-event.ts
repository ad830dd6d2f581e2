/**
 * Server-sent events the way Anthropic frames them: each JSON event under an `event:` line naming
 * its type. (No `[DONE]`: `message_stop`, or an `error` event, is the last.)
 */
const encoder = new TextEncoder();

export function sseEvent(event: { type: string }): Uint8Array {
  return encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
}
