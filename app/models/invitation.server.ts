import { and, desc, eq, gt, isNull, sql, type SQL } from "drizzle-orm";

import { db, prepared, writeTransaction, type Db } from "../../db/connection.server";
import { activity, engagements, invitations, memberships, users } from "../../db/schema";
import { newId, newToken, sha256 } from "~/utils/ids.server";
import { normalizeEmail } from "~/models/user.server";
import { strongerRole, type Role } from "~/auth/permissions";

const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type InvitationStatus = "valid" | "expired" | "used" | "revoked";

type InvitationRow = typeof invitations.$inferSelect;

// Used and revoked are final facts about the link; expiry only matters while it is still open.
function statusOf(
  row: Pick<InvitationRow, "usedAt" | "revokedAt" | "expiresAt">,
  now: number,
): InvitationStatus {
  if (row.usedAt !== null) return "used";
  if (row.revokedAt !== null) return "revoked";
  if (row.expiresAt <= now) return "expired";
  return "valid";
}

// Tokens come from newToken(): 16 bytes in base64url. Anything else cannot exist, so skip the query.
function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{22}$/.test(token);
}

type CreateInvitationResult =
  | { ok: true; token: string; invitation: InvitationRow }
  /** `email` already belongs to a member of the engagement: nothing was created */
  | { ok: false; reason: "member"; role: Role };

/**
 * Creates a single-use invitation valid for 7 days. Returns the raw token: it exists only in this
 * return value (the database keeps its sha256), so the caller shows it once and never again.
 *
 * With `email` (where the caller will email the link), the address is kept to tell the pending
 * invitation apart, and an address that already belongs to a member is refused: checked in the
 * same transaction as the insert, so what is refused creates nothing.
 */
export async function createInvitation({
  engagementId,
  createdBy,
  role,
  note = null,
  email = null,
}: {
  engagementId: string;
  createdBy: string;
  role: Role;
  /** who the link is meant for, to tell pending invitations apart; already trimmed and checked */
  note?: string | null;
  /** the address the link is emailed to; already trimmed and checked */
  email?: string | null;
}): Promise<CreateInvitationResult> {
  const token = newToken();
  const now = Date.now();
  return writeTransaction((tx): CreateInvitationResult => {
    if (email) {
      // Accounts keep their address normalized (trimmed, lower case); what was typed may not be.
      const member = tx
        .select({ role: memberships.role })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.engagementId, engagementId), eq(users.email, normalizeEmail(email))))
        .get();
      if (member) return { ok: false, reason: "member", role: member.role };
    }
    const invitation = tx
      .insert(invitations)
      .values({
        id: newId(),
        engagementId,
        tokenHash: sha256(token),
        role,
        createdBy,
        createdAt: now,
        expiresAt: now + INVITATION_TTL_MS,
        note,
        email,
      })
      .returning()
      .get();
    // Not the address: the activity is kept for good and shown to every member.
    tx.insert(activity)
      .values({
        engagementId,
        userId: createdBy,
        kind: "invitation.created",
        detail: { invitationId: invitation.id, role, ...(note ? { note } : {}) },
      })
      .run();
    return { ok: true, token, invitation };
  });
}

/** Invitations that can still be accepted (not used, not revoked, not expired), newest first. */
export async function listPendingInvitations({ engagementId }: { engagementId: string }) {
  const rows = prepared("pending-invitations", (conn) =>
    conn
      .select({
        id: invitations.id,
        role: invitations.role,
        note: invitations.note,
        email: invitations.email,
        createdAt: invitations.createdAt,
        expiresAt: invitations.expiresAt,
        createdByName: users.name,
        createdByEmail: users.email,
      })
      .from(invitations)
      .innerJoin(users, eq(users.id, invitations.createdBy))
      .where(
        and(
          eq(invitations.engagementId, sql.placeholder("engagementId")),
          isNull(invitations.usedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, sql.placeholder("now")),
        ),
      )
      .orderBy(desc(invitations.createdAt))
      .prepare(),
  ).all({ engagementId, now: Date.now() });
  return rows.map(({ createdByEmail, ...row }) => ({
    ...row,
    createdByName: row.createdByName || createdByEmail,
  }));
}

