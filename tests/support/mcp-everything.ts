import { type ChildProcess, spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** @modelcontextprotocol/server-everything (a dev dependency): echo, get-sum, a long operation… */
export const everythingServer = resolve(
  repoRoot,
  "node_modules/@modelcontextprotocol/server-everything/dist/index.js",
);

/** server-everything over Streamable HTTP at http://127.0.0.1:<port>/mcp, once it listens. */
export async function startEverythingOverHttp(port: number): Promise<ChildProcess> {
  const child: ChildProcess = spawn(process.execPath, [everythingServer, "streamableHttp"], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  await new Promise<void>((ready, fail) => {
    child.stderr?.on("data", (data: Buffer) => {
      if (data.toString().includes("listening")) ready();
    });
    child.once("exit", (code: number | null) =>
      fail(new Error(`the HTTP server exited (${code})`)),
    );
  });
  return child;
}
