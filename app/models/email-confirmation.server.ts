// Confirming the email an account signed up with (docs/decisions/038-confirmed-email-before-notifications.md).
// Anyone can sign up with any address, so until a link sent there is used, the app sends that
// address no notifications. Same pattern as the email-change and reset links: a random token, only
// its sha256 stored, one use, an expiry, and only the newest link of a user works.
import { and, eq, gt, isNull, sql } from "drizzle-orm";

import { db, writeTransaction, type Db } from "../../db/connection.server";
import { emailConfirmations, users } from "../../db/schema";
import { newToken, sha256 } from "~/utils/ids.server";

/** How long a confirmation link works: a sign-up email may be read the next day. */
export const EMAIL_CONFIRM_HOURS = 24;

const TOKEN = /^[A-Za-z0-9_-]{22}$/;

/**
 * A link that confirms `email` as the user's address; only its sha256 is kept, and the user's
 * earlier links stop working. Returns the token, to be emailed.
 */
export function createEmailConfirmation({ userId, email }: { userId: string; email: string }): string {
  const token = newToken();
  const now = Date.now();
  writeTransaction((tx) => {
    tx.update(emailConfirmations)
      .set({ usedAt: now })
      .where(and(eq(emailConfirmations.userId, userId), isNull(emailConfirmations.usedAt)))
      .run();
    tx.insert(emailConfirmations)
      .values({ tokenHash: sha256(token), userId, email, expiresAt: now + EMAIL_CONFIRM_HOURS * 3_600_000 })
      .run();
  });
  return token;
}

/**
 * The link with this token while it is unused, unexpired, and the account still has the address it
 * was sent to (an account that moved to another address has proven that one by its own link).
 */
function usable(conn: Db, token: string, now: number) {
  return conn
    .select({ userId: users.id, email: users.email, confirmedAt: users.emailConfirmedAt })
    .from(emailConfirmations)
    .innerJoin(users, eq(users.id, emailConfirmations.userId))
    .where(
      and(
        eq(emailConfirmations.tokenHash, sha256(token)),
        isNull(emailConfirmations.usedAt),
        gt(emailConfirmations.expiresAt, now),
        eq(emailConfirmations.email, users.email),
      ),
    )
    .get();
}

export type EmailConfirmation = { userId: string; email: string };

export function findEmailConfirmation(token: string): EmailConfirmation | undefined {
  if (!TOKEN.test(token)) return undefined;
  const found = usable(db(), token, Date.now());
  return found ? { userId: found.userId, email: found.email } : undefined;
}

/** Confirms the address and uses the link up; undefined when the link no longer works. */
export function confirmEmail(token: string): EmailConfirmation | undefined {
  if (!TOKEN.test(token)) return undefined;
  return writeTransaction((tx) => {
    const now = Date.now();
    const found = usable(tx, token, now);
    if (!found) return undefined;
    tx.update(emailConfirmations)
      .set({ usedAt: now })
      .where(and(eq(emailConfirmations.userId, found.userId), isNull(emailConfirmations.usedAt)))
      .run();
    markEmailConfirmed({ userId: found.userId, now, conn: tx });
    return { userId: found.userId, email: found.email };
  });
}

/**
 * Records that the owner read a link sent to the account's current address (this one, an email
 * change, a password reset). The first proof's time is kept.
 */
export function markEmailConfirmed({ userId, now, conn }: { userId: string; now: number; conn: Db }): void {
  conn
    .update(users)
    .set({ emailConfirmedAt: sql`coalesce(${users.emailConfirmedAt}, ${now})` })
    .where(eq(users.id, userId))
    .run();
}

/** Whether the account with this email has confirmed it (false when there is none). */
export function isAddressConfirmed(email: string): boolean {
  const row = db().select({ at: users.emailConfirmedAt }).from(users).where(eq(users.email, email)).get();
  return row?.at != null;
}

export function isEmailConfirmed({ userId }: { userId: string }): boolean {
  const row = db().select({ at: users.emailConfirmedAt }).from(users).where(eq(users.id, userId)).get();
  return row?.at != null;
}
