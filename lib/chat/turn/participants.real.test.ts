import type { LanguageModel } from "ai";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Cast } from "@/lib/chat/participants";
import type { ChatRequestInput } from "@/lib/chat/request";
import { getChatModel } from "@/lib/models/chat-model";
import { takeReplyTurn, testTurnDeps } from "@/tests/support/chat-turn";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "@/tests/support/scripted-openai-server";
import { tempChatStoreForFile } from "@/tests/support/temp-chat-store";
import { testModelPath } from "@/tests/support/test-models";

/**
 * Two participants on their own models in one conversation, through the chat turn: Ada on the
 * real local model (stories260K) and Bob on a scripted OpenAI-compatible server. Each sees the
 * conversation from its seat, and Ada's second turn reuses what the model already read of her
 * first (the seat view is append-only).
 */
const store = tempChatStoreForFile();
let bob: ScriptedOpenAIServer;
let cast: Cast;

beforeAll(async () => {
  bob = await startScriptedOpenAIServer();
  const local = `local:${await testModelPath("stories260K.gguf")}`;
  const remote = `openai-compatible:${bob.baseURL}#scripted`;
  // Read once by lib/env on first use: set before anything reads it.
  Object.assign(process.env, {
    CHAT_MODEL: local,
    CHAT_MODEL_CHOICES: remote,
    LLAMA_THREADS: "1",
    CHAT_TEMPERATURE: "0",
  });
  cast = {
    order: "round-robin",
    participants: [
      { name: "Ada", model: null, systemPrompt: "You are Ada, who loves cats." },
      { name: "Bob", model: remote, systemPrompt: "You are Bob, who loves dogs." },
    ],
  };
});
afterAll(() => bob?.close());

/** A turn through runChatTurn, each participant's model resolved as the app does (CHAT_MODEL…). */
function turn(ownerId: string, request: ChatRequestInput) {
  const deps = testTurnDeps(store(), {
    model: (choice) => getChatModel(choice) as { name: string; model: LanguageModel },
    settings: { maxOutputTokens: 20, maxSteps: 1 },
  });
  return takeReplyTurn(deps, ownerId, request);
}

test("a local and a remote participant talk; each sees its seat; a second turn reuses its prefix", async () => {
  const ownerId = "owner-participants";
  const { id } = await store().createConversation({ ownerId });
  await store().updateConversationSettings(ownerId, id, { cast });

  const first = await turn(ownerId, {
    trigger: "send",
    id,
    message: { id: "participants-message-0001", text: "@Ada tell us a story" },
    parentId: null,
  });
  expect(first.reply?.speaker).toBe("Ada");
  expect(first.reply?.content).toMatch(/\S/);
  expect(first.metadata.speaker).toBe("Ada");

  bob.enqueue({ reply: ["Woof! Nice story, Ada."] });
  const second = await turn(ownerId, {
    trigger: "continue",
    id,
    parentId: first.reply.id,
    queue: [],
  });
  // Round-robin: Bob after Ada, on his own model, seeing Ada's words as hers.
  expect(second.reply).toMatchObject({ speaker: "Bob", content: "Woof! Nice story, Ada." });
  const asBob = bob.requests.at(-1) as { messages: Array<{ role: string; content: string }> };
  expect(asBob.messages[0]?.content).toContain("You are Bob, who loves dogs.");
  expect(asBob.messages[1]).toEqual({
    role: "user",
    content: `user: @Ada tell us a story\n\nAda: ${first.reply?.content}`,
  });

  const third = await turn(ownerId, {
    trigger: "continue",
    id,
    parentId: second.reply.id,
    queue: [],
  });
  expect(third.reply?.speaker).toBe("Ada");
  // Ada's second turn: everything up to her first reply was already in the model's sequence.
  const usage = third.metadata.usage;
  expect(usage?.cachedInputTokens).toBeGreaterThanOrEqual(first.metadata.usage?.inputTokens ?? 1);
}, 120_000);

test("two participants on the same local model, with different personas, each reuse their own prefix", async () => {
  const ownerId = "owner-two-locals";
  const { id } = await store().createConversation({ ownerId });
  await store().updateConversationSettings(ownerId, id, {
    cast: {
      order: "round-robin",
      participants: [
        { name: "Ada", model: null, systemPrompt: "You are Ada, who loves cats." },
        { name: "Cleo", model: null, systemPrompt: "You are Cleo, who loves the sea." },
      ],
    },
  });
  const adaFirst = await turn(ownerId, {
    trigger: "send",
    id,
    message: { id: "two-locals-message-0001", text: "Once upon a time" },
    parentId: null,
  });
  const cleoFirst = await turn(ownerId, {
    trigger: "continue",
    id,
    parentId: adaFirst.reply.id,
    queue: [],
  });
  const adaSecond = await turn(ownerId, {
    trigger: "continue",
    id,
    parentId: cleoFirst.reply.id,
    queue: [],
  });
  const cleoSecond = await turn(ownerId, {
    trigger: "continue",
    id,
    parentId: adaSecond.reply.id,
    queue: [],
  });
  expect([adaFirst, cleoFirst, adaSecond, cleoSecond].map((t) => t.reply?.speaker)).toEqual([
    "Ada",
    "Cleo",
    "Ada",
    "Cleo",
  ]);
  // Each persona is a different system prompt, so a prompt of its own: each participant's second
  // turn finds its first turn's prompt in a sequence (the engine keeps two here).
  expect(adaSecond.metadata.usage?.cachedInputTokens).toBeGreaterThanOrEqual(
    adaFirst.metadata.usage?.inputTokens ?? 1,
  );
  expect(cleoSecond.metadata.usage?.cachedInputTokens).toBeGreaterThanOrEqual(
    cleoFirst.metadata.usage?.inputTokens ?? 1,
  );
}, 120_000);
