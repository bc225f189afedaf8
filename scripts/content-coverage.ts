// Coverage of the public checklists in content/coverage/: `npm run content:coverage [-- DIR] [--list ID] [--gaps]`.
// For each list: items asked about by a question or option, applicable gaps, out of scope, and the
// coverage (asked / applicable). Exit 1 when the content is invalid (the same check as
// content:check, which already fails on an item that is neither mapped nor explained) or when a
// list is under the target.

import { loadContentDir } from "../app/models/content.server";
import { formatProblems } from "../app/engine/content/parse";
import { coverageStats } from "../app/engine/content/coverage";

/** Every list must have at least this share of its applicable items asked about by a question. */
const COVERAGE_TARGET = 0.85;

const args = process.argv.slice(2);
const showGaps = args.includes("--gaps");
const listArg = args.indexOf("--list");
const only = listArg >= 0 ? args[listArg + 1] : undefined;
const dir =
  args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--list") ??
  process.env.CONTENT_DIR ??
  "content";

const result = loadContentDir(dir);
if (!result.ok) {
  console.error(formatProblems(result.problems));
  process.exit(1);
}
const lists = result.content.coverage.filter((l) => !only || l.id === only);
if (lists.length === 0) {
  console.error(
    only ? `no coverage list "${only}" in ${dir}/coverage/` : `no coverage lists in ${dir}/coverage/`,
  );
  process.exit(1);
}
const pct = (n: number) => `${(n * 100).toFixed(0)}%`;
let below = 0;
for (const list of lists) {
  const s = coverageStats(list);
  const ok = s.coverage >= COVERAGE_TARGET;
  if (!ok) below++;
  console.log(
    `${ok ? "ok  " : "LOW "} ${pct(s.coverage).padStart(4)}  ${String(s.asked).padStart(3)} asked / ${String(s.asked + s.gap).padStart(3)} applicable  (${s.gap} gap, ${s.outOfScope} out of scope, ${s.items} items)  ${s.id}: ${s.title}`,
  );
  if (showGaps)
    for (const i of list.items.filter((x) => x.status === "gap"))
      console.log(`        gap ${i.ref}: ${i.text} — ${i.reason}`);
}
console.log(
  below === 0
    ? `Every list at or above ${pct(COVERAGE_TARGET)} of its applicable items.`
    : `${below} list(s) below ${pct(COVERAGE_TARGET)}.`,
);
process.exitCode = below === 0 ? 0 : 1;
