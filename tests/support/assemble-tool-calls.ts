import type OpenAI from "openai";

export interface AssembledCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * What a client does with a streamed reply's tool calls: the first delta of each call gives its
 * index, id and name, later ones append to its arguments. Also the finish reason and the number of
 * tool-call deltas seen.
 */
export async function assembleToolCalls(
  stream: AsyncIterable<OpenAI.ChatCompletionChunk>,
): Promise<{ calls: AssembledCall[]; finish: string | null; deltas: number }> {
  const calls: AssembledCall[] = [];
  let finish: string | null = null;
  let deltas = 0;
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    for (const delta of choice?.delta.tool_calls ?? []) {
      deltas++;
      const call = calls[delta.index] ?? { id: "", name: "", arguments: "" };
      calls[delta.index] = call;
      call.id ||= delta.id ?? "";
      call.name ||= delta.function?.name ?? "";
      call.arguments += delta.function?.arguments ?? "";
    }
    finish = choice?.finish_reason ?? finish;
  }
  return { calls, finish, deltas };
}
