import { and, asc, eq, inArray, sql } from "drizzle-orm";

import { db, prepared, writeTransaction, type Db } from "../../db/connection.server";
import { activity, comments, planItemDependencies, planItems, proposals } from "../../db/schema";
import type { Estimate, Phase } from "~/engine/content/types";
import type { PlanMerge } from "~/engine/plan";
import type { ItemStatus, Owner, Scope } from "~/engine/plan-types";
import { findCycle } from "~/engine/simulate";
import { PLAN_BUDGET } from "~/utils/export-schema";
import { fieldHours } from "~/utils/format";
import { newId } from "~/utils/ids.server";

import { activityOf, type ActivityRecord } from "./activity-log.server";
import { bumpEngagement } from "./engagement.server";

export type PlanItem = typeof planItems.$inferSelect & { dependsOn: string[] };

export async function listPlan({ engagementId }: { engagementId: string }): Promise<PlanItem[]> {
  const rows = prepared("plan-items", (conn) =>
    conn
      .select()
      .from(planItems)
      .where(eq(planItems.engagementId, sql.placeholder("engagementId")))
      .orderBy(asc(planItems.position))
      .prepare(),
  ).all({ engagementId });
  if (rows.length === 0) return [];
  const deps = prepared("plan-dependencies", (conn) =>
    conn
      .select({ itemId: planItemDependencies.itemId, dependsOnId: planItemDependencies.dependsOnId })
      .from(planItemDependencies)
      .innerJoin(planItems, eq(planItems.id, planItemDependencies.itemId))
      .where(eq(planItems.engagementId, sql.placeholder("engagementId")))
      .prepare(),
  ).all({ engagementId });
  const byItem = new Map<string, string[]>();
  for (const d of deps) byItem.set(d.itemId, [...(byItem.get(d.itemId) ?? []), d.dependsOnId]);
  return rows.map((r) => ({ ...r, dependsOn: byItem.get(r.id) ?? [] }));
}

/** One change to an item, as the activity keeps it: what, by whom (null once removed), and when. */
export type ItemChangeRecord = ActivityRecord;

/**
 * The newest change of one of `kinds` to an item, made at `since` or later, or null. A refusal says
 * with it who changed the item, to what and when, rather than only "someone". A bulk scope change
 * names its items in `was`, the others in `itemId`.
 */
export function lastItemChange(
  {
    engagementId,
    itemId,
    kinds,
    since = 0,
  }: { engagementId: string; itemId: string; kinds: readonly string[]; since?: number },
  /** a transaction's, to read with what it reads */
  conn: Db = db(),
): ItemChangeRecord | null {
  const about = sql`(json_extract(${activity.detail}, '$.itemId') = ${itemId}
    or exists (select 1 from json_each(${activity.detail}, '$.was') where json_extract(value, '$.id') = ${itemId}))`;
  return activityOf({ engagementId, kinds, since, about, limit: 1 }, conn)[0] ?? null;
}

function log(tx: Db, engagementId: string, userId: string, kind: string, detail: Record<string, unknown>) {
  tx.insert(activity).values({ engagementId, userId, kind, detail }).run();
}

/**
 * A new estimate for an item read (and version-checked) in this transaction: marks it edited so a
 * plan refresh keeps it, bumps the version, and logs the old and new numbers.
 */
function saveEstimate(
  tx: Db,
  {
    item,
    estimate,
    reason,
    userId,
    now,
  }: { item: typeof planItems.$inferSelect; estimate: Estimate; reason: string; userId: string; now: number },
) {
  tx.update(planItems)
    .set({
      ...estimate,
      estimateReason: reason,
      estimateEdited: true,
      version: item.version + 1,
      updatedAt: now,
    })
    .where(and(eq(planItems.id, item.id), eq(planItems.engagementId, item.engagementId)))
    .run();
  log(tx, item.engagementId, userId, "plan.estimate", {
    itemId: item.id,
    item: item.title,
    from: { optimistic: item.optimistic, likely: item.likely, pessimistic: item.pessimistic },
    to: estimate,
    reason,
  });
}

/** The items of one phase, in plan order: moves reorder an item among these. */
function phaseOrder(tx: Db, engagementId: string, phase: Phase) {
  return tx
    .select({ id: planItems.id, position: planItems.position })
    .from(planItems)
    .where(and(eq(planItems.engagementId, engagementId), eq(planItems.phase, phase)))
    .orderBy(asc(planItems.position))
    .all();
}

function nextPosition(tx: Db, engagementId: string): number {
  const last = tx
    .select({ position: planItems.position })
    .from(planItems)
    .where(eq(planItems.engagementId, engagementId))
    .orderBy(asc(planItems.position))
    .all()
    .at(-1);
  return (last?.position ?? 0) + 1;
}

