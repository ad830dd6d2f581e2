/**
 * `npm run bench:import-stall`: does an upload of any shape keep the server answering?
 * Starts the built app (tests/support/app-server.ts), uploads export files of adversarial shapes
 * and sizes to the sidebar's import route (`POST /api/conversations/import`) one at a time, and
 * meanwhile asks `GET /health` every 50 ms (each poll sent 50 ms after the previous one answered).
 * A stall of the server's main thread shows as a poll that takes that long: the worst poll per
 * file is its stall. Target: ≤ 1 s for every file. The baseline, in the same run, is the worst
 * poll over the same time with no upload.
 *
 *   npm run build && npm run bench:import-stall -- [--sizes 1,9] [--shapes recap,think]
 *
 * Sizes are in MB (default 1 and 9), up to CHAT_MAX_IMPORT_BYTES (512 MB): the import route is
 * outside Next's proxy, which buffers at most 10 MB of a body. Loopback only.
 */
import { once } from "node:events";
import { createWriteStream, openAsBlob } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startApp } from "../tests/support/app-server";
import { testModelPath } from "../tests/support/test-models";
import { formatTable, median, round } from "./stats";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "1,9" },
    shapes: { type: "string" },
    "poll-ms": { type: "string", default: "50" },
  },
});
const SIZES_MB = values.sizes.split(",").map(Number);
const POLL_MS = Number(values["poll-ms"]);
const TARGET_MS = 1000;
const MB = 1024 * 1024;

const log = (message: string) => process.stderr.write(`${message}\n`);

/** A JSON string's inside: `text` escaped as it sits between the quotes. */
const inJson = (text: string) => JSON.stringify(text).slice(1, -1);

/** `prefix`, then `unit` as many times as fill `bytes`, then `suffix`; in chunks of about 1 MB. */
function* repeated(prefix: string, unit: string, suffix: string, bytes: number) {
  yield prefix;
  const times = Math.max(1, Math.floor((bytes - prefix.length - suffix.length) / unit.length));
  const perChunk = Math.max(1, Math.floor(MB / unit.length));
  for (let done = 0; done < times; done += perChunk) {
    yield unit.repeat(Math.min(perChunk, times - done));
  }
  yield suffix;
}

/** One ChatGPT conversation of a user message and a reply whose content is `reply` (JSON). */
const chatgptPrefix = (title: string) =>
  `[{"title":"${title}","mapping":{"u":{"message":{"author":{"role":"user"},"content":{"content_type":"text","parts":["Hi"]}},"parent":null},"a":{"parent":"u","message":{"author":{"role":"assistant"},"content":`;
const chatgptSuffix = `}}},"current_node":"a"}]`;

/** One Open WebUI chat whose reply's text is the repeated `unit`. */
function* openWebuiReply(title: string, unit: string, bytes: number) {
  yield* repeated(
    `[{"title":"${title}","chat":{"history":{"currentId":"a","messages":{"u":{"role":"user","content":"Hi","parentId":null},"a":{"role":"assistant","parentId":"u","content":"`,
    inJson(unit),
    `"}}}}}]`,
    bytes,
  );
}

