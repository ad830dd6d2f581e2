import { readFileSync } from "node:fs";
import { expect, test } from "vitest";

/**
 * What `npm ci` installs is decided by the lock's platform fields: node-llama-cpp's ARM builds
 * declare x64 too, and scripts/complete-lockfile.mjs narrows them so x64 machines skip them.
 */
test("the lock keeps node-llama-cpp's ARM builds to their own CPU", () => {
  const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as {
    packages: Record<string, { cpu?: string[] }>;
  };
  expect(lock.packages["node_modules/@node-llama-cpp/linux-arm64"]?.cpu).toEqual(["arm64"]);
  expect(lock.packages["node_modules/@node-llama-cpp/linux-armv7l"]?.cpu).toEqual(["arm"]);
  expect(lock.packages["node_modules/@node-llama-cpp/linux-x64"]?.cpu).toEqual(["x64"]);
});
