import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export interface RunningApp {
  url: string;
  /** Where its database lives: pass it to startApp again to restart on the same data. */
  dataDir: string;
  /** The server process, e.g. to kill it hard. */
  process: ChildProcess;
  /** Everything the server printed so far. */
  output: () => string;
  stop: () => Promise<void>;
}

/** A free TCP port on loopback, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolvePort(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

/**
 * Starts the built app (`next start`; run `npm run build` first) on a free port with the given
 * settings (on loopback unless they set HOST), and resolves once it answers HTTP at
 * http://127.0.0.1:<port>.
 */
export async function startApp(
  env: Record<string, string>,
  options: { dataDir?: string; appDir?: string } = {},
): Promise<RunningApp> {
  const port = await freePort();
  // Each app its own database and session secret, unless the test shares them on purpose
  // (restart tests pass the same dataDir again).
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "chat-app-")));
  // Another built checkout may be started instead (bench/ui.ts builds its own copy).
  const appDir = options.appDir ?? repoRoot;
  const nextBin = resolve(appDir, "node_modules/next/dist/bin/next");
  const child: ChildProcess = spawn(
    process.execPath,
    // As `npm start` does: HOST and PORT are both where it listens and what the app is told.
    [nextBin, "start", "-p", String(port), "-H", env.HOST ?? "127.0.0.1"],
    {
      cwd: appDir,
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: "1",
        PORT: String(port),
        DATABASE_URL: `file:${join(dataDir, "chat.db")}`,
        CHAT_SESSION_SECRET_FILE: join(dataDir, "session-secret"),
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolveExit) => child.once("exit", () => resolveExit()));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (true) {
    if (child.exitCode !== null) throw new Error(`the app exited at start:\n${output}`);
    try {
      const response = await fetch(url);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the app did not answer within 30 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    dataDir,
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
