import type { Assessment } from "~/engine/assessment-types";
import type { Content, ReferenceSource } from "~/engine/content/types";
import type { StoredAnswer } from "~/models/answer.server";
import { describeAnswer } from "~/engine/answer-words";
import { sourceFigure, tierViews } from "~/utils/estimate-view";

import { methodExplanation } from "./method-text";

export type ReferenceSourceView = Pick<
  ReferenceSource,
  "id" | "publisher" | "title" | "url" | "date" | "covered"
> & {
  /** the published figure, as the source states it ("$3,000–$28,000, median $10,000") */
  figure: string | null;
};

// What the results page sends to the browser: the numbers it shows and nothing else. Founders read
// "likely" and "cautious"; partners also see P50/P90 and the spread (σ).
export function resultsView({
  engagementId,
  assessment: a,
  stored,
  content,
  percentiles,
}: {
  engagementId: string;
  assessment: Assessment;
  stored: StoredAnswer[];
  content: Content;
  /** show P50/P90 and σ (partners) */
  percentiles: boolean;
}) {
  // Scores use the partner's corrections; the founder still sees what they originally said.
  const corrections: Record<string, { founderAnswer: string; note: string | null }> = {};
  for (const s of stored) {
    const q = content.questionsById.get(s.questionId);
    if (q && s.review === "corrected")
      corrections[s.questionId] = { founderAnswer: describeAnswer(q, s.value), note: s.reviewNote };
  }
  const { hours, weeks, cost } = a.effort;
  const estimate = tierViews(a.effort.tiers, {
    tasks: a.tasks.length,
    hours,
    weeks,
    cost,
  });
  const ref = a.reference;
  return {
    engagementId,
    percentiles,
    corrections,
    overall: {
      score: a.overall.score,
      level: a.overall.level?.name ?? null,
      levelId: a.overall.level?.id ?? null,
      cappedByBlockers: a.overall.cappedByBlockers,
    },
    completion: a.completion,
    provisional: a.provisional,
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
    estimate: {
      ...estimate,
      currency: cost.currency,
      rate: cost.rate,
      sigma: a.effort.sigmaTerms.sigma,
      weeks85: weeks.p85,
      histogram: hours.histogram,
      likelySum: a.effort.likelySum,
      shareAboveLikely: a.effort.shareAboveLikely,
    },
    reference: ref && {
      title: ref.title,
      description: ref.description,
      low: ref.low,
      median: ref.median,
      high: ref.high,
      cost: ref.cost,
      weeks: ref.weeks,
      estimate: ref.estimate,
      position: ref.position,
      reasons: ref.reasons,
      basis: ref.basis,
      sources: ref.sources.map((s): ReferenceSourceView => ({
        id: s.id,
        publisher: s.publisher,
        title: s.title,
        url: s.url,
        date: s.date,
        covered: s.covered,
        figure: sourceFigure(s),
      })),
    },
    // What the launch minimum is mostly made of, so the headline number has names behind it.
    launchItems: a.tasks
      .filter((t) => t.phase === "launch-blocker" && !t.shared && !t.discovery)
      .sort((x, y) => y.mean - x.mean)
      .slice(0, 4)
      .map((t) => ({ id: t.id, title: t.title, hours: t.mean, contingent: t.contingent })),
    shared: a.effort.shared.map((s) => ({
      id: s.packageId,
      title: s.title,
      hours: s.hours,
      saved: s.saved,
      members: s.members.map((m) => m.title),
    })),
    size: a.size,
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
      shared: a.effort.shared.length,
      reference: ref?.title ?? null,
    }),
  };
}

export type ResultsView = ReturnType<typeof resultsView>;
