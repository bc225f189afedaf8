import type Database from "better-sqlite3";
import { RateLimiterSQLite, type RateLimiterRes } from "rate-limiter-flexible";

import { countersDb } from "../../db/connection.server";
import { getEnv } from "~/env.server";
import { inWaitWords } from "~/utils/wait-words";

// The counters are rows of `rate_limits` in the app's database, not process memory, so every server
// process counts against the same limits (WEB_CONCURRENCY, docs/decisions/022-more-than-one-process.md)
// and a restart does not wipe them. Each change is one upsert statement, atomic across processes,
// on a connection of their own whose commits are not synced (countersDb).
// The limiter objects live on globalThis so a dev rebuild and every module copy share them, per
// database connection (a closed and reopened database gets new ones).
type Limiter = RateLimiterSQLite;
const KEY = Symbol.for("finishline.rate-limiters");
type Limiters = { client: Database.Database; byName: Record<string, Limiter>; sweep: NodeJS.Timeout };

function limiters(): Limiters {
  const holder = globalThis as { [KEY]?: Limiters };
  const client = countersDb();
  if (holder[KEY]?.client !== client) {
    if (holder[KEY]) clearInterval(holder[KEY].sweep);
    holder[KEY] = { client, byName: {}, sweep: setInterval(() => sweepCounters(client), 5 * 60_000).unref() };
  }
  return holder[KEY];
}

/**
 * Deletes counters past their expiry (they already count as empty). Ours, not the library's
 * `clearExpiredByTimeout`: that one's promise has no catch, so a busy or closed database would end
 * the process with an unhandled rejection.
 */
export function sweepCounters(client: Database.Database = countersDb()): number {
  try {
    return client.prepare("DELETE FROM rate_limits WHERE expire < ?").run(Date.now()).changes;
  } catch (error) {
    console.warn(
      "Could not delete expired rate-limit counters:",
      error instanceof Error ? error.message : error,
    );
    return 0;
  }
}

/**
 * Password checks in progress, per limiter key. A check takes tens of milliseconds (argon2), and its
 * failure is only recorded when it ends: counted only then, 60 guesses sent at once all passed the
 * limits that 5 sequential ones would have tripped (43 of 60 reached the hash in `bench:abuse`).
 * So a check in progress counts as a failure until it ends. The count is read and raised with no
 * await in between, so no other request can slip in between the two.
 * These counts are per process (a check lasts tens of milliseconds; a crashed process must not leave
 * one behind in the database): with WEB_CONCURRENCY processes, a burst sent at once can reach the
 * hash at most that many times as often before the recorded failures, which all processes share,
 * stop it.
 */
const IN_FLIGHT = Symbol.for("finishline.password-checks-in-flight");

function inFlight(): Map<string, number> {
  const holder = globalThis as { [IN_FLIGHT]?: Map<string, number> };
  return (holder[IN_FLIGHT] ??= new Map());
}

/** Counts a check in progress under each key; the returned function ends it (once). */
function hold(keys: readonly string[]): () => void {
  const counts = inFlight();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    for (const key of keys) {
      const n = (counts.get(key) ?? 1) - 1;
      if (n > 0) counts.set(key, n);
      else counts.delete(key);
    }
  };
}

const pending = (key: string) => inFlight().get(key) ?? 0;

function limiter(name: string, points: number, durationSeconds: number): Limiter {
  const { client, byName } = limiters();
  return (byName[name] ??= new RateLimiterSQLite({
    storeClient: client,
    storeType: "better-sqlite3",
    tableName: "rate_limits",
    // made by migration 0009
    tableCreated: true,
    // sweepCounters() does it
    clearExpiredByTimeout: false,
    keyPrefix: name,
    points,
    duration: durationSeconds,
  }));
}

