import { and, asc, count, eq, inArray, ne, sql } from "drizzle-orm";

import { db, prepared, writeTransaction, type Db } from "../../db/connection.server";
import { activity, engagements, invitations, memberships, users } from "../../db/schema";
import type { Role } from "~/auth/permissions";
import { revokePendingInvitations } from "~/models/invitation.server";

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

/** Whether the user proved they read their address (decision 038): who may be emailed. */
const confirmedAddress = () => sql<boolean>`${users.emailConfirmedAt} is not null`.mapWith(Boolean);

/**
 * How many founders the engagement has, read in the caller's write transaction: a project keeps
 * one, so whatever takes a founder away (leaving, removal, a new role) checks it there.
 */
function founderCount(tx: Db, engagementId: string): number {
  return (
    tx
      .select({ n: count() })
      .from(memberships)
      .where(and(eq(memberships.engagementId, engagementId), eq(memberships.role, "founder")))
      .get()?.n ?? 0
  );
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
    if (founderCount(tx, engagementId) <= 1) return { ok: false, reason: "last-founder" };
  }
  tx.delete(memberships)
    .where(and(eq(memberships.engagementId, engagementId), eq(memberships.userId, userId)))
    .run();
  revokePendingInvitations(
    tx,
    and(eq(invitations.engagementId, engagementId), eq(invitations.createdBy, userId)),
  );
  return { ok: true, role: member.role };
}

/** Who was removed, as the email that tells them needs them (decision 049). */
type Removed = { name: string; email: string; confirmed: boolean };

/** A founder removes another member (or themselves, which is the same as leaving). */
export async function removeMember({
  engagementId,
  userId,
  removedBy,
}: {
  engagementId: string;
  userId: string;
  removedBy: string;
}): Promise<Extract<MembershipChange, { ok: false }> | { ok: true; role: Role; member: Removed }> {
  return writeTransaction((tx) => {
    // Read before the row goes, in the same transaction: afterwards they are nobody's member.
    const member = tx
      .select({
        name: users.name,
        email: users.email,
        confirmed: confirmedAddress(),
      })
      .from(users)
      .where(eq(users.id, userId))
      .get();
    const result = deleteMembership(tx, engagementId, userId);
    if (!result.ok) return result;
    tx.insert(activity)
      .values({
        engagementId,
        userId: removedBy,
        kind: "member.removed",
        detail: { userId, role: result.role },
      })
      .run();
    // A membership implies its user row (a foreign key), so `member` is there.
    return { ...result, member: member ?? { name: "", email: "", confirmed: false } };
  });
}

/** Whom a role change is about, as the email that tells them needs them. */
type Changed = { name: string; email: string; confirmed: boolean };

export type RoleChange =
  | { ok: true; from: Role; to: Role; member: Changed; invitationsRevoked: number }
  | { ok: false; reason: "not-member" | "last-founder" }
  // Someone changed it since the page was loaded: the founder chose from a role that is no longer
  // theirs, so nothing is changed on a stale picture (no lost update).
  | { ok: false; reason: "stale"; role: Role };

/**
 * A founder gives another member a new role (QA 5, finding 10: before, only a new invitation link
 * could, and nothing else said so). `expected` is the role the founder saw. A founder who is demoted
 * can no longer invite, so the invitations they made and nobody used yet are revoked, as when a
 * member leaves: a way in must come from someone who may still give one.
 */
