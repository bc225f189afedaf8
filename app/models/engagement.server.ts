import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";

import { db, prepared, writeTransaction, type Db } from "../../db/connection.server";
import {
  activity,
  answers,
  codeScans,
  comments,
  engagements,
  memberships,
  planItems,
  proposals,
  users,
} from "../../db/schema";
import type { ProposalPrice } from "~/engine/plan-types";
import { BUILDER_QUESTION, STAGE_QUESTION } from "~/engine/intake-ids";
import { productFacts } from "~/utils/engagement-options";
import { newId } from "~/utils/ids.server";
import type { Role } from "~/auth/permissions";

import { effectiveValue, liveAnswer } from "./effective-value";
import { otherMembers, type OtherMember } from "./membership.server";

export type Engagement = typeof engagements.$inferSelect;

export async function createEngagement({
  userId,
  name,
  description,
  contentVersion,
}: {
  userId: string;
  name: string;
  description: string;
  contentVersion: string;
}): Promise<Engagement> {
  const now = Date.now();
  return writeTransaction((tx) => {
    const row = tx
      .insert(engagements)
      .values({
        id: newId(),
        name,
        description,
        contentVersion,
        createdBy: userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    tx.insert(memberships).values({ engagementId: row.id, userId, role: "founder" }).run();
    tx.insert(activity)
      .values({ engagementId: row.id, userId, kind: "engagement.created", detail: { name } })
      .run();
    return row;
  });
}

/**
 * How many engagements one page of the list shows. A partner with many clients gets pages, so the
 * list costs the same to serve for 5 engagements or 500 (100 on one page took 8.7 ms of CPU and
 * 54 KB, over the 8 ms page budget; README, "Performance budgets").
 */
const ENGAGEMENTS_PER_PAGE = 20;

/** The `like` pattern that finds `text` anywhere, its own `%`, `_` and `\` taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// The search, in both of the list's statements: a null pattern matches every engagement, so one
// prepared statement serves the list with and without a search.
const matchesSearch = sql`(${sql.placeholder("pattern")} is null or ${engagements.name} like ${sql.placeholder("pattern")} escape '\\' or ${engagements.description} like ${sql.placeholder("pattern")} escape '\\')`;

/**
 * One page of the engagements a user is a member of, most recently updated first, with what each
 * product is built with and how far along it is. A page past the last gives the last page. With
 * `search`, only those whose name or description contains it (case-insensitive for Latin letters,
 * as SQLite's `like` is).
 */
export async function listEngagementsForUser({
  userId,
  page,
  search = "",
}: {
  userId: string;
  page: number;
  search?: string;
}) {
  const pattern = search ? containsPattern(search) : null;
  const { total } = prepared("engagements-of-user-count", (conn) =>
    conn
      .select({ total: sql<number>`count(*)` })
      .from(memberships)
      .innerJoin(engagements, eq(engagements.id, memberships.engagementId))
      .where(and(eq(memberships.userId, sql.placeholder("userId")), matchesSearch))
      .prepare(),
  ).get({ userId, pattern })!;
  const pages = Math.max(1, Math.ceil(total / ENGAGEMENTS_PER_PAGE));
  const current = Math.min(Math.max(1, page), pages);
  const rows = prepared("engagements-of-user", (conn) =>
    conn
      .select({
        id: engagements.id,
        name: engagements.name,
        description: engagements.description,
        updatedAt: engagements.updatedAt,
        role: memberships.role,
      })
      .from(memberships)
      .innerJoin(engagements, eq(engagements.id, memberships.engagementId))
      .where(and(eq(memberships.userId, sql.placeholder("userId")), matchesSearch))
      // The id breaks ties, so engagements updated in the same millisecond keep their page.
      .orderBy(desc(engagements.updatedAt), engagements.id)
      .limit(sql.placeholder("limit"))
      .offset(sql.placeholder("offset"))
      .prepare(),
  ).all({ userId, pattern, limit: ENGAGEMENTS_PER_PAGE, offset: (current - 1) * ENGAGEMENTS_PER_PAGE });
  // `first`: the place in the whole list of this page's first engagement ("21–23 of 23").
  const list = { page: current, pages, total, first: (current - 1) * ENGAGEMENTS_PER_PAGE + 1 };
  if (rows.length === 0) return { ...list, engagements: [] };
  // What each product is built with and how far along it is: intake answers (a partner's
  // correction wins, as everywhere else), for this page's engagements only.
  const facts = prepared("product-facts-of-engagements", (conn) =>
    conn
      .select({
        engagementId: answers.engagementId,
        questionId: answers.questionId,
        value: answers.value,
        review: answers.review,
        correctedValue: answers.correctedValue,
      })
      .from(answers)
      .where(
        and(
          sql`${answers.engagementId} in (select value from json_each(${sql.placeholder("ids")}))`,
          inArray(answers.questionId, [BUILDER_QUESTION, STAGE_QUESTION]),
          liveAnswer,
        ),
      )
      .prepare(),
  ).all({ ids: JSON.stringify(rows.map((r) => r.id)) });
  const byEngagement = new Map<string, Record<string, unknown>>();
  for (const f of facts) {
    const values = byEngagement.get(f.engagementId) ?? {};
    values[f.questionId] = effectiveValue(f);
    byEngagement.set(f.engagementId, values);
  }
  return {
    ...list,
    engagements: rows.map((r) => ({ ...r, ...productFacts(byEngagement.get(r.id) ?? {}) })),
  };
}

/** The engagement and the caller's role in it, or undefined when the user is not a member. */
export async function getEngagementForMember({
  engagementId,
  userId,
}: {
  engagementId: string;
  userId: string;
}): Promise<{ engagement: Engagement; role: Role } | undefined> {
  const row = prepared("engagement-member", (conn) =>
    conn
      .select({ engagement: engagements, role: memberships.role })
      .from(memberships)
      .innerJoin(engagements, eq(engagements.id, memberships.engagementId))
      .where(
        and(
          eq(memberships.engagementId, sql.placeholder("engagementId")),
          eq(memberships.userId, sql.placeholder("userId")),
        ),
      )
      .prepare(),
  ).get({ engagementId, userId });
  return row ?? undefined;
}

/**
 * Marks the engagement changed. updated_at only ever grows (by at least 1 ms per change), so it can
 * key caches of derived data such as the assessment.
 */
export function bumpEngagement(_tx: Db, engagementId: string): void {
  // Prepared once: it runs in every answer save (the transaction is the connection's own, open now).
  prepared("engagement-bump", (conn) =>
    conn
      .update(engagements)
      .set({ updatedAt: sql`max(${sql.placeholder("now")}, ${engagements.updatedAt} + 1)` })
      .where(eq(engagements.id, sql.placeholder("engagementId")))
      .prepare(),
  ).run({ now: Date.now(), engagementId });
}

type EngagementSettings = {
  name: string;
  description: string;
  currency: string;
  hourlyRate: number;
  teamSize: number;
  weeklyCapacity: number;
};

/**
 * Updates name and estimation settings if nobody else saved since `version` was read. Returns the
 * new version, or the current row when the edit is stale (the caller shows it; nothing is lost).
 */
export async function updateEngagementSettings({
  engagementId,
  userId,
  version,
  settings,
}: {
  engagementId: string;
  userId: string;
  version: number;
  settings: EngagementSettings;
}): Promise<{ ok: true; version: number } | { ok: false; current: Engagement }> {
  return writeTransaction((tx) => {
    const current = tx.select().from(engagements).where(eq(engagements.id, engagementId)).get();
    if (!current) throw new Error("engagement vanished");
    if (current.version !== version) return { ok: false as const, current };
    tx.update(engagements)
      .set({
        ...settings,
        version: version + 1,
        updatedAt: sql`max(${Date.now()}, ${engagements.updatedAt} + 1)`,
      })
      .where(eq(engagements.id, engagementId))
      .run();
    // What it was too, so the feed and the publish form can say "the hourly rate from €95 to €60".
    const before = {
      name: current.name,
      currency: current.currency,
      hourlyRate: current.hourlyRate,
      teamSize: current.teamSize,
      weeklyCapacity: current.weeklyCapacity,
    };
    const descriptionChanged = current.description !== settings.description;
    tx.insert(activity)
      .values({
        engagementId,
        userId,
        kind: "settings.updated",
        detail: { ...settings, before, descriptionChanged },
      })
      .run();
    return { ok: true as const, version: version + 1 };
  });
}

/**
 * What deleting the engagement takes with it, for the page that asks to confirm: counts, the newest
 * accepted proposal version, and the other members, who lose it too. Undefined when it is gone.
 */
export async function engagementContents({ engagementId, userId }: { engagementId: string; userId: string }) {
  const count = (
    table: typeof answers | typeof planItems | typeof proposals | typeof comments | typeof codeScans,
  ) => sql<number>`(select count(*) from ${table} where ${table.engagementId} = ${engagementId})`;
  const row = db()
    .select({
      answers: count(answers),
      planItems: count(planItems),
      proposals: count(proposals),
      acceptedVersion: sql<
        number | null
      >`(select max(${proposals.number}) from ${proposals} where ${proposals.engagementId} = ${engagementId} and ${proposals.acceptedAt} is not null)`,
      comments: count(comments),
      codeScans: count(codeScans),
    })
    .from(engagements)
    .where(eq(engagements.id, engagementId))
    .get();
  const others = otherMembers(db(), engagementId, userId);
  return row && { ...row, others };
}

/**
 * Deletes the engagement and everything in it, for every member: the foreign keys cascade to its
 * memberships, invitations, answers, plan, comments, proposals, milestones, code scans and activity.
 * Returns the members other than `deletedBy` it was taken from, read in the same transaction (the
 * deletion notices go to them, decision 049), or null when it was already gone (deleted at the same
 * moment by a co-founder, whose request tells them).
 */
export async function deleteEngagement({
  engagementId,
  deletedBy,
}: {
  engagementId: string;
  deletedBy: string;
}): Promise<OtherMember[] | null> {
  return writeTransaction((tx) => {
    const others = otherMembers(tx, engagementId, deletedBy);
    const deleted = tx.delete(engagements).where(eq(engagements.id, engagementId)).run().changes > 0;
    return deleted ? others : null;
  });
}

/** Turns the engagement's two-step login requirement on or off (founders, on the members page). */
export async function setTwoStepRequired({ engagementId, on }: { engagementId: string; on: boolean }) {
  writeTransaction((tx) => {
    tx.update(engagements).set({ requireTwoStep: on }).where(eq(engagements.id, engagementId)).run();
    bumpEngagement(tx, engagementId);
  });
}

/** Whether the engagement is still there (a check for work that outlives the request that started it). */
export function engagementExists(engagementId: string): boolean {
  return (
    db().select({ id: engagements.id }).from(engagements).where(eq(engagements.id, engagementId)).get() !==
    undefined
  );
}

/**
 * Keeps the partner's latest assumptions, exclusions, terms and price model as the draft for the next
 * proposal.
 */
export async function saveProposalDraftText({
  engagementId,
  assumptions,
  exclusions,
  terms,
  price,
}: {
  engagementId: string;
  assumptions: string;
  exclusions: string;
  terms: string;
  price: ProposalPrice;
}): Promise<void> {
  db()
    .update(engagements)
    .set({
      assumptions,
      exclusions,
      terms,
      priceModel: price.model,
      priceAmount: price.model === "range" ? null : price.amount,
    })
    .where(eq(engagements.id, engagementId))
    .run();
}

// Enough recent entries that a burst (76 answers saved one by one) still leaves the rest of the feed.
// With each entry, who did it and, for a removal, who was removed: the entry keeps only the user id
// (a name copied into it would outlive the account's deletion, which blanks the name on the row).
export async function listActivity({ engagementId, limit = 400 }: { engagementId: string; limit?: number }) {
  const subject = alias(users, "subject");
  return prepared("activity-of-engagement", (conn) =>
    conn
      .select({
        id: activity.id,
        userId: activity.userId,
        kind: activity.kind,
        detail: activity.detail,
        createdAt: activity.createdAt,
        name: users.name,
        email: users.email,
        subjectName: subject.name,
        subjectEmail: subject.email,
      })
      .from(activity)
      .leftJoin(users, eq(users.id, activity.userId))
      .leftJoin(
        subject,
        and(
          inArray(activity.kind, ["member.removed", "member.role-changed"]),
          eq(subject.id, sql`json_extract(${activity.detail}, '$.userId')`),
        ),
      )
      .where(eq(activity.engagementId, sql.placeholder("engagementId")))
      .orderBy(desc(activity.id))
      .limit(sql.placeholder("limit"))
      .prepare(),
  ).all({ engagementId, limit });
}
