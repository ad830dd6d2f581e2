import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const require = createRequire(import.meta.url);
let source: Promise<string> | undefined;

/** One accessibility problem axe-core found, as a failing test prints it. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (the real engine, its own source injected into the page) on the page as it is
 * now, and returns its serious and critical violations. The page's context needs
 * `bypassCSP: true`: the injected script has no nonce.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  source ??= readFile(require.resolve("axe-core/axe.min.js"), "utf8");
  if (!(await page.evaluate(() => "axe" in window))) {
    await page.addScriptTag({ content: await source });
  }
  return page.evaluate(async () => {
    // The page as it settles: a toast or a tooltip fading in or out has, for a moment, text whose
    // contrast is its final colour's at part opacity (axe flagged a sonner toast mid-transition).
    // Endless animations (spinners) are left running.
    await Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    );
    const axe = (window as unknown as { axe: AxeRunner }).axe;
    const results = await axe.run(document, { resultTypes: ["violations"] });
    return results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((node) => node.target.join(" ")),
      }));

    interface AxeRunner {
      run: (
        context: Document,
        options: { resultTypes: string[] },
      ) => Promise<{
        violations: Array<{
          id: string;
          impact: string | null;
          help: string;
          nodes: Array<{ target: string[] }>;
        }>;
      }>;
    }
  });
}
