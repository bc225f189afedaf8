import type { Assessment } from "~/engine/assessment-types";
import { formatMoney } from "~/engine/money";

import { methodExplanation } from "./method-text";

// What the results page sends to the browser: the numbers it shows, already formatted where the
// format is part of the meaning (money in the engagement's currency), and nothing else.
export function resultsView({ engagementId, assessment: a }: { engagementId: string; assessment: Assessment }) {
  const { hours, weeks, cost } = a.effort;
  const money = (x: number) => formatMoney(x, cost.currency);
  return {
    engagementId,
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
      blockers: area.blockers,
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
    drivers: a.drivers,
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
