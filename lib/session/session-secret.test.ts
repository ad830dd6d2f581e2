import { mkdtemp, readdir, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadSessionSecret } from "./session-secret";

const folder = () => mkdtemp(join(tmpdir(), "session-secret-"));

describe("the session secret file", () => {
  test("is created once, private, and every concurrent start reads the same secret", async () => {
    const dir = await folder();
    const file = join(dir, "data", "session-secret");
    const secrets = await Promise.all(Array.from({ length: 8 }, () => loadSessionSecret({ file })));
    expect(new Set(secrets).size).toBe(1);
    expect(secrets[0]?.length).toBeGreaterThanOrEqual(32);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    // No temporary file is left beside it.
    expect(await readdir(join(dir, "data"))).toEqual(["session-secret"]);
    expect(await loadSessionSecret({ file })).toBe(secrets[0]);
  });

  test.each([
    ["", "is empty"],
    ["  \n", "is empty"],
    ["short-secret", "holds only 12 characters"],
  ])("one holding %j is refused: it %s", async (content, said) => {
    const file = join(await folder(), "session-secret");
    await writeFile(file, content);
    await expect(loadSessionSecret({ file })).rejects.toThrow(
      `The session secret file ${file} ${said}; it needs at least 32.`,
    );
  });

  test("CHAT_SESSION_SECRET, when set, is used and no file is made", async () => {
    const dir = await folder();
    const secret = "set-by-the-operator-and-long-enough-0123";
    expect(await loadSessionSecret({ secret, file: join(dir, "session-secret") })).toBe(secret);
    expect(await readdir(dir)).toEqual([]);
  });
});