// Failed logins (docs/decisions/007-login-throttling.md). The aim is to slow guessing without
// letting a stranger lock the owner out, as OWASP ASVS 2.2.1 asks:
// - per account and client (the IP, or the trusted-device cookie): LOGIN_RATE_LIMIT failures in a
//   row are free, then each further one blocks that pair for twice as long as the last (1 s, 2 s,
//   4 s ... 15 min); a successful login resets it. Other clients are not affected.
// - per IP (IPv6 by /64), any accounts: 10 × LOGIN_RATE_LIMIT failures per 15 minutes (one source
//   spraying many accounts).
// - per account, from browsers that never signed in to it: LOGIN_ACCOUNT_LIMIT failures per hour
//   (a guess spread over many addresses); then only such unknown browsers are refused for the
//   rest of the hour. A browser the owner has signed in with before keeps working.
const PAIR_MAX_BLOCK_SECONDS = 15 * 60;
const loginLimiters = () => ({
  pairFails: limiter("login-pair-fails", 1_000_000, 24 * 60 * 60),
  pairBlock: limiter("login-pair-block", 1, 1),
  ip: limiter("login-ip", 10 * getEnv().LOGIN_RATE_LIMIT, 15 * 60),
  account: limiter("login-account", getEnv().LOGIN_ACCOUNT_LIMIT, 60 * 60),
});

