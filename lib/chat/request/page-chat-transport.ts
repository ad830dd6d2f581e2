import { type ChatTransport, DefaultChatTransport, type UIMessageChunk } from "ai";
import type { ChatUIMessage } from "@/lib/chat/message";
import { type ChatRequestInput, toChatRequest } from "./chat-request";

/** What `resumeStream` carries in its body to start a participant's turn instead of following one. */
export interface ContinueBody {
  continue: Extract<ChatRequestInput, { trigger: "continue" }>;
}

function isContinueBody(body: object | undefined): body is ContinueBody {
  return typeof body === "object" && body !== null && "continue" in body;
}

/**
 * How the page talks to `/api/chat`: only what is new goes to the server (toChatRequest), which
 * has the rest. A participant's turn without a message of the user's (Continue, Let them talk,
 * the next of several named) is a new assistant message of its own, not the end of the last one,
 * so the page starts it as `useChat` starts a resumed reply — `resumeStream({ body: { continue }
 * })` — and this transport POSTs it and streams the reply in that one response.
 */
export class PageChatTransport
  extends DefaultChatTransport<ChatUIMessage>
  implements ChatTransport<ChatUIMessage>
{
  constructor() {
    super({
      api: "/api/chat",
      prepareSendMessagesRequest: ({ id, messages, trigger, body }) => ({
        body: isContinueBody(body)
          ? body.continue
          : toChatRequest(id, messages, trigger, {
              speaker: typeof body?.speaker === "string" ? body.speaker : undefined,
              model: typeof body?.model === "string" ? body.model : undefined,
            }),
      }),
    });
  }

  override reconnectToStream(
    options: Parameters<ChatTransport<ChatUIMessage>["reconnectToStream"]>[0],
  ): Promise<ReadableStream<UIMessageChunk> | null> {
    const { body } = options;
    if (!isContinueBody(body)) return super.reconnectToStream(options);
    return this.sendMessages({
      ...options,
      body,
      messages: [],
      trigger: "submit-message",
      messageId: undefined,
      abortSignal: options.abortSignal,
    });
  }
}
