// The work plan, pure: merging freshly triggered tasks into an edited plan, totals over the items in
// scope, a week-by-week schedule, and the difference between two proposal versions.
import type { TriggeredTask } from "./assessment-types";
import type { Estimate, Phase } from "./content/types";
import { PHASES } from "./content/types";
import {
  PRICING_SETTINGS,
  type PlanTotals,
  type ProposalDiff,
  type ProposalSnapshot,
  type ScheduledItem,
  type Scope,
  type SnapshotItem,
} from "./plan-types";
import { effectiveTiers, pertMean, runSteps, simulateSteps } from "./simulate";
import { money, tierEstimates } from "./tiers";

/** The parts of a stored plan item the merge needs. */
interface MergeItem {
  id: string;
  taskId: string | null;
  estimate: Estimate;
  phase: Phase;
  estimateEdited: boolean;
  phaseEdited: boolean;
  stale: boolean;
}

export interface PlanMerge {
  /** triggered tasks with no item yet: new items, "included" on first generation, "proposed" after */
  create: Array<{ task: TriggeredTask; scope: Scope }>;
  /** generated items whose unedited estimate or phase follows the content/answers again */
  update: Array<{ id: string; estimate?: Estimate; phase?: Phase }>;
  /** generated items the answers no longer trigger: flagged, never deleted */
  markStale: string[];
  /** stale items that are triggered again */
  unmarkStale: string[];
}

/** How many changes an update of the plan would make: what the plan page offers and the publish form counts. */
export function mergeChanges(m: PlanMerge): number {
  return m.create.length + m.update.length + m.markStale.length + m.unmarkStale.length;
}

function sameEstimate(a: Estimate, b: Estimate): boolean {
  return a.optimistic === b.optimistic && a.likely === b.likely && a.pessimistic === b.pessimistic;
}

/**
 * What regenerating the plan from the current tasks changes. Manual edits win: an edited estimate or
 * phase is never overwritten, custom items are never touched, and nothing is deleted. Provisional
 * tasks (pulled in only by unanswered questions) price a partial assessment but are not plan work.
 */
export function mergePlan(existing: readonly MergeItem[], allTasks: readonly TriggeredTask[]): PlanMerge {
  const tasks = allTasks.filter((t) => !t.provisional);
  const initial = existing.length === 0;
  const byTask = new Map(existing.filter((i) => i.taskId !== null).map((i) => [i.taskId!, i]));
  const triggered = new Set(tasks.map((t) => t.id));
  const merge: PlanMerge = { create: [], update: [], markStale: [], unmarkStale: [] };
  for (const task of tasks) {
    const item = byTask.get(task.id);
    if (!item) {
      merge.create.push({ task, scope: initial ? "included" : "proposed" });
      continue;
    }
    const change: PlanMerge["update"][number] = { id: item.id };
    if (!item.estimateEdited && !sameEstimate(item.estimate, task.estimate)) change.estimate = task.estimate;
    if (!item.phaseEdited && item.phase !== task.phase) change.phase = task.phase;
    if (change.estimate || change.phase) merge.update.push(change);
    if (item.stale) merge.unmarkStale.push(item.id);
  }
  for (const item of existing) {
    if (item.taskId !== null && !triggered.has(item.taskId) && !item.stale) merge.markStale.push(item.id);
  }
  merge.create = dependenciesFirst(merge.create);
  return merge;
}

/**
 * New items in the order they are added to the plan: as the assessment lists them (area by area),
 * except that an item comes after what it waits for. A fresh plan listed an item above its own
 * dependency, and the plan flags that ("comes later in the plan; the timeline runs it first").
 */
function dependenciesFirst(create: PlanMerge["create"]): PlanMerge["create"] {
  const byTask = new Map(create.map((c) => [c.task.id, c]));
  const placed = new Set<string>();
  const out: PlanMerge["create"] = [];
  const place = (c: PlanMerge["create"][number]) => {
    // Marked before its dependencies are visited: a loop (refused by the content check) cannot recurse.
    if (placed.has(c.task.id)) return;
    placed.add(c.task.id);
    for (const id of c.task.dependsOn) {
      const dependency = byTask.get(id);
      if (dependency) place(dependency);
    }
    out.push(c);
  };
  create.forEach(place);
  return out;
}

export interface TotalsItem {
  id: string;
  phase: Phase;
  estimate: Estimate;
  dependsOn: string[];
  /** priced at the hourly rate (default true); false for the founder's own team's items */
  billable?: boolean;
}

interface TotalsSettings {
  hourlyRate: number;
  currency: string;
  teamSize: number;
  weeklyCapacity: number;
  focusFactor: number;
  /** the project factor's spread, from the assessment's uncertainty */
  sigma: number;
}

/** Hours, weeks and cost for the items in scope, simulated like the assessment's estimate. */
export function planTotals(items: readonly TotalsItem[], s: TotalsSettings, seed?: number): PlanTotals {
  return runSteps(planTotalsSteps(items, s, seed));
}

