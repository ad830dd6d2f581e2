import { expect, test } from "vitest";
import { localPath } from "./local-path";

test.each([
  ["/c/abc?x=1", "/c/abc?x=1"],
  ["/basic", "/basic"],
  ["//attacker.example/", "/"],
  ["/\\attacker.example/", "/"],
  ["/\t/attacker.example/", "/"],
  ["https://attacker.example/", "/"],
  ["javascript:alert(1)", "/"],
  [undefined, "/"],
  [["/a", "/b"], "/"],
])("after signing in, %j leads to %j", (next, path) => {
  expect(localPath(next)).toBe(path);
});
