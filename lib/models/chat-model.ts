import "server-only";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { type Env, env } from "@/lib/env";
import { compatibleApiKey } from "./compatible-api-key";
import { createLlamaCpp, LlamaCppChatLanguageModel, type LlamaCppReasoning } from "./llama-cpp";
import { ModelConfigError } from "./model-config-error";
import { type ModelSpec, modelDisplayName, parseModelSpec } from "./model-spec";
import {
  createProgressLogger,
  recordLoadFailure,
  recordLoadProgress,
  recordReady,
} from "./model-status";

export interface ChatModel {
  spec: ModelSpec;
  /** Short name for the page. */
  name: string;
  model: LanguageModelV4;
}

/**
 * Resolves once the model can answer: a local model is downloaded and loaded (progress goes to
 * `modelStatus()`); a remote one is ready at once. Safe to call many times.
 */
export async function warmUp(chatModel: ChatModel): Promise<void> {
  if (!(chatModel.model instanceof LlamaCppChatLanguageModel)) {
    recordReady();
    return;
  }
  try {
    await chatModel.model.load();
  } catch (error) {
    // /health says it failed instead of "loading" forever; the caller logs why.
    recordLoadFailure();
    throw error;
  }
}

/** Turns a model spec into an AI SDK model. Cheap: a local model loads on its first request. */
export function createChatModel(spec: ModelSpec, settings: Env): LanguageModelV4 {
  switch (spec.provider) {
    case "openai":
      if (!settings.OPENAI_API_KEY) {
        throw new ModelConfigError(
          `CHAT_MODEL uses OpenAI (${spec.model}) but OPENAI_API_KEY is not set.`,
        );
      }
      return createOpenAI({ apiKey: settings.OPENAI_API_KEY })(spec.model);
    case "openai-compatible":
      return createOpenAICompatible({
        name: "openai-compatible",
        baseURL: spec.baseURL,
        apiKey: compatibleApiKey(spec.baseURL, settings),
      }).chatModel(spec.model);
    case "local": {
      const logProgress = createProgressLogger();
      return createLlamaCpp({
        modelsDirectory: settings.LLAMA_MODELS_DIR,
        threads: settings.LLAMA_THREADS,
        threadPlan: {
          file: settings.LLAMA_THREAD_PLAN_FILE,
          remeasure: settings.LLAMA_THREAD_PLAN === "measure",
        },
        gpu: settings.LLAMA_GPU,
        gpuLayers: settings.LLAMA_GPU_LAYERS,
        contextSize: settings.LLAMA_CONTEXT_SIZE,
        sequences: settings.LLAMA_SEQUENCES,
        decode: settings.LLAMA_DECODE === "auto" ? undefined : settings.LLAMA_DECODE,
        maxQueue: settings.LLAMA_MAX_QUEUE,
        // People sharing one installation (accounts) get a spare sequence by default: someone new
        // starts at once while another floods (bench/fair.ts); one person alone keeps them all.
        reserveSequence:
          (settings.LLAMA_SPARE_SEQUENCE ?? (settings.CHAT_AUTH === "accounts" ? "on" : "off")) ===
          "on",
        prefillPriority: settings.LLAMA_PREFILL_PRIORITY === "on",
        fallbackChatWrapper: settings.LLAMA_FALLBACK_CHAT_WRAPPER,
        defaultReasoning: defaultReasoningOf(settings.LLAMA_THINKING),
        onProgress: (modelId, progress) => {
          recordLoadProgress(progress);
          logProgress(modelId, progress);
        },
        log: (message) => console.log(`[model] ${message}`),
      })(spec.model);
    }
  }
}

// On globalThis so that every bundle Next.js builds (page, action, route) shares one model,
// and a local model is loaded once per process.
const key = Symbol.for("chat-completion.chat-model");
const store = globalThis as { [key]?: Map<string, ChatModel> };

/** The specs a conversation may choose: CHAT_MODEL (the default, first) and CHAT_MODEL_CHOICES. */
export function modelChoices(): Array<{ spec: string; name: string }> {
  const settings = env();
  const specs = [settings.CHAT_MODEL ?? "", ...settings.CHAT_MODEL_CHOICES];
  return [...new Set(specs)].map((spec) => ({
    spec,
    name: modelDisplayName(parseModelSpec(spec)),
  }));
}

/** Whether a conversation or participant may choose this model (one of `modelChoices()`). */
export function isModelChoice(spec: string): boolean {
  return modelChoices().some((option) => option.spec === spec);
}

/**
 * The model a conversation uses: its chosen spec when that is one of `modelChoices()`, else the
 * default (CHAT_MODEL). Created on first use and then shared.
 */
export function getChatModel(choice?: string | null): ChatModel {
  const settings = env();
  const specText = choice != null && isModelChoice(choice) ? choice : (settings.CHAT_MODEL ?? "");
  store[key] ??= new Map();
  const cached = store[key].get(specText);
  if (cached) return cached;
  const spec = parseModelSpec(specText);
  const chatModel = { spec, name: modelDisplayName(spec), model: createChatModel(spec, settings) };
  store[key].set(specText, chatModel);
  return chatModel;
}

/** The name of the model a conversation uses, for the page; undefined if CHAT_MODEL is invalid. */
export function modelNameFor(choice?: string | null): string | undefined {
  try {
    return getChatModel(choice).name;
  } catch {
    // The first message reports what is wrong with the setting, with the user's text kept.
    return undefined;
  }
}

/** LLAMA_THINKING as the provider's default: `on` is the model's own, `off`, or a token budget. */
export function defaultReasoningOf(setting: Env["LLAMA_THINKING"]): LlamaCppReasoning | undefined {
  if (setting === "on") return undefined;
  if (setting === "off") return { mode: "off" };
  return { mode: "budget", tokens: setting };
}
