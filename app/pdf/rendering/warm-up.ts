// Small but complete inputs for both documents, rendered once when a worker starts: the first real
// render then finds the fonts parsed and every component's code path already compiled, instead of
// paying 2-3x its warm time.
import type { ProposalSnapshot, SnapshotItem } from "~/engine/plan-types";

import type { ReportData } from "../types";
import type { TierEstimate } from "~/engine/assessment-types";
import { PHASES } from "~/engine/content/types";
import { TIER_TEXT } from "~/engine/tiers";
import { tierViews } from "~/utils/estimate-view";

const AREAS = [
  "Authentication & security",
  "Payments",
  "Database & backend logic",
  "APIs & integrations",
  "Performance & responsiveness",
  "Deployment & monitoring",
];

function item(i: number): SnapshotItem {
  return {
    id: `warm-${i}`,
    taskId: i % 2 ? `task-${i}` : null,
    title: `Warm-up item ${i} with a title long enough to wrap onto a second line in the scope table`,
    description: "",
    deliverables: [],
    acceptance: [],
    area: `area-${i % AREAS.length}`,
    areaTitle: AREAS[i % AREAS.length]!,
    phase: i < 3 ? "launch-blocker" : i < 6 ? "hardening" : "scale",
    owner: i % 3 ? "partner" : "founder",
    estimate: { optimistic: 2, likely: 4 + i, pessimistic: 12 + i },
    mean: 5 + i,
    dependsOn: i > 0 ? [`warm-${i - 1}`] : [],
    estimateReason: i === 1 ? "Zoë's team has three environments" : null,
  };
}

export function warmUpSnapshot(): ProposalSnapshot {
  const items = Array.from({ length: 8 }, (_, i) => item(i));
  const phase = { items: 3, hours: 20, optimistic: 6, pessimistic: 40 };
  return {
    number: 1,
    publishedAt: 0,
    preparedBy: { name: "Renée Müller-Šťastná", email: "renee@example.com" },
    preparedFor: { name: "Zoë Ångström-Łukasiewicz", email: "zoe@example.com" },
    engagement: {
      id: "warm-up",
      name: "Warm-up",
      description: "A document rendered once to warm the renderer.",
      builtWith: "Bolt.new",
      stage: "Beta",
    },
    settings: { currency: "EUR", hourlyRate: 95, teamSize: 2, weeklyCapacity: 30 },
    contentVersion: "warm-up",
    readiness: {
      overall: { score: 42, level: "Needs work" },
      completion: 80,
      areas: AREAS.map((title, i) => ({
        id: `area-${i}`,
        title,
        applicable: i !== 5,
        score: i === 5 ? null : 20 + i * 10,
        high: 1,
        medium: 1,
        findings: [
          {
            prompt: "Is it checked?",
            impact: "Nobody has checked; a launch could expose data.",
            risk: "high",
            blocker: i === 0,
          },
          {
            prompt: "Is it tested?",
            impact: "It has never been tested under load.",
            risk: "medium",
            blocker: false,
          },
        ],
      })),
      blockers: [
        {
          questionId: "q",
          title: "Is it checked?",
          impact: "Nobody has checked; a launch could expose data.",
        },
      ],
    },
    items,
    totals: {
      items: items.length,
      hours: { mean: 60, p10: 40, p50: 55, p80: 70, p90: 80 },
      weeks: { p50: 3, p90: 5 },
      cost: { currency: "EUR", rate: 95, p50: 5225, p90: 7600 },
      byPhase: { "launch-blocker": phase, hardening: phase, scale: { ...phase, items: 2 } },
      tiers: WARM_TIERS,
      sigma: 0.4,
    },
    schedule: items.map((it, i) => ({ itemId: it.id, startWeek: i * 0.4, endWeek: i * 0.4 + 0.6 })),
    assumptions: "Access from week 1.\nAnswers within two days.",
    exclusions: "- Native apps",
    method: ["Each task has three estimates.", "The plan is simulated 10,000 times."],
  };
}

