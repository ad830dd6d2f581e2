import { describe, expect, test } from "vitest";
import { type Cast, defaultCast, readCast } from "./cast";
import { mentionsIn, nextAfter, speakersFor } from "./next-speakers";
import { type SpokenMessage, seatView } from "./seat-view";

const cast = (order: Cast["order"], ...names: string[]): Cast => ({
  order,
  participants: names.map((name) => ({ name, model: null, systemPrompt: null })),
});

describe("the cast", () => {
  test("1–8 participants with unique one-word names; the default is today's assistant", () => {
    expect(readCast(defaultCast)).toEqual({ ok: true, cast: defaultCast });
    expect(readCast(cast("all", "Ada", "Grace"))).toMatchObject({ ok: true });
    const refusals: Array<[unknown, RegExp]> = [
      [cast("all"), /at least one participant/],
      [cast("all", ...Array.from({ length: 9 }, (_, i) => `P${i}`)), /at most 8/],
      [cast("all", "Ada", "ada"), /Two participants are named ada/],
      [cast("all", ""), /needs a name/],
      [cast("all", "Ada Lovelace"), /one word/],
      [cast("all", "User"), /user's name/],
      [{ ...cast("all", "Ada"), order: "loudest" }, /./],
    ];
    for (const [input, message] of refusals) {
      const read = readCast(input);
      expect(read.ok).toBe(false);
      if (!read.ok) expect(read.message).toMatch(message);
    }
  });
});

describe("who speaks next", () => {
  const three = cast("round-robin", "Ada", "Grace", "Linus");

  test("the participants mentioned, in the order mentioned; an unknown @Name is plain text", () => {
    expect(
      speakersFor("@linus and then @Ada, what do you think? @Ada again", three, "Ada"),
    ).toEqual(["Linus", "Ada"]);
    expect(mentionsIn("mail me at bob@Ada.org, @Nobody", three)).toEqual([]);
    expect(speakersFor("@Nobody?", three, "Ada")).toEqual(["Grace"]);
  });

  test("otherwise the conversation's order: round-robin, all, manual", () => {
    expect(speakersFor("Hi", three, undefined)).toEqual(["Ada"]);
    expect(speakersFor("Hi", three, "Ada")).toEqual(["Grace"]);
    expect(speakersFor("Hi", three, "Linus")).toEqual(["Ada"]);
    expect(speakersFor("Hi", { ...three, order: "all" }, "Grace")).toEqual([
      "Ada",
      "Grace",
      "Linus",
    ]);
    expect(speakersFor("Hi", { ...three, order: "manual" }, "Grace")).toEqual([]);
    expect(nextAfter(three, "user")).toBe("Ada");
  });
});

describe("the conversation from a seat", () => {
  const path: SpokenMessage[] = [
    { speaker: "user", text: "Tell me about cats." },
    { speaker: "Ada", text: "Cats purr." },
    { speaker: "Grace", text: "They also sleep a lot." },
    { speaker: "user", text: "And dogs?" },
    { speaker: "Ada", text: "Dogs bark." },
  ];
  const options = { persona: "You are a poet.", participants: ["Ada", "Grace"] };

  test("its own messages are the assistant's; the others' one user turn each run, with names", () => {
    expect(seatView(path, "Ada", options).messages).toEqual([
      { role: "user", content: "user: Tell me about cats." },
      { role: "assistant", content: "Cats purr." },
      { role: "user", content: "Grace: They also sleep a lot.\n\nuser: And dogs?" },
      { role: "assistant", content: "Dogs bark." },
    ]);
    expect(seatView(path, "Grace", options).messages).toEqual([
      { role: "user", content: "user: Tell me about cats.\n\nAda: Cats purr." },
      { role: "assistant", content: "They also sleep a lot." },
      { role: "user", content: "user: And dogs?\n\nAda: Dogs bark." },
    ]);
  });

  test("its system prompt is its persona and one line naming the others", () => {
    const { system } = seatView(path, "Grace", options);
    expect(system.startsWith("You are a poet.\n\n")).toBe(true);
    expect(system).toContain("You are Grace, in a conversation with user and Ada.");
    expect(system).toContain("Answer as Grace only");
  });

  test("append-only: each longer path renders what the shorter one did, then more", () => {
    for (const seat of ["Ada", "Grace"]) {
      for (let k = 1; k < path.length; k++) {
        const before = seatView(path.slice(0, k), seat, options).messages;
        const after = seatView(path.slice(0, k + 1), seat, options).messages;
        expect(after.slice(0, before.length - 1)).toEqual(before.slice(0, -1));
        const last = before.at(-1);
        const same = after[before.length - 1];
        expect(same?.role).toBe(last?.role);
        expect(String(same?.content).startsWith(String(last?.content ?? ""))).toBe(true);
      }
    }
  });

  test("files a seat's model takes come after their message's text, in the order said; merging keeps the turn's start", () => {
    const photo = {
      type: "file" as const,
      data: "data:image/png;base64,AA==",
      mediaType: "image/png",
    };
    const report = {
      type: "file" as const,
      data: "data:application/pdf;base64,AA==",
      mediaType: "application/pdf",
    };
    const withFiles: SpokenMessage[] = [
      { speaker: "user", text: "Look at this.", files: [photo] },
      { speaker: "Grace", text: "A cat." },
      { speaker: "user", text: "And this?", files: [report] },
    ];
    expect(seatView(withFiles, "Ada", options).messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "user: Look at this." },
          photo,
          { type: "text", text: "\n\nGrace: A cat.\n\nuser: And this?" },
          report,
        ],
      },
    ]);
    const before = seatView(withFiles.slice(0, 2), "Ada", options).messages;
    expect(before).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "user: Look at this." },
          photo,
          { type: "text", text: "\n\nGrace: A cat." },
        ],
      },
    ]);
    // A turn without files stays text; a file joining it makes it parts, its text first.
    expect(
      seatView([withFiles[1] as SpokenMessage, withFiles[2] as SpokenMessage], "Ada", options)
        .messages,
    ).toEqual([
      {
        role: "user",
        content: [{ type: "text", text: "Grace: A cat.\n\nuser: And this?" }, report],
      },
    ]);
  });

  test("with one participant it is the plain chat: no names, no extra line", () => {
    const plain: SpokenMessage[] = [
      { speaker: "user", text: "Hi" },
      { speaker: "assistant", text: "Hello!" },
      { speaker: "user", text: "Bye" },
    ];
    expect(
      seatView(plain, "assistant", {
        persona: "You are a friendly assistant!",
        participants: ["assistant"],
      }),
    ).toEqual({
      system: "You are a friendly assistant!",
      messages: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello!" },
        { role: "user", content: "Bye" },
      ],
    });
  });
});
