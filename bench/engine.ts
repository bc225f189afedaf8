// Engine benchmark: a full assessment (10,000 draws) on the real question bank, with answers that
// pull in as many tasks as the content allows, plus the Monte Carlo core alone over every task in
// the content. Target: median under 50 ms for the assessment.
//
//   npm run bench:engine            (CONTENT_DIR overrides the content directory)

import type { Answers, Content } from "../app/engine/content/types";
import { formatProblems } from "../app/engine/content/parse";
import { assess } from "../app/engine/assess";
import { answerContext } from "../app/engine/answers";
import { triggeredTasks } from "../app/engine/scope";
import { simulate } from "../app/engine/simulate";
import { loadContentDir } from "../app/models/content.server";

const WARMUP = 3;
const RUNS = 15;
const DRAWS = 10_000;
const TARGET_MS = 50;

/**
 * Every area question "I'm not sure" (which prices the discovery task and every task its options
 * can trigger), with intake answers picked greedily to keep the most areas and questions in play.
 */
function worstCaseAnswers(content: Content): Answers {
  const answers: Answers = {};
  for (const area of content.areas) for (const q of area.questions) answers[q.id] = "unsure";
  const count = (a: Answers) => triggeredTasks(answerContext(content, a)).length;
  for (const q of content.intake.questions) {
    const candidates =
      q.kind === "number"
        ? [q.max ?? 1000]
        : q.kind === "multi"
          ? [q.options.filter((o) => !o.exclusive).map((o) => o.id)]
          : q.kind === "text"
            ? []
            : q.options.map((o) => o.id);
    let best = count(answers);
    let choice: Answers[string] | undefined;
    for (const value of candidates) {
      const n = count({ ...answers, [q.id]: value });
      if (n > best || choice === undefined) {
        best = n;
        choice = value;
      }
    }
    if (choice !== undefined) answers[q.id] = choice;
  }
  return answers;
}

function time(fn: () => void): { median: number; min: number; max: number } {
  for (let i = 0; i < WARMUP; i++) fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    fn();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(RUNS / 2)]!, min: ms[0]!, max: ms[RUNS - 1]! };
}

const fmt = (t: { median: number; min: number; max: number }) =>
  `median ${t.median.toFixed(1)} ms  (min ${t.min.toFixed(1)}, max ${t.max.toFixed(1)})`;

const loaded = loadContentDir(process.env.CONTENT_DIR ?? "content");
if (!loaded.ok) {
  process.stderr.write(`content is invalid:\n${formatProblems(loaded.problems)}\n`);
  process.exit(1);
}
const content = loaded.content;
const answers = worstCaseAnswers(content);
const sample = assess(content, answers, {}, { draws: DRAWS });

console.log(
  `content ${content.version}: ${content.tasks.length} tasks (${content.tasks.filter((t) => t.discovery).length} discovery)`,
);
console.log(
  `worst-case answers trigger ${sample.tasks.length} tasks; ${DRAWS} draws, ${WARMUP} warm-up + ${RUNS} measured runs\n`,
);

const results: Array<[string, { median: number; min: number; max: number }]> = [];
for (const teamSize of [1, 3]) {
  results.push([
    `assess, team of ${teamSize}`,
    time(() => assess(content, answers, { teamSize }, { draws: DRAWS })),
  ]);
}
const everything = content.tasks.map((t) => ({ id: t.id, estimate: t.estimate, dependsOn: t.dependsOn }));
results.push([
  `simulate, all ${everything.length} content tasks, team of 3`,
  time(() => simulate(everything, { sigma: 0.5, teamSize: 3, weeklyCapacity: 30, draws: DRAWS })),
]);
for (const [name, t] of results) console.log(`${name.padEnd(46)} ${fmt(t)}`);

const { hours, weeks } = sample.effort;
console.log(
  `\nsample: P50 ${hours.p50.toFixed(0)} h, P90 ${hours.p90.toFixed(0)} h (P90/P50 ${(hours.p90 / hours.p50).toFixed(2)}), ` +
    `${weeks.p50.toFixed(1)}-${weeks.p90.toFixed(1)} weeks, sigma ${sample.effort.sigma.toFixed(2)}`,
);
const worst = Math.max(results[0]![1].median, results[1]![1].median);
console.log(
  worst <= TARGET_MS ? `OK: median within ${TARGET_MS} ms` : `SLOW: median above ${TARGET_MS} ms target`,
);
