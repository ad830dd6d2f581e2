import { describe, expect, it } from "vitest";
import type { LlamaCppStopReason } from "./llama-cpp-engine";
import { mapLlamaCppFinishReason } from "./map-llama-cpp-finish-reason";

describe("mapLlamaCppFinishReason", () => {
  it.each<[LlamaCppStopReason, "stop" | "length" | "other"]>([
    ["eog", "stop"],
    ["stop-sequence", "stop"],
    ["max-tokens", "length"],
    ["abort", "other"],
    ["other", "other"],
  ])("maps %s to %s and keeps the engine's reason as raw", (reason, unified) => {
    expect(mapLlamaCppFinishReason(reason)).toEqual({ unified, raw: reason });
  });
});