/** Applies a merge computed by the engine (see app/engine/plan.ts) in one transaction. */
export async function applyPlanMerge({
  engagementId,
  userId,
  merge,
}: {
  engagementId: string;
  userId: string;
  merge: PlanMerge;
}): Promise<{ ok: true } | { ok: false; message: string }> {
  const now = Date.now();
  return writeTransaction((tx) => {
    const existing = tx
      .select({ id: planItems.id, taskId: planItems.taskId })
      .from(planItems)
      .where(eq(planItems.engagementId, engagementId))
      .all();
    const known = new Set(existing.map((e) => e.taskId));
    const adding = merge.create.filter((c) => !known.has(c.task.id)).length;
    if (existing.length + adding > PLAN_BUDGET.items) {
      return {
        ok: false as const,
        message: `A plan holds at most ${PLAN_BUDGET.items} items; this update would make it ${existing.length + adding}. Remove custom items first.`,
      };
    }
    // A concurrent regeneration may have created some items already: the unique (engagement, task)
    // index would refuse a duplicate, so skip what exists.
    const itemByTask = new Map(existing.filter((e) => e.taskId).map((e) => [e.taskId!, e.id]));
    let position = nextPosition(tx, engagementId);
    const created: Array<{ id: string; dependsOn: string[] }> = [];
    for (const { task, scope } of merge.create) {
      if (itemByTask.has(task.id)) continue;
      const id = newId();
      itemByTask.set(task.id, id);
      tx.insert(planItems)
        .values({
          id,
          engagementId,
          taskId: task.id,
          title: task.title,
          description: "",
          area: task.area,
          phase: task.phase,
          ...task.estimate,
          scope,
          position: position++,
          updatedAt: now,
        })
        .run();
      created.push({ id, dependsOn: task.dependsOn });
    }
    for (const item of created) {
      const deps = item.dependsOn.map((t) => itemByTask.get(t)).filter((d): d is string => Boolean(d));
      if (deps.length > 0) {
        tx.insert(planItemDependencies)
          .values(deps.map((dependsOnId) => ({ itemId: item.id, dependsOnId })))
          .onConflictDoNothing()
          .run();
      }
    }
    // Each change moves the item's version on, so a form read before this update (the estimates
    // table, an item page) is caught as stale instead of putting the old numbers back. The merge was
    // worked out from a read before this transaction: an estimate or phase someone set in between is
    // theirs and stays (the `edited` flags).
    for (const u of merge.update) {
      const item = and(eq(planItems.id, u.id), eq(planItems.engagementId, engagementId));
      const bump = { version: sql`${planItems.version} + 1`, updatedAt: now };
      if (u.estimate)
        tx.update(planItems)
          .set({ ...u.estimate, ...bump })
          .where(and(item, eq(planItems.estimateEdited, false)))
          .run();
      if (u.phase)
        tx.update(planItems)
          .set({ phase: u.phase, ...bump })
          .where(and(item, eq(planItems.phaseEdited, false)))
          .run();
    }
    if (merge.markStale.length > 0) {
      tx.update(planItems)
        .set({ stale: true, updatedAt: now })
        .where(and(eq(planItems.engagementId, engagementId), inArray(planItems.id, merge.markStale)))
        .run();
    }
    if (merge.unmarkStale.length > 0) {
      tx.update(planItems)
        .set({ stale: false, updatedAt: now })
        .where(and(eq(planItems.engagementId, engagementId), inArray(planItems.id, merge.unmarkStale)))
        .run();
    }
    bumpEngagement(tx, engagementId);
    // What changed, counted apart so the activity can say it ("3 new estimates"); `updated` (items
    // with a new estimate, phase or both) stays for the entries and readers that predate the split.
    log(tx, engagementId, userId, "plan.regenerated", {
      created: created.length,
      updated: merge.update.length,
      estimates: merge.update.filter((u) => u.estimate).length,
      phases: merge.update.filter((u) => u.phase).length,
      stale: merge.markStale.length,
      back: merge.unmarkStale.length,
    });
    return { ok: true as const };
  });
}

export type ItemChange =
  /**
   * `reason`: why it is out or later, shown on the proposal. A string (trimmed; "" for none) replaces
   * the reason; undefined keeps it, for forms that do not offer one (the list's row buttons).
   */
  | { kind: "scope"; scope: Scope; reason?: string }
  | { kind: "estimate"; estimate: Estimate; reason: string }
  | { kind: "phase"; phase: Phase }
  | { kind: "owner"; owner: Owner }
  /** the hours are logged as dated entries (time-entries.server.ts), not here */
  | { kind: "status"; status: ItemStatus }
  | { kind: "dependencies"; dependsOn: string[] }
  | { kind: "move"; direction: "up" | "down" }
  /** to a place in its phase, 1 = first */
  | { kind: "move-to"; position: number }
  /** a custom item's own words; items from the assessment keep the question bank's */
  | { kind: "details"; title: string; description: string };

