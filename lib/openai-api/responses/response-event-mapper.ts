import type { LanguageModelV4StreamPart } from "@ai-sdk/provider";
import type {
  FunctionCallItem,
  ItemEvent,
  ItemStatus,
  MessageItem,
  OutputItem,
  ReasoningItem,
} from "./responses-types";

export type ItemIdPrefix = "msg" | "rs" | "fc";

/**
 * Maps a model's stream parts to the Responses API's item events, and keeps the output items
 * they build. Each piece of the reply is an output item, numbered by `output_index` in the order
 * it began: thinking a `reasoning` item (its text as the summary, `summary_index` 0), text a
 * `message` item with one `output_text` part (`content_index` 0), each tool call a
 * `function_call` item whose `id` is ours and `call_id` the model's. An item is announced
 * (`output_item.added`) at its first piece and closed (`output_item.done`) when the next item
 * begins, when its call is complete, or at `finish`. Parts the client does not see (metadata,
 * starts and ends, empty deltas) map to nothing. One mapper serves one reply.
 */
export function createResponseEventMapper(newItemId: (prefix: ItemIdPrefix) => string) {
  const output: OutputItem[] = [];
  /** The open message or reasoning item that text or thinking pieces append to. */
  let open: { item: MessageItem | ReasoningItem; index: number } | undefined;
  /** Function calls whose arguments stream, by the model's call id. */
  const calls = new Map<string, { item: FunctionCallItem; index: number; done: boolean }>();

  const add = (item: OutputItem, snapshot: OutputItem): ItemEvent => {
    output.push(item);
    return { type: "response.output_item.added", output_index: output.length - 1, item: snapshot };
  };

  const closeOpen = (status: ItemStatus): ItemEvent[] => {
    if (!open) return [];
    const { item, index } = open;
    open = undefined;
    item.status = status;
    const item_id = item.id;
    if (item.type === "message") {
      const part = item.content[0] ?? emptyText();
      return [
        {
          type: "response.output_text.done",
          item_id,
          output_index: index,
          content_index: 0,
          text: part.text,
          logprobs: [],
        },
        {
          type: "response.content_part.done",
          item_id,
          output_index: index,
          content_index: 0,
          part,
        },
        { type: "response.output_item.done", output_index: index, item },
      ];
    }
    const part = item.summary[0] ?? { type: "summary_text" as const, text: "" };
    return [
      {
        type: "response.reasoning_summary_text.done",
        item_id,
        output_index: index,
        summary_index: 0,
        text: part.text,
      },
      {
        type: "response.reasoning_summary_part.done",
        item_id,
        output_index: index,
        summary_index: 0,
        part,
      },
      { type: "response.output_item.done", output_index: index, item },
    ];
  };

  const closeCall = (callId: string, args: string, status: ItemStatus): ItemEvent[] => {
    const call = calls.get(callId);
    if (!call || call.done) return [];
    call.done = true;
    call.item.arguments = args;
    call.item.status = status;
    const { item, index } = call;
    return [
      {
        type: "response.function_call_arguments.done",
        item_id: item.id,
        output_index: index,
        name: item.name,
        arguments: args,
      },
      { type: "response.output_item.done", output_index: index, item },
    ];
  };

  const startCall = (callId: string, name: string): ItemEvent[] => {
    const events = closeOpen("completed");
    const item: FunctionCallItem = {
      type: "function_call",
      id: newItemId("fc"),
      call_id: callId,
      name,
      arguments: "",
      status: "in_progress",
    };
    events.push(add(item, { ...item }));
    calls.set(callId, { item, index: output.length - 1, done: false });
    return events;
  };

  const appendText = (delta: string): ItemEvent[] => {
    const events: ItemEvent[] = [];
    if (open?.item.type !== "message") {
      events.push(...closeOpen("completed"));
      const item: MessageItem = {
        type: "message",
        id: newItemId("msg"),
        role: "assistant",
        status: "in_progress",
        content: [emptyText()],
      };
      events.push(add(item, { ...item, content: [] }));
      open = { item, index: output.length - 1 };
      const item_id = item.id;
      events.push({
        type: "response.content_part.added",
        item_id,
        output_index: open.index,
        content_index: 0,
        part: emptyText(),
      });
    }
    const { item, index } = open as { item: MessageItem; index: number };
    const part = item.content[0] as MessageItem["content"][number];
    part.text += delta;
    events.push({
      type: "response.output_text.delta",
      item_id: item.id,
      output_index: index,
      content_index: 0,
      delta,
      logprobs: [],
    });
    return events;
  };

  const appendReasoning = (delta: string): ItemEvent[] => {
    const events: ItemEvent[] = [];
    if (open?.item.type !== "reasoning") {
      events.push(...closeOpen("completed"));
      const item: ReasoningItem = {
        type: "reasoning",
        id: newItemId("rs"),
        summary: [{ type: "summary_text", text: "" }],
        status: "in_progress",
      };
      events.push(add(item, { ...item, summary: [] }));
      open = { item, index: output.length - 1 };
      const part = { type: "summary_text" as const, text: "" };
      events.push({
        type: "response.reasoning_summary_part.added",
        item_id: item.id,
        output_index: open.index,
        summary_index: 0,
        part,
      });
    }
    const { item, index } = open as { item: ReasoningItem; index: number };
    const part = item.summary[0] as ReasoningItem["summary"][number];
    part.text += delta;
    events.push({
      type: "response.reasoning_summary_text.delta",
      item_id: item.id,
      output_index: index,
      summary_index: 0,
      delta,
    });
    return events;
  };

  return {
    map(part: LanguageModelV4StreamPart): ItemEvent[] {
      switch (part.type) {
        case "text-delta":
          return part.delta === "" ? [] : appendText(part.delta);
        case "reasoning-delta":
          return part.delta === "" ? [] : appendReasoning(part.delta);
        case "tool-input-start":
          return startCall(part.id, part.toolName);
        case "tool-input-delta": {
          const call = calls.get(part.id);
          if (!call || call.done || part.delta === "") return [];
          call.item.arguments += part.delta;
          return [
            {
              type: "response.function_call_arguments.delta",
              item_id: call.item.id,
              output_index: call.index,
              delta: part.delta,
            },
          ];
        }
        case "tool-call": {
          // A call sent whole (no tool-input parts) is announced and its arguments sent at once.
          const streamed = calls.has(part.toolCallId);
          const events = streamed ? [] : startCall(part.toolCallId, part.toolName);
          const call = calls.get(part.toolCallId);
          if (!streamed && call && part.input !== "") {
            call.item.arguments = part.input;
            events.push({
              type: "response.function_call_arguments.delta",
              item_id: call.item.id,
              output_index: call.index,
              delta: part.input,
            });
          }
          return [...events, ...closeCall(part.toolCallId, part.input, "completed")];
        }
        default:
          return [];
      }
    },

    /** Closes every item still open: `incomplete` when the reply was cut short. */
    finish(status: ItemStatus): ItemEvent[] {
      const events = closeOpen(status);
      for (const [callId, call] of calls)
        events.push(...closeCall(callId, call.item.arguments, "incomplete"));
      return events;
    },

    /** The output items so far, in `output_index` order. */
    output(): OutputItem[] {
      return output;
    },
  };
}

function emptyText(): MessageItem["content"][number] {
  return { type: "output_text", text: "", annotations: [], logprobs: [] };
}

/** Every output text joined: the response's `output_text`. */
export function outputTextOf(output: readonly OutputItem[]): string {
  return output
    .flatMap((item) => (item.type === "message" ? item.content.map((part) => part.text) : []))
    .join("");
}
