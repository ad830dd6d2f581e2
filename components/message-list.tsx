import type { Message } from "@/lib/chat/message";

/** The conversation as `role: content` lines, as in the reference example. */
export function MessageList({ messages }: { messages: Message[] }) {
  return (
    <ul className="messages" aria-label="Conversation">
      {messages.map((message, index) => (
        // Messages are only ever appended or replaced as a whole list, so the index is stable.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above.
        <li key={index} className="message" data-role={message.role}>
          <span className="role">{message.role}:</span> {message.content}
        </li>
      ))}
    </ul>
  );
}
