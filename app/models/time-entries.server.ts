import { and, asc, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";

import { db, writeTransaction, type Db } from "../../db/connection.server";
import { activity, planItems, timeEntries, users } from "../../db/schema";
import { formatDay } from "~/utils/calendar-day";
import { PLAN_BUDGET } from "~/utils/export-schema";
import { newId, sha256 } from "~/utils/ids.server";

import { activityOf } from "./activity-log.server";
import { bumpEngagement } from "./engagement.server";
import { lastItemChange, type ItemChangeRecord } from "./plan.server";

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
  rate: number;
  currency: string;
  billable: boolean;
  /** who last corrected it and when; null if it was never corrected (the name is "" once anonymised) */
  corrected: { byName: string; at: number } | null;
};

const corrector = alias(users, "corrector");

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

/** A day's hours: no entries of one person on one day add up to more. */
const HOURS_IN_A_DAY = 24;

/**
 * The hours `userId` has logged on `day` in this engagement, leaving out one entry (a correction's
 * own). Only this engagement's: another project's entries are another founder's records, and a
 * form here neither reads nor speaks of them.
 */
function hoursOnDay(tx: Db, engagementId: string, userId: string, day: string, except = ""): number {
  const row = tx
    .select({ total: sql<number | null>`sum(${timeEntries.hours})` })
    .from(timeEntries)
    .where(
      and(
        eq(timeEntries.engagementId, engagementId),
        eq(timeEntries.day, day),
        eq(timeEntries.userId, userId),
        sql`${timeEntries.id} <> ${except}`,
        // A lump from before dated entries (37.5 h, migration 0021) is a total, not a day's work.
        sql`${timeEntries.hours} <= ${HOURS_IN_A_DAY}`,
      ),
    )
    .get();
  return row?.total ?? 0;
}

/**
 * Why `hours` more do not fit into a person's `day`, or null when they do. One entry is held to 24 h
 * by the form; this holds the day's entries together to it, so 24 h logged twice, on one item or
 * two, does not become 48 h in the invoice basis (QA pass 3, finding 1).
 */
function dayFull(logged: number, hours: number, day: string, who: string): string | null {
  if (logged + hours <= HOURS_IN_A_DAY) return null;
  // Two decimals, as entries show: one from before dated entries may hold 1.111 h.
  const round = (h: number) => Math.round(h * 100) / 100;
  const left = round(Math.max(0, HOURS_IN_A_DAY - logged));
  const on = `${who} already ${who === "You" ? "have" : "has"} ${round(logged)} h logged on ${day} in this project`;
  return left === 0
    ? `${on}: a day has 24 hours, so no more fit in it.`
    : `${on}: a day has 24 hours, so at most ${left} h more fit in it.`;
}

/**
 * Why work cannot be logged on `day`, the earliest day being `firstDay` (a year before the project
 * was created here), or null. Work may well start before a founder sets the project up here, but not
 * years before: 2020 in a 2026 project (QA pass 3, finding 1) is a mistyped year, and would open a
 * month of its own in the invoice basis.
 */
function tooEarly(day: string, firstDay: string): string | null {
  return day < firstDay ? "That is more than a year before this project was created: check the year." : null;
}

/** What an entry is billed at: the version agreed when it is logged (decision 042). */
export type Agreement = {
  rate: number;
  currency: string;
  /** the owner of each item in that version; an item added since is read from the plan */
  owners: ReadonlyMap<string, "partner" | "founder">;
};

/**
 * Why a log form read before the item's last change is refused: time logged on it since the page was
 * shown (this form sent twice, or another entry to check first), or the item set out of scope or
 * later since. Neither known (a form without `shownAt`): only that the item changed.
 */
export type LogConflict = {
  loggedSince?: { byName: string | null; userId: string; hours: number; day: string; at: number };
  scopeSince?: ItemChangeRecord & { scope: string };
};

