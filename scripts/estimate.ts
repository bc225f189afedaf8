// Estimate from the command line: readiness, scope and effort range for a file of answers.
//
//   npm run --silent estimate -- ANSWERS.json [--seed N] [--draws N]
//
// ANSWERS.json: { "answers": { "<questionId>": value, ... },
//                 "settings": { "hourlyRate", "currency", "teamSize", "weeklyCapacity", "stage" } }
// (settings optional, any subset). Content comes from $CONTENT_DIR (default "content").
// Prints JSON on stdout. Anything wrong with the file or the content is named on stderr and the
// exit code is non-zero (1 for bad input or content, 2 for bad usage).

import { readFileSync } from "node:fs";
import { z } from "zod";
import { formatProblems } from "../app/engine/content/parse";
import { STAGES } from "../app/engine/assessment-types";
import type { Assessment, Finding, Stage } from "../app/engine/assessment-types";
import { assess, validateAnswers } from "../app/engine/assess";
import { isCurrencyCode } from "../app/engine/money";
import { DEFAULT_SEED } from "../app/engine/rng";
import { DEFAULT_DRAWS } from "../app/engine/simulate";
import { loadContentDir } from "../app/models/content.server";
import { assessmentView } from "../app/utils/assessment-view";

const USAGE = "usage: npm run --silent estimate -- ANSWERS.json [--seed N] [--draws N]";

const AnswerValueSchema = z.union([z.string(), z.array(z.string()), z.number().finite()], {
  errorMap: () => ({ message: "expected an option id, a list of option ids, a number or text" }),
});

const SettingsSchema = z
  .object({
    hourlyRate: z.number().finite().nonnegative(),
    currency: z.string().refine(isCurrencyCode, "expected a currency code such as USD or EUR"),
    teamSize: z.number().int().min(1).max(100),
    weeklyCapacity: z.number().positive().max(168),
    stage: z.enum(STAGES as [Stage, ...Stage[]]),
    focusFactor: z.number().gt(0).max(1),
  })
  .partial()
  .strict();

/** What an example scenario is, for `npm run calibrate` (content/examples/*.json). */
const ScenarioSchema = z
  .object({
    title: z.string().min(1),
    description: z.string().min(1),
    /** the reference class the scenario must land in */
    referenceClass: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "expected a reference class id"),
  })
  .strict();

const AnswersFileSchema = z
  .object({
    scenario: ScenarioSchema.optional(),
    answers: z.record(AnswerValueSchema),
    settings: SettingsSchema.optional(),
  })
  .strict();

class UsageError extends Error {}
class InputError extends Error {}

interface Args {
  file: string;
  seed: number;
  draws: number;
}

function parseArgs(argv: readonly string[]): Args {
  let file: string | undefined;
  let seed = DEFAULT_SEED;
  let draws = DEFAULT_DRAWS;
  const integer = (flag: string, raw: string | undefined, min: number, max: number): number => {
    const n = raw !== undefined && /^-?\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max)
      throw new UsageError(`${flag} needs a whole number from ${min} to ${max}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith("--")
      ? (arg.split(/=(.*)/s, 2) as [string, string | undefined])
      : [arg, undefined];
    if (flag === "--help" || flag === "-h") throw new UsageError("");
    else if (flag === "--seed") seed = integer("--seed", inline ?? argv[++i], -(2 ** 31), 2 ** 32 - 1);
    else if (flag === "--draws") draws = integer("--draws", inline ?? argv[++i], 1, 1_000_000);
    else if (flag.startsWith("-")) throw new UsageError(`unknown option ${flag}`);
    else if (file === undefined) file = arg;
    else throw new UsageError(`unexpected argument ${arg}`);
  }
  if (file === undefined) throw new UsageError("missing ANSWERS.json");
  return { file, seed, draws };
}

/** "answers[\"auth.rls\"]" style paths for zod issues. */
function issuePath(path: ReadonlyArray<string | number>): string {
  return (
    path
      .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `[${JSON.stringify(p)}]`))
      .join("") || "(root)"
  );
}

export function readAnswersFile(file: string): z.infer<typeof AnswersFileSchema> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      `${file}: cannot read the file (${code === "ENOENT" ? "no such file" : (code ?? String(error))})`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: malformed JSON: ${(error as Error).message}`);
  }
  const parsed = AnswersFileSchema.safeParse(data);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues.map((i) => `${file}: ${issuePath(i.path)}: ${i.message}`).join("\n"),
    );
  }
  return parsed.data;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** Every number of a flat record rounded (hours and weeks to tenths, money to whole units); a rate stays as set. */
