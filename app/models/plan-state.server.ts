import type { Assessment } from "~/engine/assessment-types";
import type { Answers, Content } from "~/engine/content/types";
import { LRUCache } from "lru-cache";

import { mergePlan, planTotalsSteps, scheduleByWeek, type PlanMerge, type TotalsItem } from "~/engine/plan";
import type { PlanTotals, ScheduledItem } from "~/engine/plan-types";

import { getEngagementAssessment } from "./assessment.server";
import type { Engagement } from "./engagement.server";
import { runInSlices } from "./engine-run.server";
import { listPlan, type PlanItem } from "./plan.server";

export type PlanState = {
  content: Content;
  /** the answers the assessment was made from (partner corrections applied) */
  answers: Answers;
  assessment: Assessment;
  items: PlanItem[];
  /** what regenerating from the current answers would change */
  pending: PlanMerge;
  inScope: PlanItem[];
  totals: PlanTotals;
  schedule: ScheduledItem[];
  /**
   * Questions not answered yet, and the tasks only they pull in: the results page prices those at
   * their worst case, the plan leaves them out until the questions are answered.
   */
  open: { questions: number; tasks: number };
};

// Everything here but content and assessment (cached on their own) derives from the plan rows and
// the engagement's settings, and every plan, answer and settings change bumps the engagement's
// updated_at, so that identifies one state. Views read the plan far more often than it changes, and
// the totals simulate 10,000 runs. Cached values are shared between requests: never mutate them.
// The cache holds the computation, so concurrent views of a new state share one run.
const cache = new LRUCache<string, Promise<Omit<PlanState, "content" | "answers" | "assessment" | "open">>>({
  max: 200,
});

// The plan's rows for one state of the engagement, under the same key as the derived state: the
// overview reads them on every view (progress, links in the feed, whether the plan moved from the
// newest version) but needs none of the simulation, and reading 60 items with their dependencies
// was a sixth of its CPU. Shared between requests like the rest: never mutate them.
const rows = new LRUCache<string, Promise<PlanItem[]>>({ max: 200 });

function stateKey(engagement: Engagement): string {
  return `${engagement.id}:${engagement.updatedAt}:${engagement.version}`;
}

/** The plan's items in position order, read once per state of the engagement. */
export function getPlanItems({ engagement }: { engagement: Engagement }): Promise<PlanItem[]> {
  const key = stateKey(engagement);
  let items = rows.get(key);
  if (!items) {
    items = listPlan({ engagementId: engagement.id });
    rows.set(key, items);
    items.catch(() => rows.delete(key));
  }
  return items;
}

/**
 * The simulation keys each item's random stream by its id. Generated items use their content task
 * id, so a plan that matches the assessment shows exactly the assessment's numbers.
 */
function totalsItems(items: readonly PlanItem[]): TotalsItem[] {
  const streamId = new Map(items.map((i) => [i.id, i.taskId ?? i.id]));
  return items.map((i) => ({
    id: streamId.get(i.id)!,
    phase: i.phase,
    estimate: { optimistic: i.optimistic, likely: i.likely, pessimistic: i.pessimistic },
    dependsOn: i.dependsOn.map((d) => streamId.get(d) ?? d),
    // The founder's team does these: in the hours and weeks, not in the partner's price.
    billable: i.owner !== "founder",
  }));
}

/**
 * The totals with the items a tier counts from a later phase (decision 051) named by plan item id,
 * as everything that shows or stores them looks items up, rather than by the stream ids above.
 */
function byItemId(totals: PlanTotals, items: readonly PlanItem[]): PlanTotals {
  if (!totals.tiers?.some((t) => t.pulledForward)) return totals;
  const itemId = new Map(items.map((i) => [i.taskId ?? i.id, i.id]));
  return {
    ...totals,
    tiers: totals.tiers.map((t) =>
      t.pulledForward
        ? { ...t, pulledForward: t.pulledForward.map((p) => ({ ...p, id: itemId.get(p.id) ?? p.id })) }
        : t,
    ),
  };
}

function scheduleItems(items: readonly PlanItem[]): TotalsItem[] {
  return items.map((i) => ({
    id: i.id,
    phase: i.phase,
    estimate: { optimistic: i.optimistic, likely: i.likely, pessimistic: i.pessimistic },
    dependsOn: i.dependsOn,
  }));
}

/** The plan with everything derived from it: pending regeneration, totals and the schedule. */
export async function getPlanState({ engagement }: { engagement: Engagement }): Promise<PlanState> {
  const { content, answers, assessment } = await getEngagementAssessment({ engagement });
  const key = `${stateKey(engagement)}:${content.version}`;
  let derived = cache.get(key);
  if (!derived) {
    derived = derive(engagement, assessment);
    cache.set(key, derived);
    derived.catch(() => cache.delete(key));
  }
  const open = {
    questions: assessment.provisional.total - assessment.provisional.answered,
    tasks: assessment.tasks.filter((t) => t.provisional).length,
  };
  return { content, answers, assessment, open, ...(await derived) };
}

async function derive(engagement: Engagement, assessment: Assessment) {
  const items = await getPlanItems({ engagement });
  const pending = mergePlan(
    items.map((i) => ({
      id: i.id,
      taskId: i.taskId,
      estimate: { optimistic: i.optimistic, likely: i.likely, pessimistic: i.pessimistic },
      phase: i.phase,
      estimateEdited: i.estimateEdited,
      phaseEdited: i.phaseEdited,
      stale: i.stale,
    })),
    assessment.tasks,
  );
  const inScope = items.filter((i) => i.scope === "included");
  const settings = {
    hourlyRate: engagement.hourlyRate,
    currency: engagement.currency,
    teamSize: engagement.teamSize,
    weeklyCapacity: engagement.weeklyCapacity,
    focusFactor: assessment.settings.focusFactor,
    sigma: assessment.effort.sigmaTerms.sigma,
  };
  return {
    items,
    pending,
    inScope,
    // A large plan's simulation goes in slices, so it never holds up other requests for long.
    totals: byItemId(await runInSlices(planTotalsSteps(totalsItems(inScope), settings)), inScope),
    schedule: scheduleByWeek(scheduleItems(inScope), settings),
  };
}
