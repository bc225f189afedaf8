// Readiness: per-area scores, the overall score and level, completion, risks and launch blockers.
//
// Rules (docs/content-format.md):
// - an area's score is the weighted mean readiness (question.weight) of its visible, answered,
//   scored questions, times 100; "unsure" counts as readiness 0 and is listed; "not applicable"
//   leaves the question out (it is neither 100 nor 0); multi answers count their weakest option,
//   number answers the band their value falls in;
// - an area that does not apply has no score, and neither does an area with nothing scored yet:
//   an empty area must not read as 0% (alarming) or 100% (reassuring);
// - the overall score is the mean of area scores weighted by area.weight, over areas that apply and
//   have at least one scored answer.

import { describeAnswer } from "./answer-words";
import type { Option, Question, Risk } from "./content/types";
import type {
  AreaAssessment,
  Completion,
  Finding,
  Level,
  Overall,
  QuestionRef,
  Ratio,
} from "./assessment-types";
import type { AnswerContext, Interpreted } from "./answers";
import { ruledOutOptions } from "./conflicts";

/** Ordered from the top; the first whose `min` the score reaches wins. */
const LEVELS: readonly Level[] = [
  {
    id: "production-ready",
    name: "Production-ready",
    min: 90,
    description: "Ready for real users and real money; what is left is polish.",
  },
  {
    id: "nearly-ready",
    name: "Nearly ready",
    min: 70,
    description: "The foundations are there; a few gaps to close before a confident launch.",
  },
  {
    id: "needs-work",
    name: "Needs work",
    min: 40,
    description: "Works in a demo, but real users would hit failures or exposed data.",
  },
  {
    id: "prototype",
    name: "Prototype",
    min: 0,
    description: "Still a prototype: most of what production needs is missing or unknown.",
  },
];

export function levelFor(score: number): Level {
  return LEVELS.find((l) => score >= l.min) ?? LEVELS[LEVELS.length - 1]!;
}

const RISK_RANK: Record<Risk, number> = { none: 0, medium: 1, high: 2 };

function ratio(answered: number, total: number): Ratio {
  return { answered, total, percent: total === 0 ? 100 : Math.floor((answered / total) * 100) };
}

/** Readiness 0..1 of a scored answer, or null when it does not count (not applicable, no band). */
function readinessOf(meaning: Interpreted): number | null {
  switch (meaning.kind) {
    case "unsure":
      return 0;
    case "options":
      return meaning.options.length > 0 ? Math.min(...meaning.options.map((o) => o.readiness)) : null;
    case "number":
      return meaning.band ? meaning.band.readiness : null;
    default:
      return null;
  }
}

function ref(q: Question): QuestionRef {
  return { questionId: q.id, area: q.area, prompt: q.prompt };
}

type Outcome = Pick<Option, "risk" | "blocker" | "finding">;

/** The chosen option(s) or band as risk outcomes. */
function outcomes(meaning: Interpreted): Outcome[] {
  if (meaning.kind === "options") return meaning.options;
  if (meaning.kind === "number" && meaning.band) return [meaning.band];
  return [];
}

/** The risk finding of one answer (highest risk among the chosen options), or null if none. */
function findingOf(q: Question, meaning: Interpreted): Finding | null {
  const chosen = outcomes(meaning);
  if (chosen.length === 0) return null;
  const risk = chosen.reduce<Risk>((r, o) => (RISK_RANK[o.risk] > RISK_RANK[r] ? o.risk : r), "none");
  const blocker = chosen.some((o) => o.blocker);
  if (risk === "none" && !blocker) return null;
  // The finding of the option that makes the answer risky (a blocker first), else the question's.
  const worst =
    chosen.find((o) => o.blocker && o.finding) ?? chosen.find((o) => o.risk === risk && o.finding);
  return {
    ...ref(q),
    risk,
    blocker,
    impact: worst?.finding ?? q.impact ?? q.help,
    answer: describeAnswer(
      q,
      meaning.kind === "options"
        ? meaning.options.map((o) => o.id)
        : meaning.kind === "number"
          ? meaning.value
          : undefined,
    ),
  };
}

