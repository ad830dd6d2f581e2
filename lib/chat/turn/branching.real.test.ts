import { afterAll, expect, test } from "vitest";
import { latestLeafUnder, messageTree, pathTo } from "@/lib/chat/message";
import { createLlamaCpp } from "@/lib/models/llama-cpp";
import { type TakenTurn, takeReplyTurn, testTurnDeps } from "@/tests/support/chat-turn";
import { tempChatStoreForFile } from "@/tests/support/temp-chat-store";
import { testModelPath } from "@/tests/support/test-models";

/**
 * Prefix reuse on a branching conversation, through the chat turn on the real local model
 * (stories260K, two sequences): the model sees only the path to the message it answers, and a turn
 * on a branch — also after switching back to it — evaluates only its new tokens.
 */
const store = tempChatStoreForFile();
const provider = createLlamaCpp({ threads: 1, sequences: 2 });
afterAll(() => provider.dispose());

async function deps() {
  return testTurnDeps(store(), {
    model: provider(await testModelPath("stories260K.gguf")),
    settings: { maxSteps: 1 },
  });
}

function usageOf(taken: TakenTurn) {
  const usage = taken.metadata?.usage;
  if (!usage) throw new Error("the reply has no usage");
  return usage;
}

async function send(ownerId: string, id: string, text: string, parentId: string | null) {
  const taken = await takeReplyTurn(await deps(), ownerId, {
    trigger: "send",
    id,
    message: { id: `m-${Math.random().toString(36).slice(2)}-0000000`, text },
    parentId,
  });
  return { reply: taken.reply, usage: usageOf(taken) };
}

test("a turn on a branch, and after switching back to one, evaluates only its new tokens", async () => {
  const ownerId = "owner-branching";
  const { id } = await store().createConversation({ ownerId });
  const first = await send(ownerId, id, "Once upon a time there was a cat.", null);
  const q1 = first.reply.parentId ?? "";

  // A second version of the reply, asked with the same path (so the same prompt).
  const regenerated = await takeReplyTurn(await deps(), ownerId, {
    trigger: "regenerate",
    id,
    parentId: q1,
  });
  const again = usageOf(regenerated);
  expect(again.inputTokens).toBe(first.usage.inputTokens);
  expect(again.cachedInputTokens).toBe(again.inputTokens - 1);

  // Continue the second version, on another subject: only the new turn is evaluated.
  const onB = await send(ownerId, id, "What did the dog say?", regenerated.reply.id);
  expect(onB.usage.cachedInputTokens).toBeGreaterThanOrEqual(first.usage.inputTokens);

  // Switch back to the first version and go on from it: its prefix is still in a sequence.
  const conversation = await store().getConversation(ownerId, id);
  const tree = messageTree(conversation?.messages ?? []);
  const firstReply = latestLeafUnder(tree, first.reply.id);
  await store().setCurrentLeaf(ownerId, id, firstReply?.id ?? "");
  const onA = await send(ownerId, id, "And then the cat slept.", first.reply.id);
  const after = await store().getConversation(ownerId, id);
  // The first question, its first reply, the new question: the reply's path, not the other branch.
  expect(pathTo(messageTree(after?.messages ?? []), onA.reply.id)).toHaveLength(4);
  expect(onA.usage.cachedInputTokens).toBeGreaterThanOrEqual(first.usage.inputTokens);
  expect(onA.usage.inputTokens - onA.usage.cachedInputTokens).toBeLessThan(
    onA.usage.inputTokens - first.usage.inputTokens + 8,
  );
}, 120_000);

test("one owner's turn neither reuses nor hears of another owner's cached prompt", async () => {
  const text = "Once upon a time there was a cat who liked the moon.";
  const first = await store().createConversation({ ownerId: "owner-alice" });
  const alice = await send("owner-alice", first.id, text, null);
  const second = await store().createConversation({ ownerId: "owner-bob" });
  // The same words in another owner's conversation: the same prompt, nothing of it reused.
  const bob = await send("owner-bob", second.id, text, null);
  expect(bob.usage.inputTokens).toBe(alice.usage.inputTokens);
  expect(bob.usage.cachedInputTokens).toBe(0);
  // Alice's next turn still finds her own prompt (the engine keeps two sequences).
  const again = await send("owner-alice", first.id, "And then?", alice.reply.id);
  expect(again.usage.cachedInputTokens).toBeGreaterThanOrEqual(alice.usage.inputTokens);
}, 120_000);
