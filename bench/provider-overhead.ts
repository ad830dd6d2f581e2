import { streamText } from "ai";
import { GeneralChatWrapper, getLlama, LlamaLogLevel, type Token } from "node-llama-cpp";
import { createLlamaCpp, type LlamaCppEngine } from "../lib/models/llama-cpp";
import { median, round } from "./stats";

/**
 * What our provider adds on top of the engine, without a model: a fake engine streams `chunks`
 * one-character chunks, one per microtask, the way LlamaChat calls onTextChunk between tokens.
 * The engine called directly is the baseline; doStream and streamText add the provider's
 * ReadableStream and the AI SDK's stream pipeline. Microseconds per request (median).
 */
export async function measureProviderOverhead(chunks: number, iterations = 300) {
  const engine: LlamaCppEngine = {
    modelName: "fake.gguf",
    device: { backend: "cpu", names: [], gpuLayers: 0 },
    async generate(request) {
      for (let i = 0; i < chunks; i++) {
        await Promise.resolve();
        request.onTextChunk?.("x");
      }
      return {
        text: "x".repeat(chunks),
        reasoning: "",
        functionCalls: [],
        stopReason: "max-tokens",
        usage: {
          promptTokens: 75,
          cachedPromptTokens: 0,
          completionTokens: chunks,
          reasoningTokens: 0,
        },
      };
    },
    countPromptTokens: () => 75,
    async dispose() {},
  };
  const provider = createLlamaCpp({ loadEngine: async () => engine });
  const model = provider("fake.gguf");
  const prompt = [{ role: "user" as const, content: [{ type: "text" as const, text: "Hi" }] }];

  const variants: Record<"engine" | "doStream" | "streamText", () => Promise<void>> = {
    engine: async () => {
      let text = "";
      await engine.generate({
        messages: [{ role: "user", text: "Hi" }],
        cacheOwner: "",
        sampling: {},
        stopSequences: [],
        onTextChunk: (delta) => {
          text += delta;
        },
      });
      if (text.length !== chunks) throw new Error("the fake engine lost chunks");
    },
    doStream: async () => {
      const { stream } = await model.doStream({ prompt, maxOutputTokens: chunks, temperature: 0 });
      const reader = stream.getReader();
      while (!(await reader.read()).done) {}
    },
    streamText: async () => {
      const result = streamText({
        model,
        messages: [{ role: "user", content: "Hi" }],
        maxOutputTokens: chunks,
        temperature: 0,
      });
      for await (const _part of result.stream) {
      }
    },
  };

  const timesUs: Record<string, number[]> = { engine: [], doStream: [], streamText: [] };
  for (let i = 0; i < iterations + 20; i++) {
    for (const [name, run] of Object.entries(variants)) {
      const start = performance.now();
      await run();
      if (i >= 20) timesUs[name]?.push((performance.now() - start) * 1000);
    }
  }
  await provider.dispose();
  const engineUs = median(timesUs.engine ?? []);
  return {
    chunks,
    engineUs: round(engineUs),
    doStreamUs: round(median(timesUs.doStream ?? [])),
    streamTextUs: round(median(timesUs.streamText ?? [])),
    doStreamOverheadUs: round(median(timesUs.doStream ?? []) - engineUs),
    streamTextOverheadUs: round(median(timesUs.streamText ?? []) - engineUs),
  };
}

/**
 * The one piece of model work our engine does that raw LlamaChat does not: it renders and
 * tokenizes the prompt once more to report prompt and cached tokens (node-llama-cpp-engine.ts).
 * Microseconds per request (median).
 */
export async function measureUsageTokenization(modelPath: string, userText: string) {
  const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath });
  const wrapper = new GeneralChatWrapper();
  const times: number[] = [];
  let tokens: Token[] = [];
  for (let i = 0; i < 520; i++) {
    const start = performance.now();
    tokens = wrapper
      .generateContextState({
        chatHistory: [
          { type: "user", text: userText },
          { type: "model", response: [] },
        ],
      })
      .contextText.tokenize(model.tokenizer);
    if (i >= 20) times.push((performance.now() - start) * 1000);
  }
  await model.dispose();
  await llama.dispose();
  return { promptTokens: tokens.length, us: round(median(times)) };
}