type LogResult =
  | { ok: true; id: string; total: number }
  | { ok: false; reason: "not-found" }
  | ({ ok: false; reason: "conflict" } & LogConflict)
  | { ok: false; reason: "full" | "hours"; message: string }
  | { ok: false; reason: "day"; message: string };

export async function logTime({
  engagementId,
  itemId,
  userId,
  version,
  day,
  hours,
  note,
  agreement,
  firstDay,
  shownAt,
}: {
  engagementId: string;
  itemId: string;
  userId: string;
  /** the earliest day work may be logged on (a year before the project was created) */
  firstDay: string;
  /** the item's version the form was read at: a form sent twice (a double click) carries a stale one */
  version: number;
  /**
   * When the page with the form was drawn (server time). An item changed since its version only
   * refuses the entry if what changed matters to it (whyNotLog); without it, any change does.
   */
  shownAt?: number;
  day: string;
  hours: number;
  note: string;
  agreement: Agreement;
}): Promise<LogResult> {
  const now = Date.now();
  return writeTransaction((tx): LogResult => {
    const item = tx
      .select({
        id: planItems.id,
        title: planItems.title,
        owner: planItems.owner,
        scope: planItems.scope,
        version: planItems.version,
      })
      .from(planItems)
      .where(and(eq(planItems.id, itemId), eq(planItems.engagementId, engagementId)))
      .get();
    if (!item) return { ok: false, reason: "not-found" };
    if (item.version !== version) {
      const refused = shownAt === undefined ? {} : whyNotLog(tx, { engagementId, item, shownAt });
      if (refused) return { ok: false, reason: "conflict", ...refused };
    }
    const early = tooEarly(day, firstDay);
    if (early) return { ok: false, reason: "day", message: early };
    const full = dayFull(hoursOnDay(tx, engagementId, userId, day), hours, formatDay(day), "You");
    if (full) return { ok: false, reason: "hours", message: full };
    const count =
      tx
        .select({ n: sql<number>`count(*)` })
        .from(timeEntries)
        .where(eq(timeEntries.itemId, itemId))
        .get()?.n ?? 0;
    // As many as an export may carry back in (export-schema.ts), so every engagement can be moved.
    if (count >= PLAN_BUDGET.timeEntriesPerItem)
      return {
        ok: false,
        reason: "full",
        message: `An item holds at most ${PLAN_BUDGET.timeEntriesPerItem.toLocaleString("en-US")} time entries: log further time on a new item.`,
      };
    const id = newId();
    const owner = agreement.owners.get(itemId) ?? item.owner;
    tx.insert(timeEntries)
      .values({
        id,
        engagementId,
        itemId,
        userId,
        day,
        hours,
        note,
        rate: agreement.rate,
        currency: agreement.currency,
        billable: owner !== "founder",
        createdAt: now,
      })
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
    return { ok: true, id, total };
  });
}

/**
 * Whether an item changed since its log form was drawn (at `shownAt`) in a way that matters to the
 * entry, or null to log it. Entries add up, so a new status, estimate, phase or order changes nothing
 * about the hours worked. What does: time logged on the item since (a form sent twice, a double
 * click without JavaScript, is logged once; another entry is for the partner to check first), or
 * the item put out of scope or off till later since (the work may no longer be wanted).
 */
function whyNotLog(
  tx: Db,
  {
    engagementId,
    item,
    shownAt,
  }: { engagementId: string; item: { id: string; scope: string }; shownAt: number },
): LogConflict | null {
  const logged = tx
    .select({
      byName: users.name,
      userId: timeEntries.userId,
      hours: timeEntries.hours,
      day: timeEntries.day,
      at: timeEntries.createdAt,
    })
    .from(timeEntries)
    .leftJoin(users, eq(users.id, timeEntries.userId))
    .where(and(eq(timeEntries.itemId, item.id), sql`${timeEntries.createdAt} >= ${shownAt}`))
    .orderBy(desc(timeEntries.createdAt))
    .limit(1)
    .get();
  if (logged) return { loggedSince: logged };
  if (item.scope === "included") return null;
  const scoped = lastItemChange(
    { engagementId, itemId: item.id, kinds: ["plan.scope", "plan.scope-many"], since: shownAt },
    tx,
  );
  return scoped ? { scopeSince: { ...scoped, scope: item.scope } } : null;
}

