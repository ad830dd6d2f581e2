import type { Llama, LlamaModel } from "node-llama-cpp";

export interface ModelFileOptions {
  /** A GGUF file on disk. */
  modelPath: string;
  /** Layers to offload when the binding has a GPU; default `auto`. Unused on the CPU. */
  gpuLayers?: "auto" | "max" | number;
  onLoadProgress?: (fraction: number) => void;
  /** The flash attention the model's contexts get unless they say otherwise. */
  defaultContextFlashAttention?: boolean;
}

/**
 * A GGUF loaded on the process's binding (shared-llama.ts), the same way for the chat engine and
 * the embedding engine. A failure is thrown as `failed(cause)`: each engine words its own.
 */
export async function loadModelFile(
  llama: Llama,
  options: ModelFileOptions,
  failed: (cause: unknown) => Error,
): Promise<LlamaModel> {
  try {
    return await llama.loadModel({
      modelPath: options.modelPath,
      onLoadProgress: options.onLoadProgress,
      ...(options.defaultContextFlashAttention === undefined
        ? {}
        : { defaultContextFlashAttention: options.defaultContextFlashAttention }),
      ...(llama.gpu !== false ? { gpuLayers: options.gpuLayers ?? "auto" } : {}),
    });
  } catch (cause) {
    throw failed(cause);
  }
}