/**
 * Revokes the invitations `where` picks that nobody used or revoked yet, inside the caller's
 * transaction: one revoked by a founder, or those a departing member created (deleteMembership).
 * The address only told pending links apart; a link that no longer works needs none.
 */
export function revokePendingInvitations(tx: Db, where: SQL | undefined) {
  return tx
    .update(invitations)
    .set({ revokedAt: Date.now(), email: null })
    .where(and(where, isNull(invitations.usedAt), isNull(invitations.revokedAt)))
    .run();
}

/**
 * Revokes a pending invitation of this engagement. Returns false when there is nothing to revoke:
 * unknown id, another engagement's invitation, or one already used or revoked.
 */
export async function revokeInvitation({
  engagementId,
  invitationId,
  userId,
}: {
  engagementId: string;
  invitationId: string;
  userId: string;
}): Promise<boolean> {
  return writeTransaction((tx) => {
    const result = revokePendingInvitations(
      tx,
      and(eq(invitations.id, invitationId), eq(invitations.engagementId, engagementId)),
    );
    if (result.changes === 0) return false;
    tx.insert(activity)
      .values({ engagementId, userId, kind: "invitation.revoked", detail: { invitationId } })
      .run();
    return true;
  });
}

type InvitationView = {
  id: string;
  engagementId: string;
  engagementName: string;
  inviterName: string;
  role: Role;
  expiresAt: number;
  usedBy: string | null;
  status: InvitationStatus;
  /** the address the link was emailed to, while it can still be accepted; null when only shown */
  email: string | null;
};

/** What the invite page shows about a link, or undefined when no such token exists. */
export async function getInvitationByToken({
  token,
}: {
  token: string;
}): Promise<InvitationView | undefined> {
  if (!isWellFormedToken(token)) return undefined;
  const row = db()
    .select({
      invitation: invitations,
      engagementName: engagements.name,
      inviterName: users.name,
      inviterEmail: users.email,
    })
    .from(invitations)
    .innerJoin(engagements, eq(engagements.id, invitations.engagementId))
    .innerJoin(users, eq(users.id, invitations.createdBy))
    .where(eq(invitations.tokenHash, sha256(token)))
    .get();
  if (!row) return undefined;
  const { invitation } = row;
  const status = statusOf(invitation, Date.now());
  return {
    id: invitation.id,
    engagementId: invitation.engagementId,
    engagementName: row.engagementName,
    inviterName: row.inviterName || row.inviterEmail,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
    usedBy: invitation.usedBy,
    status,
    email: status === "valid" ? invitation.email : null,
  };
}

/**
 * The invitation behind the sign-up or login page, when it was opened from one
 * (`redirectTo=/invite/<token>`) that can still be accepted; null otherwise, saying nothing about
 * why. The page then speaks to someone joining that project in that role (not to a founder starting
 * their own), and the form starts with the address the link was emailed to, so the invited person
 * need not type it. Anyone holding the link could read all this on the invite page anyway; the
 * link itself is the secret, and it went to that address.
 */