/**
 * The reason an item keeps after a scope change. Only excluded and deferred items have one: an item
 * back in scope (or still undecided) loses it, so an old "not needed yet" never outlives the decision.
 */
function reasonFor(scope: Scope, given: string | undefined, current: string | null): string | null {
  if (scope === "included" || scope === "proposed") return null;
  if (given === undefined) return current;
  return given.trim() || null;
}

/**
 * The numbers an item already has, as its forms show them (rounded as fieldHours: a derived 2.0999…
 * is shown, and sent back, as 2.1): an estimate saved as it stands changes nothing.
 */
function sameEstimate(typed: Estimate, stored: Estimate): boolean {
  return (["optimistic", "likely", "pessimistic"] as const).every((k) => typed[k] === fieldHours(stored[k]));
}

/**
 * Whether a change would leave the item exactly as it is: the scope and reason it has saved again,
 * the estimate, phase, owner, progress or dependencies it already has, a move to where it already is.
 * Such a save writes nothing and logs nothing: the activity is what the founder reads, and "put …
 * in scope" for an item that already was, or a scope change counted for it, reports a decision
 * nobody made. Its version stays, so a form still open on it can be sent as it is.
 */
function changesNothing(tx: Db, item: typeof planItems.$inferSelect, change: ItemChange): boolean {
  switch (change.kind) {
    case "scope":
      return (
        change.scope === item.scope &&
        reasonFor(change.scope, change.reason, item.scopeReason) === item.scopeReason
      );
    case "estimate":
      // As in the estimates table: the numbers are the change, a reason alone is not.
      return sameEstimate(change.estimate, item);
    case "phase":
      return change.phase === item.phase;
    case "owner":
      return change.owner === item.owner;
    case "status":
      return change.status === item.status;
    case "dependencies": {
      const now = new Set(
        tx
          .select({ id: planItemDependencies.dependsOnId })
          .from(planItemDependencies)
          .where(eq(planItemDependencies.itemId, item.id))
          .all()
          .map((d) => d.id),
      );
      const wanted = new Set(change.dependsOn);
      return wanted.size === now.size && [...wanted].every((d) => now.has(d));
    }
    case "move": {
      const siblings = phaseOrder(tx, item.engagementId, item.phase);
      const index = siblings.findIndex((s) => s.id === item.id);
      return change.direction === "up" ? index <= 0 : index === siblings.length - 1;
    }
    case "move-to": {
      const siblings = phaseOrder(tx, item.engagementId, item.phase);
      const to = Math.min(siblings.length, Math.max(1, change.position)) - 1;
      return siblings.findIndex((s) => s.id === item.id) === to;
    }
    case "details":
      return change.title === item.title && change.description === item.description;
  }
}

type ChangeResult =
  | { ok: true; version: number }
  | { ok: false; reason: "conflict"; current: PlanItem }
  | { ok: false; reason: "invalid"; message: string }
  | { ok: false; reason: "not-found" };

