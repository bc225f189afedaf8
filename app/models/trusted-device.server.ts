import { and, desc, eq, gt, notInArray, sql } from "drizzle-orm";

import { db } from "../../db/connection.server";
import { trustedDevices } from "../../db/schema";
import { REMEMBER_DAYS } from "~/auth/auth-schemas";
import { newToken, sha256 } from "~/utils/ids.server";

/** Browsers remembered per account; older ones are forgotten. */
const MAX_PER_USER = 20;

/** Whether the device token belongs to the account with this user id. */
export async function isTrustedDevice({
  token,
  userId,
}: {
  token: string;
  userId: string;
}): Promise<boolean> {
  const row = db()
    .select({ userId: trustedDevices.userId })
    .from(trustedDevices)
    .where(eq(trustedDevices.tokenHash, sha256(token)))
    .get();
  return row?.userId === userId;
}

/**
 * Remembers the browser after a successful sign-in: keeps its token if it already belongs to this
 * user, else issues a new one. Returns the token for the cookie.
 */
export async function trustDevice({
  token,
  userId,
}: {
  token: string | undefined;
  userId: string;
}): Promise<string> {
  const now = Date.now();
  if (token && (await isTrustedDevice({ token, userId }))) {
    db()
      .update(trustedDevices)
      .set({ lastUsedAt: now })
      .where(eq(trustedDevices.tokenHash, sha256(token)))
      .run();
    return token;
  }
  const fresh = newToken();
  db()
    .insert(trustedDevices)
    .values({ tokenHash: sha256(fresh), userId, createdAt: now, lastUsedAt: now })
    .run();
  const keep = db()
    .select({ tokenHash: trustedDevices.tokenHash })
    .from(trustedDevices)
    .where(eq(trustedDevices.userId, userId))
    .orderBy(desc(trustedDevices.lastUsedAt))
    .limit(MAX_PER_USER)
    .all()
    .map((r) => r.tokenHash);
  db()
    .delete(trustedDevices)
    .where(and(eq(trustedDevices.userId, userId), notInArray(trustedDevices.tokenHash, keep)))
    .run();
  return fresh;
}

/** After a password change: only the browser that changed it stays trusted. */
export async function forgetOtherDevices({ userId, keepToken }: { userId: string; keepToken?: string }) {
  const keep = keepToken ? [sha256(keepToken)] : [];
  db()
    .delete(trustedDevices)
    .where(and(eq(trustedDevices.userId, userId), notInArray(trustedDevices.tokenHash, keep)))
    .run();
}

/**
 * Whether this browser, trusted by this account, was asked to skip the two-step code and still may.
 */
export function skipsCode({ token, userId }: { token: string; userId: string }): boolean {
  const row = db()
    .select({ userId: trustedDevices.userId, until: trustedDevices.skipCodeUntil })
    .from(trustedDevices)
    .where(eq(trustedDevices.tokenHash, sha256(token)))
    .get();
  return row?.userId === userId && row.until !== null && row.until > Date.now();
}

/** After a right code with "Don't ask for a code on this browser" ticked: the password alone logs in there for a while. */
export function rememberBrowser({ token, userId }: { token: string; userId: string }): void {
  db()
    .update(trustedDevices)
    .set({ skipCodeUntil: Date.now() + REMEMBER_DAYS * 24 * 60 * 60 * 1000 })
    .where(and(eq(trustedDevices.tokenHash, sha256(token)), eq(trustedDevices.userId, userId)))
    .run();
}

/** The account's browsers that skip the code now, and whether the one asking is among them. */
export function rememberedBrowsers({ userId, token }: { userId: string; token: string | undefined }): {
  count: number;
  thisOne: boolean;
} {
  const row = db()
    .select({
      count: sql<number>`count(*)`,
      thisOne: sql<number>`coalesce(max(${trustedDevices.tokenHash} = ${token ? sha256(token) : ""}), 0)`,
    })
    .from(trustedDevices)
    .where(and(eq(trustedDevices.userId, userId), gt(trustedDevices.skipCodeUntil, Date.now())))
    .get();
  return { count: row?.count ?? 0, thisOne: Boolean(row?.thisOne) };
}

/**
 * Every browser of the account asks for the code again (all but `keepToken`'s, when given). Returns
 * how many were skipping it.
 */
export function forgetRememberedBrowsers({
  userId,
  keepToken,
}: {
  userId: string;
  keepToken?: string;
}): number {
  const keep = keepToken ? [sha256(keepToken)] : [];
  return db()
    .update(trustedDevices)
    .set({ skipCodeUntil: null })
    .where(
      and(
        eq(trustedDevices.userId, userId),
        gt(trustedDevices.skipCodeUntil, Date.now()),
        notInArray(trustedDevices.tokenHash, keep),
      ),
    )
    .run().changes;
}
