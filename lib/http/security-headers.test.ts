import { describe, expect, test } from "vitest";
import { contentSecurityPolicy, newNonce, nonceOf } from "./security-headers";

describe("nonceOf", () => {
  test("reads back the nonce a policy was made with", () => {
    const nonce = newNonce();
    expect(nonceOf(contentSecurityPolicy(nonce))).toBe(nonce);
    expect(nonceOf(contentSecurityPolicy(nonce, { development: true }))).toBe(nonce);
  });

  test("no policy, or one without a nonce: none", () => {
    expect(nonceOf(null)).toBeUndefined();
    expect(nonceOf("default-src 'self'")).toBeUndefined();
  });
});
