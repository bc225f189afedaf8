import { and, asc, eq } from "drizzle-orm";

import { db } from "../../db/connection.server";
import { memberships, users } from "../../db/schema";
import { outOfScopeItems } from "~/engine/out-of-scope";
import { pertMean } from "~/engine/simulate";
import type {
  PartnerIdentity,
  ProposalPayment,
  ProposalPrice,
  ProposalSnapshot,
  SnapshotItem,
} from "~/engine/plan-types";
import { productFacts } from "~/utils/engagement-options";
import { methodExplanation } from "~/utils/method-text";
import { areaTitles } from "~/plan/plan-view.server";

import type { Engagement } from "./engagement.server";
import type { PlanState } from "./plan-state.server";

function founderOf(engagementId: string): { name: string; email: string } {
  const row = db()
    .select({ name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.engagementId, engagementId), eq(memberships.role, "founder")))
    .orderBy(asc(memberships.createdAt))
    .get();
  return row ? { name: row.name || row.email, email: row.email } : { name: "", email: "" };
}

/** Everything a proposal shows, frozen: its page and its PDF render from this alone. */
export function buildSnapshot({
  state,
  engagement,
  number,
  publishedAt,
  preparedBy,
  assumptions,
  exclusions,
  terms = "",
  validUntil = null,
  price = { model: "range" },
  payment = { plan: "none" },
  partner = null,
}: {
  state: PlanState;
  engagement: Engagement;
  number: number;
  publishedAt: number;
  preparedBy: { name: string; email: string };
  assumptions: string;
  exclusions: string;
  /** the partner's terms (payment, warranty, how changes are priced), "" for none */
  terms?: string;
  /** the last day (UTC, "YYYY-MM-DD") the founder may accept it, or null: it does not expire */
  validUntil?: string | null;
  /** the price offered; the range (time and materials) unless the partner chose otherwise */
  price?: ProposalPrice;
  /** when the founder pays (decision 040); not stated unless the partner chose a schedule */
  payment?: ProposalPayment;
  /** the publisher's company as their profile stands now, or null for none */
  partner?: PartnerIdentity | null;
}): ProposalSnapshot {
  const { assessment: a, content } = state;
  const titles = areaTitles(state);
  const inScope = new Set(state.inScope.map((i) => i.id));
  const leftOut = new Set(
    state.items.filter((i) => i.scope === "excluded" || i.scope === "deferred").map((i) => i.id),
  );
  // Which in-scope items build on each shared setup (work package), so the proposal can say so.
  const users = new Map<string, string[]>();
  for (const i of state.inScope) {
    const pkg = i.taskId ? content.tasksById.get(i.taskId)?.package : undefined;
    if (pkg) users.set(pkg, [...(users.get(pkg) ?? []), i.title]);
  }
  const items: SnapshotItem[] = state.inScope.map((i) => {
    const task = i.taskId ? content.tasksById.get(i.taskId) : undefined;
    const sharedBy = task?.shared ? (users.get(task.id) ?? []) : undefined;
    const estimate = { optimistic: i.optimistic, likely: i.likely, pessimistic: i.pessimistic };
    return {
      id: i.id,
      taskId: i.taskId,
      title: i.title,
      description: i.description || task?.description || "",
      deliverables: task?.deliverables ?? [],
      acceptance: task?.acceptance ?? [],
      area: i.area,
      areaTitle: titles[i.area] ?? i.area,
      phase: i.phase,
      owner: i.owner,
      estimate,
      mean: pertMean(estimate),
      dependsOn: i.dependsOn.filter((d) => inScope.has(d)),
      ...(i.dependsOn.some((d) => leftOut.has(d))
        ? { waitsOutside: i.dependsOn.filter((d) => leftOut.has(d)) }
        : {}),
      estimateReason: i.estimateReason,
      ...(sharedBy ? { sharedBy } : {}),
    };
  });
  return {
    number,
    publishedAt,
    preparedBy,
    preparedFor: founderOf(engagement.id),
    engagement: {
      id: engagement.id,
      name: engagement.name,
      description: engagement.description,
      ...productFacts(state.answers),
    },
    settings: {
      currency: engagement.currency,
      hourlyRate: engagement.hourlyRate,
      teamSize: engagement.teamSize,
      weeklyCapacity: engagement.weeklyCapacity,
      focusFactor: a.settings.focusFactor,
    },
    contentVersion: content.version,
    open: state.open,
    readiness: {
      overall: { score: a.overall.score, level: a.overall.level?.name ?? null },
      completion: a.completion.percent,
      areas: a.areas.map((area) => ({
        id: area.id,
        title: area.title,
        applicable: area.applicable,
        score: area.score,
        high: area.risks.high.length,
        medium: area.risks.medium.length,
        unsure: area.unsure.length,
        findings: [...area.risks.high, ...area.risks.medium].map((f) => ({
          prompt: f.prompt,
          impact: f.impact,
          risk: f.risk === "high" ? ("high" as const) : ("medium" as const),
          blocker: f.blocker,
        })),
      })),
      blockers: a.blockers.map((b) => ({ questionId: b.questionId, title: b.prompt, impact: b.impact })),
      possibleBlockers: a.possibleBlockers.length,
    },
    items,
    outOfScope: outOfScopeItems(
      state.items.map((i) => ({
        ...i,
        estimate: { optimistic: i.optimistic, likely: i.likely, pessimistic: i.pessimistic },
      })),
      titles,
    ),
    totals: state.totals,
    schedule: state.schedule.filter((s) => inScope.has(s.itemId)),
    assumptions,
    exclusions,
    // Part of the snapshot, so of its hash: the founder accepts these terms and this date, exactly.
    terms,
    ...(validUntil ? { validUntil } : {}),
    // Frozen too: the founder accepts this price from this company, and a later profile edit or a
    // new draft price leaves the version as it was published.
    price,
    // The schedule too (decision 040): its milestones and percents are part of what is accepted.
    payment,
    ...(partner ? { partner } : {}),
    method: methodExplanation({
      tasks: items.length,
      teamSize: engagement.teamSize,
      weeklyCapacity: engagement.weeklyCapacity,
      focusFactor: a.settings.focusFactor,
      hourlyRate: engagement.hourlyRate,
      currency: engagement.currency,
      shared: items.filter((i) => i.sharedBy).length,
      proposal: { open: state.open },
    }),
  };
}
