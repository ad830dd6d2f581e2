import { ModelConfigError } from "./model-config-error";

/**
 * A small instruct model that runs well on a CPU: Qwen2.5 0.5B Instruct, Q4_K_M (398 MB,
 * Apache-2.0, chat template in its GGUF). Downloaded on first use when CHAT_MODEL is unset.
 */
export const DEFAULT_LOCAL_MODEL =
  "hf:bartowski/Qwen2.5-0.5B-Instruct-GGUF/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf";

/**
 * An embedding model that runs well on a CPU: nomic-embed-text v1.5, Q8_0 (146 MB, Apache-2.0,
 * 768 dimensions, Matryoshka-trained, 2,048 tokens per input). Downloaded on first use when
 * CHAT_EMBEDDING_MODEL is unset. Why this one: docs/embeddings.md.
 */
export const DEFAULT_LOCAL_EMBEDDING_MODEL =
  "hf:nomic-ai/nomic-embed-text-v1.5-GGUF/nomic-embed-text-v1.5.Q8_0.gguf";

/** What `CHAT_MODEL` (or `CHAT_EMBEDDING_MODEL`) names. */
export type ModelSpec =
  /** A GGUF file path, or an `hf:<user>/<repo>/<file>.gguf` URI to download. */
  | { provider: "local"; model: string }
  | { provider: "openai"; model: string }
  | { provider: "openai-compatible"; baseURL: string; model: string };

const FORMS =
  "local:<path.gguf>, local:hf:<user>/<repo>/<file>.gguf, openai:<model>, or openai-compatible:<baseURL>#<model>";

/**
 * Which setting is parsed: its name for messages, and the local model it defaults to. Default
 * CHAT_MODEL's; CHAT_EMBEDDING_MODEL takes the same forms (lib/models/embedding-model.ts).
 */
export interface ModelSetting {
  name: string;
  defaultLocalModel: string;
}

const CHAT_MODEL_SETTING: ModelSetting = {
  name: "CHAT_MODEL",
  defaultLocalModel: DEFAULT_LOCAL_MODEL,
};

export const EMBEDDING_MODEL_SETTING: ModelSetting = {
  name: "CHAT_EMBEDDING_MODEL",
  defaultLocalModel: DEFAULT_LOCAL_EMBEDDING_MODEL,
};

export function parseModelSpec(
  value: string | undefined,
  setting: ModelSetting = CHAT_MODEL_SETTING,
): ModelSpec {
  if (value === undefined || value.trim() === "") {
    return { provider: "local", model: setting.defaultLocalModel };
  }
  const invalid = (why: string) =>
    new ModelConfigError(
      `${setting.name}=${JSON.stringify(value)} is not valid (${why}). Use ${FORMS}.`,
    );
  const separator = value.indexOf(":");
  const prefix = separator < 0 ? "" : value.slice(0, separator);
  const rest = value.slice(separator + 1).trim();
  switch (prefix) {
    case "local":
      if (!rest) throw invalid("local: needs a GGUF path or an hf: URI");
      return { provider: "local", model: rest };
    case "openai":
      if (!rest) throw invalid("openai: needs a model name, e.g. openai:gpt-4o-mini");
      return { provider: "openai", model: rest };
    case "openai-compatible": {
      const hash = rest.lastIndexOf("#");
      const baseURL = hash < 0 ? "" : rest.slice(0, hash);
      const model = hash < 0 ? "" : rest.slice(hash + 1);
      if (!model || !URL.canParse(baseURL) || !/^https?:/.test(baseURL)) {
        throw invalid(
          "openai-compatible: needs a base URL and a model, e.g. openai-compatible:http://localhost:11434/v1#llama3.2",
        );
      }
      return { provider: "openai-compatible", baseURL, model };
    }
    default:
      throw invalid("unknown provider prefix");
  }
}

/** A short name for people: the file name of a local model, the model name otherwise. */
export function modelDisplayName(spec: ModelSpec): string {
  if (spec.provider !== "local") return spec.model;
  return spec.model.split("/").pop() ?? spec.model;
}
