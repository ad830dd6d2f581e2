import { expect, test } from "vitest";
import { readChatError } from "./read-chat-error";

test("our JSON error body gives its code and message", () => {
  const error = new Error(
    JSON.stringify({ error: { code: "invalid-request", message: "Too long." } }),
  );
  expect(readChatError(error)).toEqual({ code: "invalid-request", message: "Too long." });
});

test("a lost connection says so", () => {
  expect(readChatError(new TypeError("Failed to fetch")).message).toBe(
    "The server could not be reached. Check your connection, then retry.",
  );
});

test("an error sent during the stream is shown as is", () => {
  expect(readChatError(new Error("The model took too long to answer. Try again."))).toEqual({
    message: "The model took too long to answer. Try again.",
  });
});
