// Calibration: every example scenario in content/examples/ estimated, its tiers printed beside the
// range of its reference class (what comparable projects cost). A scenario whose launch minimum
// (likely, P50) falls outside its class's range, or that lands in another class than it declares,
// fails: exit code 1. Tests run the same check (app/engine/calibration.test.ts).
//
//   npm run calibrate [-- DIR]        (DIR defaults to content/examples)

import { readdirSync } from "node:fs";
import path from "node:path";

import { formatProblems } from "../app/engine/content/parse";
import { calibrateScenario, type Calibration } from "../app/engine/calibration";
import { loadContentDir } from "../app/models/content.server";
import { readAnswersFile } from "./estimate";

const dir = process.argv[2] ?? "content/examples";
const loaded = loadContentDir(process.env.CONTENT_DIR ?? "content");
if (!loaded.ok) {
  process.stderr.write(`content is invalid:\n${formatProblems(loaded.problems)}\n`);
  process.exit(1);
}

const h = (n: number) => `${Math.round(n)} h`;
const pad = (s: string, n: number) => s.padEnd(n);
let failed = 0;
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort();
for (const file of files) {
  const input = readAnswersFile(path.join(dir, file));
  if (!input.scenario) {
    process.stdout.write(`${file}: no "scenario" (skipped: not a calibration scenario)\n\n`);
    continue;
  }
  let result: Calibration;
  try {
    result = calibrateScenario(
      loaded.content,
      input.answers,
      input.settings ?? {},
      input.scenario.referenceClass,
    );
  } catch (error) {
    failed++;
    process.stdout.write(`${file}: ${(error as Error).message}\n\n`);
    continue;
  }
  const { tiers, reference, problems, total, answered } = result;
  process.stdout.write(`${input.scenario.title}  (${file}, ${answered} questions answered)\n`);
  for (const t of tiers) {
    process.stdout.write(
      `  ${pad(t.title, 16)} ${String(t.tasks).padStart(3)} tasks  likely ${pad(h(t.hours.p50), 7)} cautious ${pad(h(t.hours.p90), 7)} ${t.weeks.p50.toFixed(1)}–${t.weeks.p90.toFixed(1)} wk\n`,
    );
  }
  process.stdout.write(
    `  ${pad("Total", 16)}            likely ${pad(h(total.p50), 7)} cautious ${pad(h(total.p90), 7)}\n`,
  );
  if (reference) {
    process.stdout.write(
      `  Reference: ${reference.title} — launch minimum ${reference.low}–${reference.high} h (median ${reference.median}); this one: ${h(reference.estimate)} → ${reference.position}\n`,
    );
  }
  if (problems.length > 0) {
    failed++;
    for (const p of problems) process.stdout.write(`  FAIL: ${p}\n`);
  } else process.stdout.write("  ok\n");
  process.stdout.write("\n");
}
process.stdout.write(
  failed === 0
    ? `All ${files.length} scenarios inside their reference ranges.\n`
    : `${failed} scenario(s) failed.\n`,
);
process.exitCode = failed === 0 ? 0 : 1;