const shapes: Record<string, { what: string; file: (bytes: number) => Iterable<string> }> = {
  "many-tiny": {
    what: "ChatGPT: thousands of two-message conversations",
    file: (bytes) => {
      const one = `{"title":"Tiny","mapping":{"u":{"message":{"author":{"role":"user"},"content":{"content_type":"text","parts":["Hi"]}},"parent":null},"a":{"parent":"u","message":{"author":{"role":"assistant"},"content":{"content_type":"text","parts":["Hello"]}}}},"current_node":"a"}`;
      return repeated("[", `${one},`, `${one}]`, bytes);
    },
  },
  "huge-string": {
    what: "ChatGPT: one message of one string",
    file: (bytes) =>
      repeated(
        `[{"title":"Huge","mapping":{"u":{"message":{"author":{"role":"user"},"content":{"content_type":"text","parts":["`,
        "All work and no play. ",
        `"]}},"parent":null}}}]`,
        bytes,
      ),
  },
  "long-conversation": {
    what: "ChatGPT: one conversation of 1 MB messages, as many as fill the file",
    file: function* (bytes) {
      const count = Math.max(1, Math.floor(bytes / MB));
      const text = "All work and no play. ".repeat(Math.floor((MB - 200) / 22));
      yield `[{"title":"Long","mapping":{`;
      for (let n = 0; n < count; n++) {
        const role = n % 2 === 0 ? "user" : "assistant";
        const parent = n === 0 ? "null" : `"m${n - 1}"`;
        yield `${n === 0 ? "" : ","}"m${n}":{"parent":${parent},"message":{"author":{"role":"${role}"},"content":{"content_type":"text","parts":["${text}"]}}}`;
      }
      yield `},"current_node":"m${count - 1}"}]`;
    },
  },
  "control-chars": {
    what: "ChatGPT: one message of control characters (6 characters each as JSON)",
    file: (bytes) =>
      repeated(
        `[{"title":"Control","mapping":{"u":{"message":{"author":{"role":"user"},"content":{"content_type":"text","parts":["`,
        "\\u0001",
        `"]}},"parent":null}}}]`,
        bytes,
      ),
  },
  "deep-nesting": {
    what: "ours: a tool call's input nested as deep as the file allows",
    file: function* (bytes) {
      const prefix = `{"format":"chat-conversation","version":1,"title":"Deep","messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"","parts":[{"type":"tool","toolCallId":"c","toolName":"t","state":"output-available","input":`;
      const suffix = `}]}]}`;
      const depth = Math.floor((bytes - prefix.length - suffix.length) / 2);
      yield* repeated(prefix, "[", "", prefix.length + depth);
      yield* repeated("", "]", suffix, depth + suffix.length);
    },
  },
  "chatgpt-recap": {
    what: "ChatGPT: a 'Thought for …' recap of digits (a quadratic regex before)",
    file: (bytes) =>
      repeated(
        `${chatgptPrefix("Recap")}{"content_type":"reasoning_recap","content":"Thought for `,
        "1",
        `"}${chatgptSuffix}`,
        bytes,
      ),
  },
  "code-backticks": {
    what: "ChatGPT: code of half a million backtick runs per MB",
    file: (bytes) =>
      repeated(
        `${chatgptPrefix("Code")}{"content_type":"code","language":"text","text":"`,
        "` ",
        `"}${chatgptSuffix}`,
        bytes,
      ),
  },
  "many-attachments": {
    what: "ChatGPT: one message naming tens of thousands of files",
    file: function* (bytes) {
      yield `[{"title":"Files","mapping":{"u":{"message":{"author":{"role":"user"},"content":{"content_type":"text","parts":["Hi"]},"metadata":{"attachments":[`;
      const count = Math.floor(bytes / 32);
      const perChunk = 30_000;
      for (let from = 0; from < count; from += perChunk) {
        const names = [];
        for (let n = from; n < Math.min(count, from + perChunk); n++) {
          names.push(`{"name":"report-${n}.pdf"},`);
        }
        yield names.join("");
      }
      yield `{"name":"last.pdf"}]}},"parent":null}}}]`;
    },
  },
  "details-unclosed": {
    what: 'Open WebUI: unclosed <details type="reasoning"> blocks (a quadratic regex before)',
    file: (bytes) => openWebuiReply("Details", '<details type="reasoning">', bytes),
  },
  "details-no-end": {
    what: 'Open WebUI: <details type="reasoning" tags never ended by ">"',
    file: (bytes) => openWebuiReply("Tags", '<details type="reasoning" ', bytes),
  },
  "think-unclosed": {
    what: "Open WebUI: unclosed <think> blocks",
    file: (bytes) => openWebuiReply("Think", "<think>", bytes),
  },
  "summary-unclosed": {
    what: "Open WebUI: one reasoning block of unclosed <summary> tags",
    file: (bytes) =>
      repeated(
        `[{"title":"Summary","chat":{"history":{"currentId":"a","messages":{"u":{"role":"user","content":"Hi","parentId":null},"a":{"role":"assistant","parentId":"u","content":"${inJson('<details type="reasoning">')}`,
        "<summary>",
        `${inJson("</details>")}"}}}}}]`,
        bytes,
      ),
  },
};

