import { and, eq, lt, ne, or, sql } from "drizzle-orm";

import { db, prepared } from "../../db/connection.server";
import { sessions, users } from "../../db/schema";
import { getEnv } from "~/env.server";
import { newToken, sha256 } from "~/utils/ids.server";

import type { User } from "./user.server";

// Refresh last_seen_at at most once a minute: idle tracking does not need a write per request.
const TOUCH_EVERY_MS = 60_000;

export type SessionInfo = {
  idHash: string;
  createdAt: number;
  lastSeenAt: number;
  userAgent: string;
  ip: string;
};

function limits() {
  const env = getEnv();
  return {
    idleMs: env.SESSION_IDLE_MINUTES * 60_000,
    absoluteMs: env.SESSION_ABSOLUTE_HOURS * 3_600_000,
  };
}

/** Creates a session and returns the raw token for the cookie; only its hash is stored. */
export async function createSession({
  userId,
  userAgent = "",
  ip = "",
}: {
  userId: string;
  userAgent?: string;
  ip?: string;
}): Promise<string> {
  const token = newToken();
  const now = Date.now();
  db()
    .insert(sessions)
    .values({
      idHash: sha256(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + limits().absoluteMs,
      userAgent: userAgent.slice(0, 300),
      ip: ip.slice(0, 64),
    })
    .run();
  return token;
}

/** A session is live until its absolute expiry, and while it was seen within the idle limit. */
function isLive(row: { lastSeenAt: number; expiresAt: number }, now: number): boolean {
  return now < row.expiresAt && now - row.lastSeenAt < limits().idleMs;
}

/** The user behind a session token, or undefined when unknown, idle too long or expired. */
export async function getSessionUser({
  token,
}: {
  token: string;
}): Promise<{ user: User; session: SessionInfo } | undefined> {
  const idHash = sha256(token);
  const row = prepared("session-user", (conn) =>
    conn
      .select({
        idHash: sessions.idHash,
        createdAt: sessions.createdAt,
        lastSeenAt: sessions.lastSeenAt,
        expiresAt: sessions.expiresAt,
        userAgent: sessions.userAgent,
        ip: sessions.ip,
        user: { id: users.id, email: users.email, name: users.name },
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.idHash, sql.placeholder("idHash")))
      .prepare(),
  ).get({ idHash });
  if (!row) return undefined;
  const now = Date.now();
  if (!isLive(row, now)) {
    db().delete(sessions).where(eq(sessions.idHash, idHash)).run();
    return undefined;
  }
  if (now - row.lastSeenAt >= TOUCH_EVERY_MS) {
    db().update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash)).run();
  }
  const { user, ...session } = row;
  return { user, session };
}

/**
 * Whether a session token is one of a live session (known, not idle too long, not expired), by the
 * same rules as getSessionUser but reading only: one lookup by the primary key. For the body-size
 * limits (server/body-limits.ts), which give the larger form limit to signed-in requests only.
 */
export function isLiveSession(token: string): boolean {
  const row = prepared("session-live", (conn) =>
    conn
      .select({ lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt })
      .from(sessions)
      .where(eq(sessions.idHash, sql.placeholder("idHash")))
      .prepare(),
  ).get({ idHash: sha256(token) });
  return row !== undefined && isLive(row, Date.now());
}

export async function deleteSession({ token }: { token: string }): Promise<void> {
  db()
    .delete(sessions)
    .where(eq(sessions.idHash, sha256(token)))
    .run();
}

export async function listSessions({ userId }: { userId: string }): Promise<SessionInfo[]> {
  return prepared("sessions-of-user", (conn) =>
    conn
      .select({
        idHash: sessions.idHash,
        createdAt: sessions.createdAt,
        lastSeenAt: sessions.lastSeenAt,
        userAgent: sessions.userAgent,
        ip: sessions.ip,
      })
      .from(sessions)
      .where(eq(sessions.userId, sql.placeholder("userId")))
      .orderBy(sessions.lastSeenAt)
      .prepare(),
  )
    .all({ userId })
    .reverse();
}

/** Revokes one of the user's own sessions (scoped by user so ids of others do nothing). */
export async function revokeSession({
  userId,
  idHash,
}: {
  userId: string;
  idHash: string;
}): Promise<boolean> {
  const result = db()
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.idHash, idHash)))
    .run();
  return result.changes > 0;
}

/** Ends every session of the user except the current one (after a password change). */
export async function revokeOtherSessions({
  userId,
  keepToken,
}: {
  userId: string;
  keepToken?: string;
}): Promise<number> {
  const where = keepToken
    ? and(eq(sessions.userId, userId), ne(sessions.idHash, sha256(keepToken)))
    : eq(sessions.userId, userId);
  return db().delete(sessions).where(where).run().changes;
}

export async function purgeExpiredSessions(): Promise<number> {
  const now = Date.now();
  return db()
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, now - limits().idleMs)))
    .run().changes;
}