/** `planTotals` as resumable steps (see simulateSteps). */
export function* planTotalsSteps(
  items: readonly TotalsItem[],
  s: TotalsSettings,
  seed?: number,
): Generator<void, PlanTotals, void> {
  const byPhase = Object.fromEntries(
    PHASES.map((p) => [p, { items: 0, hours: 0, optimistic: 0, pessimistic: 0 }]),
  ) as PlanTotals["byPhase"];
  const unpriced = { items: 0, hours: 0 };
  for (const item of items) {
    const row = byPhase[item.phase];
    row.items += 1;
    row.hours += pertMean(item.estimate);
    row.optimistic += item.estimate.optimistic;
    row.pessimistic += item.estimate.pessimistic;
    if (item.billable === false) {
      unpriced.items += 1;
      unpriced.hours += pertMean(item.estimate);
    }
  }
  const sim = yield* simulateSteps(items, {
    sigma: s.sigma,
    teamSize: s.teamSize,
    weeklyCapacity: s.weeklyCapacity,
    focusFactor: s.focusFactor,
    seed,
  });
  const { hours, weeks } = sim;
  // The price covers the partner's work: the founder's team's items are in hours and weeks only.
  const cost = money(sim.billed ?? hours, s.hourlyRate, s.currency);
  return {
    items: items.length,
    hours: { mean: hours.mean, p10: hours.p10, p50: hours.p50, p80: hours.p80, p90: hours.p90 },
    weeks: { p50: weeks.p50, p90: weeks.p90 },
    cost: { currency: cost.currency, rate: cost.rate, p50: cost.p50, p90: cost.p90 },
    byPhase,
    tiers: tierEstimates(sim.tiers, s.hourlyRate, s.currency),
    sigma: s.sigma,
    ...(unpriced.items > 0 ? { unpriced } : {}),
  };
}

/**
 * A week-by-week schedule on mean durations: items in tier order, each starting once its
 * dependencies have finished and an engineer is free (greedy list scheduling). For the timeline a
 * reader sees; the ranges come from the simulation. The tier is the one the item is priced in
 * (effectiveTiers): a hardening item the launch minimum waits for runs with the launch minimum,
 * not after the hardening items listed before it.
 */
export function scheduleByWeek(
  items: readonly TotalsItem[],
  s: Pick<TotalsSettings, "teamSize" | "weeklyCapacity" | "focusFactor">,
): ScheduledItem[] {
  const weeklyHours = Math.max(1, s.weeklyCapacity * s.focusFactor);
  const engineers = Math.max(1, Math.round(s.teamSize));
  const ids = new Set(items.map((i) => i.id));
  const done = new Map<string, number>(); // id -> finish time in weeks
  const free = Array.from({ length: engineers }, () => 0);
  const tiers = effectiveTiers(items);
  const rank = new Map(items.map((item, i) => [item, tiers[i]!]));
  const pending = [...items].sort((a, b) => rank.get(a)! - rank.get(b)!);
  const result: ScheduledItem[] = [];
  while (pending.length > 0) {
    // The first item (in phase order) whose dependencies are all scheduled; a cycle would stall, so
    // fall back to the first pending item rather than loop forever.
    let index = pending.findIndex((i) => i.dependsOn.every((d) => !ids.has(d) || done.has(d)));
    if (index === -1) index = 0;
    const [item] = pending.splice(index, 1);
    const ready = Math.max(0, ...item.dependsOn.map((d) => done.get(d) ?? 0));
    const slot = free.indexOf(Math.min(...free));
    const start = Math.max(ready, free[slot]);
    const end = start + pertMean(item.estimate) / weeklyHours;
    free[slot] = end;
    done.set(item.id, end);
    result.push({ itemId: item.id, startWeek: start, endWeek: end });
  }
  return result;
}

const DIFF_FIELDS: Array<keyof SnapshotItem> = [
  "title",
  "phase",
  "owner",
  "estimate",
  "dependsOn",
  "description",
];

/**
 * A field as the diff compares it. What an item waits for is a set (stored in no particular order),
 * and only among items in scope in both versions: a snapshot keeps an item's prerequisites within
 * its own scope, so excluding X drops X from Y's list although nobody touched Y. Reported as
 * "Changed: Y (dependencies)" that told the founder of an edit nobody made; X's own line ("Moved to
 * Out of scope: X", "Back in scope", "Removed") already says what happened, and what then waits for
 * it is said there. What this leaves unsaid: a prerequisite dropped in the very version that leaves
 * it out, which moves no price or week (neither version prices that item with Y's).
 */
const field = (item: SnapshotItem, f: keyof SnapshotItem, inBoth: ReadonlySet<string>) =>
  f === "dependsOn" ? item.dependsOn.filter((d) => inBoth.has(d)).sort() : item[f];

type DiffSide = Pick<ProposalSnapshot, "items" | "totals" | "settings">;

/**
 * Items added, removed and changed between two proposal versions, matched by item id, and the
 * pricing settings (rate, currency, team, weekly hours) that changed between them.
 */
export function diffProposals(before: DiffSide, after: DiffSide): ProposalDiff {
  const old = new Map(before.items.map((i) => [i.id, i]));
  const now = new Map(after.items.map((i) => [i.id, i]));
  const inBoth = new Set(after.items.filter((i) => old.has(i.id)).map((i) => i.id));
  const changed: ProposalDiff["changed"] = [];
  for (const item of after.items) {
    const prev = old.get(item.id);
    if (!prev) continue;
    const fields = DIFF_FIELDS.filter(
      (f) => JSON.stringify(field(prev, f, inBoth)) !== JSON.stringify(field(item, f, inBoth)),
    );
    if (fields.length > 0) changed.push({ before: prev, after: item, fields });
  }
  return {
    added: after.items.filter((i) => !old.has(i.id)),
    removed: before.items.filter((i) => !now.has(i.id)),
    changed,
    totals: { before: before.totals, after: after.totals },
    settings: {
      before: before.settings,
      after: after.settings,
      changed: PRICING_SETTINGS.filter((f) => before.settings[f] !== after.settings[f]),
    },
  };
}
