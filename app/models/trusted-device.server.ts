import { and, desc, eq, notInArray } from "drizzle-orm";

import { db } from "../../db/connection.server";
import { trustedDevices } from "../../db/schema";
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
