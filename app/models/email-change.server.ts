// Changing one's email (docs/decisions/024-changing-email.md): asked for with the password, done only
// when the link sent to the new address is used, so nobody moves an account to an address they
// cannot read, and a typo cannot lock the owner out.
import { and, eq, gt, isNotNull, isNull, ne } from "drizzle-orm";

import { db, writeTransaction, type Db } from "../../db/connection.server";
import { emailChanges, passwordResets, users } from "../../db/schema";
import { newToken, sha256 } from "~/utils/ids.server";

import { normalizeEmail } from "./user.server";

/** How long the link to the new address works. */
export const EMAIL_CHANGE_MINUTES = 60;

const TOKEN = /^[A-Za-z0-9_-]{22}$/;

type Requested = { ok: true; token: string } | { ok: false; reason: "same" | "taken" };

/**
 * A link to confirm `newEmail` as the user's email; only its sha256 is kept, and earlier links of
 * the user stop working. Refused when it is already the user's email or another account's.
 */
export async function requestEmailChange({
  userId,
  newEmail,
}: {
  userId: string;
  newEmail: string;
}): Promise<Requested> {
  const email = normalizeEmail(newEmail);
  const token = newToken();
  const now = Date.now();
  return writeTransaction((tx): Requested => {
    const owner = tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
    if (owner) return { ok: false, reason: owner.id === userId ? "same" : "taken" };
    cancelEmailChanges({ userId, conn: tx });
    tx.insert(emailChanges)
      .values({
        tokenHash: sha256(token),
        userId,
        newEmail: email,
        expiresAt: now + EMAIL_CHANGE_MINUTES * 60_000,
      })
      .run();
    return { ok: true, token };
  });
}

/**
 * Ends the user's email changes still waiting for their link, and says how many were. Besides a new
 * ask, a password reset, a password change and "sign out other sessions" do it: the owner taking the
 * account back must also stop a move to an address whoever else had the password asked for.
 */
export function cancelEmailChanges({ userId, conn = db() }: { userId: string; conn?: Db }): number {
  const now = Date.now();
  return conn
    .update(emailChanges)
    .set({ usedAt: now })
    .where(and(eq(emailChanges.userId, userId), isNull(emailChanges.usedAt), gt(emailChanges.expiresAt, now)))
    .run().changes;
}

/** The link with this token, while it is unused and unexpired. */
function usable(token: string, now: number) {
  return and(
    eq(emailChanges.tokenHash, sha256(token)),
    isNull(emailChanges.usedAt),
    gt(emailChanges.expiresAt, now),
  );
}

export type EmailChange = { userId: string; name: string; oldEmail: string; newEmail: string };

export function findEmailChange(token: string): EmailChange | undefined {
  if (!TOKEN.test(token)) return undefined;
  return db()
    .select({ userId: users.id, name: users.name, oldEmail: users.email, newEmail: emailChanges.newEmail })
    .from(emailChanges)
    .innerJoin(users, eq(users.id, emailChanges.userId))
    .where(usable(token, Date.now()))
    .get();
}

/**
 * The address a used link moved its account to, while the account still has it: for the page that
 * says so to whoever pressed the button. A link cancelled or never used finds nothing.
 */
export function findConfirmedEmailChange(token: string): { userId: string; newEmail: string } | undefined {
  if (!TOKEN.test(token)) return undefined;
  return db()
    .select({ userId: users.id, newEmail: emailChanges.newEmail })
    .from(emailChanges)
    .innerJoin(users, and(eq(users.id, emailChanges.userId), eq(users.email, emailChanges.newEmail)))
    .where(and(eq(emailChanges.tokenHash, sha256(token)), isNotNull(emailChanges.usedAt)))
    .get();
}

/**
 * Makes the new address the account's email and uses the link up. Reset links sent to the old
 * address stop working with it. `taken` when another account took the address since the link was
 * sent; undefined when the link no longer works.
 */
export async function confirmEmailChange(token: string): Promise<EmailChange | "taken" | undefined> {
  if (!TOKEN.test(token)) return undefined;
  return writeTransaction((tx) => {
    const now = Date.now();
    const change = tx
      .select({ userId: users.id, name: users.name, oldEmail: users.email, newEmail: emailChanges.newEmail })
      .from(emailChanges)
      .innerJoin(users, eq(users.id, emailChanges.userId))
      .where(usable(token, now))
      .get();
    if (!change) return undefined;
    const taken = tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.email, change.newEmail), ne(users.id, change.userId)))
      .get();
    if (taken) return "taken";
    tx.update(emailChanges)
      .set({ usedAt: now })
      .where(eq(emailChanges.tokenHash, sha256(token)))
      .run();
    // The link was read at the new address: that proves it (decision 038), so notifications go there.
    tx.update(users)
      .set({ email: change.newEmail, emailConfirmedAt: now })
      .where(eq(users.id, change.userId))
      .run();
    tx.update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, change.userId), isNull(passwordResets.usedAt)))
      .run();
    return change;
  });
}
