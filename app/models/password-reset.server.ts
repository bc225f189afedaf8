import { and, eq, gt, isNull } from "drizzle-orm";

import { db, writeTransaction } from "../../db/connection.server";
import { loginChallenges, passwordResets, sessions, trustedDevices, users } from "../../db/schema";
import { newToken, sha256 } from "~/utils/ids.server";

import { cancelEmailChanges } from "./email-change.server";
import { markEmailConfirmed } from "./email-confirmation.server";
import { findUserByEmail, hashPassword } from "./user.server";

/** How long a reset link works: long enough to find the email, short enough to go stale. */
export const RESET_LINK_MINUTES = 60;

// Tokens come from newToken(): 16 bytes in base64url. Anything else cannot exist.
const TOKEN = /^[A-Za-z0-9_-]{22}$/;

/**
 * A reset link for the account with this email, or undefined when there is none. The token is
 * returned once, to be emailed; only its sha256 is stored. Earlier links of the account stop
 * working, so only the newest email counts.
 */
export async function createPasswordReset({ email }: { email: string }) {
  const user = await findUserByEmail({ email });
  if (!user) return undefined;
  const token = newToken();
  const now = Date.now();
  writeTransaction((tx) => {
    tx.update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)))
      .run();
    tx.insert(passwordResets)
      .values({ tokenHash: sha256(token), userId: user.id, expiresAt: now + RESET_LINK_MINUTES * 60_000 })
      .run();
  });
  return { token, user: { id: user.id, email: user.email, name: user.name } };
}

/** The link with this token, while it is unused and unexpired. */
function usable(token: string, now: number) {
  return and(
    eq(passwordResets.tokenHash, sha256(token)),
    isNull(passwordResets.usedAt),
    gt(passwordResets.expiresAt, now),
  );
}

/** The email of the account a link resets, while the link is unused and unexpired. */
export async function findPasswordReset({
  token,
}: {
  token: string;
}): Promise<{ email: string } | undefined> {
  if (!TOKEN.test(token)) return undefined;
  return db()
    .select({ email: users.email })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(usable(token, Date.now()))
    .get();
}

/**
 * Sets the new password if the link still works, and uses the link up. Every session and known
 * browser of the account ends: whoever else was signed in (perhaps the reason for the reset) is out,
 * and so does any change of email waiting for its link.
 * Returns whose password it was, or undefined when the link no longer works.
 */
export async function resetPassword({
  token,
  password,
}: {
  token: string;
  password: string;
}): Promise<{ email: string; name: string } | undefined> {
  if (!TOKEN.test(token)) return undefined;
  // The link is looked up before the password is hashed: a hash is tens of milliseconds of a core,
  // in the queue every login waits in (hashPassword), so a made-up or spent token must not cost one.
  // It is looked up again in the transaction below, in case it was used or replaced meanwhile.
  const found = db()
    .select({ userId: passwordResets.userId })
    .from(passwordResets)
    .where(usable(token, Date.now()))
    .get();
  if (!found) return undefined;
  const passwordHash = await hashPassword(password);
  return writeTransaction((tx) => {
    const now = Date.now();
    const reset = tx
      .select({ userId: passwordResets.userId, email: users.email, name: users.name })
      .from(passwordResets)
      .innerJoin(users, eq(users.id, passwordResets.userId))
      .where(usable(token, now))
      .get();
    if (!reset) return undefined;
    tx.update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, reset.userId), isNull(passwordResets.usedAt)))
      .run();
    tx.update(users).set({ passwordHash, passwordChangedAt: now }).where(eq(users.id, reset.userId)).run();
    // The link was emailed to the account's address (an email change ends it): opening it proves
    // the address as the confirmation link does (decision 038).
    markEmailConfirmed({ userId: reset.userId, now, conn: tx });
    tx.delete(sessions).where(eq(sessions.userId, reset.userId)).run();
    tx.delete(trustedDevices).where(eq(trustedDevices.userId, reset.userId)).run();
    // A login that got past the old password and waits for its code starts again with the new one.
    // Two-step login itself stays on: a reset link proves the inbox, not the phone.
    tx.delete(loginChallenges).where(eq(loginChallenges.userId, reset.userId)).run();
    // A move to another address that someone with the old password asked for dies with it.
    cancelEmailChanges({ userId: reset.userId, conn: tx });
    return { email: reset.email, name: reset.name };
  });
}