async function writeFile(path: string, chunks: Iterable<string>): Promise<number> {
  const out = createWriteStream(path);
  for (const chunk of chunks) {
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return (await stat(path)).size;
}

/** Polls /health until `signal` aborts; each poll's time from request to answer (ms). */
async function pollHealth(url: string, signal: AbortSignal): Promise<number[]> {
  const polls: number[] = [];
  while (!signal.aborted) {
    const started = performance.now();
    try {
      await (await fetch(`${url}/health`)).arrayBuffer();
    } catch {
      // A refused connection is a stall too: its time counts.
    }
    polls.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return polls;
}

async function ownerCookie(url: string): Promise<string> {
  const response = await fetch(url, { redirect: "manual" });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("chat_owner="));
  if (!cookie) throw new Error("the app set no owner cookie");
  return cookie.split(";")[0] ?? "";
}

interface Row {
  shape: string;
  mb: number;
  status: number;
  answer: string;
  importS: number;
  polls: number[];
}

async function main() {
  const picked = values.shapes ? values.shapes.split(",") : Object.keys(shapes);
  const unknown = picked.filter((name) => !(name in shapes));
  if (unknown.length > 0) throw new Error(`unknown shapes ${unknown.join(", ")}`);
  const dir = await mkdtemp(join(tmpdir(), "chat-import-stall-"));
  const model = await testModelPath("stories260K.gguf");
  const app = await startApp({ CHAT_MODEL: `local:${model}`, LLAMA_THREADS: "1" });
  const rows: Row[] = [];
  const startLoad = loadavg()[0] ?? 0;
  try {
    while ((await fetch(`${app.url}/health`)).status !== 200) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const cookie = await ownerCookie(app.url);

    const idle = new AbortController();
    const idlePolls = pollHealth(app.url, idle.signal);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    idle.abort();
    const baseline = await idlePolls;
    log(`idle: worst /health ${round(Math.max(...baseline))} ms over ${baseline.length} polls`);

    for (const mb of SIZES_MB) {
      for (const name of picked) {
        const shape = shapes[name];
        if (!shape) continue;
        const path = join(dir, `${name}-${mb}.json`);
        const bytes = await writeFile(path, shape.file(mb * MB));
        const polling = new AbortController();
        const polls = pollHealth(app.url, polling.signal);
        const started = performance.now();
        const response = await fetch(`${app.url}/api/conversations/import`, {
          method: "POST",
          headers: { cookie, "content-type": "application/json" },
          body: await openAsBlob(path),
        });
        const body = await response.text();
        const importS = (performance.now() - started) / 1000;
        polling.abort();
        const row: Row = {
          shape: name,
          mb: round(bytes / MB, 1),
          status: response.status,
          answer: summary(response.status, body),
          importS,
          polls: await polls,
        };
        rows.push(row);
        log(
          `${name} ${row.mb} MB: ${row.status} in ${round(importS)} s, worst /health ${round(Math.max(...row.polls))} ms (${row.answer})`,
        );
        await rm(path, { force: true });
      }
    }

    console.log(
      `\nimport-stall, ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}, load ${round(startLoad, 2)} → ${round(loadavg()[0] ?? 0, 2)}`,
    );
    console.log(
      `idle baseline: worst /health ${round(Math.max(...baseline))} ms, median ${round(median(baseline))} ms (${baseline.length} polls in 5 s)\n`,
    );
    console.log(
      formatTable(
        ["shape", "MB", "answer", "import s", "polls", "median ms", "worst ms", "≤ 1 s"],
        rows.map((row) => {
          const worst = Math.max(...row.polls);
          return [
            row.shape,
            String(row.mb),
            `${row.status} ${row.answer}`,
            String(round(row.importS)),
            String(row.polls.length),
            String(round(median(row.polls))),
            String(round(worst)),
            worst <= TARGET_MS ? "✓" : "✗",
          ];
        }),
      ),
    );
    const failed = rows.filter((row) => Math.max(...row.polls) > TARGET_MS);
    if (failed.length > 0) process.exitCode = 1;
  } finally {
    // A server that went away mid-run says why in its own output.
    if (app.process.exitCode !== null || app.process.signalCode !== null) {
      log(
        `the app exited (${app.process.exitCode ?? app.process.signalCode}):\n${app.output().slice(-4000)}`,
      );
    }
    await app.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The answer in a few words: how many were imported, or the start of the refusal. */
function summary(status: number, body: string): string {
  try {
    const json = JSON.parse(body);
    if (status === 200) {
      return `${json.imported} imported${json.failed.length > 0 ? `, ${json.failed.length} failed` : ""}`;
    }
    const message: string = json.error?.message ?? body;
    return message.length > 60 ? `${message.slice(0, 57)}…` : message;
  } catch {
    return body.slice(0, 60);
  }
}

await main();