/**
 * What a correction or removal form showed of its entry, as one short token: its hours, day and note
 * as stored. The form posts it back, and the write goes ahead only if the entry still says that, so a
 * change to the item (a status, an estimate, another entry logged) refuses neither; only a change to
 * that entry does (QA finding: the item's version refused them for any change to the item).
 */
export function entryShown(entry: { hours: number; day: string; note: string }): string {
  return sha256(`${entry.hours}|${entry.day}|${entry.note}`).slice(0, 16);
}

/** What an entry says now and who last corrected it, when it is no longer what the form showed. */
export type EntryChange = {
  hours: number;
  day: string;
  note: string;
  /** null for an entry never corrected (it cannot then differ from what a page showed of it) */
  corrected: { userId: string | null; byName: string | null; at: number } | null;
};

/** The entry as stored, with who last corrected it (a left join: an anonymised corrector has a name of ""). */
function entryNow(tx: Db, engagementId: string, entryId: string) {
  return tx
    .select({
      itemId: timeEntries.itemId,
      userId: timeEntries.userId,
      byName: users.name,
      day: timeEntries.day,
      hours: timeEntries.hours,
      note: timeEntries.note,
      correctedBy: timeEntries.correctedBy,
      correctedByName: corrector.name,
      correctedAt: timeEntries.correctedAt,
    })
    .from(timeEntries)
    .leftJoin(users, eq(users.id, timeEntries.userId))
    .leftJoin(corrector, eq(corrector.id, timeEntries.correctedBy))
    .where(and(eq(timeEntries.id, entryId), eq(timeEntries.engagementId, engagementId)))
    .get();
}

function changeOf(entry: NonNullable<ReturnType<typeof entryNow>>): EntryChange {
  return {
    hours: entry.hours,
    day: entry.day,
    note: entry.note,
    corrected:
      entry.correctedAt === null
        ? null
        : { userId: entry.correctedBy, byName: entry.correctedByName, at: entry.correctedAt },
  };
}

/** Who removed an entry of this engagement, and when, from the activity log; null when it does not say. */
function removalOf(
  tx: Db,
  engagementId: string,
  entryId: string,
): { userId: string | null; byName: string | null; at: number } | null {
  const [row] = activityOf(
    {
      engagementId,
      kinds: ["plan.time-removed"],
      about: sql`json_extract(${activity.detail}, '$.entryId') = ${entryId}`,
      limit: 1,
    },
    tx,
  );
  return row ? { userId: row.userId, byName: row.byName, at: row.at } : null;
}

type DeleteResult =
  | { ok: true; itemId: string }
  | { ok: false; reason: "not-found" }
  | { ok: false; reason: "conflict"; itemId: string; now: EntryChange };

/**
 * Removes one entry of this engagement (a typo, a wrong day). Another engagement's id is "not-found",
 * as is one already removed, so a second click changes nothing. The confirmation named the entry as
 * the page showed it (`shown`, entryShown): an entry corrected since to other hours, another day or
 * another note is a "conflict", nothing removed; a change to the item alone is not.
 */
