import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted answer: a reply streamed in chunks, or an HTTP error. */
export type ScriptedAnswer =
  | {
      reply: string[];
      /** Thinking streamed before the reply, as `reasoning_content` (llama-server's name). */
      reasoning?: string[];
      /** Calls the model makes after its reply; each call's arguments are streamed in two halves. */
      toolCalls?: Array<{ name: string; arguments: string }>;
      delayMs?: number;
      /** After the last piece, say nothing more for this long (or until the client goes). */
      stallMs?: number;
    }
  | { status: number; message: string };

/** An answer decided when its request arrives, from the request's body (e.g. echoing a tool result). */
export type ScriptedReply = ScriptedAnswer | ((body: ScriptedRequestBody) => ScriptedAnswer);

/** What the server reads of a request body: the messages and tools it was sent. */
export interface ScriptedRequestBody {
  stream?: boolean;
  model?: string;
  messages?: Array<{
    role: string;
    content?: unknown;
    tool_call_id?: string;
    tool_calls?: unknown[];
  }>;
  tools?: Array<{ type: string; function?: { name: string } }>;
}

export interface ScriptedOpenAIServer {
  /** For CHAT_MODEL: `openai-compatible:${baseURL}#scripted`. */
  baseURL: string;
  /** Queue the next answers; when the queue is empty the server answers "(no script)". */
  enqueue: (...answers: ScriptedReply[]) => void;
  /** Forget queued answers and received requests (between tests). */
  reset: () => void;
  /** The request bodies received, in order. */
  requests: unknown[];
  /** Each request's Authorization header (undefined when none), in the same order. */
  authorizations: Array<string | undefined>;
  close: () => Promise<void>;
}

/**
 * A real HTTP server speaking the OpenAI Chat Completions protocol (streaming and not), whose
 * answers a test scripts. The app talks to it through its ordinary `openai-compatible:` provider,
 * so tests that are about the page, not the model, get exact text, chosen timing and injected
 * failures without any switch inside the app.
 */
export async function startScriptedOpenAIServer(
  options: {
    onChunkSent?: (piece: string) => void;
    /**
     * Answers a request when the queue is empty, from what it asks: for clients (agents) that
     * send requests the test does not count, each answered by what it contains.
     */
    decide?: (body: ScriptedRequestBody) => ScriptedAnswer;
  } = {},
): Promise<ScriptedOpenAIServer> {
  const queue: ScriptedReply[] = [];
  const requests: unknown[] = [];
  const authorizations: Array<string | undefined> = [];

  const server: Server = createServer(async (request, response) => {
    let raw = "";
    for await (const chunk of request) raw += chunk;
    const body = JSON.parse(raw || "{}") as ScriptedRequestBody;
    requests.push(body);
    authorizations.push(request.headers.authorization);
    const next = queue.shift() ?? options.decide?.(body) ?? { reply: ["(no script)"] };
    const answer = typeof next === "function" ? next(body) : next;

    if ("status" in answer) {
      response.writeHead(answer.status, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: answer.message, type: "server_error" } }));
      return;
    }
    const id = `chatcmpl-${requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model ?? "scripted";
    const reasoning = answer.reasoning ?? [];
    const toolCalls = (answer.toolCalls ?? []).map((call, index) => ({
      id: `call_${requests.length}_${index}`,
      type: "function" as const,
      function: call,
    }));
    const finishReason = toolCalls.length > 0 ? "tool_calls" : "stop";
    const completionTokens = answer.reply.length + reasoning.length;
    const usage = {
      prompt_tokens: 10,
      completion_tokens: completionTokens,
      total_tokens: 10 + completionTokens,
      ...(reasoning.length > 0
        ? { completion_tokens_details: { reasoning_tokens: reasoning.length } }
        : {}),
    };
    if (!body.stream) {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          id,
          object: "chat.completion",
          created,
          model,
          choices: [
            {
              index: 0,
              message: {
                role: "assistant",
                content: answer.reply.length > 0 ? answer.reply.join("") : null,
                ...(reasoning.length > 0 ? { reasoning_content: reasoning.join("") } : {}),
                ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
              },
              finish_reason: finishReason,
            },
          ],
          usage,
        }),
      );
      return;
    }
    response.socket?.setNoDelay(true);
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const send = (data: unknown) => response.write(`data: ${JSON.stringify(data)}\n\n`);
    const chunk = (delta: object, finish_reason: string | null = null) => ({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      choices: [{ index: 0, delta, finish_reason }],
    });
    send(chunk({ role: "assistant", content: "" }));
    // A fixed cadence from the start, so that slow writes do not stretch it.
    const start = performance.now();
    const deltas = [
      ...reasoning.map((piece) => ({ reasoning_content: piece })),
      ...answer.reply.map((piece) => ({ content: piece })),
      ...toolCalls.flatMap((call, index) => {
        const half = Math.ceil(call.function.arguments.length / 2);
        return [
          {
            tool_calls: [
              {
                index,
                id: call.id,
                type: "function",
                function: {
                  name: call.function.name,
                  arguments: call.function.arguments.slice(0, half),
                },
              },
            ],
          },
          { tool_calls: [{ index, function: { arguments: call.function.arguments.slice(half) } }] },
        ];
      }),
    ];
    for (const [index, delta] of deltas.entries()) {
      if (response.destroyed) return;
      const wait = start + (index + 1) * (answer.delayMs ?? 0) - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if ("content" in delta) options.onChunkSent?.(delta.content);
      send(chunk(delta));
    }
    if (answer.stallMs) {
      const closed = new Promise((resolve) => response.once("close", resolve));
      await Promise.race([closed, new Promise((r) => setTimeout(r, answer.stallMs))]);
      if (response.destroyed) return;
    }
    send({ ...chunk({}, finishReason), usage });
    response.end("data: [DONE]\n\n");
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    enqueue: (...answers) => queue.push(...answers),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      authorizations.length = 0;
    },
    requests,
    authorizations,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