export interface Readiness {
  areas: AreaAssessment[];
  overall: Overall;
  completion: Completion;
  blockers: Finding[];
  unsure: QuestionRef[];
  /** "I'm not sure" answers to questions where an answer the others allow is a launch blocker */
  possibleBlockers: QuestionRef[];
}

export function scoreReadiness(ctx: AnswerContext): Readiness {
  const { content, interpreted } = ctx;
  const visibleIds = new Set(ctx.visible.map((q) => q.id));
  let weightedSum = 0;
  let weightTotal = 0;
  let scoredAreas = 0;

  const possibleBlockers: QuestionRef[] = [];
  const areas = content.areas.map((area): AreaAssessment => {
    const applicable = ctx.applicable.get(area.id) ?? false;
    const shown = applicable ? area.questions.filter((q) => visibleIds.has(q.id)) : [];
    let sum = 0;
    let weights = 0;
    let scoredAnswers = 0;
    const unsure: QuestionRef[] = [];
    const high: Finding[] = [];
    const medium: Finding[] = [];
    const blockers: Finding[] = [];
    for (const q of shown) {
      const meaning = interpreted.get(q.id);
      if (!meaning) continue;
      if (meaning.kind === "unsure") {
        unsure.push(ref(q));
        // Counted apart from the blockers: a blocker is what an answer says, this is what it could
        // say. "0 launch blockers" beside five unknowns that could each be one read as all clear.
        const ruledOut = ruledOutOptions(ctx, q);
        if (q.options.some((o) => o.blocker && !ruledOut.has(o.id))) possibleBlockers.push(ref(q));
      }
      if (q.scored) {
        const r = readinessOf(meaning);
        if (r !== null) {
          sum += q.weight * r;
          weights += q.weight;
          scoredAnswers++;
        }
      }
      const finding = findingOf(q, meaning);
      if (finding?.risk === "high") high.push(finding);
      if (finding?.risk === "medium") medium.push(finding);
      if (finding?.blocker) blockers.push(finding);
    }
    const exact = weights > 0 ? (100 * sum) / weights : null;
    if (exact !== null) {
      weightedSum += area.weight * exact;
      weightTotal += area.weight;
      scoredAreas++;
    }
    const score = exact === null ? null : Math.round(exact);
    return {
      id: area.id,
      title: area.title,
      order: area.order,
      weight: area.weight,
      applicable,
      score,
      level: score === null ? null : levelFor(score),
      completion: ratio(shown.filter((q) => interpreted.has(q.id)).length, shown.length),
      scoredAnswers,
      unsure,
      risks: { high, medium },
      blockers,
    };
  });

  const blockers = areas.flatMap((a) => a.blockers);
  const overallScore = weightTotal > 0 ? Math.round(weightedSum / weightTotal) : null;
  let level = overallScore === null ? null : levelFor(overallScore);
  const cappedByBlockers = level?.id === "production-ready" && blockers.length > 0;
  if (cappedByBlockers) level = LEVELS.find((l) => l.id === "nearly-ready") ?? level;

  const intakeShown = content.intake.questions.filter((q) => visibleIds.has(q.id));
  const intakeAnswered = intakeShown.filter((q) => interpreted.has(q.id)).length;
  const areaAnswered = areas.reduce((s, a) => s + a.completion.answered, 0);
  const areaTotal = areas.reduce((s, a) => s + a.completion.total, 0);

  const unsure = [
    ...intakeShown.filter((q) => interpreted.get(q.id)?.kind === "unsure").map(ref),
    ...areas.flatMap((a) => a.unsure),
  ];
  return {
    areas,
    overall: { score: overallScore, level, scoredAreas, cappedByBlockers },
    completion: {
      ...ratio(intakeAnswered + areaAnswered, intakeShown.length + areaTotal),
      intake: ratio(intakeAnswered, intakeShown.length),
      areas: ratio(areaAnswered, areaTotal),
    },
    blockers,
    unsure,
    possibleBlockers,
  };
}
