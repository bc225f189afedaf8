import type { Assessment } from "~/engine/assessment-types";
import type { Content } from "~/engine/content/types";
import type { StoredAnswer } from "~/models/answer.server";
import { describeAnswer } from "~/utils/answer-display";
import { formatMoney } from "~/engine/money";
import { pack, type Packed } from "~/utils/packed";

import { methodExplanation } from "./method-text";

// What the results page sends to the browser: the numbers it shows, already formatted where the
// format is part of the meaning (money in the engagement's currency), and nothing else.
export function resultsView({
  engagementId,
  assessment: a,
  stored,
  content,
}: {
  engagementId: string;
  assessment: Assessment;
  stored: StoredAnswer[];
  content: Content;
}) {
  // Scores use the partner's corrections; the founder still sees what they originally said.
  const corrections: Record<string, { founderAnswer: string; note: string | null }> = {};
  for (const s of stored) {
    const q = content.questionsById.get(s.questionId);
    if (q && s.review === "corrected")
      corrections[s.questionId] = { founderAnswer: describeAnswer(q, s.value), note: s.reviewNote };
  }
  const { hours, weeks, cost } = a.effort;
  const money = (x: number) => formatMoney(x, cost.currency);
  return {
    engagementId,
    corrections,
    overall: {
      score: a.overall.score,
      level: a.overall.level?.name ?? null,
      levelId: a.overall.level?.id ?? null,
      cappedByBlockers: a.overall.cappedByBlockers,
    },
    completion: a.completion,
    blockers: a.blockers,
    areas: a.areas.map((area) => ({
      id: area.id,
      title: area.title,
      applicable: area.applicable,
      score: area.score,
      level: area.level?.name ?? null,
      completion: area.completion,
      unsure: area.unsure,
      risks: area.risks,
    })),
    effort: {
      tasks: a.tasks.length,
      hours: { mean: hours.mean, p10: hours.p10, p50: hours.p50, p80: hours.p80, p90: hours.p90 },
      weeks: { p50: weeks.p50, p85: weeks.p85, p90: weeks.p90 },
      cost: { p50: money(cost.p50), p90: money(cost.p90), currency: cost.currency, rate: cost.rate },
      histogram: hours.histogram,
      likelySum: a.effort.likelySum,
      shareAboveLikely: a.effort.shareAboveLikely,
    },
    // The page lists the answers that drive the effort (the PDF also lists tasks).
    drivers: a.drivers.questions.map((d) => ({
      questionId: d.questionId,
      area: d.area,
      prompt: d.prompt,
      hours: d.hours,
      unsure: d.unsure,
    })),
    narrowers: a.narrowers,
    method: methodExplanation({
      tasks: a.tasks.length,
      sigma: a.effort.sigmaTerms.sigma,
      teamSize: a.settings.teamSize,
      weeklyCapacity: a.settings.weeklyCapacity,
      focusFactor: a.settings.focusFactor,
      hourlyRate: a.settings.hourlyRate,
      currency: a.settings.currency,
    }),
  };
}

export type ResultsView = ReturnType<typeof resultsView>;

// The results page is all display: it ships as one JSON string (app/utils/packed.ts), made once per
// assessment. Assessments are cached per engagement state, and the answers' reviews (corrections)
// are part of that state, so the assessment object identifies the view.
const packedViews = new WeakMap<Assessment, Packed<ResultsView>>();

export function packedResultsView(input: Parameters<typeof resultsView>[0]): Packed<ResultsView> {
  let packed = packedViews.get(input.assessment);
  if (!packed) packedViews.set(input.assessment, (packed = pack(resultsView(input))));
  return packed;
}
