import { type Env, env } from "@/lib/env";
import type { ModelSpec } from "./model-spec";

/** What a configured model takes besides text. */
export interface ModelInputs {
  /** Image parts (PNG, JPEG, GIF, WebP), given to the model to see. */
  images: boolean;
  /** PDF documents as file parts, read by the model's provider itself. */
  pdfs: boolean;
}

export type ModelInputSettings = Pick<
  Env,
  "OPENAI_COMPATIBLE_VISION_MODELS" | "OPENAI_COMPATIBLE_PDF_MODELS"
>;

const TEXT_ONLY: ModelInputs = { images: false, pdfs: false };

/**
 * What a configured model accepts. The local engine sees text only (node-llama-cpp in this
 * version has no image input). OpenAI's models are known by name. An OpenAI-compatible server
 * says nothing about its models, so the operator names those that take images or PDFs
 * (OPENAI_COMPATIBLE_VISION_MODELS, OPENAI_COMPATIBLE_PDF_MODELS; `*` for all of them).
 */
export function modelInputsOf(spec: ModelSpec, settings: ModelInputSettings = env()): ModelInputs {
  switch (spec.provider) {
    case "local":
      return TEXT_ONLY;
    case "openai":
      return openAIModelInputs(spec.model);
    case "openai-compatible":
      return {
        images: names(settings.OPENAI_COMPATIBLE_VISION_MODELS, spec.model),
        pdfs: names(settings.OPENAI_COMPATIBLE_PDF_MODELS, spec.model),
      };
  }
}

function names(list: string[], model: string): boolean {
  return list.includes("*") || list.includes(model);
}

/**
 * OpenAI's chat models that take images also take PDFs as `file` parts: GPT-4o and 4.1 (and 4.5),
 * the GPT-5 family, GPT-4 Turbo, and the o-series from o1 on (o1-mini, o1-preview and o3-mini
 * are text-only). Audio, realtime, speech and transcription models are not chat-with-images
 * models. Unknown names are text-only: a request is then refused with a clear 400 rather than
 * sent to a model that cannot read it.
 */
function openAIModelInputs(model: string): ModelInputs {
  const name = model.toLowerCase();
  if (/(audio|realtime|tts|transcribe|embedding|whisper|dall-e|image)/.test(name)) {
    return TEXT_ONLY;
  }
  if (/^(o1-mini|o1-preview|o3-mini)(-|$)/.test(name)) return TEXT_ONLY;
  const sees =
    /^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-4-turbo|gpt-4-vision)(-|$|\.)/.test(name) ||
    /^o[1-9](-|$)/.test(name);
  return sees ? { images: true, pdfs: true } : TEXT_ONLY;
}