function rounded<T extends object>(o: T, round: (n: number) => number): T {
  return Object.fromEntries(
    Object.entries(o).map(([k, v]) => [k, typeof v === "number" && k !== "rate" ? round(v) : v]),
  ) as T;
}

function finding(f: Finding) {
  return { questionId: f.questionId, area: f.area, title: f.prompt, impact: f.impact, answer: f.answer };
}

/**
 * The stable, rounded report: the assessment as every view shows it (app/utils/assessment-view.ts),
 * rounded so the same inputs give the same bytes, plus what a script wants beyond the page (every
 * tier percentile, the task list, the drivers' shares). Not every internal number.
 */
export function report(a: Assessment) {
  const view = assessmentView(a);
  const { effort } = view;
  return {
    contentVersion: view.contentVersion,
    seed: a.effort.seed,
    draws: a.effort.draws,
    settings: view.settings,
    completion: view.completion,
    overall: view.overall,
    areas: view.areas.map((area) => ({
      id: area.id,
      title: area.title,
      applicable: area.applicable,
      score: area.score,
      level: area.level,
      completion: area.completion.percent,
      risks: { high: area.risks.high.map(finding), medium: area.risks.medium.map(finding) },
      unsure: area.unsure.map((u) => u.questionId),
    })),
    blockers: view.blockers.map(finding),
    provisional: { ...view.provisional, unansweredHours: round1(view.provisional.unansweredHours) },
    size: view.size.map((s) => ({
      driver: s.driverId,
      title: s.title,
      units: s.units,
      reference: s.reference,
      answered: s.answered,
    })),
    effort: {
      hours: rounded(effort.hours, round1),
      weeks: rounded(effort.weeks, round1),
      cost: rounded(effort.cost, Math.round),
      sigma: round3(effort.sigma),
      pertMean: round1(a.effort.pertMean),
      likelySum: round1(effort.likelySum),
      shareAboveLikely: round3(effort.shareAboveLikely),
      tiers: a.effort.tiers.map((t) => ({
        id: t.id,
        title: t.title,
        tasks: t.tasks,
        hours: rounded(t.hours, round1),
        weeks: rounded({ p10: t.weeks.p10, p50: t.weeks.p50, p80: t.weeks.p80, p90: t.weeks.p90 }, round1),
        cost: rounded(t.cost, Math.round),
      })),
      shared: effort.shared.map((s) => ({ ...s, hours: round1(s.hours), saved: round1(s.saved) })),
    },
    reference: view.reference,
    tasks: a.tasks.map((t) => ({
      id: t.id,
      area: t.area,
      title: t.title,
      phase: t.phase,
      contingent: t.contingent,
      provisional: t.provisional,
      shared: t.shared,
      multiplier: round3(t.multiplier),
      estimate: {
        optimistic: round1(t.estimate.optimistic),
        likely: round1(t.estimate.likely),
        pessimistic: round1(t.estimate.pessimistic),
      },
      mean: round1(t.mean),
      triggeredBy: t.triggeredBy,
      dependsOn: t.dependsOn,
    })),
    drivers: {
      tasks: view.drivers.tasks.map((d) => ({ ...d, hours: round1(d.hours), share: round3(d.share) })),
      questions: view.drivers.questions.map((d) => ({
        questionId: d.questionId,
        area: d.area,
        title: d.prompt,
        unsure: d.unsure,
        hours: round1(d.hours),
        share: round3(d.share),
      })),
    },
    narrowers: view.narrowers.map((n) => ({
      questionId: n.questionId,
      area: n.area,
      title: n.prompt,
      state: n.state,
      spreadHours: round1(n.spreadHours),
      meanHours: round1(n.meanHours),
    })),
  };
}

function main(argv: readonly string[]): number {
  try {
    const args = parseArgs(argv);
    const input = readAnswersFile(args.file);
    const loaded = loadContentDir(process.env.CONTENT_DIR ?? "content");
    if (!loaded.ok) {
      process.stderr.write(`content is invalid:\n${formatProblems(loaded.problems)}\n`);
      return 1;
    }
    const problems = validateAnswers(loaded.content, input.answers);
    if (problems.length > 0) {
      throw new InputError(
        problems.map((p) => `${args.file}: answers[${JSON.stringify(p.questionId)}]: ${p.reason}`).join("\n"),
      );
    }
    const result = assess(loaded.content, input.answers, input.settings ?? {}, {
      seed: args.seed,
      draws: args.draws,
    });
    process.stdout.write(`${JSON.stringify(report(result), null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message ? `${error.message}\n` : ""}${USAGE}\n`);
      return 2;
    }
    if (error instanceof InputError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

// Run as a script, not when imported (the calibration script reuses the report).
if (process.argv[1] && /estimate\.ts$/.test(process.argv[1])) process.exitCode = main(process.argv.slice(2));
