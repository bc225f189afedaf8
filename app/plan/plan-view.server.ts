import type { Phase } from "~/engine/content/types";
import { PHASES } from "~/engine/content/types";
import { OWNER_LABELS, PHASE_LABELS, STATUS_LABELS } from "~/engine/plan-types";
import { leftOutTitle } from "~/engine/out-of-scope";
import { mergeChanges } from "~/engine/plan";
import { pertMean } from "~/engine/simulate";
import type { ProposalSnapshot } from "~/engine/plan-types";
import { agreedVersion, loggedAgainstEstimate, progressAgainst, tracksProgress } from "~/engine/tracking";
import { listComments, type CommentView } from "~/models/comment.server";
import type { Engagement } from "~/models/engagement.server";
import { getPlanState, type PlanState } from "~/models/plan-state.server";
import { getProposal, listProposals } from "~/models/proposal.server";
import type { PlanItem } from "~/models/plan.server";
import { formatEstimate } from "~/engine/money";
import { phaseHours, tierViews, unpricedNote } from "~/utils/estimate-view";
import { aboutHours, estimateRange, fieldHours } from "~/utils/format";
import { formatRate } from "~/utils/format";

import { laterInWords, placedBeforeWhatTheyWaitFor } from "./order-warnings";
import { itemHoursWords, progressWords } from "./progress-words";

/**
 * The accepted version progress is measured against (the newest accepted), or null before any is
 * accepted. Its snapshot is cached once parsed (getProposal), so asking on every view is cheap.
 */
export async function agreedSnapshot(
  engagementId: string,
  proposals: ReadonlyArray<{ number: number; acceptedAt: number | null }>,
): Promise<ProposalSnapshot | null> {
  const number = agreedVersion(proposals);
  if (number === null) return null;
  return (await getProposal({ engagementId, number }))?.snapshot ?? null;
}

/**
 * What every plan page loads: the plan, its comments, whether progress is tracked yet, and, for the
 * page that shows the progress summary (`agreement`), the accepted version it is measured against.
 */
export async function loadPlanPage({
  engagement,
  agreement = false,
}: {
  engagement: Engagement;
  agreement?: boolean;
}) {
  const [state, comments, proposals] = await Promise.all([
    getPlanState({ engagement }),
    listComments({ engagementId: engagement.id }),
    listProposals({ engagementId: engagement.id }),
  ]);
  const agreed = agreement ? await agreedSnapshot(engagement.id, proposals) : null;
  return { state, comments, tracking: tracksProgress(proposals), agreed };
}

/**
 * Area id → title. Null prototype: plan items of old may carry any area ("toString", "__proto__",
 * from before areas were validated), and on a plain object those names find Object.prototype's
 * members instead of no title.
 */
export function areaTitles(state: Pick<PlanState, "content">): Record<string, string> {
  const titles: Record<string, string> = Object.create(null);
  for (const a of state.content.areas) titles[a.id] = a.title;
  titles.custom = "Other";
  return titles;
}

export function itemView(item: PlanItem, titles: Record<string, string>, byId: Map<string, PlanItem>) {
  const estimate = { optimistic: item.optimistic, likely: item.likely, pessimistic: item.pessimistic };
  return {
    id: item.id,
    taskId: item.taskId,
    title: item.title,
    description: item.description,
    area: item.area,
    areaTitle: titles[item.area] ?? item.area,
    phase: item.phase,
    scope: item.scope,
    scopeReason: item.scopeReason,
    stale: item.stale,
    owner: item.owner,
    status: item.status,
    actualHours: item.actualHours,
    estimate,
    mean: pertMean(estimate),
    estimateReason: item.estimateReason,
    dependsOn: item.dependsOn.map((id) => ({ id, title: prerequisite(byId.get(id)) })),
    version: item.version,
  };
}
type ItemView = ReturnType<typeof itemView>;

/** A prerequisite's title, saying when it is left out: the item still needs that work done. */
function prerequisite(item: PlanItem | undefined): string {
  if (!item) return "(removed item)";
  return item.scope === "deferred" || item.scope === "excluded"
    ? leftOutTitle({ title: item.title, scope: item.scope })
    : item.title;
}

