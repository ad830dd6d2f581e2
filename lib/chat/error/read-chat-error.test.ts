import { APICallError } from "@ai-sdk/provider";
import { expect, test } from "vitest";
import { readChatError } from "./read-chat-error";

/** What useChat's transport throws for a response that is not ok. */
function refusedWith(status: number, body: unknown): APICallError {
  const text = JSON.stringify(body);
  return new APICallError({
    message: text,
    url: "/api/chat",
    requestBodyValues: undefined,
    statusCode: status,
    responseBody: text,
  });
}

test("a refused request gives its code and message, and says nothing was stored", () => {
  const error = refusedWith(409, {
    error: { code: "conversation-changed", message: "Reload the page." },
  });
  expect(readChatError(error)).toEqual({
    code: "conversation-changed",
    message: "Reload the page.",
    refused: true,
  });
});

test("a server failure is not a refusal: the message may have been stored", () => {
  const error = refusedWith(500, { error: { code: "model-config", message: "Set CHAT_MODEL." } });
  expect(readChatError(error)).toEqual({
    code: "model-config",
    message: "Set CHAT_MODEL.",
    refused: false,
  });
});

test("a lost connection says so", () => {
  expect(readChatError(new TypeError("Failed to fetch"))).toEqual({
    message: "The server could not be reached. Check your connection, then retry.",
    refused: false,
  });
});

test("an error sent during the stream is shown as is", () => {
  expect(readChatError(new Error("The model took too long to answer. Try again."))).toEqual({
    message: "The model took too long to answer. Try again.",
    refused: false,
  });
});
