import { redirect } from "@remix-run/node";

import { createSession, deleteSession, getSessionUser, type SessionInfo } from "~/models/session.server";
import type { User } from "~/models/user.server";

import { oncePerRequest, type RequestArgs } from "../utils/request-memo.server";

// The cookie carries only a random 128-bit token. `__Host-` pins it to this host and path "/" and
// requires Secure, so it is used whenever we are served over https.
const SECURE_NAME = "__Host-finishline";
const PLAIN_NAME = "finishline_session";

function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

function cookieName(request: Request): string {
  return isHttps(request) ? SECURE_NAME : PLAIN_NAME;
}

// A second, long-lived cookie marks a browser that has signed in to an account before (OWASP
// "device cookies", docs/decisions/007-login-throttling.md): failed logins from other browsers can
// then lock out those browsers only, never the owner's. It is no session and grants nothing.
const DEVICE_SECURE_NAME = "__Host-finishline_device";
const DEVICE_PLAIN_NAME = "finishline_device";
const DEVICE_MAX_AGE = 60 * 60 * 24 * 365;

// A login that passed the password and waits for the code of two-step login carries this cookie
// to /login/code, for as long as the challenge lasts (app/models/two-step.server.ts). No session.
const CHALLENGE_SECURE_NAME = "__Host-finishline_login";
const CHALLENGE_PLAIN_NAME = "finishline_login";

function challengeCookieName(request: Request): string {
  return isHttps(request) ? CHALLENGE_SECURE_NAME : CHALLENGE_PLAIN_NAME;
}

function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("Cookie") ?? "";
  for (const part of header.split(";")) {
    const [k, ...rest] = part.trim().split("=");
    if (k === name) {
      const value = rest.join("=");
      return /^[A-Za-z0-9_-]{22}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

function readSessionToken(request: Request): string | undefined {
  return readCookie(request, cookieName(request));
}

export function readChallengeToken(request: Request): string | undefined {
  return readCookie(request, challengeCookieName(request));
}

/** Sends a login that passed the password on to its second step. */
export function challengeAndRedirect(request: Request, token: string, maxAgeSeconds: number): Response {
  return redirect("/login/code", {
    headers: { "Set-Cookie": serializeCookie(request, token, maxAgeSeconds, challengeCookieName(request)) },
  });
}

/** Back to the login page, the challenge cookie gone (expired, used up, or turned away). */
export function endChallengeAndRedirect(request: Request, to: string): Response {
  return redirect(to, {
    headers: { "Set-Cookie": serializeCookie(request, "", 0, challengeCookieName(request)) },
  });
}

export function readDeviceToken(request: Request): string | undefined {
  return readCookie(request, isHttps(request) ? DEVICE_SECURE_NAME : DEVICE_PLAIN_NAME);
}

function serializeCookie(
  request: Request,
  value: string,
  maxAgeSeconds: number,
  name = cookieName(request),
): string {
  const parts = [`${name}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeSeconds}`];
  if (isHttps(request)) parts.push("Secure");
  return parts.join("; ");
}

const LOCAL = "http://local.invalid";

/**
 * Validates a post-login redirect target: only local paths, never `//evil.com` or `/\evil.com`,
 * and returned as the URL parser writes it (non-ASCII percent-encoded), so any character a user
 * puts in (U+3002, U+2028, NUL...) makes a valid Location header or the fallback, never an error
 * after the password was accepted.
 */
export function safeRedirect(
  to: FormDataEntryValue | string | null | undefined,
  fallback = "/engagements",
): string {
  if (typeof to !== "string" || to.length > 2000) return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  // Control characters: the URL parser would drop tabs and newlines ("/\t/evil.com" is "//evil.com").
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, LOCAL);
  } catch {
    return fallback;
  }
  if (url.origin !== LOCAL) return fallback;
  const local = `${url.pathname}${url.search}${url.hash}`;
  return /^\/(?![/\\])[\x21-\x7e]*$/.test(local) ? local : fallback;
}

type UserSession = { user: User; session: SessionInfo; token: string };

/** Who is signed in, looked up once per HTTP request however many loaders ask. */
export function getUserSession(args: RequestArgs): Promise<UserSession | undefined> {
  return oncePerRequest(args, "session", () => lookupSession(args.request));
}

async function lookupSession(request: Request): Promise<UserSession | undefined> {
  const token = readSessionToken(request);
  if (!token) return undefined;
  const found = await getSessionUser({ token });
  return found ? { ...found, token } : undefined;
}

export async function getOptionalUser(args: RequestArgs): Promise<User | undefined> {
  return (await getUserSession(args))?.user;
}

export async function requireUser(args: RequestArgs): Promise<User> {
  const user = await getOptionalUser(args);
  if (!user) {
    const url = new URL(args.request.url);
    const redirectTo = `${url.pathname}${url.search}`;
    // A session cookie that no longer opens a session: it ran out (idle or absolute limit) or was
    // signed out from elsewhere. The login page says so, rather than greeting them as if they had
    // just arrived (QA pass 5, finding 1).
    const query = new URLSearchParams({ redirectTo });
    if (readSessionToken(args.request)) query.set("ended", "1");
    throw redirect(`/login?${query}`);
  }
  return user;
}

/**
 * Starts a fresh session (rotating away any session the request carried, so a fixated or stolen
 * pre-login id is worthless) and redirects.
 */
export async function startSessionAndRedirect({
  request,
  userId,
  clientIp,
  redirectTo,
  deviceToken,
}: {
  request: Request;
  userId: string;
  clientIp: string;
  redirectTo: string;
  /** the trusted-device token to (re)set along with the session */
  deviceToken?: string;
}): Promise<Response> {
  const previous = readSessionToken(request);
  if (previous) await deleteSession({ token: previous });
  const token = await createSession({
    userId,
    userAgent: request.headers.get("User-Agent") ?? "",
    ip: clientIp,
  });
  const maxAge = 60 * 60 * 24 * 90; // the server enforces idle/absolute expiry; the cookie may outlive it
  const headers = new Headers();
  headers.append("Set-Cookie", serializeCookie(request, token, maxAge));
  if (deviceToken) {
    const name = isHttps(request) ? DEVICE_SECURE_NAME : DEVICE_PLAIN_NAME;
    headers.append("Set-Cookie", serializeCookie(request, deviceToken, DEVICE_MAX_AGE, name));
  }
  if (readChallengeToken(request)) {
    headers.append("Set-Cookie", serializeCookie(request, "", 0, challengeCookieName(request)));
  }
  return redirect(redirectTo, { headers });
}

export async function endSessionAndRedirect(request: Request, to = "/"): Promise<Response> {
  const token = readSessionToken(request);
  if (token) await deleteSession({ token });
  return redirect(to, { headers: { "Set-Cookie": serializeCookie(request, "", 0) } });
}
