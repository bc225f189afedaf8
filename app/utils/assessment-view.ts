// One projection of an assessment for everything that shows one whole: the results page
// (results-view.server.ts), the report PDF (pdf/documents/report-data.server.ts) and the estimate CLI
// (scripts/estimate.ts). Which level name a score gets, how the tiers read, what a reference source
// published, how shared work is listed and how the method is explained are decided here once, so
// the page, the report and the CLI cannot drift apart. Each adds only what it alone shows (the
// page's corrections, the report's questions, the CLI's rounding and task list). Pure: no I/O.
import type { Assessment } from "~/engine/assessment-types";

import { sourceFigure, tierViews } from "./estimate-view";
import { calendarPace, methodExplanation } from "./method-text";

export function assessmentView(a: Assessment) {
  const { effort, settings, reference: ref } = a;
  const { hours, weeks, cost } = effort;
  return {
    contentVersion: a.contentVersion,
    settings,
    completion: a.completion,
    provisional: a.provisional,
    overall: {
      score: a.overall.score,
      level: a.overall.level?.name ?? null,
      levelId: a.overall.level?.id ?? null,
      description: a.overall.level?.description ?? null,
      cappedByBlockers: a.overall.cappedByBlockers,
    },
    areas: a.areas.map((area) => ({
      id: area.id,
      title: area.title,
      applicable: area.applicable,
      score: area.score,
      level: area.level?.name ?? null,
      completion: area.completion,
      risks: area.risks,
      blockers: area.blockers,
      unsure: area.unsure,
    })),
    blockers: a.blockers,
    possibleBlockers: a.possibleBlockers,
    effort: {
      // launch minimum, hardening, scale later, and their total, as likely / cautious figures
      ...tierViews(effort.tiers, { tasks: a.tasks.length, hours, weeks, cost }),
      tasks: a.tasks.length,
      hours: { mean: hours.mean, p10: hours.p10, p50: hours.p50, p80: hours.p80, p90: hours.p90 },
      weeks: { p50: weeks.p50, p80: weeks.p80, p85: weeks.p85, p90: weeks.p90 },
      cost: {
        currency: cost.currency,
        rate: cost.rate,
        mean: cost.mean,
        p10: cost.p10,
        p50: cost.p50,
        p80: cost.p80,
        p90: cost.p90,
      },
      // What the weeks and the money assume, said beside the headline figures, not only in the method.
      pace: calendarPace(settings),
      sigma: effort.sigmaTerms.sigma,
      likelySum: effort.likelySum,
      shareAboveLikely: effort.shareAboveLikely,
      histogram: hours.histogram,
      shared: effort.shared.map((s) => ({
        id: s.packageId,
        title: s.title,
        hours: s.hours,
        saved: s.saved,
        members: s.members,
      })),
    },
    reference: ref && {
      classId: ref.classId,
      title: ref.title,
      description: ref.description,
      low: ref.low,
      median: ref.median,
      high: ref.high,
      unit: ref.unit,
      cost: ref.cost,
      weeks: ref.weeks,
      estimate: ref.estimate,
      position: ref.position,
      reasons: ref.reasons,
      basis: ref.basis,
      sources: ref.sources.map((s) => ({
        id: s.id,
        publisher: s.publisher,
        title: s.title,
        url: s.url,
        date: s.date,
        covered: s.covered,
        /** the published figure, as the source states it ("$3,000–$28,000, median $10,000") */
        figure: sourceFigure(s),
      })),
    },
    size: a.size,
    drivers: a.drivers,
    narrowers: a.narrowers,
    method: methodExplanation({
      tasks: a.tasks.length,
      teamSize: settings.teamSize,
      weeklyCapacity: settings.weeklyCapacity,
      focusFactor: settings.focusFactor,
      hourlyRate: settings.hourlyRate,
      currency: settings.currency,
      shared: effort.shared.length,
      reference: ref?.title ?? null,
    }),
  };
}

export type AssessmentView = ReturnType<typeof assessmentView>;

/**
 * "3 “not sure” answers could be launch blockers", as the results and overview pages and the report
 * say it beside the blocker count (`what` is the noun, "blockers" where the count's label says
 * "launch blockers" already).
 */
export function couldBeBlockers(n: number, what: "blockers" | "launch blockers"): string {
  return n === 1
    ? `1 “not sure” answer could be a ${what.replace(/s$/, "")}`
    : `${n} “not sure” answers could be ${what}`;
}
