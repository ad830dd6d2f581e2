import { expect, test, vi } from "vitest";

// The choices come from the settings, read once: these are this file's.
vi.stubEnv("CHAT_MODEL", "openai-compatible:http://10.1.2.3:8000/v1#llama");
vi.stubEnv("CHAT_MODEL_CHOICES", "local:/srv/private-models/tiny.gguf");

const { choiceIdOf, pageModelChoices, settingsForPage, specOfChoiceId } = await import(
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

test("settings go to the page with the conversation's and the participants' models by id", () => {
  const tiny = "local:/srv/private-models/tiny.gguf";
  const settings = settingsForPage({
    systemPrompt: null,
    model: tiny,
    tools: { off: [], alwaysAllowed: [] },
    cast: {
      participants: [
        { name: "assistant", model: null, systemPrompt: null },
        { name: "Tiny", model: tiny, systemPrompt: null },
      ],
      order: "round-robin",
    },
  });
  expect(settings.model).toBe(choiceIdOf(tiny));
  expect(settings.cast.participants.map((p) => p.model)).toEqual([null, choiceIdOf(tiny)]);
  expect(JSON.stringify(settings)).not.toContain("/srv");
});
