import { access } from "node:fs/promises";
import { resolve } from "node:path";
import { LlamaCppError } from "./llama-cpp-error";

export interface ModelFileProgress {
  downloadedBytes: number;
  totalBytes: number;
}

export interface ResolveModelFileOptions {
  /** Where downloaded models are kept; a file already there is not downloaded again. */
  directory: string;
  onProgress?: (progress: ModelFileProgress) => void;
  /**
   * Give up when no byte has arrived for this long. Offline, node-llama-cpp's resolver waits
   * forever and ignores its abort signal, so the watchdog is ours.
   */
  stallTimeoutMs?: number;
  /** The setting that named the model, for the messages that say how to fix it. Default `CHAT_MODEL`. */
  setting?: string;
}

/** `hf:<user>/<repo>/<file>.gguf` or an `https://` URL: downloaded on first use. */
export function isRemoteModelUri(uri: string): boolean {
  return /^(hf:|huggingface:|https?:\/\/)/.test(uri);
}

/** Turns a model path or URI into a GGUF file on disk, downloading it if needed. */
export async function resolveModelFile(
  uri: string,
  options: ResolveModelFileOptions,
): Promise<string> {
  const setting = options.setting ?? "CHAT_MODEL";
  if (!isRemoteModelUri(uri)) {
    const path = resolve(uri);
    try {
      await access(path);
    } catch (cause) {
      throw new LlamaCppError({
        code: "model-not-found",
        message: `Model file not found: ${path}. Check the path in ${setting}.`,
        cause,
      });
    }
    return path;
  }

  const stallTimeoutMs = options.stallTimeoutMs ?? 30_000;
  let watchdog: NodeJS.Timeout | undefined;
  let stalled: (reason: Error) => void = () => {};
  const stall = new Promise<never>((_, reject) => {
    stalled = reject;
  });
  const armWatchdog = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(
      () => stalled(new Error(`no data for ${stallTimeoutMs / 1000} s`)),
      stallTimeoutMs,
    );
  };

  // node-llama-cpp loads only when a model file is looked for (a local model's first use).
  const { resolveModelFile: downloadOrFindModelFile } = await import("node-llama-cpp");
  armWatchdog();
  try {
    return await Promise.race([
      downloadOrFindModelFile(uri, {
        directory: options.directory,
        cli: false,
        onProgress: ({ downloadedSize, totalSize }) => {
          armWatchdog();
          options.onProgress?.({ downloadedBytes: downloadedSize, totalBytes: totalSize });
        },
      }),
      stall,
    ]);
  } catch (cause) {
    throw new LlamaCppError({
      code: "model-download-failed",
      message:
        `Could not download the model ${uri} (${cause instanceof Error ? cause.message : String(cause)}). ` +
        `Without a network, set ${setting} to a GGUF file you have (${setting}=local:/path/to/model.gguf), ` +
        "or to a server you can reach (openai:<model>, openai-compatible:<baseURL>#<model>).",
      cause,
    });
  } finally {
    clearTimeout(watchdog);
  }
}
