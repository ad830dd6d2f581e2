import { describe, expect, test, vi } from "vitest";
import { parseEnv } from "@/lib/env";
import { checkStartUp, exposureProblem } from "./exposure";

describe("start-up exposure check", () => {
  test("on loopback, or with accounts, the server starts", () => {
    expect(exposureProblem(parseEnv({}))).toBeUndefined();
    expect(exposureProblem(parseEnv({ HOST: "localhost" }))).toBeUndefined();
    expect(exposureProblem(parseEnv({ HOST: "0.0.0.0", CHAT_AUTH: "accounts" }))).toBeUndefined();
  });

  test("beyond loopback the operator's keys alone are not enough: they are one identity", () => {
    expect(exposureProblem(parseEnv({ HOST: "0.0.0.0", CHAT_API_KEYS: "k" }))).toMatch(
      /Set CHAT_AUTH=accounts/,
    );
  });

  test("beyond loopback with nothing protecting the page, it exits with the way out", () => {
    const exit = vi.fn();
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    checkStartUp(() => parseEnv({ HOST: "0.0.0.0" }), exit);
    expect(exit).toHaveBeenCalledWith(1);
    expect(errors.mock.calls[0]?.[0]).toMatch(
      /^Refusing to start: HOST=0\.0\.0\.0 lets other machines reach this server.*Set CHAT_AUTH=accounts.*or set HOST=127\.0\.0\.1/,
    );
    errors.mockRestore();
  });

  test("invalid settings stop the start too, each named", () => {
    const exit = vi.fn();
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    checkStartUp(() => parseEnv({ CHAT_ALLOWED_HOSTS: "http://x/" }), exit);
    expect(exit).toHaveBeenCalledWith(1);
    expect(String(errors.mock.calls[0]?.[0])).toContain("CHAT_ALLOWED_HOSTS");
    errors.mockRestore();
  });
});
