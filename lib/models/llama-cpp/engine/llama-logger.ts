import { Llama, LlamaLogLevel } from "node-llama-cpp";

/**
 * node-llama-cpp's console logger, less one warning llama.cpp prints on every load of a GGUF that
 * leaves optional special tokens unset (id 4294967295, i.e. -1): nothing is wrong, the default is
 * used. node-llama-cpp itself quiets such known-harmless warnings the same way.
 */
export function llamaLogger(level: LlamaLogLevel, message: string): void {
  if (level === LlamaLogLevel.warn && isUnsetSpecialTokenWarning(message)) return;
  Llama.defaultConsoleLogger(level, message);
}

export function isUnsetSpecialTokenWarning(message: string): boolean {
  return /^load: bad special token: '[\w.]+' = 4294967295, using default id -1$/.test(
    message.trim(),
  );
}
