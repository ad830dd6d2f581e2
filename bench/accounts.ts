/**
 * `npm run bench:accounts` (after `npm run build`): what accounts add to a request. The built app
 * runs four times on this machine — CHAT_AUTH=none and CHAT_AUTH=accounts, each on SQLite and on
 * PostgreSQL — and the same requests go to each in interleaved rounds over a real socket:
 *
 * - the page's API (`GET /api/conversations`): an anonymous owner cookie against a person's
 *   session, which Better Auth looks up in the database on every request;
 * - `/v1/models`: the open API against a person's key (the API key plugin: found by its hash,
 *   its last use written, the person and their role's policy read) and an operator key.
 *
 * Target (issue 22): the session check and every key check add ≤ 2 ms per request: the median
 * of the differences paired by round (each target and its baseline were measured side by side)
 * against CHAT_AUTH=none in the same run. The p95s are printed too; on a machine others share,
 * they move by more than the target between runs. Exit status 1 when the target is missed.
 */
import { parseArgs } from "node:util";
import { type RunningApp, startApp } from "../tests/support/app-server";
import { freshPostgresDatabase } from "../tests/support/postgres-database";
import { formatTable, median, quantile, round } from "./stats";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "400" },
    warmup: { type: "string", default: "50" },
  },
});
const rounds = Number(values.rounds);
const warmup = Number(values.warmup);
const OPERATOR_KEY = "bench-operator-key-0123456789abcdef";
const noModel = { CHAT_MODEL: "openai-compatible:http://127.0.0.1:9/v1#none" };

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
}

async function time(target: Target): Promise<number> {
  const started = performance.now();
  const response = await fetch(target.url, { headers: target.headers });
  await response.arrayBuffer();
  const elapsed = performance.now() - started;
  if (!response.ok) throw new Error(`${target.name}: ${response.status}`);
  return elapsed;
}

/** A person on an accounts app: their session cookie and one key of theirs. */
async function person(app: RunningApp): Promise<{ cookie: string; key: string }> {
  const headers = { "content-type": "application/json", origin: app.url };
  const signUp = await fetch(`${app.url}/api/auth/sign-up/email`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      email: "bench@example.com",
      password: "correct horse battery",
      name: "B",
    }),
  });
  const cookie = signUp.headers
    .getSetCookie()
    .map((line) => line.split(";")[0] ?? "")
    .find((pair) => pair.startsWith("chat.session_token="));
  if (!signUp.ok || !cookie) throw new Error(`sign-up failed: ${signUp.status}`);
  const made = await fetch(`${app.url}/api/auth/api-key/create`, {
    method: "POST",
    headers: { ...headers, cookie },
    body: JSON.stringify({ name: "bench" }),
  });
  const { key } = (await made.json()) as { key: string };
  return { cookie, key };
}

async function main() {
  const database = await freshPostgresDatabase();
  const baseDatabase = await freshPostgresDatabase();
  const apps: RunningApp[] = [];
  try {
    const none = await startApp({ ...noModel });
    apps.push(none);
    const nonePg = await startApp({ ...noModel, DATABASE_URL: baseDatabase.url });
    apps.push(nonePg);
    const sqlite = await startApp({
      ...noModel,
      CHAT_AUTH: "accounts",
      CHAT_API_KEYS: OPERATOR_KEY,
    });
    apps.push(sqlite);
    const pg = await startApp({
      ...noModel,
      CHAT_AUTH: "accounts",
      CHAT_API_KEYS: OPERATOR_KEY,
      DATABASE_URL: database.url,
    });
    apps.push(pg);

    // The anonymous owner cookie the proxy gives a browser.
    const ownerCookie = async (app: RunningApp) => {
      const first = await fetch(`${app.url}/`, { redirect: "manual" });
      return (first.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
    };
    const onSqlite = await person(sqlite);
    const onPg = await person(pg);

    const pair = (label: string, app: RunningApp, cookie: string) => ({
      page: {
        name: `none, ${label}: page API`,
        url: `${app.url}/api/conversations`,
        headers: { cookie },
      },
      v1: { name: `none, ${label}: /v1 (open)`, url: `${app.url}/v1/models`, headers: {} },
    });
    const baselines = {
      SQLite: pair("SQLite", none, await ownerCookie(none)),
      PostgreSQL: pair("PostgreSQL", nonePg, await ownerCookie(nonePg)),
    };
    const compared: Array<{ target: Target; against: Target }> = [];
    for (const [dialect, app, who] of [
      ["SQLite", sqlite, onSqlite],
      ["PostgreSQL", pg, onPg],
    ] as const) {
      const baseline = baselines[dialect];
      const target = (name: string, path: string, headers: Record<string, string>) => ({
        name: `accounts, ${dialect}: ${name}`,
        url: `${app.url}${path}`,
        headers,
      });
      compared.push(
        {
          target: target("page API, session", "/api/conversations", { cookie: who.cookie }),
          against: baseline.page,
        },
        {
          target: target("/v1, person key", "/v1/models", { authorization: `Bearer ${who.key}` }),
          against: baseline.v1,
        },
        {
          target: target("/v1, operator key", "/v1/models", {
            authorization: `Bearer ${OPERATOR_KEY}`,
          }),
          against: baseline.v1,
        },
      );
    }
    const targets = [
      ...Object.values(baselines).flatMap((b) => [b.page, b.v1]),
      ...compared.map((c) => c.target),
    ];
    const samples = new Map<string, number[]>(targets.map((t) => [t.name, []]));
    for (let round = 0; round < warmup + rounds; round++) {
      // Each round every target once, in an order that turns, so none always goes first.
      for (let i = 0; i < targets.length; i++) {
        const target = targets[(round + i) % targets.length] as Target;
        const elapsed = await time(target);
        if (round >= warmup) samples.get(target.name)?.push(elapsed);
      }
    }

    const ms = (value: number) => round(value, 2).toFixed(2);
    const rows = targets.map((t) => {
      const values = samples.get(t.name) ?? [];
      return [t.name, ms(median(values)), ms(quantile(values, 0.95))];
    });
    console.log(`\n${rounds} rounds (after ${warmup} to warm up), ms per request over HTTP:\n`);
    console.log(formatTable(["request", "median", "p95"], rows));

    let missed = false;
    const added = compared.map(({ target, against }) => {
      const mine = samples.get(target.name) ?? [];
      const base = samples.get(against.name) ?? [];
      // Paired by round: both were measured within the same round, side by side.
      const differences = mine.map((value, index) => value - (base[index] ?? value));
      const medianAdded = median(differences);
      const p95Added = quantile(mine, 0.95) - quantile(base, 0.95);
      const ok = medianAdded <= 2;
      missed ||= !ok;
      return [target.name, ms(medianAdded), ms(p95Added), ok ? "yes" : "NO"];
    });
    console.log("\nAdded by accounts against CHAT_AUTH=none (target: median added ≤ 2 ms):\n");
    console.log(formatTable(["request", "median added", "p95 added", "median ≤ 2 ms"], added));
    process.exitCode = missed ? 1 : 0;
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
    await database.drop();
    await baseDatabase.drop();
  }
}

await main();
