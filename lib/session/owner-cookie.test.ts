import { describe, expect, test } from "vitest";
import { newOwnerId, signOwnerId, verifyOwnerCookie } from "./owner-cookie";

describe("owner cookie", () => {
  test("a signed id verifies with the same secret only", async () => {
    const id = newOwnerId();
    const cookie = await signOwnerId(id, "secret-a");
    expect(await verifyOwnerCookie(cookie, "secret-a")).toBe(id);
    expect(await verifyOwnerCookie(cookie, "secret-b")).toBeUndefined();
  });

  test("a forged or altered cookie is refused", async () => {
    const cookie = await signOwnerId(newOwnerId(), "s");
    const other = newOwnerId();
    const forged = `${other}.${cookie.split(".")[1]}`;
    expect(await verifyOwnerCookie(forged, "s")).toBeUndefined();
    expect(await verifyOwnerCookie(`${cookie}x`, "s")).toBeUndefined();
    expect(await verifyOwnerCookie("no-dot-here", "s")).toBeUndefined();
    expect(await verifyOwnerCookie("bad id!.abc", "s")).toBeUndefined();
    expect(await verifyOwnerCookie(undefined, "s")).toBeUndefined();
  });
});