/** The address a limit applies to: IPv6 clients usually hold a whole /64, so that is one client. */
function ipKey(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (v4) return v4[1]!;
  if (!ip.includes(":")) return ip;
  const [head = "", tail = ""] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

export type LoginClient = {
  account: string;
  ip: string;
  /** the device token when the browser has signed in to this account before */
  device?: string;
};

function pairKey(c: LoginClient): string {
  return c.device ? `${c.account}|device:${c.device}` : `${c.account}|ip:${ipKey(c.ip)}`;
}

function blocked(l: Limiter, res: RateLimiterRes | null): number {
  return res && res.consumedPoints > l.points ? res.msBeforeNext : 0;
}

/** A login that may go ahead (`end` once its outcome is recorded), or why it may not and for how long. */
export type LoginAttempt = { ok: true; end: () => void } | { ok: false; retryAfter: number; message: string };

/** A refused login: the seconds for Retry-After and a message that says how long in plain words. */
function loginRefused(retryAfterSeconds: number, reason: string, then = "Try again"): LoginAttempt {
  const retryAfter = Math.max(1, Math.ceil(retryAfterSeconds));
  return { ok: false, retryAfter, message: `${reason} ${then} ${inWaitWords(retryAfter)}.` };
}

/**
 * Starts a password check for this client and account, or says why it may not try now (the login
 * page answers 429 with Retry-After, its form still there). Call `end` once the failure or success
 * is recorded (in `finally`): until then this attempt counts as a failure for every limit (see
 * IN_FLIGHT).
 */
export async function startLoginAttempt(c: LoginClient): Promise<LoginAttempt> {
  const l = loginLimiters();
  const pair = pairKey(c);
  const ip = ipKey(c.ip);
  const [pairBlock, pairFails, ipFails, accountFails] = await Promise.all([
    l.pairBlock.get(pair),
    l.pairFails.get(pair),
    l.ip.get(ip),
    l.account.get(c.account),
  ]);
  // From here to hold(): no await, so the counts below cannot change underneath.
  const pairWait = blocked(l.pairBlock, pairBlock);
  if (pairWait > 0) return loginRefused(pairWait / 1000, "Too many wrong passwords in a row.");
  // Sequentially the next try is allowed once the pair's block ended. Alongside tries still being
  // checked, only as many as could all fail without a block.
  const pairPending = pending(`pair:${pair}`);
  if (pairPending > 0 && (pairFails?.consumedPoints ?? 0) + pairPending >= getEnv().LOGIN_RATE_LIMIT)
    return loginRefused(1, "Too many wrong passwords in a row.");
  // A browser that signed in to this account before: only its own failures count.
  if (c.device) return { ok: true, end: hold([`pair:${pair}`]) };
  const ipUsed = (ipFails?.consumedPoints ?? 0) + pending(`ip:${ip}`);
  if (ipUsed >= l.ip.points)
    return loginRefused(
      ipFails?.msBeforeNext ? ipFails.msBeforeNext / 1000 : 1,
      "Too many failed logins from your internet address.",
    );
  const accountUsed = (accountFails?.consumedPoints ?? 0) + pending(`account:${c.account}`);
  if (accountUsed >= l.account.points) {
    return loginRefused(
      accountFails?.msBeforeNext ? accountFails.msBeforeNext / 1000 : 1,
      "Too many failed logins to this account from browsers it was never used in.",
      "Log in from a browser you have used before, or try again",
    );
  }
  return { ok: true, end: hold([`pair:${pair}`, `ip:${ip}`, `account:${c.account}`]) };
}

export async function recordLoginFailure(c: LoginClient): Promise<void> {
  const l = loginLimiters();
  const key = pairKey(c);
  const res = await l.pairFails.penalty(key, 1);
  // After the LOGIN_RATE_LIMIT-th failure in a row the next try waits 1 s, then 2 s, 4 s...
  const over = res.consumedPoints - getEnv().LOGIN_RATE_LIMIT + 1;
  if (over > 0) await l.pairBlock.block(key, Math.min(PAIR_MAX_BLOCK_SECONDS, 2 ** (over - 1)));
  if (c.device) return;
  await l.ip.penalty(ipKey(c.ip), 1);
  await l.account.penalty(c.account, 1);
}

export async function recordLoginSuccess(c: LoginClient): Promise<void> {
  const l = loginLimiters();
  await l.pairFails.delete(pairKey(c));
  await l.pairBlock.delete(pairKey(c));
}

/** Checks of the current password on /account (a stolen session must not become a guessing oracle). */
export const passwordCheckLimiter = () => limiter("password-check-user", getEnv().LOGIN_RATE_LIMIT, 60 * 60);
/** Email changes asked for per user: each sends two emails. */
export const emailChangeLimiter = () => limiter("email-change-user", 5, 60 * 60);
/**
 * Confirmation links sent again on request, per user (decision 038): each one is an email to an
 * address nobody has proven yet, perhaps a stranger's.
 */
export const CONFIRM_MAIL_LIMIT = 3;
export const confirmMailLimiter = () => limiter("confirm-mail-user", CONFIRM_MAIL_LIMIT, 60 * 60);
/** Wrong two-step codes per account, across logins: each login gets five, this caps them all. */
export const secondStepLimiter = () => limiter("two-step-user", 10, 60 * 60);
export const signupLimiter = () => limiter("signup-ip", getEnv().SIGNUP_RATE_LIMIT, 60 * 60);
export const inviteLimiter = () => limiter("invite-user", 30, 60 * 60);
// Password-reset emails: a client asks for a few an hour (429 beyond); an account gets at most
// three an hour whoever asks, and further asks are answered alike but send nothing, so nobody can
// flood someone's inbox or learn from the answer whether the account exists.
export const resetRequestLimiter = () => limiter("reset-ip", getEnv().SIGNUP_RATE_LIMIT, 60 * 60);
export const resetMailLimiter = () => limiter("reset-account", 3, 60 * 60);
/**
 * New passwords posted to reset links, per IP (IPv6 by /64) per hour, whatever the answer. A made-up
 * token costs no password hash, but each try is still a guess at a token and a database read.
 */
/** Seconds to wait before this address may post another new password, 0 when it may now. */
export async function consumeResetAttempt(ip: string): Promise<number> {
  return consumeOrWait(limiter("reset-attempt-ip", getEnv().RESET_RATE_LIMIT, 60 * 60), ipKey(ip));
}
/**
 * Comment emails: one per recipient per thread (a plan item, a proposal version) per ten minutes, so
 * a back-and-forth in one thread is one email, not one per comment. Key: recipient and thread.
 */
export const COMMENT_MAIL_MINUTES = 10;
export const commentMailLimiter = () => limiter("comment-mail", 1, COMMENT_MAIL_MINUTES * 60);
/**
 * And at most COMMENT_MAIL_LIMIT comment emails per recipient per hour, whatever the thread or
 * engagement: one per thread alone let anyone who shares an engagement with someone send them an
 * email per plan item (up to 200) every ten minutes (security review 2, #3). Key: the recipient.
 */
export const commentMailCapLimiter = () => limiter("comment-mail-cap", getEnv().COMMENT_MAIL_LIMIT, 60 * 60);
/**
 * Comments per author, every engagement together: COMMENT_RATE_LIMIT per COMMENT_RATE_MINUTES, far
 * more than a person types, few enough that nobody can fill threads (and inboxes) by script.
 */
const COMMENT_RATE_MINUTES = 10;
const commentLimiter = () => limiter("comment-user", getEnv().COMMENT_RATE_LIMIT, COMMENT_RATE_MINUTES * 60);

/**
 * Counts a comment `userId` is about to post. Null when it may; otherwise the field message to show
 * beside the comment box and the seconds until it may post again. A counter that cannot be read is
 * logged and the comment taken: unlike the other limits, this one guards no secret and no costly
 * work, what it protects (inboxes) stays protected because the comment-email counters fail closed
 * (nothing is sent), and the words someone typed are not thrown away for our fault.
 */
export async function consumeComment(
  userId: string,
): Promise<{ message: string; retryAfter: number } | null> {
  const l = commentLimiter();
  try {
    await l.consume(userId);
    return null;
  } catch (rejection) {
    if (rejection instanceof Error) {
      console.error(`Could not count a comment against its author's limit: ${rejection.message}`);
      return null;
    }
    const seconds = Math.max(1, Math.ceil((rejection as RateLimiterRes).msBeforeNext / 1000));
    const minutes = Math.ceil(seconds / 60);
    return {
      message: `You have posted ${l.points} comments in the last ${COMMENT_RATE_MINUTES} minutes, the most there can be. Your comment was not posted: it is still in the box, so post it again in ${minutes === 1 ? "a minute" : `${minutes} minutes`}.`,
      retryAfter: seconds,
    };
  }
}
/** Imports write a whole engagement: a few an hour is plenty for a person. */
export const importLimiter = () => limiter("import-user", 10, 60 * 60);
export const pdfLimiter = () => limiter("pdf-user", getEnv().PDF_RATE_LIMIT, 60);
export const scanLimiter = () => limiter("scan-user", getEnv().SCAN_RATE_LIMIT, 60 * 60);

function tooManyRequests(
  retryAfterSeconds: number,
  message = "Too many attempts. Please wait and try again.",
): Response {
  return new Response(message, {
    status: 429,
    headers: { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) },
  });
}

