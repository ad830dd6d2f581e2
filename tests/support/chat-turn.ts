import type { LanguageModel } from "ai";
import type { ReplyMetadata } from "@/lib/chat/message";
import type { ChatRequestInput } from "@/lib/chat/request";
import { chatRequestSchema } from "@/lib/chat/request";
import {
  type ChatTurn,
  type ChatTurnDeps,
  runChatTurn,
  type TurnModel,
  type TurnSettings,
} from "@/lib/chat/turn";
import { McpServers } from "@/lib/mcp/mcp-servers";
import type { ChatStore, StoredMessage } from "@/lib/store";
import { settledReply, uiChunksOf } from "./reply-stream";

/** Settings for turns in tests: roomy limits, greedy sampling, short replies. */
export const testTurnSettings: TurnSettings = {
  systemPrompt: "You are a friendly assistant!",
  maxMessages: 200,
  maxMessageChars: 100_000,
  maxStoredMessages: 5_000,
  maxFilesPerMessage: 10,
  fileContextChars: 32_000,
  maxSteps: 8,
  maxOutputTokens: 24,
  temperature: 0,
  replyLimits: { idleMs: 60_000, totalMs: 120_000 },
  live: { abandonAfterMs: 30_000, maxFollowers: 8 },
};

/**
 * What a chat turn works with in a test: the real store, the given model (one for every choice,
 * or a resolver), the given MCP servers (none by default) and the test settings.
 */
export function testTurnDeps(
  store: ChatStore,
  {
    model,
    mcp = new McpServers([]),
    settings = {},
  }: {
    model: LanguageModel | ((choice: string | null) => TurnModel);
    mcp?: McpServers;
    settings?: Partial<TurnSettings>;
  },
): ChatTurnDeps {
  return {
    store,
    modelFor: typeof model === "function" ? model : () => ({ name: "test-model", model }),
    mcpServers: async () => mcp,
    settings: { ...testTurnSettings, ...settings },
  };
}

export interface TakenTurn {
  turn: ChatTurn;
  chunks: Array<{ type: string } & Record<string, unknown>>;
  /** The reply as stored once it ended (a reply turn). */
  reply?: StoredMessage;
  /** The reply's finish metadata, as the page gets it. */
  metadata?: ReplyMetadata;
}

/** One turn as the page's route takes it: run, read the stream to its end, wait for the store. */
export async function takeTurn(
  deps: ChatTurnDeps,
  ownerId: string,
  request: ChatRequestInput,
): Promise<TakenTurn> {
  const turn = await runChatTurn(deps, ownerId, chatRequestSchema.parse(request));
  if (turn.kind === "refused") return { turn, chunks: [] };
  const chunks = await uiChunksOf(turn.stream);
  const finish = chunks.find((chunk) => chunk.type === "finish");
  const reply =
    turn.kind === "reply" ? await settledReply(deps.store, ownerId, turn.replyId) : undefined;
  return { turn, chunks, reply, metadata: finish?.messageMetadata as ReplyMetadata | undefined };
}

/** A turn that must produce a stored reply. */
export async function takeReplyTurn(
  deps: ChatTurnDeps,
  ownerId: string,
  request: ChatRequestInput,
): Promise<TakenTurn & { reply: StoredMessage; metadata: ReplyMetadata }> {
  const taken = await takeTurn(deps, ownerId, request);
  if (taken.turn.kind === "refused") {
    throw new Error(`the turn was refused: ${taken.turn.refusal.reason}`);
  }
  if (!taken.reply || !taken.metadata) throw new Error("the turn made no reply");
  return taken as TakenTurn & { reply: StoredMessage; metadata: ReplyMetadata };
}
