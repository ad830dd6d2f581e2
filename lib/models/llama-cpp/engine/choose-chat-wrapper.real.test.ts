import { generateText } from "ai";
import { type ChatHistoryItem, getLlama, type Llama, type LlamaModel } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModelPath } from "@/tests/support/test-models";
import { createLlamaCpp, type LlamaCppProvider } from "../llama-cpp-provider";
import { chooseChatWrapper, isFallbackChatWrapperName } from "./choose-chat-wrapper";

const history: ChatHistoryItem[] = [
  { type: "system", text: "You tell short stories." },
  { type: "user", text: "Tell me about a red ball." },
  { type: "model", response: [] },
];

let llama: Llama;
/** stories260K with a ChatML Jinja template in its GGUF metadata. */
let chatmlModel: LlamaModel;
/** stories260K as published: no chat template. */
let plainModel: LlamaModel;
let chatmlPath: string;

beforeAll(async () => {
  chatmlPath = await testModelPath("stories260K-chatml.gguf");
  const plainPath = await testModelPath("stories260K.gguf");
  llama = await getLlama({ gpu: false });
  chatmlModel = await llama.loadModel({ modelPath: chatmlPath });
  plainModel = await llama.loadModel({ modelPath: plainPath });
});

afterAll(async () => {
  await chatmlModel?.dispose();
  await plainModel?.dispose();
});

function render(model: LlamaModel, fallback: Parameters<typeof chooseChatWrapper>[1]) {
  const wrapper = chooseChatWrapper(model, fallback);
  const text = wrapper.generateContextState({ chatHistory: history }).contextText.toString();
  return { name: wrapper.wrapperName, text };
}

describe("chooseChatWrapper", () => {
  it("formats the conversation with the model's own template when the GGUF has one", () => {
    expect(chatmlModel.fileInfo.metadata.tokenizer?.chat_template).toContain("<|im_start|>");
    const { name, text } = render(chatmlModel, "general");
    // The fallback asked for is General; the template wins.
    expect(name).not.toBe("General");
    expect(text).toContain("<|im_start|>system\nYou tell short stories.<|im_end|>");
    expect(text).toContain("<|im_start|>user\nTell me about a red ball.<|im_end|>");
    expect(text.endsWith("<|im_start|>assistant\n")).toBe(true);
    expect(text).not.toContain("### Human");
  });

  it("uses the named fallback for a GGUF without a template", () => {
    expect(plainModel.fileInfo.metadata.tokenizer?.chat_template).toBeUndefined();

    const general = render(plainModel, "general");
    expect(general.name).toBe("General");
    expect(general.text).toContain("### Human\nTell me about a red ball.");
    expect(general.text).not.toContain("<|im_start|>");

    const chatml = render(plainModel, "chatML");
    expect(chatml.name).toBe("ChatML");
    expect(chatml.text).toContain("<|im_start|>user\nTell me about a red ball.");

    const llama2 = render(plainModel, "llama2Chat");
    expect(llama2.name).toBe("Llama2Chat");
    expect(llama2.text).toContain("[INST]");
  });

  it("accepts only node-llama-cpp's specialized wrapper names as fallbacks", () => {
    expect(isFallbackChatWrapperName("general")).toBe(true);
    expect(isFallbackChatWrapperName("chatML")).toBe(true);
    expect(isFallbackChatWrapperName("auto")).toBe(false);
    expect(isFallbackChatWrapperName("jinjaTemplate")).toBe(false);
    expect(isFallbackChatWrapperName("ChatML")).toBe(false);
  });
});

describe("the provider on a model with a chat template", () => {
  let provider: LlamaCppProvider;
  const logs: string[] = [];

  beforeAll(() => {
    provider = createLlamaCpp({
      threads: 1,
      sequences: 1,
      fallbackChatWrapper: "general",
      log: (message) => logs.push(message),
    });
  });

  afterAll(async () => {
    await provider?.dispose();
  });

  it("answers a request, formatting it with the template", async () => {
    const result = await generateText({
      model: provider(chatmlPath),
      instructions: "You tell short stories.",
      prompt: "Tell me about a red ball.",
      temperature: 0,
      maxOutputTokens: 20,
    });
    expect(result.text.trim()).not.toBe("");
    expect(result.finishReason).toBe("length");
    expect(result.usage.outputTokens).toBe(20);
    // The prompt is the ChatML rendering of this conversation, token for token.
    const rendered = chooseChatWrapper(chatmlModel, "general")
      .generateContextState({
        chatHistory: [
          { type: "system", text: "You tell short stories." },
          { type: "user", text: "Tell me about a red ball." },
          { type: "model", response: [] },
        ],
      })
      .contextText.tokenize(chatmlModel.tokenizer);
    expect(result.usage.inputTokens).toBe(rendered.length);
    expect(logs.join("\n")).toMatch(/chat format ChatML/);
  });
});