export async function changeRole({
  engagementId,
  userId,
  role,
  expected,
  changedBy,
}: {
  engagementId: string;
  userId: string;
  role: Role;
  expected: Role;
  changedBy: string;
}): Promise<RoleChange> {
  return writeTransaction((tx): RoleChange => {
    const member = tx
      .select({
        role: memberships.role,
        name: users.name,
        email: users.email,
        confirmed: confirmedAddress(),
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.engagementId, engagementId), eq(memberships.userId, userId)))
      .get();
    if (!member) return { ok: false, reason: "not-member" };
    if (member.role !== expected) return { ok: false, reason: "stale", role: member.role };
    const { name, email, confirmed } = member;
    if (role === member.role)
      return { ok: true, from: role, to: role, member: { name, email, confirmed }, invitationsRevoked: 0 };
    let invitationsRevoked = 0;
    if (member.role === "founder") {
      if (founderCount(tx, engagementId) <= 1) return { ok: false, reason: "last-founder" };
      invitationsRevoked = revokePendingInvitations(
        tx,
        and(eq(invitations.engagementId, engagementId), eq(invitations.createdBy, userId)),
      ).changes;
    }
    tx.update(memberships)
      .set({ role })
      .where(and(eq(memberships.engagementId, engagementId), eq(memberships.userId, userId)))
      .run();
    tx.insert(activity)
      .values({
        engagementId,
        userId: changedBy,
        kind: "member.role-changed",
        detail: { userId, previousRole: member.role, role },
      })
      .run();
    return { ok: true, from: member.role, to: role, member: { name, email, confirmed }, invitationsRevoked };
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

/** A member other than the one acting, with whether their address is confirmed (decision 038). */
export type OtherMember = { id: string; name: string; email: string; role: Role; confirmed: boolean };

/**
 * The engagement's members other than `userId`, by name: who loses it when it is deleted. Takes the
 * connection, so a deletion reads them in its own transaction, just before the rows go: afterwards
 * nothing says who was on it (decision 049).
 */
export function otherMembers(conn: Db, engagementId: string, userId: string): OtherMember[] {
  return conn
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      confirmed: confirmedAddress(),
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.engagementId, engagementId), ne(memberships.userId, userId)))
    .orderBy(asc(users.name), asc(users.email))
    .all();
}

/** Why an email about an engagement does not go to a member: one per rule of membersByEmail. */
export type UnnotifiedReason = "emails-off" | "unconfirmed" | "no-two-step";

type Recipients = { engagementId: string; roles: readonly Role[]; except: string };

/**
 * Members of the engagement with one of `roles`, other than `except` (who did what the email is
 * about), each with every reason an email about it does not go to them; none: it does. One query
 * and one set of rules for both the emails (membersToNotify) and the publish form, which says why
 * nobody will be emailed (an unconfirmed address is not fixed by ticking "Email me", QA 3, 6).
 *
 * - "emails-off": they do not want email about it (Account → Email notifications).
 * - "unconfirmed": only to an address its owner proved they read (decision 038): anyone can sign up
 *   with anyone's address, and the default "Email me" would otherwise mail a stranger who never asked.
 * - "no-two-step": on an engagement that requires two-step login, members without it (on once
 *   confirmed, as hasTwoStep) are left out: the engagement refuses to open for them (requireMember,
 *   decision 023), and an email would hand their password alone what the pages withhold: a comment
 *   quoted, an item's title, a proposal's news. Whoever knows only that password could even move the
 *   account's email to their own inbox first (decision 024).
 */
export async function membersByEmail({
  engagementId,
  roles,
  except,
}: Recipients): Promise<{ id: string; name: string; email: string; reasons: UnnotifiedReason[] }[]> {
  const rows = db()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      notify: users.notifyByEmail,
      confirmed: confirmedAddress(),
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
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    reasons: [
      ...(r.notify ? [] : ["emails-off" as const]),
      ...(r.confirmed ? [] : ["unconfirmed" as const]),
      ...(r.requireTwoStep && !r.twoStep ? ["no-two-step" as const] : []),
    ],
  }));
}

/**
 * Whom an email about the engagement goes to (membersByEmail: no reason against it). Every email
 * about an engagement (comments, proposals published or accepted) picks its recipients here.
 */
export async function membersToNotify(
  recipients: Recipients,
): Promise<{ id: string; email: string; name: string }[]> {
  return (await membersByEmail(recipients))
    .filter((m) => m.reasons.length === 0)
    .map(({ id, email, name }) => ({ id, email, name }));
}
