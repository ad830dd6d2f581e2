// Checks regular expressions with recheck, one after another, for tests/lint/regex-verdicts.ts:
// reads one JSON request per line on stdin ({ source, flags }), writes one verdict per line on
// stdout, in the same order. Run as its own process so that a check that never ends (recheck's
// time limits are off on purpose) can be killed with its native agent, from outside.
import { createInterface } from "node:readline";
import { check } from "recheck";

/** recheck's diagnostics as one word ("safe", "linear", …) or what was wrong. */
function verdictOf(diagnostics) {
  if (diagnostics.status === "vulnerable") {
    return `vulnerable: ${diagnostics.complexity.summary}, e.g. ${diagnostics.attack.pattern}`;
  }
  if (diagnostics.status === "unknown") return `unknown: ${diagnostics.error.kind}`;
  return diagnostics.complexity.type;
}

// Off: under a shared CPU a check can be slow, and the verdict must depend only on the
// expression. The parent's wall-clock limit is what stops an undecidable one.
const noLimits = { timeout: null, attackTimeout: null, incubationTimeout: null };

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() === "") continue;
  const { source, flags } = JSON.parse(line);
  let verdict;
  try {
    verdict = verdictOf(await check(source, flags, noLimits));
  } catch (error) {
    verdict = `error: ${error instanceof Error ? error.message : String(error)}`;
  }
  process.stdout.write(`${JSON.stringify({ verdict })}\n`);
}
process.exit(0);
