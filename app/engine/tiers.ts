// What the effort is made of, for deciding: tiers (launch minimum first), shared work counted once,
// the outside view (what comparable projects cost) and whether the estimate is still provisional.

import type { Phase, ReferenceClass } from "./content/types";
import type {
  Distribution,
  Money,
  Provisional,
  ReferenceComparison,
  SharedWork,
  SimulatedTier,
  SizeReading,
  TierEstimate,
  TierId,
  TriggeredTask,
} from "./assessment-types";
import type { AnswerContext } from "./answers";
import { evaluateCondition } from "./conditions";

export const TIER_TEXT: Readonly<Record<TierId, { title: string; meaning: string }>> = {
  launch: {
    title: "Launch minimum",
    meaning: "What must be fixed before real users or real money.",
  },
  hardening: {
    title: "Hardening",
    meaning: "What makes the app dependable in its first months; soon after launch.",
  },
  scale: {
    title: "Scale later",
    meaning: "What growth will call for; not needed to launch.",
  },
};

/** Display name of a phase: the tier's title ("Launch minimum" for the phase id "launch-blocker"). */
export const PHASE_TITLES: Readonly<Record<Phase, string>> = {
  "launch-blocker": TIER_TEXT.launch.title,
  hardening: TIER_TEXT.hardening.title,
  scale: TIER_TEXT.scale.title,
};

export function money(
  d: Pick<Distribution, "mean" | "p10" | "p50" | "p80" | "p90">,
  rate: number,
  currency: string,
): Money {
  return {
    currency,
    rate,
    mean: d.mean * rate,
    p10: d.p10 * rate,
    p50: d.p50 * rate,
    p80: d.p80 * rate,
    p90: d.p90 * rate,
  };
}

export function tierEstimates(
  tiers: readonly SimulatedTier[],
  rate: number,
  currency: string,
): TierEstimate[] {
  return tiers.map((t) => ({
    id: t.id,
    phase: t.phase,
    ...TIER_TEXT[t.id],
    tasks: t.items,
    hours: { mean: t.hours.mean, p10: t.hours.p10, p50: t.hours.p50, p80: t.hours.p80, p90: t.hours.p90 },
    weeks: {
      mean: t.weeks.mean,
      p10: t.weeks.p10,
      p50: t.weeks.p50,
      p80: t.weeks.p80,
      p85: t.weeks.p85,
      p90: t.weeks.p90,
    },
    // The founder's team's own items take hours and weeks but are not priced (SimItem.billable).
    cost: money(t.billed ?? t.hours, rate, currency),
    // Only when there are some: snapshots and exports without any stay as they were.
    ...(t.pulledForward.length > 0 ? { pulledForward: t.pulledForward } : {}),
  }));
}

/** Packages in the estimate, with the tasks that share them and what counting them once saved. */
export function sharedWork(tasks: readonly TriggeredTask[]): SharedWork[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  return tasks
    .filter((t) => t.shared)
    .map((t) => {
      const members = (t.members ?? []).flatMap((id) => {
        const m = byId.get(id);
        return m ? [{ id: m.id, title: m.title }] : [];
      });
      return {
        packageId: t.id,
        title: t.title,
        hours: t.mean,
        members,
        saved: t.mean * Math.max(0, members.length - 1),
      };
    });
}

export function provisionalOf(
  completion: { answered: number; total: number },
  tasks: readonly TriggeredTask[],
): Provisional {
  const unansweredHours = tasks.filter((t) => t.provisional).reduce((s, t) => s + t.mean, 0);
  return {
    provisional: completion.answered < completion.total,
    answered: completion.answered,
    total: completion.total,
    unansweredHours,
  };
}

/** More than about twice outside the range counts as far outside: the page says so, and why. */
const FAR_OUTSIDE = 2;

function matchReferenceClass(ctx: AnswerContext): ReferenceClass | null {
  return ctx.content.reference.classes.find((c) => !c.when || evaluateCondition(c.when, ctx.answers)) ?? null;
}

const round = (n: number) => Math.round(n);

/**
 * The outside view (reference-class forecasting): the launch minimum's likely hours against what
 * comparable projects took, and, when it sits outside that range, the reasons visible in the answers.
 */
export function referenceComparison({
  ctx,
  launch,
  tasks,
  size,
  provisional,
  rate,
  currency,
}: {
  ctx: AnswerContext;
  launch: TierEstimate;
  tasks: readonly TriggeredTask[];
  size: readonly SizeReading[];
  provisional: Provisional;
  rate: number;
  currency: string;
}): ReferenceComparison | null {
  const cls = matchReferenceClass(ctx);
  if (!cls) return null;
  // Compared as every surface shows it, in whole hours: "80 h likely" must not read as above a
  // range that ends at 80 h because the unrounded figure is 80.49.
  const estimate = launch.hours.p50;
  const shown = Math.round(estimate);
  const { low, median, high } = cls.launch;
  const position: ReferenceComparison["position"] =
    shown > high * FAR_OUTSIDE
      ? "far-above"
      : shown > high
        ? "above"
        : shown < low / FAR_OUTSIDE
          ? "far-below"
          : shown < low
            ? "below"
            : "within";
  const sourceIds = new Set(cls.sources);
  return {
    classId: cls.id,
    title: cls.title,
    description: cls.description,
    low,
    median,
    high,
    unit: "hours",
    weeks: cls.weeks ?? null,
    cost: { low: low * rate, median: median * rate, high: high * rate, currency },
    basis: cls.basis,
    sources: ctx.content.reference.sources.filter((s) => sourceIds.has(s.id)),
    estimate,
    position,
    reasons: position === "within" ? [] : reasons(position, { ctx, tasks, size, provisional }),
  };
}

function reasons(
  position: ReferenceComparison["position"],
  {
    ctx,
    tasks,
    size,
    provisional,
  }: {
    ctx: AnswerContext;
    tasks: readonly TriggeredTask[];
    size: readonly SizeReading[];
    provisional: Provisional;
  },
): string[] {
  const launchTasks = tasks.filter((t) => t.phase === "launch-blocker");
  const out: string[] = [];
  if (position === "above" || position === "far-above") {
    if (provisional.provisional) {
      const open = provisional.total - provisional.answered;
      out.push(
        `${open} of ${provisional.total} questions are not answered yet; each is priced as if the answer were the worst one until it is answered.`,
      );
    }
    const unsure = [...ctx.interpreted.values()].filter((m) => m.kind === "unsure").length;
    if (unsure > 0)
      out.push(
        `${unsure} ${unsure === 1 ? "answer is" : "answers are"} "I'm not sure", priced as the worst case plus the time to find out.`,
      );
    const big = size.filter((r) => r.answered && r.units > r.reference * 1.5);
    if (big.length > 0)
      out.push(
        `The app is bigger than a typical one in this group: ${big
          .map((r) => `${r.title.toLowerCase()} about ${round(r.units)} (typical ${round(r.reference)})`)
          .join(", ")}.`,
      );
    const heaviest = [...launchTasks].sort((a, b) => b.mean - a.mean).slice(0, 3);
    if (heaviest.length > 0)
      out.push(
        `${launchTasks.length} tasks are needed before launch; the largest: ${heaviest
          .map((t) => `${t.title} (about ${round(t.mean)} h)`)
          .join("; ")}.`,
      );
  } else {
    out.push(
      launchTasks.length === 0
        ? "No answer calls for work before launch."
        : `Only ${launchTasks.length} ${launchTasks.length === 1 ? "task is" : "tasks are"} needed before launch: the answers show few of the gaps comparable projects usually have.`,
    );
  }
  return out;
}
