// The whole assessment in one pure call: readiness, scope, effort range, cost, drivers and what
// would narrow the range. Same content, answers, settings and seed give the same result, to the byte.

import type { Answers, Content } from "./content/types";
import type { Assessment, AssessOptions, ResolvedSettings, Settings, Stage } from "./assessment-types";
import { DEFAULT_SETTINGS, STAGES } from "./assessment-types";
import { answerContext } from "./answers";
import { conflictsIn } from "./conflicts";
import type { AnswerContext } from "./answers";
import { DEFAULT_TOP, narrowers, questionDrivers, taskDrivers } from "./insight";
import { STAGE_QUESTION } from "./intake-ids";
import { DEFAULT_SEED } from "./rng";
import { scoreReadiness } from "./score";
import { sizeReadings, triggeredTasks } from "./scope";
import { DEFAULT_DRAWS, runSteps, simulateSteps } from "./simulate";
import { money, provisionalOf, referenceComparison, sharedWork, tierEstimates } from "./tiers";
import { countUncertainty, sigmaTerms } from "./uncertainty";

export { validateAnswers } from "./answers";

/** Intake options that are not stage names themselves. */
const STAGE_ALIASES: Readonly<Record<string, Stage>> = { growing: "live", idea: "idea" };

function stageFromAnswers(ctx: AnswerContext): Stage | undefined {
  const meaning = ctx.interpreted.get(STAGE_QUESTION);
  const id = meaning?.kind === "options" ? meaning.options[0]?.id : undefined;
  if (id === undefined) return undefined;
  return (STAGES as readonly string[]).includes(id) ? (id as Stage) : STAGE_ALIASES[id];
}

/**
 * Missing settings take their defaults; the stage, when not set, comes from the intake answer about
 * how far along the product is, else the default.
 */
export function resolveSettings(settings: Partial<Settings>, ctx?: AnswerContext): ResolvedSettings {
  const defined = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
  const stage = settings.stage ?? (ctx && stageFromAnswers(ctx)) ?? DEFAULT_SETTINGS.stage;
  const resolved = { ...DEFAULT_SETTINGS, ...defined, stage };
  if (!(resolved.hourlyRate >= 0) || !Number.isFinite(resolved.hourlyRate)) {
    throw new RangeError("hourlyRate must be a number >= 0");
  }
  return resolved;
}

export function assess(
  content: Content,
  answers: Answers,
  settings: Partial<Settings> = {},
  opts: AssessOptions = {},
): Assessment {
  return runSteps(assessSteps(content, answers, settings, opts));
}

/** `assess` as resumable steps (the simulation pauses between blocks of draws; see simulateSteps). */
export function* assessSteps(
  content: Content,
  answers: Answers,
  settings: Partial<Settings> = {},
  opts: AssessOptions = {},
): Generator<void, Assessment, void> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const draws = opts.draws ?? DEFAULT_DRAWS;
  const top = opts.top ?? DEFAULT_TOP;
  const ctx = answerContext(content, answers);
  const resolved = resolveSettings(settings, ctx);

  const readiness = scoreReadiness(ctx);
  const tasks = triggeredTasks(ctx);
  const size = sizeReadings(ctx);
  const terms = sigmaTerms(countUncertainty(ctx), resolved.stage);
  const sim = yield* simulateSteps(
    tasks.map((t) => ({ id: t.id, estimate: t.estimate, dependsOn: t.dependsOn, phase: t.phase })),
    {
      sigma: terms.sigma,
      teamSize: resolved.teamSize,
      weeklyCapacity: resolved.weeklyCapacity,
      focusFactor: resolved.focusFactor,
      seed,
      draws,
    },
  );
  const { hourlyRate: rate, currency } = resolved;
  const tiers = tierEstimates(sim.tiers, rate, currency);
  const provisional = provisionalOf(readiness.completion, tasks);

  return {
    contentVersion: content.version,
    settings: resolved,
    completion: readiness.completion,
    overall: readiness.overall,
    areas: readiness.areas,
    blockers: readiness.blockers,
    unsure: readiness.unsure,
    possibleBlockers: readiness.possibleBlockers,
    tasks,
    size,
    effort: {
      ...sim,
      cost: money(sim.hours, rate, currency),
      sigmaTerms: terms,
      tiers,
      shared: sharedWork(tasks),
    },
    conflicts: conflictsIn(ctx),
    reference: referenceComparison({
      ctx,
      launch: tiers[0]!,
      tasks,
      size,
      provisional,
      rate,
      currency,
    }),
    provisional,
    drivers: { tasks: taskDrivers(tasks, top), questions: questionDrivers(tasks, ctx, top) },
    narrowers: narrowers(ctx, tasks, terms, resolved.stage, sim, top),
  };
}
