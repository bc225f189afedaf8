import { createRequire } from "node:module";

import type { Page } from "playwright-core";

const axeSource = (createRequire(import.meta.url)("axe-core") as { source: string }).source;

type AxeNode = { target: string[]; any?: Array<{ message: string; data?: { messageKey?: string } | null }> };
type AxeRule = { id: string; impact: string | null; help: string; nodes: AxeNode[] };
type AxeResult = { violations: AxeRule[]; incomplete: AxeRule[] };

/**
 * Runs axe-core on the page as it is and returns what is wrong, one line each: serious and critical
 * violations, and text whose contrast axe could not measure for its background. The page's context must bypass the CSP
 * (axe goes in as an inline script).
 *
 * The scroll shadows of the tab bar, the wide tables and the section chips (app.css, "Horizontal
 * scrollers") are gradients, and axe gives up on any text over a gradient: colour contrast came back
 * "incomplete" for every node inside them, on every engagement page, and a contrast regression there
 * would pass unseen. The shadows are drawn over the scroller's own plain colour (--scroll-bg), so
 * they are taken off for the check: the text is then measured against the colour it really sits on,
 * and text axe still finds over a gradient or image is reported, so the check cannot go blind again.
 * (Its other "could not tell" cases stay unreported, as before: a glyph named by its aria-label, a
 * tick label of one or two characters, SVG text, a legend on its fieldset's border.)
 */
const BLIND = new Set(["bgGradient", "bgImage"]);

export async function axeProblems(page: Page, name: string): Promise<string[]> {
  await page.addStyleTag({
    content:
      ".tabs, .table-wrap, .assess-progress__list { background: var(--scroll-bg, var(--surface)) !important; }",
  });
  await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (o: object) => Promise<unknown> } }).axe.run({
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    }),
  )) as AxeResult;
  const line = (v: AxeRule, nodes: AxeNode[]) =>
    `${name}: axe ${v.id} (${v.impact}) ${v.help} — ${nodes
      .slice(0, 3)
      .map((n) => `${n.target.join(" ")}${n.any?.[0] ? ` (${n.any[0].message})` : ""}`)
      .join(", ")}`;
  return [
    ...result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => line(v, v.nodes)),
    ...result.incomplete
      .filter((v) => v.id === "color-contrast")
      .map((v) => ({
        ...v,
        nodes: v.nodes.filter((n) => BLIND.has(n.any?.[0]?.data?.messageKey ?? "")),
      }))
      .filter((v) => v.nodes.length > 0)
      .map((v) => `${line(v, v.nodes)} [not measured: ${v.nodes.length} nodes]`),
  ];
}