export async function deleteTimeEntry({
  engagementId,
  entryId,
  userId,
  shown,
}: {
  engagementId: string;
  entryId: string;
  userId: string;
  /** what the confirmation showed of the entry (entryShown; a post without it is refused earlier) */
  shown: string;
}): Promise<DeleteResult> {
  const now = Date.now();
  return writeTransaction((tx): DeleteResult => {
    const entry = entryNow(tx, engagementId, entryId);
    if (!entry) return { ok: false, reason: "not-found" };
    if (entryShown(entry) !== shown)
      return { ok: false, reason: "conflict", itemId: entry.itemId, now: changeOf(entry) };
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
        // The entry's id, so a correction refused because it is gone can say who removed it.
        detail: {
          itemId: entry.itemId,
          entryId,
          item: title ?? "",
          hours: entry.hours,
          day: entry.day,
          total,
        },
      })
      .run();
    return { ok: true, itemId: entry.itemId };
  });
}

/**
 * The hours a correction stores: the entry's own when the form sends them back as it starts them (two
 * decimals), so an entry from before dated entries (1.111 h) keeps them exactly; else what was posted.
 */
export function correctedHours(stored: number, posted: number): number {
  return Math.round(stored * 100) / 100 === posted ? stored : posted;
}

/** One entry of this engagement on this item, for a refused correction's other checks; else undefined. */
export async function getTimeEntry({
  engagementId,
  itemId,
  entryId,
}: {
  engagementId: string;
  itemId: string;
  entryId: string;
}): Promise<{ hours: number } | undefined> {
  return db()
    .select({ hours: timeEntries.hours })
    .from(timeEntries)
    .where(
      and(
        eq(timeEntries.id, entryId),
        eq(timeEntries.engagementId, engagementId),
        eq(timeEntries.itemId, itemId),
      ),
    )
    .get();
}

type EditResult =
  | { ok: true; changed: boolean; total: number | null }
  | { ok: false; reason: "not-found" }
  | { ok: false; reason: "removed"; by: { userId: string | null; byName: string | null; at: number } | null }
  | { ok: false; reason: "conflict"; now: EntryChange }
  | { ok: false; reason: "hours" | "day"; message: string };

/**
 * Corrects one entry in place: its day, hours and note. The rate, currency and billable flag stay as
 * they were when it was logged (a correction is not a repricing, decision 042). The entry has to be
 * on this item, else "not-found"; one not in this engagement at all was "removed" since the form was
 * read (or never was its: the same answer, so nothing about another engagement's ids leaks); the
 * activity log says who removed it, if it was this engagement's. The form carries what it showed of
 * the entry (`shown`, entryShown), so a form read before the entry itself was corrected (another tab,
 * another partner) is a "conflict", unless the entry already says what was posted (the same form sent
 * twice): then nothing was lost, and it is saved unchanged. Any other change to the item is not.
 *
 * `hoursRefused` is logging's rule for hours, applied only when the hours change: an entry from before
 * dated entries (37.5 h, 1.1 h, migration 0021) keeps its hours while its day or note is corrected.
 */
