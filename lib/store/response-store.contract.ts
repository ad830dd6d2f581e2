import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ChatStore } from "./chat-store";
import type { ChatStoreHarness } from "./chat-store.contract";
import { ChatStoreError } from "./chat-store-error";
import { openChatStore } from "./open-chat-store";
import type { StoredResponse } from "./stored-response";

let made = 0;

/** A finished response with a user message in and a reply out; ids unique per call. */
function aResponse(ownerId: string, overrides: Partial<StoredResponse> = {}): StoredResponse {
  const n = ++made;
  return {
    id: `resp_contract_${n}`,
    ownerId,
    previousResponseId: null,
    model: "tiny.gguf",
    status: "completed",
    instructions: "Be brief.",
    metadata: { topic: "cats" },
    usage: { input_tokens: 12, output_tokens: 3, input_tokens_details: { cached_tokens: 0 } },
    body: { tools: [], tool_choice: "auto", temperature: null, error: null },
    inputItems: [
      {
        id: `msg_in_${n}`,
        type: "message",
        role: "user",
        content: [{ type: "input_text", text: `Question ${n} ✓` }],
      },
    ],
    output: [
      {
        id: `msg_out_${n}`,
        type: "message",
        role: "assistant",
        status: "completed",
        content: [{ type: "output_text", text: `Answer ${n}`, annotations: [] }],
      },
    ],
    createdAt: new Date(Date.parse("2026-02-01T00:00:00.000Z") + n * 1000),
    ...overrides,
  };
}

/**
 * The stored responses of `/v1/responses` (`saveResponse` and its readers), the same tests on
 * every backend, as `registerChatStoreContract` does for conversations.
 */
export function registerResponseStoreContract(name: string, harness: ChatStoreHarness): void {
  describe(`ChatStore contract, stored responses: ${name}`, () => {
    let store: ChatStore;
    let owners = 0;
    const owner = () => `api-owner-${++owners}`;

    beforeAll(async () => {
      store = await openChatStore(await harness.freshDatabaseUrl());
    });

    afterAll(async () => {
      await store?.close();
      await harness.cleanup();
    });

    test("keeps a response with its items, in order, for its owner only", async () => {
      const ownerId = owner();
      const response = aResponse(ownerId, {
        inputItems: [
          { id: "msg_a", type: "message", role: "developer", content: "Answer in French." },
          { id: "fc_a", type: "function_call", call_id: "call_a", name: "add", arguments: "{}" },
          { id: "fco_a", type: "function_call_output", call_id: "call_a", output: "3" },
        ],
        output: [
          { id: "rs_a", type: "reasoning", summary: [{ type: "summary_text", text: "Hm." }] },
          { id: "msg_b", type: "message", role: "assistant", content: [] },
        ],
      });
      await store.saveResponse(response);
      expect(await store.getResponse(ownerId, response.id)).toEqual(response);
      expect(await store.getResponse(owner(), response.id)).toBeUndefined();
      expect(await store.getResponse(ownerId, "resp_missing")).toBeUndefined();
    });

    test("an id already taken is refused, whoever owns it", async () => {
      const first = aResponse(owner());
      await store.saveResponse(first);
      const error = await store
        .saveResponse({ ...aResponse(owner()), id: first.id })
        .catch((e: unknown) => e);
      expect(ChatStoreError.isInstance(error) && error.code).toBe("id-taken");
    });

    test("a chain comes back oldest first, only to its owner", async () => {
      const ownerId = owner();
      const one = aResponse(ownerId);
      const two = aResponse(ownerId, { previousResponseId: one.id, instructions: null });
      const three = aResponse(ownerId, { previousResponseId: two.id, status: "incomplete" });
      for (const response of [one, two, three]) await store.saveResponse(response);
      expect(await store.getResponseChain(ownerId, three.id)).toEqual([one, two, three]);
      expect(await store.getResponseChain(ownerId, one.id)).toEqual([one]);
      expect(await store.getResponseChain(owner(), three.id)).toBeUndefined();
      expect(await store.getResponseChain(ownerId, "resp_missing")).toBeUndefined();
    });

    test("deleting a response removes it and its items; its continuation's chain starts after it", async () => {
      const ownerId = owner();
      const one = aResponse(ownerId);
      const two = aResponse(ownerId, { previousResponseId: one.id });
      const three = aResponse(ownerId, { previousResponseId: two.id });
      for (const response of [one, two, three]) await store.saveResponse(response);

      expect(await store.deleteResponse(owner(), two.id)).toBe(false);
      expect(await store.getResponse(ownerId, two.id)).toEqual(two);
      expect(await store.deleteResponse(ownerId, two.id)).toBe(true);
      expect(await store.deleteResponse(ownerId, two.id)).toBe(false);
      expect(await store.getResponse(ownerId, two.id)).toBeUndefined();

      const chain = await store.getResponseChain(ownerId, three.id);
      expect(chain).toEqual([three]);
      expect(chain?.[0]?.previousResponseId).toBe(two.id);
      const items = await store.findResponseItems(ownerId, [
        ...two.inputItems.map((i) => i.id),
        ...three.output.map((i) => i.id),
      ]);
      expect([...items.keys()]).toEqual(three.output.map((i) => i.id));
    });

    test("finds items by id for their owner; the latest copy of an item wins", async () => {
      const ownerId = owner();
      const first = aResponse(ownerId);
      const replyId = first.output[0]?.id ?? "";
      const resent = aResponse(ownerId, {
        previousResponseId: null,
        inputItems: [{ id: replyId, type: "message", role: "assistant", content: "edited" }],
      });
      await store.saveResponse(first);
      await store.saveResponse(resent);

      const found = await store.findResponseItems(ownerId, [
        replyId,
        first.inputItems[0]?.id ?? "",
        "msg_nowhere",
      ]);
      expect(found.get(replyId)).toEqual(resent.inputItems[0]);
      expect(found.get(first.inputItems[0]?.id ?? "")).toEqual(first.inputItems[0]);
      expect(found.has("msg_nowhere")).toBe(false);
      expect((await store.findResponseItems(owner(), [replyId])).size).toBe(0);
      expect((await store.findResponseItems(ownerId, [])).size).toBe(0);
    });

    test("a response of thousands of items is kept whole", async () => {
      const ownerId = owner();
      const inputItems = Array.from({ length: 2500 }, (_, i) => ({
        id: `msg_many_${i}`,
        type: "message",
        role: i % 2 ? "assistant" : "user",
        content: `item ${i}`,
      }));
      const response = aResponse(ownerId, { inputItems });
      await store.saveResponse(response);
      expect((await store.getResponse(ownerId, response.id))?.inputItems).toEqual(inputItems);
    });
  });
}
