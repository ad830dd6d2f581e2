import { describe, expect, test } from "vitest";
import { participantColor } from "./participant-color";

describe("participantColor", () => {
  test("follows the participants' order in Settings", () => {
    const cast = ["assistant", "Grace", "Ada"];
    expect(cast.map((name) => participantColor(name, cast))).toEqual([
      "text-participant-1",
      "text-participant-2",
      "text-participant-3",
    ]);
  });

  test("the seventh shares the first one's colour", () => {
    const cast = ["a", "b", "c", "d", "e", "f", "g"];
    expect(participantColor("g", cast)).toBe("text-participant-1");
  });

  test("a name not in the cast gets the same colour every time", () => {
    expect(participantColor("Someone", ["assistant"])).toBe(participantColor("Someone"));
    expect(participantColor("Someone")).toMatch(/^text-participant-[1-6]$/);
  });
});