export async function editTimeEntry({
  engagementId,
  itemId,
  entryId,
  userId,
  shown,
  day,
  hours: posted,
  note,
  hoursRefused,
  firstDay,
}: {
  engagementId: string;
  itemId: string;
  entryId: string;
  userId: string;
  /** what the correction form showed of the entry (entryShown) */
  shown: string;
  day: string;
  /** as the form sends them: two decimals at most, as it shows the entry's */
  hours: number;
  note: string;
  hoursRefused: (hours: number) => string | null;
  /** the earliest day an entry may be moved to (a year before the project was created) */
  firstDay: string;
}): Promise<EditResult> {
  const now = Date.now();
  return writeTransaction((tx): EditResult => {
    const item = tx
      .select({ title: planItems.title, actualHours: planItems.actualHours })
      .from(planItems)
      .where(and(eq(planItems.id, itemId), eq(planItems.engagementId, engagementId)))
      .get();
    if (!item) return { ok: false, reason: "not-found" };
    const entry = entryNow(tx, engagementId, entryId);
    // Ids are not reused: one that is not in this engagement was removed since the form was read, or
    // was never this engagement's. Both get the same answer, so a member learns nothing about another
    // engagement's ids; nothing changes either way. One on another item is not this item's to correct.
    if (!entry) return { ok: false, reason: "removed", by: removalOf(tx, engagementId, entryId) };
    if (entry.itemId !== itemId) return { ok: false, reason: "not-found" };
    // The form starts the hours at two decimals: sent back so, they are the entry's, kept exactly.
    const hours = correctedHours(entry.hours, posted);
    // Saved as it is (the same form sent twice, or nothing changed): nothing to record, and the item's
    // version stays (other open forms stay valid).
    if (entry.day === day && entry.hours === hours && entry.note === note)
      return { ok: true, changed: false, total: item.actualHours };
    // Corrected since the form showed it: what is posted would overwrite that unseen. Before the
    // rules below, which read the entry as it is now (its hours kept exactly only if unchanged).
    if (entryShown(entry) !== shown) return { ok: false, reason: "conflict", now: changeOf(entry) };
    if (hours !== entry.hours) {
      const refused = hoursRefused(hours);
      if (refused) return { ok: false, reason: "hours", message: refused };
    }
    // The day's entries of the person who logged it, held together to 24 h when the hours or the day
    // change (an entry from before dated entries keeps its 37.5 h while its note is put right).
    // An imported entry may be dated earlier: it keeps its day while its hours or note are corrected.
    if (day !== entry.day) {
      const early = tooEarly(day, firstDay);
      if (early) return { ok: false, reason: "day", message: early };
    }
    // A lump from before dated entries (37.5 h) fits no day: it may still be moved, as it is.
    if (hours !== entry.hours || (day !== entry.day && hours <= HOURS_IN_A_DAY)) {
      const who = entry.userId === userId ? "You" : entry.byName || "Its author";
      const logged = hoursOnDay(tx, engagementId, entry.userId, day, entryId);
      const full = dayFull(logged, hours, formatDay(day), who);
      if (full) return { ok: false, reason: "hours", message: full };
    }
    // Who corrected it is kept on the entry, to be read on its row; the feed only says it in passing.
    tx.update(timeEntries)
      .set({ day, hours, note, correctedBy: userId, correctedAt: now })
      .where(eq(timeEntries.id, entryId))
      .run();
    const total = resum(tx, engagementId, itemId, now);
    tx.insert(activity)
      .values({
        engagementId,
        userId,
        kind: "plan.time-corrected",
        detail: {
          itemId,
          item: item.title,
          entryId,
          hours,
          day,
          was: { hours: entry.hours, day: entry.day },
          noteChanged: entry.note !== note,
          total,
        },
      })
      .run();
    return { ok: true, changed: true, total };
  });
}

/** The engagement's entries (or one item's), newest day first, with who logged each and who corrected it. */
export async function listTimeEntries({
  engagementId,
  itemId,
}: {
  engagementId: string;
  itemId?: string;
}): Promise<TimeEntry[]> {
  const rows = await db()
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
      rate: timeEntries.rate,
      currency: timeEntries.currency,
      billable: timeEntries.billable,
      correctedByName: corrector.name,
      correctedAt: timeEntries.correctedAt,
    })
    .from(timeEntries)
    .innerJoin(planItems, eq(planItems.id, timeEntries.itemId))
    .innerJoin(users, eq(users.id, timeEntries.userId))
    .leftJoin(corrector, eq(corrector.id, timeEntries.correctedBy))
    .where(
      itemId
        ? and(eq(timeEntries.engagementId, engagementId), eq(timeEntries.itemId, itemId))
        : eq(timeEntries.engagementId, engagementId),
    )
    .orderBy(desc(timeEntries.day), desc(timeEntries.createdAt), asc(timeEntries.id))
    .all();
  return rows.map(({ correctedByName, correctedAt, ...row }) => ({
    ...row,
    corrected: correctedAt === null ? null : { byName: correctedByName ?? "", at: correctedAt },
  }));
}