export async function invitationFrom(
  redirectTo: string | null,
): Promise<{ engagementName: string; role: Role; email: string | null } | null> {
  const token = /^\/invite\/([^/?#]+)$/.exec(redirectTo ?? "")?.[1];
  if (!token) return null;
  const invitation = await getInvitationByToken({ token });
  if (invitation?.status !== "valid") return null;
  return { engagementName: invitation.engagementName, role: invitation.role, email: invitation.email };
}

/**
 * Why an account may not take an invitation that was emailed to an address (decision 050): it is
 * another address's (`other-address`), or the account's address is that one but not yet confirmed
 * (`unconfirmed`). Null when it may: the link carries no address, or it is the account's, confirmed.
 */
export type AddresseeProblem = "other-address" | "unconfirmed" | null;

export function addresseeProblem(
  invitationEmail: string | null,
  user: { email: string; confirmed: boolean },
): AddresseeProblem {
  if (!invitationEmail) return null;
  if (normalizeEmail(invitationEmail) !== normalizeEmail(user.email)) return "other-address";
  return user.confirmed ? null : "unconfirmed";
}

type AcceptResult =
  | { ok: true; engagementId: string; role: Role; previousRole: Role | null }
  | { ok: false; status: Exclude<InvitationStatus, "valid"> | "unknown" }
  | { ok: false; status: Exclude<AddresseeProblem, null> };

/**
 * Accepts an invitation for `userId`. One BEGIN IMMEDIATE transaction reads the invitation, marks it
 * used and writes the membership, so of any number of concurrent accepts exactly one succeeds.
 *
 * A user who is already a member still consumes the link and ends up with the stronger of their
 * current role and the invited one (founder > partner > viewer): accepting never demotes anyone,
 * so it can never take away an engagement's last founder either.
 *
 * A link emailed to an address is taken only by the account with that address, confirmed
 * (decision 050): checked here, in the transaction, not only on the page. It is not used up then.
 */
export async function acceptInvitation({
  token,
  userId,
}: {
  token: string;
  userId: string;
}): Promise<AcceptResult> {
  if (!isWellFormedToken(token)) return { ok: false, status: "unknown" };
  const tokenHash = sha256(token);
  return writeTransaction((tx): AcceptResult => {
    const invitation = tx.select().from(invitations).where(eq(invitations.tokenHash, tokenHash)).get();
    if (!invitation) return { ok: false, status: "unknown" };
    const now = Date.now();
    const status = statusOf(invitation, now);
    if (status !== "valid") return { ok: false, status };
    const account = tx
      .select({ email: users.email, emailConfirmedAt: users.emailConfirmedAt })
      .from(users)
      .where(eq(users.id, userId))
      .get();
    if (!account) return { ok: false, status: "unknown" };
    const problem = addresseeProblem(invitation.email, {
      email: account.email,
      confirmed: account.emailConfirmedAt !== null,
    });
    if (problem) return { ok: false, status: problem };

    // The guard repeats the status check in SQL: the update itself refuses a second use.
    const used = tx
      .update(invitations)
      .set({ usedAt: now, usedBy: userId, email: null })
      .where(
        and(eq(invitations.id, invitation.id), isNull(invitations.usedAt), isNull(invitations.revokedAt)),
      )
      .run();
    if (used.changes !== 1) return { ok: false, status: "used" };

    const { engagementId } = invitation;
    const existing = tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.engagementId, engagementId), eq(memberships.userId, userId)))
      .get();
    const previousRole = existing?.role ?? null;
    const role = previousRole ? strongerRole(previousRole, invitation.role) : invitation.role;
    if (!previousRole) {
      tx.insert(memberships).values({ engagementId, userId, role }).run();
    } else if (role !== previousRole) {
      tx.update(memberships)
        .set({ role })
        .where(and(eq(memberships.engagementId, engagementId), eq(memberships.userId, userId)))
        .run();
    }
    tx.insert(activity)
      .values({
        engagementId,
        userId,
        kind: previousRole ? "invitation.accepted-by-member" : "member.joined",
        detail: { invitationId: invitation.id, invitedRole: invitation.role, previousRole, role },
      })
      .run();
    return { ok: true, engagementId, role, previousRole };
  });
}

/**
 * Forgets the addresses of invitations that expired: they only told pending links apart. Run at
 * start, with the other sweeps; used and revoked links forget theirs at once.
 */
export function forgetExpiredInvitationEmails(now = Date.now()): number {
  return db()
    .update(invitations)
    .set({ email: null })
    .where(and(sql`${invitations.email} is not null`, sql`${invitations.expiresAt} <= ${now}`))
    .run().changes;
}
