import { and, asc, desc, eq, sql } from "drizzle-orm";

import { db, writeTransaction, type Db } from "../../db/connection.server";
import { activity, planItems, timeEntries, users } from "../../db/schema";
import { newId } from "~/utils/ids.server";

import { bumpEngagement } from "./engagement.server";

// Dated time entries on plan items (decision 042). The item's `actual_hours` is their sum, written in
// the same transaction as the entry, so the totals everywhere else (progress, CSV) cannot drift from
// the entries; the item's version moves on, so a form read before still sees a fresh item.

export type TimeEntry = {
  id: string;
  itemId: string;
  itemTitle: string;
  day: string;
  hours: number;
  note: string;
  byName: string;
  userId: string;
  createdAt: number;
};

/** The item's total after a change: the sum of its entries, null when none is left. */
function resum(tx: Db, engagementId: string, itemId: string, now: number): number | null {
  const row = tx
    .select({ total: sql<number | null>`sum(${timeEntries.hours})` })
    .from(timeEntries)
    .where(eq(timeEntries.itemId, itemId))
    .get();
  const total = row?.total ?? null;
  tx.update(planItems)
    .set({ actualHours: total, version: sql`${planItems.version} + 1`, updatedAt: now })
    .where(and(eq(planItems.id, itemId), eq(planItems.engagementId, engagementId)))
    .run();
  bumpEngagement(tx, engagementId);
  return total;
}

export async function logTime({
  engagementId,
  itemId,
  userId,
  day,
  hours,
  note,
}: {
  engagementId: string;
  itemId: string;
  userId: string;
  day: string;
  hours: number;
  note: string;
}): Promise<{ ok: true; id: string; total: number } | { ok: false; reason: "not-found" }> {
  const now = Date.now();
  return writeTransaction((tx) => {
    const item = tx
      .select({ id: planItems.id, title: planItems.title })
      .from(planItems)
      .where(and(eq(planItems.id, itemId), eq(planItems.engagementId, engagementId)))
      .get();
    if (!item) return { ok: false as const, reason: "not-found" as const };
    const id = newId();
    tx.insert(timeEntries)
      .values({ id, engagementId, itemId, userId, day, hours, note, createdAt: now })
      .run();
    const total = resum(tx, engagementId, itemId, now) ?? hours;
    tx.insert(activity)
      .values({
        engagementId,
        userId,
        kind: "plan.time",
        detail: { itemId, item: item.title, hours, day, total },
      })
      .run();
    return { ok: true as const, id, total };
  });
}

/**
 * Removes one entry of this engagement (a typo, a wrong day). Another engagement's id is "not-found",
 * as is one already removed, so a second click changes nothing.
 */
export async function deleteTimeEntry({
  engagementId,
  entryId,
  userId,
}: {
  engagementId: string;
  entryId: string;
  userId: string;
}): Promise<{ ok: true; itemId: string } | { ok: false; reason: "not-found" }> {
  const now = Date.now();
  return writeTransaction((tx) => {
    const entry = tx
      .select({
        id: timeEntries.id,
        itemId: timeEntries.itemId,
        hours: timeEntries.hours,
        day: timeEntries.day,
      })
      .from(timeEntries)
      .where(and(eq(timeEntries.id, entryId), eq(timeEntries.engagementId, engagementId)))
      .get();
    if (!entry) return { ok: false as const, reason: "not-found" as const };
    tx.delete(timeEntries).where(eq(timeEntries.id, entryId)).run();
    const total = resum(tx, engagementId, entry.itemId, now);
    const title = tx
      .select({ title: planItems.title })
      .from(planItems)
      .where(eq(planItems.id, entry.itemId))
      .get()?.title;
    tx.insert(activity)
      .values({
        engagementId,
        userId,
        kind: "plan.time-removed",
        detail: { itemId: entry.itemId, item: title ?? "", hours: entry.hours, day: entry.day, total },
      })
      .run();
    return { ok: true as const, itemId: entry.itemId };
  });
}

/** The engagement's entries (or one item's), newest day first, with who logged each. */
export async function listTimeEntries({
  engagementId,
  itemId,
}: {
  engagementId: string;
  itemId?: string;
}): Promise<TimeEntry[]> {
  return db()
    .select({
      id: timeEntries.id,
      itemId: timeEntries.itemId,
      itemTitle: planItems.title,
      day: timeEntries.day,
      hours: timeEntries.hours,
      note: timeEntries.note,
      byName: users.name,
      userId: timeEntries.userId,
      createdAt: timeEntries.createdAt,
    })
    .from(timeEntries)
    .innerJoin(planItems, eq(planItems.id, timeEntries.itemId))
    .innerJoin(users, eq(users.id, timeEntries.userId))
    .where(
      itemId
        ? and(eq(timeEntries.engagementId, engagementId), eq(timeEntries.itemId, itemId))
        : eq(timeEntries.engagementId, engagementId),
    )
    .orderBy(desc(timeEntries.day), desc(timeEntries.createdAt), asc(timeEntries.id))
    .all();
}
