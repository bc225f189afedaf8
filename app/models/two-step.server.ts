// Two-step login (docs/decisions/023-two-step-login.md): a TOTP authenticator app (RFC 6238: SHA-1,
// six digits, 30 seconds, as every common app reads it), ten single-use recovery codes, and the
// short-lived challenge a login waits in between the password and the code.
import crypto from "node:crypto";

import { and, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";

import { db, writeTransaction, type Db } from "../../db/connection.server";
import {
  engagements,
  loginChallenges,
  memberships,
  recoveryCodes,
  trustedDevices,
  users,
} from "../../db/schema";
import { newToken, sha256 } from "~/utils/ids.server";

const ISSUER = "Finishline";
const PERIOD = 30;
/** A code of the step before or after the current one still works: phone clocks drift. */
const WINDOW = 1;
const RECOVERY_CODES = 10;
/** How long a login may wait for its code, and how many wrong codes it may send. */
export const CHALLENGE_MINUTES = 10;
const CHALLENGE_FAILURES = 5;

const TOKEN = /^[A-Za-z0-9_-]{22}$/;

function totp(secret: string, label: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });
}

export type TwoStepStatus =
  | { state: "off" }
  | { state: "pending"; secret: string; uri: string }
  | { state: "on"; since: number; recoveryCodesLeft: number };

export async function twoStepStatus({ userId }: { userId: string }): Promise<TwoStepStatus> {
  const row = db()
    .select({ email: users.email, secret: users.totpSecret, enabledAt: users.totpEnabledAt })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!row?.secret) return { state: "off" };
  if (row.enabledAt === null) {
    return { state: "pending", secret: row.secret, uri: totp(row.secret, row.email).toString() };
  }
  const left = db()
    .select({ n: sql<number>`count(*)` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
    .get();
  return { state: "on", since: row.enabledAt, recoveryCodesLeft: left?.n ?? 0 };
}

/** Whether the user must give a code after the password. */
export function hasTwoStep(userId: string): boolean {
  return secretOf(userId)?.enabledAt != null;
}

/** A new secret to scan, replacing any unconfirmed one. Does nothing when two-step login is on. */
export async function startTwoStepSetup({ userId }: { userId: string }): Promise<void> {
  const secret = new Secret({ size: 20 }).base32;
  db()
    .update(users)
    .set({ totpSecret: secret, totpLastStep: null })
    .where(and(eq(users.id, userId), isNull(users.totpEnabledAt)))
    .run();
}

export async function cancelTwoStepSetup({ userId }: { userId: string }): Promise<void> {
  db()
    .update(users)
    .set({ totpSecret: null })
    .where(and(eq(users.id, userId), isNull(users.totpEnabledAt)))
    .run();
}

function secretOf(userId: string) {
  return db()
    .select({ secret: users.totpSecret, enabledAt: users.totpEnabledAt })
    .from(users)
    .where(eq(users.id, userId))
    .get();
}

/** The 30-second step this code belongs to, within the window around now; null when it is wrong. */
function stepOf(secret: string, code: string, now: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secret, "").validate({ token: code, timestamp: now, window: WINDOW });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD) + delta;
}

// No 0/o, 1/l/i: read off paper, typed back.
const RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";

/**
 * Whether `code` can be a second step at all: six digits from the app, or a recovery code of ten of
 * its letters and digits (spaces, a dash and capitals allowed). What cannot be either is a typo, told
 * so without spending one of the login's tries.
 */
export function isCodeShaped(code: string): boolean {
  if (/^\d{6}$/.test(code.replace(/\s/g, ""))) return true;
  const recovery = normalizeRecoveryCode(code);
  return recovery.length === 10 && [...recovery].every((c) => RECOVERY_ALPHABET.includes(c));
}

/** Ten codes of ten letters and digits (about 50 bits each), grouped for reading: `k7q2m-x9d4p`. */
function newRecoveryCode(): string {
  const alphabet = RECOVERY_ALPHABET;
  const bytes = crypto.randomBytes(10);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, "");
}

/**
 * Turns two-step login on when `code` comes from the secret being set up. Returns the recovery codes,
 * shown once; only their sha256 is kept. Undefined when the code is wrong or nothing is being set up.
 */
export async function confirmTwoStep({
  userId,
  code,
  now = Date.now(),
}: {
  userId: string;
  code: string;
  now?: number;
}): Promise<string[] | undefined> {
  const row = secretOf(userId);
  if (!row?.secret || row.enabledAt !== null) return undefined;
  const step = stepOf(row.secret, code, now);
  if (step === null) return undefined;
  return writeTransaction((tx) => {
    const changed = tx
      .update(users)
      .set({ totpEnabledAt: now, totpLastStep: step })
      .where(and(eq(users.id, userId), eq(users.totpSecret, row.secret!), isNull(users.totpEnabledAt)))
      .run().changes;
    return changed === 0 ? undefined : replaceRecoveryCodes(tx, userId);
  });
}

/** New recovery codes for an account with two-step login on; the old ones stop working. */
export async function renewRecoveryCodes({ userId }: { userId: string }): Promise<string[] | undefined> {
  if (!hasTwoStep(userId)) return undefined;
  return writeTransaction((tx) => replaceRecoveryCodes(tx, userId));
}