/**
 * Starts a check limited by `l` under `key` (the current password on /account), or throws 429 when
 * the key has used up its points. Failures recorded so far and checks still in progress both count
 * (see IN_FLIGHT); call the returned function once the outcome is recorded.
 */
export async function startLimitedCheck(l: Limiter, key: string): Promise<() => void> {
  const res = await l.get(key);
  const held = `${l.keyPrefix}:${key}`;
  if ((res?.consumedPoints ?? 0) + pending(held) >= l.points)
    throw tooManyRequests(res?.msBeforeNext ? res.msBeforeNext / 1000 : 1);
  return hold([held]);
}

/** Consumes one point; throws a 429 Response when the limit is exceeded. */
export async function consume(l: Limiter, key: string): Promise<void> {
  const wait = await consumeOrWait(l, key);
  if (wait > 0) throw tooManyRequests(wait);
}

/**
 * Consumes one point; 0 when the limit allows it, else the whole seconds until it does (at least 1).
 * For a form that answers its own 429, with what was typed and how long to wait (forms.server.ts
 * tooManyAttempts), rather than an error page that loses both.
 */
export async function consumeOrWait(l: Limiter, key: string): Promise<number> {
  try {
    await l.consume(key);
    return 0;
  } catch (rejection) {
    if (rejection instanceof Error) throw rejection;
    return Math.max(1, Math.ceil((rejection as RateLimiterRes).msBeforeNext / 1000));
  }
}

/** Consumes one point without throwing (record a failure; the next attempt may be refused). */
export async function penalize(l: Limiter, key: string): Promise<void> {
  await l.penalty(key, 1);
}

/** Gives back one point consumed by mistake (a request refused for what cost next to nothing). */
export async function refund(l: Limiter, key: string): Promise<void> {
  await l.reward(key, 1);
}

export async function reset(l: Limiter, key: string): Promise<void> {
  await l.delete(key);
}
