import { describe, expect, test } from "vitest";
import { findOperatorKey, operatorKeyId } from "./operator-keys";
import { ownerCookieName, signOwnerId, verifyOwnerCookie } from "./owner-cookie";
import { signInCookieName, signSignIn, verifySignIn } from "./sign-in-cookie";

const SECRET = "a-session-secret-of-at-least-32-characters";

describe("sign-in with an operator key", () => {
  test("the key given is found among the keys, by its id", async () => {
    const keys = ["first-key", "second-key"];
    expect(await findOperatorKey(keys, "second-key")).toBe(await operatorKeyId("second-key"));
    expect(await findOperatorKey(keys, "second-ke")).toBeUndefined();
    expect(await findOperatorKey([], "anything")).toBeUndefined();
  });

  test("a sign-in holds for its key until it expires, and never says the key", async () => {
    const id = await operatorKeyId("the-key");
    const cookie = await signSignIn(id, SECRET, 0);
    expect(cookie).not.toContain("the-key");
    const ids = new Set([id]);
    expect(await verifySignIn(cookie, SECRET, ids, 1000)).toBe(true);
    expect(await verifySignIn(cookie, SECRET, ids, 31 * 24 * 3600 * 1000)).toBe(false);
    expect(await verifySignIn(cookie, SECRET, new Set(), 1000)).toBe(false);
    expect(await verifySignIn(cookie.replace(/_\d+/, "_99999999999"), SECRET, ids, 1000)).toBe(
      false,
    );
  });

  test("an owner cookie is not a sign-in, and a sign-in is not an owner", async () => {
    const owner = await signOwnerId("0123456789abcdef0123", SECRET);
    expect(await verifySignIn(owner, SECRET, new Set(["0123456789abcdef"]))).toBe(false);
    const signIn = await signSignIn("0123456789abcdef", SECRET);
    expect(await verifyOwnerCookie(signIn, SECRET)).toBeUndefined();
  });

  test("cookies are __Host- over https, plainly named over http", () => {
    expect(ownerCookieName(true)).toBe("__Host-chat_owner");
    expect(ownerCookieName(false)).toBe("chat_owner");
    expect(signInCookieName(true)).toBe("__Host-chat_sign_in");
    expect(signInCookieName(false)).toBe("chat_sign_in");
  });
});
