import { afterAll, expect, test } from "vitest";
import type { ReplyMetadata } from "@/lib/chat/message/chat-ui-message";
import { latestLeafUnder, messageTree } from "@/lib/chat/message/message-tree";
import { toModelHistory } from "@/lib/chat/message/model-history";
import { parseEnv } from "@/lib/env";
import { createLlamaCpp } from "@/lib/models/llama-cpp";
import { settledReply, uiChunksOf } from "@/tests/support/reply-stream";
import { tempChatStoreForFile } from "@/tests/support/temp-chat-store";
import { testModelPath } from "@/tests/support/test-models";
import { type PreparedReply, prepareReply } from "./prepare-reply";
import { createReplySaver } from "./reply-saver";
import { streamReply } from "./stream-reply";

/**
 * Prefix reuse on a branching conversation, on the real local model (stories260K, two sequences):
 * the model sees only the path to the message it answers, and a turn on a branch — also after
 * switching back to it — evaluates only its new tokens.
 */
const store = tempChatStoreForFile();
const settings = parseEnv({ CHAT_TEMPERATURE: "0" });
const provider = createLlamaCpp({ threads: 1, sequences: 2 });
afterAll(() => provider.dispose());

async function run(ownerId: string, prepared: PreparedReply) {
  const model = provider(await testModelPath("stories260K.gguf"));
  const response = streamReply({
    ownerId,
    conversationId: prepared.conversation.id,
    replyId: prepared.replyId,
    history: await toModelHistory(prepared.history),
    maxSteps: 1,
    model,
    modelName: "stories260K",
    system: settings.CHAT_SYSTEM_PROMPT,
    maxOutputTokens: 24,
    temperature: 0,
    limits: { idleMs: 60_000, totalMs: 120_000 },
    saver: createReplySaver(store(), ownerId, prepared.replyId, { intervalMs: 20 }),
  });
  const finish = (await uiChunksOf(response)).find((chunk) => chunk.type === "finish");
  await settledReply(store(), ownerId, prepared.replyId);
  const usage = (finish?.messageMetadata as ReplyMetadata | undefined)?.usage;
  if (!usage) throw new Error("the reply has no usage");
  return usage;
}

async function send(ownerId: string, id: string, text: string, parentId: string | null) {
  const prepared = await prepareReply(
    store(),
    ownerId,
    {
      trigger: "send",
      id,
      message: { id: `m-${Math.random().toString(36).slice(2)}-0000000`, text },
      parentId,
    },
    settings,
  );
  if (!prepared.ok || !prepared.reply) throw new Error(prepared.ok ? "no reply" : prepared.message);
  return { prepared: prepared.reply, usage: await run(ownerId, prepared.reply) };
}

test("a turn on a branch, and after switching back to one, evaluates only its new tokens", async () => {
  const ownerId = "owner-branching";
  const { id } = await store().createConversation({ ownerId });
  const first = await send(ownerId, id, "Once upon a time there was a cat.", null);
  const q1 = (await store().getMessage(ownerId, first.prepared.replyId))?.parentId ?? "";

  // A second version of the reply, asked with the same path (so the same prompt).
  const regenerated = await prepareReply(
    store(),
    ownerId,
    { trigger: "regenerate", id, parentId: q1 },
    settings,
  );
  if (!regenerated.ok || !regenerated.reply)
    throw new Error(regenerated.ok ? "no reply" : regenerated.message);
  const again = await run(ownerId, regenerated.reply);
  expect(again.inputTokens).toBe(first.usage.inputTokens);
  expect(again.cachedInputTokens).toBe(again.inputTokens - 1);

  // Continue the second version, on another subject: only the new turn is evaluated.
  const onB = await send(ownerId, id, "What did the dog say?", regenerated.reply.replyId);
  expect(onB.usage.cachedInputTokens).toBeGreaterThanOrEqual(first.usage.inputTokens);

  // Switch back to the first version and go on from it: its prefix is still in a sequence.
  const conversation = await store().getConversation(ownerId, id);
  const tree = messageTree(conversation?.messages ?? []);
  const firstReply = latestLeafUnder(tree, first.prepared.replyId);
  await store().setCurrentLeaf(ownerId, id, firstReply?.id ?? "");
  const onA = await send(ownerId, id, "And then the cat slept.", first.prepared.replyId);
  expect(onA.prepared.history.map((m) => m.parts)).toHaveLength(3);
  expect(onA.usage.cachedInputTokens).toBeGreaterThanOrEqual(first.usage.inputTokens);
  expect(onA.usage.inputTokens - onA.usage.cachedInputTokens).toBeLessThan(
    onA.usage.inputTokens - first.usage.inputTokens + 8,
  );
}, 120_000);