function hours(n: number) {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** An estimate as the plan list reads it: "1–3 h, likely 2 h". */
export function estimateInWords(
  e: { optimistic: number; likely: number; pessimistic: number },
  /** to the figures' two places, as typed in the fields: what someone entered, to type it again */
  { exact = false }: { exact?: boolean } = {},
): string {
  const h = exact ? (n: number) => String(fieldHours(n)) : hours;
  return `${h(e.optimistic)}–${h(e.pessimistic)} h, likely ${h(e.likely)} h`;
}

/**
 * One plan row, ready to show. The list is 60+ rows and every value is serialized into the page for
 * hydration, so the server joins what the row only displays (facts, hours, dependencies) into text.
 */
/**
 * How a row reads once progress is tracked: its status, for an item in scope that the accepted
 * version does not hold, that it was added since (its hours are counted apart from the agreement's),
 * and the hours logged on it, flagged once they pass the worst case it is held to.
 */
type Tracking = {
  agreed: { snapshot: Pick<ProposalSnapshot, "number" | "items">; ids: ReadonlySet<string> } | null;
} | null;

function rowView(item: ItemView, comments: number, tracking: Tracking, later: string[] | undefined) {
  const added =
    tracking?.agreed && item.scope === "included" && !tracking.agreed.ids.has(item.id)
      ? `Added since version ${tracking.agreed.snapshot.number}`
      : null;
  const spent =
    tracking && (item.actualHours ?? 0) > 0
      ? itemHoursWords(loggedAgainstEstimate(item, tracking.agreed?.snapshot ?? null))
      : null;
  const e = item.estimate;
  const after = item.dependsOn.map((d) => d.title).join("; ");
  return {
    id: item.id,
    title: item.title,
    scope: item.scope,
    facts: [
      item.areaTitle,
      OWNER_LABELS[item.owner],
      tracking ? STATUS_LABELS[item.status] : null,
      added,
      comments === 0 ? null : comments === 1 ? "1 comment" : `${comments} comments`,
    ]
      .filter(Boolean)
      .join(" · "),
    // Rounded as the proposal and its PDF state it, so one item reads the same everywhere (QA 3, 3).
    range: estimateRange(e),
    expected: aboutHours(item.mean),
    version: item.version,
    // Most rows have none of these: left out rather than sent empty.
    ...(item.stale ? { stale: true as const } : {}),
    ...(after ? { after } : {}),
    ...(item.scopeReason ? { reason: item.scopeReason } : {}),
    // Placed above what it waits for (order-warnings.ts): said on the row.
    ...(later ? { later: laterInWords(later) } : {}),
    // Once work is tracked, beside the estimate; past its worst case, said on the row.
    ...(spent ? { logged: spent.logged } : {}),
    ...(spent?.over ? { over: { flag: spent.over, said: `${spent.logged}, ${spent.against}` } } : {}),
  };
}
export type RowView = ReturnType<typeof rowView>;

type PlanGroup = {
  phase: Phase;
  /** items of the phase in scope, and their hours as the tier table states them ("likely 174 h") */
  inScope: number;
  hours: string;
  items: RowView[];
};

function planGroups(
  state: PlanState,
  comments: CommentView[],
  tracking: Tracking,
  titles: Record<string, string>,
): PlanGroup[] {
  const byId = new Map(state.items.map((i) => [i.id, i]));
  const later = placedBeforeWhatTheyWaitFor(state.items);
  const commentCount = new Map<string, number>();
  for (const c of comments)
    if (c.targetType === "plan-item") commentCount.set(c.targetId, (commentCount.get(c.targetId) ?? 0) + 1);
  return PHASES.map((phase: Phase) => ({
    phase,
    inScope: state.totals.byPhase[phase].items,
    hours: phaseHours(state.totals, phase),
    items: state.items
      .filter((i) => i.phase === phase)
      .map((i) => rowView(itemView(i, titles, byId), commentCount.get(i.id) ?? 0, tracking, later.get(i.id))),
  }));
}

/**
 * One choice of the bulk form's "Apply to": `name` words it in a question ("Exclude all 28 Launch
 * minimum items?"), `changes` counts, per scope, the items not already there.
 */
function bulkTargeter(items: PlanItem[]) {
  return (value: string, label: string, name: string, pick: (item: PlanItem) => boolean) => {
    const picked = items.filter(pick);
    return {
      value,
      label: `${label} (${picked.length})`,
      name,
      count: picked.length,
      // What the page shows it to hold: a change sent for it is refused if it holds others by then.
      ids: picked.map((i) => i.id),
      changes: {
        included: picked.filter((i) => i.scope !== "included").length,
        deferred: picked.filter((i) => i.scope !== "deferred").length,
        excluded: picked.filter((i) => i.scope !== "excluded").length,
      },
    };
  };
}

/** "$12,700–$22,400", the results page's launch minimum, or null when it holds no work. */
function answersLaunch(state: PlanState): string | null {
  const launch = state.assessment.effort.tiers[0];
  if (!launch || launch.tasks === 0) return null;
  const { currency } = launch.cost;
  return `${formatEstimate(launch.cost.p50, currency)}–${formatEstimate(launch.cost.p90, currency)}`;
}

/**
 * "The plan as it stands, at today's $150 an hour; version 2 was agreed at $120 an hour", when the
 * accepted version was priced at another rate or currency than the plan is now (as the overview's
 * "the version is priced at $120"); null when alike.
 */
function rateSinceAgreed(
  agreed: Pick<ProposalSnapshot, "number" | "settings">,
  now: { rate: number; currency: string },
): string | null {
  const then = agreed.settings;
  if (then.hourlyRate === now.rate && then.currency === now.currency) return null;
  return `The plan as it stands, at today's ${formatRate(now.rate, now.currency)} an hour; version ${agreed.number} was agreed at ${formatRate(then.hourlyRate, then.currency)} an hour.`;
}

/** The plan page's data: items grouped by phase, totals formatted in the engagement's currency. */
export function planView({
  state,
  comments,
  tracking,
  agreed,
}: {
  state: PlanState;
  comments: CommentView[];
  tracking: boolean;
  /** the accepted version progress is measured against (loadPlanPage) */
  agreed: ProposalSnapshot | null;
}) {
  const titles = areaTitles(state);
  const { totals } = state;
  const groups = planGroups(
    state,
    comments,
    tracking ? { agreed: agreed && { snapshot: agreed, ids: new Set(agreed.items.map((i) => i.id)) } } : null,
    titles,
  );
  const bulkTarget = bulkTargeter(state.items);
  return {
    hasPlan: state.items.length > 0,
    preview:
      state.items.length === 0
        ? state.assessment.tasks
            .filter((t) => !t.provisional)
            .map((t) => ({
              id: t.id,
              title: t.title,
              phase: t.phase,
              area: titles[t.area] ?? t.area,
              mean: t.mean,
            }))
        : [],
    pending: {
      created: state.pending.create.length,
      updated: state.pending.update.length,
      stale: state.pending.markStale.length,
      back: state.pending.unmarkStale.length,
      total: mergeChanges(state.pending),
    },
    groups,
    // What a bulk change can target: the phases and areas that have items, and the proposed ones;
    // with how many of them each scope would change, for the question asked before a large change.
    bulkTargets: [
      bulkTarget("proposed", "Every proposed item", "proposed", (i) => i.scope === "proposed"),
      ...PHASES.map((phase) =>
        bulkTarget(
          `phase:${phase}`,
          `Phase: ${PHASE_LABELS[phase]}`,
          PHASE_LABELS[phase],
          (i) => i.phase === phase,
        ),
      ),
      ...Object.keys(titles).map((area) =>
        bulkTarget(`area:${area}`, `Area: ${titles[area]}`, titles[area]!, (i) => i.area === area),
      ),
    ].filter((t) => t.count > 0),
    totals: {
      // Live plans always have tiers (only old proposal snapshots lack them).
      tiers: tierViews(
        totals.tiers ?? [],
        {
          tasks: totals.items,
          hours: totals.hours,
          weeks: totals.weeks,
          cost: totals.cost,
        },
        "plan",
        (id) => state.items.find((i) => i.id === id)?.title,
      ),
      items: totals.items,
      unpriced: unpricedNote(totals.unpriced),
      // Said on the page, or the plan's totals and the results page's look wrong.
      open: state.open,
      // The results page's launch minimum (the answers alone, open questions at their worst case),
      // stated beside the plan's rather than said to be higher: the partner's added or re-estimated
      // items can put the plan above it (QA 7, finding 2).
      answersLaunch: answersLaunch(state),
      // Once a version is accepted, the live figures are the plan as it stands at today's rate; a
      // rate changed since would otherwise read as the agreed price (QA 7, finding 3).
      rateSince: agreed ? rateSinceAgreed(agreed, totals.cost) : null,
    },
    // Against the accepted version, not the live plan: re-estimating or deferring after the
    // sign-off does not move the baseline or drop logged hours (decision 036).
    progress: tracking && agreed ? progressWords(progressAgainst(agreed, state.items)) : null,
  };
}
export type PlanView = ReturnType<typeof planView>;
