import { expect, test, vi } from "vitest";

// The choices come from the settings, read once: these are this file's.
vi.stubEnv("CHAT_MODEL", "openai-compatible:http://10.1.2.3:8000/v1#llama");
vi.stubEnv("CHAT_MODEL_CHOICES", "local:/srv/private-models/tiny.gguf");

const { castForPage, choiceIdOf, pageModelChoices, specOfChoiceId } = await import(
  "./model-choice-ids"
);

test("the page gets the choices by id and name, never their paths or addresses", () => {
  const choices = pageModelChoices();
  expect(choices.map((choice) => choice.name)).toEqual(["llama", "tiny.gguf"]);
  const shown = JSON.stringify(choices);
  expect(shown).not.toContain("10.1.2.3");
  expect(shown).not.toContain("/srv/private-models");
});

test("an id the page sends back is its spec again; anything else is no choice", () => {
  const [, tiny] = pageModelChoices();
  expect(specOfChoiceId(tiny?.id ?? "")).toBe("local:/srv/private-models/tiny.gguf");
  expect(specOfChoiceId(null)).toBeNull();
  expect(specOfChoiceId("local:/srv/private-models/tiny.gguf")).toBeUndefined();
  expect(specOfChoiceId("model-unknown")).toBeUndefined();
});

test("a cast goes to the page with its participants' models by id", () => {
  const cast = castForPage({
    participants: [
      { name: "assistant", model: null, systemPrompt: null },
      { name: "Tiny", model: "local:/srv/private-models/tiny.gguf", systemPrompt: null },
    ],
    order: "round-robin",
  });
  expect(cast.participants.map((p) => p.model)).toEqual([
    null,
    choiceIdOf("local:/srv/private-models/tiny.gguf"),
  ]);
  expect(JSON.stringify(cast)).not.toContain("/srv");
});