function replaceRecoveryCodes(tx: Db, userId: string): string[] {
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
  tx.insert(recoveryCodes)
    .values(codes.map((c) => ({ codeHash: sha256(normalizeRecoveryCode(c)), userId })))
    .run();
  return codes;
}

/**
 * Checks a second step: a code from the app, once (a code already used, or one older than the last
 * used, is refused: someone who saw it cannot reuse it), or an unused recovery code, which is then
 * spent. Both are taken in one statement each, so two logins racing with one code cannot both win.
 */
export function checkSecondStep({
  userId,
  code,
  now = Date.now(),
}: {
  userId: string;
  code: string;
  now?: number;
}): "app" | "recovery" | false {
  const row = secretOf(userId);
  if (!row?.secret || row.enabledAt === null) return false;
  const trimmed = code.replace(/\s/g, "");
  const step = stepOf(row.secret, trimmed, now);
  if (step !== null) {
    const taken = db()
      .update(users)
      .set({ totpLastStep: step })
      .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
      .run().changes;
    return taken > 0 ? "app" : false;
  }
  const spent = db()
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(recoveryCodes.userId, userId),
        eq(recoveryCodes.codeHash, sha256(normalizeRecoveryCode(code))),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .run().changes;
  return spent > 0 ? "recovery" : false;
}

/**
 * The projects the user is on that require two-step login, by name, each with whether the user is
 * its only founder with it on. Turned off, the user cannot open them; and a project whose only such
 * founder turns it off has nobody left who may lift the requirement (a founder needs it on to
 * change that), until one of them sets it up again (QA pass 5, finding 9).
 */
export function projectsRequiringTwoStep(
  userId: string,
): Array<{ id: string; name: string; onlyFounderWithIt: boolean }> {
  const otherFounders = sql<number>`(
    select count(*) from ${memberships} as others
    join ${users} as u on u.id = others.user_id
    where others.engagement_id = ${engagements.id} and others.role = 'founder'
      and others.user_id <> ${userId} and u.totp_enabled_at is not null
  )`;
  return db()
    .select({
      id: engagements.id,
      name: engagements.name,
      role: memberships.role,
      otherFounders,
    })
    .from(memberships)
    .innerJoin(engagements, eq(engagements.id, memberships.engagementId))
    .where(and(eq(memberships.userId, userId), eq(engagements.requireTwoStep, true)))
    .orderBy(engagements.name)
    .all()
    .map((p) => ({
      id: p.id,
      name: p.name,
      onlyFounderWithIt: p.role === "founder" && p.otherFounders === 0,
    }));
}

/**
 * Turns two-step login off: the secret, the recovery codes, any login waiting for a code and the
 * browsers remembered at the code go (turned on again, every browser asks for the new app's code).
 */
export async function disableTwoStep({ userId }: { userId: string }): Promise<void> {
  writeTransaction((tx) => {
    tx.update(trustedDevices).set({ skipCodeUntil: null }).where(eq(trustedDevices.userId, userId)).run();
    tx.update(users)
      .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null })
      .where(eq(users.id, userId))
      .run();
    tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
    tx.delete(loginChallenges).where(eq(loginChallenges.userId, userId)).run();
  });
}

/** A login that passed the password now waits for its code; the token goes in a cookie. */
export async function createLoginChallenge({
  userId,
  redirectTo,
}: {
  userId: string;
  redirectTo: string;
}): Promise<string> {
  const token = newToken();
  const now = Date.now();
  writeTransaction((tx) => {
    // Leftovers: expired challenges of anyone.
    tx.delete(loginChallenges).where(lt(loginChallenges.expiresAt, now)).run();
    tx.insert(loginChallenges)
      .values({ tokenHash: sha256(token), userId, redirectTo, expiresAt: now + CHALLENGE_MINUTES * 60_000 })
      .run();
  });
  return token;
}

export type LoginChallenge = {
  userId: string;
  email: string;
  name: string;
  redirectTo: string;
  failures: number;
};

export function findLoginChallenge(token: string | undefined): LoginChallenge | undefined {
  if (!token || !TOKEN.test(token)) return undefined;
  return db()
    .select({
      userId: loginChallenges.userId,
      email: users.email,
      name: users.name,
      redirectTo: loginChallenges.redirectTo,
      failures: loginChallenges.failures,
    })
    .from(loginChallenges)
    .innerJoin(users, eq(users.id, loginChallenges.userId))
    .where(and(eq(loginChallenges.tokenHash, sha256(token)), gt(loginChallenges.expiresAt, Date.now())))
    .get();
}

/**
 * Counts one try at the code before it is checked, so tries sent at once count too. Returns the tries
 * left after this one, or undefined when the challenge is gone, expired or has none left.
 */
export function takeChallengeTry(token: string): number | undefined {
  const row = db()
    .update(loginChallenges)
    .set({ failures: sql`${loginChallenges.failures} + 1` })
    .where(
      and(
        eq(loginChallenges.tokenHash, sha256(token)),
        lt(loginChallenges.failures, CHALLENGE_FAILURES),
        gt(loginChallenges.expiresAt, Date.now()),
      ),
    )
    .returning({ failures: loginChallenges.failures })
    .get();
  return row ? CHALLENGE_FAILURES - row.failures : undefined;
}

export function endLoginChallenge(token: string): void {
  db()
    .delete(loginChallenges)
    .where(eq(loginChallenges.tokenHash, sha256(token)))
    .run();
}
