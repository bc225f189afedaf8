import crypto from "node:crypto";

import { asc, eq, inArray, sql } from "drizzle-orm";

import { db, writeTransaction, type Db } from "../../db/connection.server";
import {
  activity,
  answers,
  comments,
  emailChanges,
  emailConfirmations,
  partnerProfiles,
  engagements,
  loginChallenges,
  memberships,
  passwordResets,
  recoveryCodes,
  sessions,
  trustedDevices,
  users,
} from "../../db/schema";
import type { Role } from "~/auth/permissions";

import { deleteMembership, otherMembers, type OtherMember } from "./membership.server";
import { hashPassword } from "./user.server";

/** What a deleted account is called wherever its past work is shown (answers, comments, activity). */
const DELETED_ACCOUNT_NAME = "Deleted account";

type AccountEngagement = { id: string; name: string; role: Role; soleFounder: boolean };

function engagementsOf(conn: Db, userId: string): AccountEngagement[] {
  return conn
    .select({
      id: engagements.id,
      name: engagements.name,
      role: memberships.role,
      soleFounder: sql<number>`${memberships.role} = 'founder' and (select count(*) from ${memberships} f where f.engagement_id = ${engagements.id} and f.role = 'founder') = 1`,
    })
    .from(memberships)
    .innerJoin(engagements, eq(engagements.id, memberships.engagementId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(engagements.name), asc(engagements.id))
    .all()
    .map((e) => ({ ...e, soleFounder: Boolean(e.soleFounder) }));
}

/**
 * The user's engagements, each marked with whether deleting the account deletes it (the user is its
 * only founder, and an engagement must keep an owner) or only takes the user off it; those it
 * deletes with the other members who lose them (and are told, decision 049).
 */
export async function accountEngagements({
  userId,
}: {
  userId: string;
}): Promise<(AccountEngagement & { others: OtherMember[] })[]> {
  const conn = db();
  return engagementsOf(conn, userId).map((e) => ({
    ...e,
    others: e.soleFounder ? otherMembers(conn, e.id, userId) : [],
  }));
}

/** An engagement deleted with the account, and the other members it was taken from. */
type DeletedEngagement = { id: string; name: string; others: OtherMember[] };

/**
 * Deletes the account, in one transaction: the engagements the user alone owns, with everything in
 * them; the user's place on every other engagement (as leaving would, invitations they made and
 * nobody used included); their sessions and known browsers. The user row stays, with no email, name
 * or usable password, because answers, comments, proposals and activity point at it: they now read
 * "Deleted account". The email is free for a new sign-up. Returns the deleted engagements, each with
 * the other members it was taken from, read before its rows went (the deletion notices go to them).
 */
export async function deleteAccount({
  userId,
}: {
  userId: string;
}): Promise<{ deletedEngagements: DeletedEngagement[] }> {
  // A password nobody knows, hashed like any other so nothing that reads it has a special case.
  const passwordHash = await hashPassword(crypto.randomBytes(32).toString("base64url"));
  return writeTransaction((tx) => {
    // Read inside the write lock: a co-founder leaving at this moment cannot leave an engagement
    // without an owner.
    const mine = engagementsOf(tx, userId);
    const deletedEngagements: DeletedEngagement[] = [];
    for (const e of mine) {
      if (e.soleFounder) {
        const others = otherMembers(tx, e.id, userId);
        tx.delete(engagements).where(eq(engagements.id, e.id)).run();
        deletedEngagements.push({ id: e.id, name: e.name, others });
        continue;
      }
      const left = deleteMembership(tx, e.id, userId);
      if (left.ok) {
        tx.insert(activity)
          .values({ engagementId: e.id, userId, kind: "member.left", detail: { role: left.role } })
          .run();
      }
    }
    // Pages of engagements that stay show the user's name beside answers, comments and activity, and
    // their derived data is cached by the engagement's updated_at: a bump makes them read the row
    // afresh, as "Deleted account".
    const now = Date.now();
    tx.update(engagements)
      .set({ updatedAt: sql`max(${now}, ${engagements.updatedAt} + 1)` })
      .where(
        inArray(
          engagements.id,
          sql`(select ${answers.engagementId} from ${answers} where ${answers.answeredBy} = ${userId}
            union select ${comments.engagementId} from ${comments} where ${comments.userId} = ${userId}
            union select ${activity.engagementId} from ${activity} where ${activity.userId} = ${userId})`,
        ),
      )
      .run();
    tx.delete(sessions).where(eq(sessions.userId, userId)).run();
    tx.delete(trustedDevices).where(eq(trustedDevices.userId, userId)).run();
    // A reset link emailed before would otherwise set a password on the deleted account.
    tx.delete(passwordResets).where(eq(passwordResets.userId, userId)).run();
    tx.delete(loginChallenges).where(eq(loginChallenges.userId, userId)).run();
    // A pending email change would otherwise give the deleted account an address again.
    tx.delete(emailChanges).where(eq(emailChanges.userId, userId)).run();
    // Confirmation links keep the address they were sent to, which must go with the account.
    tx.delete(emailConfirmations).where(eq(emailConfirmations.userId, userId)).run();
    tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
    // The row of users stays (anonymised), so its cascade does not fire: the company goes with it.
    // Published versions keep the copy frozen into them.
    tx.delete(partnerProfiles).where(eq(partnerProfiles.userId, userId)).run();
    tx.update(users)
      .set({
        // Not an email address: no sign-up, login form or reset request can ever name it.
        email: `deleted:${userId}`,
        name: DELETED_ACCOUNT_NAME,
        passwordHash,
        passwordChangedAt: now,
        totpSecret: null,
        totpEnabledAt: null,
        totpLastStep: null,
      })
      .where(eq(users.id, userId))
      .run();
    return { deletedEngagements };
  });
}
