import { and, asc, count, eq, inArray, isNotNull, isNull, ne, or, sql } from "drizzle-orm";

import { db, prepared, writeTransaction, type Db } from "../../db/connection.server";
import { activity, engagements, invitations, memberships, users } from "../../db/schema";
import type { Role } from "~/auth/permissions";

type Member = { userId: string; name: string; email: string; role: Role; joinedAt: number; twoStep: boolean };

/** Founders first, then partners, then viewers; each group in the order they joined. */
export async function listMembers({ engagementId }: { engagementId: string }): Promise<Member[]> {
  return prepared("members-of-engagement", (conn) =>
    conn
      .select({
        userId: users.id,
        name: users.name,
        email: users.email,
        role: memberships.role,
        joinedAt: memberships.createdAt,
        twoStep: sql<boolean>`${users.totpEnabledAt} is not null`.mapWith(Boolean),
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.engagementId, sql.placeholder("engagementId")))
      .orderBy(
        sql`case ${memberships.role} when 'founder' then 0 when 'partner' then 1 else 2 end`,
        asc(memberships.createdAt),
        asc(users.email),
      )
      .prepare(),
  ).all({ engagementId });
}

/**
 * The roles a user holds across their engagements (each once): what the engagement list and "New
 * engagement" say depends on them, whether the user takes their own product to production or is the
 * engineering partner on others'.
 */
export async function rolesOfUser({ userId }: { userId: string }): Promise<Role[]> {
  const rows = prepared("roles-of-user", (conn) =>
    conn
      .selectDistinct({ role: memberships.role })
      .from(memberships)
      .where(eq(memberships.userId, sql.placeholder("userId")))
      .prepare(),
  ).all({ userId });
  return rows.map((r) => r.role);
}

type MembershipChange = { ok: true; role: Role } | { ok: false; reason: "not-member" | "last-founder" };

/**
 * Removes `userId` from the engagement unless that would leave it without a founder. Runs inside
 * the caller's BEGIN IMMEDIATE transaction, so two founders leaving at once cannot both succeed.
 * Invitations the departing member created and nobody used yet are revoked: someone who lost
 * access must not keep a way back in.
 */