/** "“A”", "“A” and “B”", "“A”, “B” and “C”" */
function inWords(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

/**
 * Why a new set of dependencies would make a loop, in words: the chosen items that already wait for
 * this one (directly, or through the item named after "through"). A bare "that would make a loop"
 * leaves the partner to find the culprit among dozens of ticks; the title is what they need.
 * `waitsFor` holds every other item's stored dependencies; null when no chosen item closes a loop
 * (the loop is elsewhere, which the stored plan never holds).
 */
function loopMessage(
  itemId: string,
  chosen: string[],
  waitsFor: ReadonlyMap<string, readonly string[]>,
  titleOf: (id: string) => string,
): string | null {
  const closers: Array<{ id: string; via: string | null }> = [];
  for (const start of chosen) {
    // Breadth first, remembering the first step taken, so "through" names the nearest link.
    const seen = new Set([start]);
    let found: string | null | undefined;
    const queue: Array<{ id: string; first: string | null }> = [{ id: start, first: null }];
    while (queue.length > 0 && found === undefined) {
      const { id, first } = queue.shift()!;
      for (const next of waitsFor.get(id) ?? []) {
        if (next === itemId) {
          found = first;
          break;
        }
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push({ id: next, first: first ?? next });
      }
    }
    if (found !== undefined) closers.push({ id: start, via: found });
  }
  if (closers.length === 0) return null;
  const names = closers.map((c) => `“${titleOf(c.id)}”${c.via ? ` (through “${titleOf(c.via)}”)` : ""}`);
  const one = closers.length === 1;
  return `That would make a loop: ${inWords(names)} already ${one ? "waits" : "wait"} for this item. Untick ${one ? "it" : "them"} and save again.`;
}

/**
 * Changes one item if nobody changed it since `version` was read (else a conflict carrying the
 * current item: the caller shows it, nothing is overwritten). Every change is logged as activity.
 */
export async function changePlanItem({
  engagementId,
  itemId,
  userId,
  version,
  change,
}: {
  engagementId: string;
  itemId: string;
  userId: string;
  version: number;
  change: ItemChange;
}): Promise<ChangeResult> {
  const now = Date.now();
  const result = writeTransaction((tx): ChangeResult | { ok: false; reason: "conflict" } => {
    const where = and(eq(planItems.id, itemId), eq(planItems.engagementId, engagementId));
    const item = tx.select().from(planItems).where(where).get();
    if (!item) return { ok: false, reason: "not-found" };
    if (item.version !== version) return { ok: false, reason: "conflict" };
    if (changesNothing(tx, item, change)) return { ok: true, version };
    const bump = { version: version + 1, updatedAt: now };
    switch (change.kind) {
      case "scope": {
        const scopeReason = reasonFor(change.scope, change.reason, item.scopeReason);
        tx.update(planItems)
          .set({ scope: change.scope, scopeReason, ...bump })
          .where(where)
          .run();
        log(tx, engagementId, userId, "plan.scope", {
          itemId: item.id,
          item: item.title,
          from: item.scope,
          to: change.scope,
          ...(scopeReason ? { reason: scopeReason } : {}),
        });
        break;
      }
      case "estimate":
        saveEstimate(tx, { item, estimate: change.estimate, reason: change.reason, userId, now });
        break;
      case "phase":
        tx.update(planItems)
          .set({ phase: change.phase, phaseEdited: true, ...bump })
          .where(where)
          .run();
        log(tx, engagementId, userId, "plan.phase", {
          itemId: item.id,
          item: item.title,
          from: item.phase,
          to: change.phase,
        });
        break;
      case "owner":
        tx.update(planItems)
          .set({ owner: change.owner, ...bump })
          .where(where)
          .run();
        log(tx, engagementId, userId, "plan.owner", { itemId: item.id, item: item.title, to: change.owner });
        break;
      case "status":
        tx.update(planItems)
          .set({ status: change.status, ...bump })
          .where(where)
          .run();
        log(tx, engagementId, userId, "plan.status", {
          itemId: item.id,
          item: item.title,
          to: change.status,
        });
        break;
      case "dependencies": {
        const all = tx
          .select({ id: planItems.id })
          .from(planItems)
          .where(eq(planItems.engagementId, engagementId))
          .all()
          .map((r) => r.id);
        const known = new Set(all);
        const wanted = [...new Set(change.dependsOn)];
        if (wanted.some((d) => !known.has(d)))
          return { ok: false, reason: "invalid", message: "Choose items from this plan." };
        if (wanted.includes(itemId))
          return { ok: false, reason: "invalid", message: "An item cannot depend on itself." };
        const edges = tx
          .select()
          .from(planItemDependencies)
          .where(inArray(planItemDependencies.itemId, all))
          .all()
          .filter((e) => e.itemId !== itemId);
        const graph = all.map((id) => ({
          id,
          dependsOn: id === itemId ? wanted : edges.filter((e) => e.itemId === id).map((e) => e.dependsOnId),
        }));
        const links = edges.length + wanted.length;
        if (links > PLAN_BUDGET.dependencies)
          return {
            ok: false,
            reason: "invalid",
            message: `A plan holds at most ${PLAN_BUDGET.dependencies} dependency links (this would make ${links}).`,
          };
        const cycle = findCycle(graph);
        if (cycle) {
          const waitsFor = new Map(graph.filter((g) => g.id !== itemId).map((g) => [g.id, g.dependsOn]));
          // Every item's title: the link named "through" is usually not one of the ticked.
          const titles = new Map(
            tx
              .select({ id: planItems.id, title: planItems.title })
              .from(planItems)
              .where(eq(planItems.engagementId, engagementId))
              .all()
              .map((r) => [r.id, r.title]),
          );
          return {
            ok: false,
            reason: "invalid",
            message:
              loopMessage(itemId, wanted, waitsFor, (id) => titles.get(id) ?? id) ??
              "That would make a loop: items would wait for each other forever.",
          };
        }

        tx.delete(planItemDependencies).where(eq(planItemDependencies.itemId, itemId)).run();
        if (wanted.length > 0) {
          tx.insert(planItemDependencies)
            .values(wanted.map((dependsOnId) => ({ itemId, dependsOnId })))
            .run();
        }
        tx.update(planItems).set(bump).where(where).run();
        log(tx, engagementId, userId, "plan.dependencies", {
          itemId: item.id,
          item: item.title,
          count: wanted.length,
        });
        break;
      }
      case "move": {
        const siblings = phaseOrder(tx, engagementId, item.phase);
        const index = siblings.findIndex((s) => s.id === itemId);
        const other = siblings[change.direction === "up" ? index - 1 : index + 1];
        if (!other) break; // already first/last: nothing to do, still a valid request
        tx.update(planItems)
          .set({ position: other.position, ...bump })
          .where(where)
          .run();
        tx.update(planItems).set({ position: item.position }).where(eq(planItems.id, other.id)).run();
        log(tx, engagementId, userId, "plan.moved", {
          itemId: item.id,
          item: item.title,
          direction: change.direction,
        });
        break;
      }
      case "move-to": {
        // The phase's items in order, with this one taken out and put back at the new place; the
        // phase keeps the position numbers it had, handed out in the new order.
        const siblings = phaseOrder(tx, engagementId, item.phase);
        const from = siblings.findIndex((s) => s.id === itemId);
        const to = Math.min(siblings.length, Math.max(1, change.position)) - 1;
        if (from === to) break;
        const order = siblings.filter((s) => s.id !== itemId);
        order.splice(to, 0, siblings[from]!);
        const positions = siblings.map((s) => s.position);
        order.forEach((s, i) => {
          if (s.position === positions[i]) return;
          tx.update(planItems)
            .set(s.id === itemId ? { position: positions[i]!, ...bump } : { position: positions[i]! })
            .where(eq(planItems.id, s.id))
            .run();
        });
        log(tx, engagementId, userId, "plan.moved", { itemId: item.id, item: item.title, position: to + 1 });
        break;
      }
      case "details": {
        if (item.taskId !== null)
          return {
            ok: false,
            reason: "invalid",
            message:
              "Only items added to the plan by hand can be renamed: the others keep the assessment's titles.",
          };
        tx.update(planItems)
          .set({ title: change.title, description: change.description, ...bump })
          .where(where)
          .run();
        log(tx, engagementId, userId, "plan.custom-edited", {
          itemId: item.id,
          item: change.title,
          ...(item.title !== change.title ? { from: item.title } : {}),
          description: item.description !== change.description,
        });
        break;
      }
    }
    bumpEngagement(tx, engagementId);
    return { ok: true, version: version + 1 };
  });
  if (result.ok || result.reason !== "conflict") return result;
  const current = (await listPlan({ engagementId })).find((i) => i.id === itemId);
  return current ? { ok: false, reason: "conflict", current } : { ok: false, reason: "not-found" };
}

export async function addCustomItem({
  engagementId,
  userId,
  title,
  description,
  area,
  phase,
  estimate,
}: {
  engagementId: string;
  userId: string;
  title: string;
  description: string;
  area: string;
  phase: Phase;
  estimate: Estimate;
}): Promise<{ ok: true; id: string } | { ok: false; message: string }> {
  const id = newId();
  return writeTransaction((tx) => {
    const count = tx
      .select({ n: sql<number>`count(*)` })
      .from(planItems)
      .where(eq(planItems.engagementId, engagementId))
      .get()!.n;
    if (count >= PLAN_BUDGET.items) {
      return { ok: false as const, message: `A plan holds at most ${PLAN_BUDGET.items} items.` };
    }
    tx.insert(planItems)
      .values({
        id,
        engagementId,
        taskId: null,
        title,
        description,
        area,
        phase,
        ...estimate,
        estimateEdited: true,
        phaseEdited: true,
        scope: "included",
        position: nextPosition(tx, engagementId),
        updatedAt: Date.now(),
      })
      .run();
    bumpEngagement(tx, engagementId);
    log(tx, engagementId, userId, "plan.custom", { itemId: id, item: title });
    return { ok: true as const, id };
  });
}

/**
 * The published proposal versions that hold the item, in scope or listed as left out. A proposal is
 * a snapshot, so deleting the item would not change what a version says; but the founder has read
 * (and may have signed) a version with it, and the next version's "what changed" and the work
 * tracked after sign-off should account for it as out of scope, with a reason, not lose it without a
 * word. So an item in any of them is set out of scope instead of deleted.
 */
function publishedIn(tx: Db, engagementId: string, itemId: string): number[] {
  return tx
    .select({ number: proposals.number })
    .from(proposals)
    .where(
      and(
        eq(proposals.engagementId, engagementId),
        sql`(exists (select 1 from json_each(${proposals.snapshot}, '$.items') where json_extract(value, '$.id') = ${itemId})
          or exists (select 1 from json_each(${proposals.snapshot}, '$.outOfScope') where json_extract(value, '$.id') = ${itemId}))`,
      ),
    )
    .orderBy(asc(proposals.number))
    .all()
    .map((r) => r.number);
}

/** Whether `itemId` is an item of this engagement's plan: an item page's URL names one. */
export function isPlanItemOf({ engagementId, itemId }: { engagementId: string; itemId: string }): boolean {
  const row = db()
    .select({ id: planItems.id })
    .from(planItems)
    .where(and(eq(planItems.id, itemId), eq(planItems.engagementId, engagementId)))
    .get();
  return row !== undefined;
}

/** The proposal versions that hold this item (see publishedIn), for the item page to explain why it stays. */
export async function proposalsWithItem({
  engagementId,
  itemId,
}: {
  engagementId: string;
  itemId: string;
}): Promise<number[]> {
  return publishedIn(db(), engagementId, itemId);
}

/**
 * Deletes a custom item nobody changed since `version` was read and that no published proposal holds
 * (publishedIn), with its comments; what waited for it no longer does (the links cascade). Items
 * from the assessment are never deleted: the next plan update would bring them back.
 */
export async function deleteCustomItem({
  engagementId,
  itemId,
  userId,
  version,
}: {
  engagementId: string;
  itemId: string;
  userId: string;
  version: number;
}): Promise<ChangeResult> {
  const result = writeTransaction((tx): ChangeResult | { ok: false; reason: "conflict" } => {
    const where = and(eq(planItems.id, itemId), eq(planItems.engagementId, engagementId));
    const item = tx.select().from(planItems).where(where).get();
    if (!item) return { ok: false, reason: "not-found" };
    if (item.version !== version) return { ok: false, reason: "conflict" };
    if (item.taskId !== null)
      return {
        ok: false,
        reason: "invalid",
        message: "Only items added to the plan by hand can be deleted: set this one out of scope instead.",
      };
    const published = publishedIn(tx, engagementId, itemId);
    if (published.length > 0)
      return {
        ok: false,
        reason: "invalid",
        message: `${published.length === 1 ? "Proposal version" : "Proposal versions"} ${inWords(published.map(String))} ${published.length === 1 ? "holds" : "hold"} this item, so it cannot be deleted: set it out of scope instead.`,
      };
    // Logged time is what the founder is billed for: it is not deleted along with an item.
    if (item.actualHours !== null && item.actualHours > 0)
      return {
        ok: false,
        reason: "invalid",
        message:
          "Time is logged on this item, so it cannot be deleted: remove its time entries first, or set it out of scope.",
      };
    tx.delete(comments)
      .where(
        and(
          eq(comments.engagementId, engagementId),
          eq(comments.targetType, "plan-item"),
          eq(comments.targetId, itemId),
        ),
      )
      .run();
    tx.delete(planItems).where(where).run();
    bumpEngagement(tx, engagementId);
    log(tx, engagementId, userId, "plan.custom-deleted", { itemId: item.id, item: item.title });
    return { ok: true, version };
  });
  if (result.ok || result.reason !== "conflict") return result;
  const current = (await listPlan({ engagementId })).find((i) => i.id === itemId);
  return current ? { ok: false, reason: "conflict", current } : { ok: false, reason: "not-found" };
}

/** Which items a bulk change is for: one phase, one area, or every item still only proposed. */
export type BulkTarget =
  | { phase: Phase }
  | { area: string }
  | { proposed: true }
  /** rows a partner ticked, at the version they saw */
  | { items: Array<{ id: string; version: number }> };

/**
 * Sets the scope of many items at once (a partner's "exclude the whole scale phase"). Items already
 * in that scope are left alone; each changed item's version moves on, so an edit made from an older
 * page of that item is refused as stale, as for any change. A reason, when given, goes to every
 * changed item; without one, the items keep what they had (the bulk form starts empty, so an empty
 * field is no decision to erase their own reasons). Included items lose theirs.
 *
 * The activity entry keeps what each changed item was (scope, reason) and the version the change
 * left it at: its id (`changeId`) is how the plan page names the items and offers to undo it
 * (undoScopeChanges).
 */
export async function setScopeOfMany({
  engagementId,
  userId,
  target,
  scope,
  reason,
  shown,
}: {
  engagementId: string;
  userId: string;
  target: BulkTarget;
  scope: Exclude<Scope, "proposed">;
  reason?: string;
  /**
   * The items a phase, area or "proposed" target held on the page the change was chosen on. When it
   * holds others now (one moved there from another tab), nothing is changed: `targetChanged` says
   * how it differs, for the partner to look again. Without it, the target as it is now.
   */
  shown?: readonly string[];
}): Promise<{ changed: number; skipped: number; changeId: number | null; targetChanged?: TargetChange }> {
  const now = Date.now();
  return writeTransaction((tx) => {
    const seen = "items" in target ? new Map(target.items.map((i) => [i.id, i.version])) : null;
    const filter =
      "phase" in target
        ? eq(planItems.phase, target.phase)
        : "area" in target
          ? eq(planItems.area, target.area)
          : "items" in target
            ? inArray(planItems.id, [...seen!.keys()])
            : eq(planItems.scope, "proposed");
    const found = tx
      .select({
        id: planItems.id,
        title: planItems.title,
        scope: planItems.scope,
        scopeReason: planItems.scopeReason,
        version: planItems.version,
      })
      .from(planItems)
      .where(and(eq(planItems.engagementId, engagementId), filter))
      .all();
    if (shown && !seen) {
      const targetChanged = targetChange(tx, engagementId, found, shown);
      if (targetChanged) return { changed: 0, skipped: 0, changeId: null, targetChanged };
    }
    // A ticked row changed by someone else since the page was shown is left alone and counted, never
    // changed unseen (as for answers verified in bulk).
    const current = seen ? found.filter((r) => seen.get(r.id) === r.version) : found;
    const skipped = found.length - current.length;
    const rows = current.filter((r) => r.scope !== scope);
    if (rows.length === 0) return { changed: 0, skipped, changeId: null };
    const given = reason?.trim() || undefined;
    const scopeReason = scope === "included" ? { scopeReason: null } : given ? { scopeReason: given } : {};
    tx.update(planItems)
      .set({ scope, ...scopeReason, version: sql`${planItems.version} + 1`, updatedAt: now })
      .where(
        and(
          eq(planItems.engagementId, engagementId),
          inArray(
            planItems.id,
            rows.map((r) => r.id),
          ),
        ),
      )
      .run();
    const undo: ScopeUndo[] = rows.map((r) => ({
      id: r.id,
      version: r.version + 1,
      scope: r.scope,
      ...(r.scopeReason ? { reason: r.scopeReason } : {}),
    }));
    const entry = tx
      .insert(activity)
      .values({
        engagementId,
        userId,
        kind: "plan.scope-many",
        detail: {
          count: rows.length,
          to: scope,
          target: "items" in target ? { ticked: target.items.length } : target,
          ...(scope !== "included" && given ? { reason: given } : {}),
          was: undo,
        },
      })
      .returning({ id: activity.id })
      .get();
    bumpEngagement(tx, engagementId);
    return { changed: rows.length, skipped, changeId: entry.id };
  });
}

/** How a bulk change's phase, area or proposed items differ from what its page showed, by title. */
export type TargetChange = {
  /** how many it holds now */
  count: number;
  joined: string[];
  left: string[];
  /** shown, and no longer in the plan at all */
  deleted: number;
};

/** The items in a target now against those the page showed, or null when they are the same. */
function targetChange(
  tx: Db,
  engagementId: string,
  found: ReadonlyArray<{ id: string; title: string }>,
  shown: readonly string[],
): TargetChange | null {
  const before = new Set(shown);
  const now = new Set(found.map((r) => r.id));
  const joined = found.filter((r) => !before.has(r.id)).map((r) => r.title);
  const gone = [...before].filter((id) => !now.has(id));
  if (joined.length === 0 && gone.length === 0) return null;
  // Those that left by their titles, if still in the plan (a deleted custom item has none to give).
  const left =
    gone.length === 0
      ? []
      : tx
          .select({ title: planItems.title })
          .from(planItems)
          .where(and(eq(planItems.engagementId, engagementId), inArray(planItems.id, gone)))
          .all()
          .map((r) => r.title);
  return { count: found.length, joined, left, deleted: gone.length - left.length };
}

/** An item as a bulk change found it (scope, reason), and the version the change left it at. */
export type ScopeUndo = { id: string; version: number; scope: Scope; reason?: string };

/** The activity entry of a bulk scope change `userId` made in this engagement, read in `conn`. */
function bulkChangeEntry(conn: Db, { engagementId, userId, changeId }: BulkChangeRef) {
  const row = conn
    .select({ detail: activity.detail })
    .from(activity)
    .where(
      and(
        eq(activity.id, changeId),
        eq(activity.engagementId, engagementId),
        eq(activity.userId, userId),
        eq(activity.kind, "plan.scope-many"),
      ),
    )
    .get();
  const detail = row?.detail;
  // Entries from before undo was kept have no `was`: nothing to name or undo.
  if (!detail || !Array.isArray(detail.was)) return null;
  return {
    detail,
    to: detail.to as Scope,
    was: detail.was as ScopeUndo[],
    undone: typeof detail.undoneAt === "number",
  };
}

type BulkChangeRef = { engagementId: string; userId: string; changeId: number };

/**
 * A bulk scope change `userId` made (setScopeOfMany's changeId), for the plan page's message: where
 * it put the items, what each was, and whether it was undone since. Null for anything else: another
 * engagement's entry, another person's, another kind.
 */
export async function scopeChange(
  ref: BulkChangeRef,
): Promise<{ to: Scope; was: ScopeUndo[]; undone: boolean } | null> {
  const entry = bulkChangeEntry(db(), ref);
  return entry && { to: entry.to, was: entry.was, undone: entry.undone };
}

export type UndoResult =
  { ok: true; restored: string[]; kept: string[] } | { ok: false; reason: "not-found" | "already-undone" };

/**
 * Undoes bulk change `changeId`: puts its items back as the change found them, each its scope and
 * reason, if nobody changed it since (its version is still the one the change left it at); the
 * others are left as they are and returned. What is put back is read from the change's own activity
 * entry, never from the request: the Undo form carries only the id, so it cannot set a scope or a
 * reason the change did not find (security review 2, #5). Only the change's author may undo it, in
 * its engagement, and only once (the entry is marked undone). Each item put back is logged as its
 * own scope change. One transaction, so two undos sent at once cannot both apply.
 */
export async function undoScopeChanges(ref: BulkChangeRef): Promise<UndoResult> {
  const { engagementId, userId, changeId } = ref;
  const now = Date.now();
  return writeTransaction((tx): UndoResult => {
    const change = bulkChangeEntry(tx, ref);
    if (!change) return { ok: false, reason: "not-found" };
    if (change.undone) return { ok: false, reason: "already-undone" };
    const restored: string[] = [];
    const kept: string[] = [];
    for (const undo of change.was) {
      const where = and(eq(planItems.id, undo.id), eq(planItems.engagementId, engagementId));
      const item = tx.select().from(planItems).where(where).get();
      // Gone (a custom item deleted since) or changed since: left as it is.
      if (!item || item.version !== undo.version) {
        kept.push(undo.id);
        continue;
      }
      // As for any scope change, only items left out or for later have a reason.
      const scopeReason = reasonFor(undo.scope, undo.reason ?? "", null);
      tx.update(planItems)
        .set({ scope: undo.scope, scopeReason, version: item.version + 1, updatedAt: now })
        .where(where)
        .run();
      log(tx, engagementId, userId, "plan.scope", {
        itemId: item.id,
        item: item.title,
        from: item.scope,
        to: undo.scope,
        ...(scopeReason ? { reason: scopeReason } : {}),
        undo: true,
        changeId,
      });
      restored.push(item.id);
    }
    // Undone once, whatever it could put back: a second try is refused, not counted as "changed since".
    tx.update(activity)
      .set({ detail: { ...change.detail, undoneAt: now } })
      .where(eq(activity.id, changeId))
      .run();
    if (restored.length > 0) bumpEngagement(tx, engagementId);
    return { ok: true, restored, kept };
  });
}

export type EstimateEdit = { itemId: string; version: number; estimate: Estimate };

/** A row of the estimates table refused as changed since: what it is now, and the change that made it so. */
export type StaleEstimate = {
  id: string;
  title: string;
  /** what the row asked for */
  entered: Estimate;
  now: Estimate;
  /** the newest estimate change to the item, to say who made it and when (null: none is on record) */
  lastChange: ItemChangeRecord | null;
};

/**
 * New estimates for several items, with one reason, in one transaction. An item changed by someone
 * else since its version was read is left as it is and reported; the rest are saved.
 */
export async function changeEstimates({
  engagementId,
  userId,
  reason,
  edits,
}: {
  engagementId: string;
  userId: string;
  reason: string;
  edits: EstimateEdit[];
}): Promise<{ saved: string[]; stale: StaleEstimate[] }> {
  const now = Date.now();
  return writeTransaction((tx) => {
    const saved: string[] = [];
    const stale: StaleEstimate[] = [];
    for (const edit of edits) {
      const where = and(eq(planItems.id, edit.itemId), eq(planItems.engagementId, engagementId));
      const item = tx.select().from(planItems).where(where).get();
      if (!item) continue;
      if (item.version !== edit.version) {
        stale.push({
          id: item.id,
          title: item.title,
          entered: edit.estimate,
          now: { optimistic: item.optimistic, likely: item.likely, pessimistic: item.pessimistic },
          lastChange: lastItemChange({ engagementId, itemId: item.id, kinds: ["plan.estimate"] }, tx),
        });
        continue;
      }
      // Already these numbers: nothing to save or log, as for a row left as the table showed it.
      if (sameEstimate(edit.estimate, item)) continue;
      saveEstimate(tx, { item, estimate: edit.estimate, reason, userId, now });
      saved.push(item.id);
    }
    if (saved.length > 0) bumpEngagement(tx, engagementId);
    return { saved, stale };
  });
}
