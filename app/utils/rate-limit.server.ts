import { RateLimiterMemory, type RateLimiterRes } from "rate-limiter-flexible";

import { getEnv } from "~/env.server";

// Limiters live on globalThis so a dev rebuild does not reset them and every module copy shares them.
const KEY = Symbol.for("finishline.rate-limiters");
type Limiters = Record<string, RateLimiterMemory>;

function limiters(): Limiters {
  const holder = globalThis as { [KEY]?: Limiters };
  return (holder[KEY] ??= {});
}

function limiter(name: string, points: number, durationSeconds: number): RateLimiterMemory {
  const all = limiters();
  return (all[name] ??= new RateLimiterMemory({ keyPrefix: name, points, duration: durationSeconds }));
}

export const loginLimiters = () => ({
  ip: limiter("login-ip", getEnv().LOGIN_RATE_LIMIT, 15 * 60),
  account: limiter("login-account", getEnv().LOGIN_RATE_LIMIT, 60 * 60),
});
export const signupLimiter = () => limiter("signup-ip", getEnv().SIGNUP_RATE_LIMIT, 60 * 60);
export const inviteLimiter = () => limiter("invite-user", 30, 60 * 60);
export const pdfLimiter = () => limiter("pdf-user", getEnv().PDF_RATE_LIMIT, 60);
export const scanLimiter = () => limiter("scan-user", getEnv().SCAN_RATE_LIMIT, 60 * 60);

export function tooManyRequests(retryAfterSeconds: number): Response {
  return new Response("Too many attempts. Please wait and try again.", {
    status: 429,
    headers: { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) },
  });
}

/** Throws a 429 Response when `key` has used up its points (without consuming one). */
export async function assertNotLimited(l: RateLimiterMemory, key: string): Promise<void> {
  const res = await l.get(key);
  if (res && res.consumedPoints >= l.points) throw tooManyRequests(res.msBeforeNext / 1000);
}

/** Consumes one point; throws a 429 Response when the limit is exceeded. */
export async function consume(l: RateLimiterMemory, key: string): Promise<void> {
  try {
    await l.consume(key);
  } catch (rejection) {
    if (rejection instanceof Error) throw rejection;
    throw tooManyRequests((rejection as RateLimiterRes).msBeforeNext / 1000);
  }
}

/** Consumes one point without throwing (record a failure; the next attempt is refused). */
export async function penalize(l: RateLimiterMemory, key: string): Promise<void> {
  await l.penalty(key, 1);
}

export async function reset(l: RateLimiterMemory, key: string): Promise<void> {
  await l.delete(key);
}