export function deleteMembership(tx: Db, engagementId: string, userId: string): MembershipChange {
  const member = tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.engagementId, engagementId), eq(memberships.userId, userId)))
    .get();
  if (!member) return { ok: false, reason: "not-member" };
  if (member.role === "founder") {
    const founders = tx
      .select({ n: count() })
      .from(memberships)
      .where(and(eq(memberships.engagementId, engagementId), eq(memberships.role, "founder")))
      .get();
    if ((founders?.n ?? 0) <= 1) return { ok: false, reason: "last-founder" };
  }
  tx.delete(memberships)
    .where(and(eq(memberships.engagementId, engagementId), eq(memberships.userId, userId)))
    .run();
  tx.update(invitations)
    .set({ revokedAt: Date.now(), email: null })
    .where(
      and(
        eq(invitations.engagementId, engagementId),
        eq(invitations.createdBy, userId),
        isNull(invitations.usedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .run();
  return { ok: true, role: member.role };
}

/** A founder removes another member (or themselves, which is the same as leaving). */
export async function removeMember({
  engagementId,
  userId,
  removedBy,
}: {
  engagementId: string;
  userId: string;
  removedBy: string;
}): Promise<MembershipChange> {
  return writeTransaction((tx) => {
    const result = deleteMembership(tx, engagementId, userId);
    if (result.ok) {
      tx.insert(activity)
        .values({
          engagementId,
          userId: removedBy,
          kind: "member.removed",
          detail: { userId, role: result.role },
        })
        .run();
    }
    return result;
  });
}

export async function leaveEngagement({
  engagementId,
  userId,
}: {
  engagementId: string;
  userId: string;
}): Promise<MembershipChange> {
  return writeTransaction((tx) => {
    const result = deleteMembership(tx, engagementId, userId);
    if (result.ok) {
      tx.insert(activity)
        .values({ engagementId, userId, kind: "member.left", detail: { role: result.role } })
        .run();
    }
    return result;
  });
}

/** The member's display name for messages ("Jonas Brandt was removed"), or undefined for non-members. */
export async function getMemberName({
  engagementId,
  userId,
}: {
  engagementId: string;
  userId: string;
}): Promise<string | undefined> {
  const row = db()
    .select({ name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.engagementId, engagementId), eq(memberships.userId, userId)))
    .get();
  return row ? row.name || row.email : undefined;
}

/**
 * Members of the engagement with one of `roles` who want email about it (Account → Email
 * notifications), other than `except`, who did what the email is about. Every email about an
 * engagement (comments, proposals published or accepted) picks its recipients here.
 *
 * On an engagement that requires two-step login, members without it are left out: the engagement
 * refuses to open for them (requireMember, decision 023), and an email would hand their password
 * alone what the pages withhold: a comment quoted, an item's title, a proposal's news. Whoever knows
 * only that password could even move the account's email to their own inbox first (decision 024).
 *
 * Members whose email is not confirmed yet are left out too (decision 038).
 */
export async function membersToNotify({
  engagementId,
  roles,
  except,
}: {
  engagementId: string;
  roles: readonly Role[];
  except: string;
}): Promise<{ id: string; email: string; name: string }[]> {
  return db()
    .select({ id: users.id, email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(engagements, eq(engagements.id, memberships.engagementId))
    .where(
      and(
        eq(memberships.engagementId, engagementId),
        inArray(memberships.role, [...roles]),
        ne(memberships.userId, except),
        eq(users.notifyByEmail, true),
        // Only to an address its owner proved they read (decision 038): anyone can sign up with
        // anyone's address, and the default "Email me" would otherwise mail a stranger who never asked.
        isNotNull(users.emailConfirmedAt),
        // As hasTwoStep: on once confirmed (a key being set up does not count).
        or(eq(engagements.requireTwoStep, false), isNotNull(users.totpEnabledAt)),
      ),
    )
    .all();
}

/** Why membersToNotify leaves a member out: one per filter of its own. */
export type UnnotifiedReason = "emails-off" | "unconfirmed" | "no-two-step";

/**
 * The members with one of `roles`, other than `except`, that membersToNotify leaves out, each with
 * every reason that applies: a page saying "nobody will be emailed" then names the true one (an
 * unconfirmed address is not fixed by ticking "Email me"). Keep the reasons in step with its filters.
 */
export async function membersNotNotified({
  engagementId,
  roles,
  except,
}: {
  engagementId: string;
  roles: readonly Role[];
  except: string;
}): Promise<{ name: string; email: string; reasons: UnnotifiedReason[] }[]> {
  const rows = db()
    .select({
      name: users.name,
      email: users.email,
      notify: users.notifyByEmail,
      confirmed: sql<boolean>`${users.emailConfirmedAt} is not null`.mapWith(Boolean),
      twoStep: sql<boolean>`${users.totpEnabledAt} is not null`.mapWith(Boolean),
      requireTwoStep: engagements.requireTwoStep,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(engagements, eq(engagements.id, memberships.engagementId))
    .where(
      and(
        eq(memberships.engagementId, engagementId),
        inArray(memberships.role, [...roles]),
        ne(memberships.userId, except),
      ),
    )
    .orderBy(asc(memberships.createdAt), asc(users.email))
    .all();
  return rows
    .map((r) => ({
      name: r.name,
      email: r.email,
      reasons: [
        ...(r.notify ? [] : ["emails-off" as const]),
        ...(r.confirmed ? [] : ["unconfirmed" as const]),
        ...(r.requireTwoStep && !r.twoStep ? ["no-two-step" as const] : []),
      ],
    }))
    .filter((m) => m.reasons.length > 0);
}
