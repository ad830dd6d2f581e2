import { getLlama, type Llama } from "node-llama-cpp";
import type { LlamaCppGpu } from "../llama-cpp-engine";
import { llamaLogger } from "./llama-logger";

export interface SharedLlama {
  llama: Llama;
  /** Why the GPU asked for is not used, when it is not. */
  fallbackReason?: string;
}

// On globalThis: Next.js may load this module once per bundle (instrumentation, routes), and the
// chat model and the embedding model must share one binding and its thread budget.
const key = Symbol.for("chat-completion.shared-llama");
const store = globalThis as { [key]?: Map<LlamaCppGpu, Promise<SharedLlama>> };

/**
 * One llama.cpp binding per GPU setting and process. `auto` takes CUDA, Vulkan or Metal when
 * node-llama-cpp finds one (its prebuilt GPU builds install with it), else the CPU; a named GPU
 * whose build cannot load falls back to the CPU with the reason, never a crash. `build: "never"`:
 * a prebuilt binary that fails its self-test must fail the load, never start compiling llama.cpp
 * from source inside a running server.
 */
export function sharedLlama(gpu: LlamaCppGpu): Promise<SharedLlama> {
  store[key] ??= new Map();
  const bindings = store[key];
  let binding = bindings.get(gpu);
  if (!binding) {
    binding = load(gpu);
    bindings.set(gpu, binding);
    binding.catch(() => bindings.delete(gpu));
  }
  return binding;
}

async function load(gpu: LlamaCppGpu): Promise<SharedLlama> {
  const options = { build: "never", logger: llamaLogger } as const;
  if (gpu === "cpu") return { llama: await getLlama({ ...options, gpu: false }) };
  if (gpu === "auto") return { llama: await getLlama({ ...options, gpu: "auto" }) };
  try {
    return { llama: await getLlama({ ...options, gpu }) };
  } catch (cause) {
    const reason = `the ${gpu} build could not load (${cause instanceof Error ? cause.message : String(cause)})`;
    return { llama: await getLlama({ ...options, gpu: false }), fallbackReason: reason };
  }
}