const WARM_TIERS: TierEstimate[] = (["launch", "hardening", "scale"] as const).map((id, i) => ({
  id,
  phase: PHASES[i]!,
  title: TIER_TEXT[id].title,
  meaning: TIER_TEXT[id].meaning,
  tasks: 3 - i,
  hours: { mean: 20, p10: 12, p50: 18, p80: 24, p90: 28 },
  weeks: { mean: 1, p10: 0.6, p50: 1, p80: 1.3, p85: 1.4, p90: 1.5 },
  cost: { currency: "EUR", rate: 95, mean: 1900, p10: 1140, p50: 1710, p80: 2280, p90: 2660 },
}));

export function warmUpReport(): ReportData {
  const snapshot = warmUpSnapshot();
  return {
    generatedAt: 0,
    preparedFor: [snapshot.preparedFor],
    preparedBy: snapshot.preparedBy,
    engagement: { ...snapshot.engagement },
    settings: { ...snapshot.settings, focusFactor: 0.7 },
    contentVersion: "warm-up",
    completion: { answered: 8, total: 10, percent: 80 },
    overall: { score: 42, level: "Needs work", description: "Gaps to close.", cappedByBlockers: true },
    areas: AREAS.map((title, i) => ({
      id: `area-${i}`,
      title,
      applicable: true,
      score: 20 + i * 10,
      level: "Needs work",
      high: 1,
      medium: 1,
      blockers: i === 0 ? 1 : 0,
      unsure: 0,
      answered: 2,
      total: 2,
    })),
    // A possible blocker, so the warm-up lays out that list's text as well.
    possibleBlockers: [{ questionId: "auth.warm-unsure", areaTitle: "Security", prompt: "Not sure yet?" }],
    blockers: [
      {
        questionId: "q",
        areaTitle: AREAS[0]!,
        prompt: "Is it checked?",
        impact: "Nobody has checked.",
        answer: "No",
      },
    ],
    effort: {
      ...tierViews(WARM_TIERS, {
        tasks: 8,
        hours: { mean: 60, p50: 55, p90: 80 },
        weeks: { p50: 3, p90: 5 },
        cost: { currency: "EUR", p50: 5225, p90: 7600 },
      }),
      provisional: { provisional: true, answered: 8, total: 10 },
      reference: {
        title: "Small consumer apps taking payments",
        low: 20,
        median: 40,
        high: 80,
        cost: { low: 1900, median: 3800, high: 7600, currency: "EUR" },
        weeks: { low: 1, median: 2, high: 3 },
        estimate: 30,
        position: "far-above",
        reasons: ["2 of 10 questions are not answered yet."],
        basis: "Prices divided by $100 an hour.",
        sources: [
          {
            id: "s",
            publisher: "Studio",
            title: "What rescues cost",
            url: "https://example.com",
            date: "2026",
            figure: "$4,800 · 2 weeks",
          },
        ],
      },
      shared: [
        {
          id: "p",
          title: "Shared setup",
          hours: 2,
          saved: 2,
          members: [
            { id: "warm-1", title: "Warm-up item" },
            { id: "warm-2", title: "Another item" },
          ],
        },
      ],
      tasks: 8,
      hours: { p10: 40, p50: 55, p80: 70, p90: 80 },
      weeks: { p50: 3, p85: 4, p90: 5 },
      cost: { currency: "EUR", rate: 95, p10: 3800, p50: 5225, p80: 6650, p90: 7600 },
      likelySum: 50,
      shareAboveLikely: 0.7,
      histogram: { start: 30, width: 5, counts: [1, 4, 9, 12, 8, 5, 2, 1] },
      drivers: [{ title: "Warm-up item", areaTitle: AREAS[0]!, hours: 12, share: 0.2 }],
      narrowers: [{ prompt: "Is it tested?", areaTitle: AREAS[1]!, state: "unsure", spreadHours: 6 }],
    },
    sections: [
      {
        id: "area-0",
        title: AREAS[0]!,
        summary: "Who can sign in.",
        questions: (["answered", "unsure", "missing", "not-applicable"] as const).map((state, i) => ({
          id: `q${i}`,
          prompt: "Is it checked?",
          help: "Why it matters, in plain words.",
          state,
          answer: "No",
          notApplicableReason: null,
          note: i === 0 ? "A note" : "",
          answeredBy: "Zoë",
          review: i === 0 ? { kind: "corrected" as const, originalAnswer: "Yes", note: null } : null,
          finding: i === 0 ? { risk: "high" as const, blocker: true, impact: "Nobody has checked." } : null,
        })),
      },
    ],
    method: ["Each task has three estimates."],
  };
}
