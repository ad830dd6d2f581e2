import { describe, expect, test } from "vitest";
import { parseEnv } from "@/lib/env";
import { modelInputsOf } from "./model-inputs";
import { parseModelSpec } from "./model-spec";

const none = parseEnv({});
const inputs = (spec: string, settings = none) => modelInputsOf(parseModelSpec(spec), settings);

describe("modelInputsOf", () => {
  test("the local engine takes text only, whatever the settings name", () => {
    const all = parseEnv({
      OPENAI_COMPATIBLE_VISION_MODELS: "*",
      OPENAI_COMPATIBLE_PDF_MODELS: "*",
    });
    expect(inputs("local:../shared/models/stories260K.gguf", all)).toEqual({
      images: false,
      pdfs: false,
    });
    expect(inputs("", all)).toEqual({ images: false, pdfs: false });
  });

  test("OpenAI's vision models take images and PDFs", () => {
    for (const model of [
      "gpt-4o",
      "gpt-4o-mini",
      "gpt-4o-2024-08-06",
      "chatgpt-4o-latest",
      "gpt-4.1",
      "gpt-4.1-nano",
      "gpt-4.5-preview",
      "gpt-5",
      "gpt-5-mini",
      "gpt-5.1",
      "gpt-4-turbo",
      "o1",
      "o3",
      "o4-mini",
    ]) {
      expect(inputs(`openai:${model}`), model).toEqual({ images: true, pdfs: true });
    }
  });

  test("OpenAI's text-only, audio and unknown models take neither", () => {
    for (const model of [
      "gpt-3.5-turbo",
      "gpt-4",
      "gpt-4-0613",
      "o1-mini",
      "o1-preview",
      "o3-mini",
      "gpt-4o-audio-preview",
      "gpt-4o-realtime-preview",
      "gpt-4o-mini-tts",
      "text-embedding-3-small",
      "davinci-002",
      "gpt-4ox",
    ]) {
      expect(inputs(`openai:${model}`), model).toEqual({ images: false, pdfs: false });
    }
  });

  test("an OpenAI-compatible model takes what the settings name for it, by model name", () => {
    const spec = "openai-compatible:http://127.0.0.1:11434/v1#qwen2.5vl";
    expect(inputs(spec)).toEqual({ images: false, pdfs: false });
    const vision = parseEnv({ OPENAI_COMPATIBLE_VISION_MODELS: " llava , qwen2.5vl " });
    expect(vision.OPENAI_COMPATIBLE_VISION_MODELS).toEqual(["llava", "qwen2.5vl"]);
    expect(inputs(spec, vision)).toEqual({ images: true, pdfs: false });
    expect(inputs("openai-compatible:http://127.0.0.1:11434/v1#llama3.2", vision)).toEqual({
      images: false,
      pdfs: false,
    });
    const pdfs = parseEnv({ OPENAI_COMPATIBLE_PDF_MODELS: "qwen2.5vl" });
    expect(inputs(spec, pdfs)).toEqual({ images: false, pdfs: true });
  });

  test("`*` names every OpenAI-compatible model", () => {
    const all = parseEnv({
      OPENAI_COMPATIBLE_VISION_MODELS: "*",
      OPENAI_COMPATIBLE_PDF_MODELS: "*",
    });
    expect(inputs("openai-compatible:https://llm.example.com/v1#anything", all)).toEqual({
      images: true,
      pdfs: true,
    });
  });
});
