// Security properties of the running server (OWASP ASVS level 2 where it applies): sessions (V3),
// CSRF (V4.2/V13), rate limits (V2.2/V11), security headers (V14.4), open redirects (V5.1.5) and
// output encoding of free text (V5.3). Everything goes over HTTP to the real production build; the
// database is only read, except to age a session for the idle and absolute timeout tests.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseCsvText } from "csv-parse/sync";

import { fixtureZip } from "./support/archives";
import { realContent, unconditional } from "./support/content";
import { DEMO, demoEngagementId, query } from "./support/demo-server";
import { Client, startServer, type TestServer } from "./support/server";
import { turnOnTwoStep } from "./support/two-step";

type Form = Record<string, string | string[]>;

const PASSWORD = "correct horse battery";
const PLAIN_COOKIE = "finishline_session";
const SECURE_COOKIE = "__Host-finishline";
const HTTPS = { "X-Forwarded-Proto": "https" };
const content = realContent();
const firstArea = content.areas.find((a) => !a.applicability)!;
const areaChoice = unconditional(content, ["single", "scale", "yes-no"]).filter((q) =>
  firstArea.questions.includes(q),
);
const essentialChoice = unconditional(content, ["single", "scale", "yes-no"]).filter((q) => q.essential);
const intakeChoice = content.intake.questions.filter(
  (q) => !q.showIf && ["single", "yes-no", "scale"].includes(q.kind),
);

// `main` serves most tests; `limited` has low limits for the rate-limit tests. Both trust one proxy
// hop, so a test can present itself as coming over https or from another IP (X-Forwarded-*).
/** RFC 4180 rows, through csv-parse (the BOM Excel needs is skipped). */
const readCsv = (text: string): string[][] => parseCsvText(text, { bom: true, relaxColumnCount: true });

let main: TestServer;
let limited: TestServer;

beforeAll(async () => {
  [main, limited] = await Promise.all([
    startServer({
      SEED_DEMO: "true",
      TRUST_PROXY: "1",
      SIGNUP_RATE_LIMIT: "10000",
      LOGIN_RATE_LIMIT: "10000",
    }),
    startServer({
      SEED_DEMO: "true",
      TRUST_PROXY: "1",
      LOGIN_RATE_LIMIT: "5",
      LOGIN_ACCOUNT_LIMIT: "6",
      SIGNUP_RATE_LIMIT: "3",
      PDF_RATE_LIMIT: "3",
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([main?.stop(), limited?.stop()]);
});

// ---------------------------------------------------------------------------------------------
// helpers

let counter = 0;
const uniqueEmail = (tag: string) => `${tag}-${Date.now()}-${++counter}@example.com`;
const sha256 = (value: string) => crypto.createHash("sha256").update(value).digest("hex");

async function newUser(
  server: TestServer,
  tag: string,
  extra: Form = {},
  headers: Record<string, string> = {},
) {
  const client = new Client(server.url);
  const email = uniqueEmail(tag);
  const res = await client.post("/signup", { email, password: PASSWORD, ...extra }, headers);
  if (res.status !== 302) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
  return { client, email };
}

async function loginAs(
  server: TestServer,
  email: string,
  password: string,
  headers: Record<string, string> = {},
  origin = server.url,
) {
  const client = new Client(server.url, origin);
  const res = await client.post("/login", { email, password }, headers);
  if (res.status !== 302) throw new Error(`login failed for ${email}: ${res.status}`);
  return client;
}

/** A client that presents a given raw session token (e.g. one that should be dead by now). */
function withToken(server: TestServer, token: string, name = PLAIN_COOKIE): Client {
  const c = new Client(server.url);
  c.cookies.set(name, token);
  return c;
}

function sessionRow(server: TestServer, token: string) {
  return query<{ user_id: string }>(
    server,
    "select user_id from sessions where id_hash = ?",
    sha256(token),
  )[0];
}

/** Writes to the server's database (only to age sessions). */
function execute(server: TestServer, sql: string, ...params: unknown[]) {
  const db = new Database(server.dbFile);
  try {
    db.pragma("busy_timeout = 5000");
    return db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

/** A digest of every row of every table: "nothing changed" means nothing at all changed. */
function dbDigest(server: TestServer): string {
  const db = new Database(server.dbFile, { readonly: true });
  try {
    const hash = crypto.createHash("sha256");
    const tables = db
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
      )
      .all() as Array<{ name: string }>;
    for (const { name } of tables) {
      const rows = db.prepare(`select * from "${name}" order by rowid`).raw().all();
      hash.update(`${name}\0${JSON.stringify(rows)}\0`);
    }
    return hash.digest("hex");
  } catch {
    // WITHOUT ROWID tables (none today) would land here: fall back to unordered reads.
    const hash = crypto.createHash("sha256");
    const tables = db
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
      )
      .all() as Array<{ name: string }>;
    for (const { name } of tables) {
      const rows = db.prepare(`select * from "${name}"`).raw().all();
      hash.update(`${name}\0${JSON.stringify(rows.map((r) => JSON.stringify(r)).sort())}\0`);
    }
    return hash.digest("hex");
  } finally {
    db.close();
  }
}

function expectLoginRedirect(res: Response) {
  expect(res.status).toBe(302);
  expect(res.headers.get("Location") ?? "").toMatch(/^\/login\?redirectTo=/);
}

type CookieInfo = { name: string; value: string; attributes: string[] };
function parseSetCookie(line: string): CookieInfo {
  const [pair, ...attributes] = line.split(";").map((s) => s.trim());
  const [name, ...rest] = pair.split("=");
  return { name, value: rest.join("="), attributes };
}

const answerVersion = (server: TestServer, engagementId: string, questionId: string) =>
  query<{ version: number }>(
    server,
    "select version from answers where engagement_id = ? and question_id = ?",
    engagementId,
    questionId,
  )[0]?.version ?? 0;

const storedValue = (server: TestServer, engagementId: string, questionId: string) =>
  query<{ value: string }>(
    server,
    "select value from answers where engagement_id = ? and question_id = ?",
    engagementId,
    questionId,
  )[0]?.value;

/** An autosave body that changes the first question of `questions` to an option it does not have yet. */
function autosaveBody(
  server: TestServer,
  engagementId: string,
  questions: typeof areaChoice,
  note = "",
): Form {
  const q = questions[0];
  const current = storedValue(server, engagementId, q.id);
  const option = q.options.find((o) => JSON.stringify(o.id) !== current) ?? q.options[0];
  return {
    intent: "autosave",
    q: q.id,
    [`a:${q.id}`]: option.id,
    [`note:${q.id}`]: note,
    [`v:${q.id}`]: String(answerVersion(server, engagementId, q.id)),
  };
}

async function inviteToken(server: TestServer, founder: Client, engagementId: string, role: string) {
  const res = await founder.post(`/engagements/${engagementId}/members`, { intent: "invite", role });
  const html = await res.text();
  const token = /\/invite\/([A-Za-z0-9_-]{22})/.exec(html)?.[1];
  if (!token) throw new Error(`no invite link (${res.status})`);
  return token;
}

// ---------------------------------------------------------------------------------------------
// V3: session management

describe("sessions", () => {
  it("issues a new session id at login and kills the one the browser carried before", async () => {
    const { client, email } = await newUser(main, "rotate");
    const before = client.cookies.get(PLAIN_COOKIE)!;
    expect(before).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(sessionRow(main, before)).toBeDefined();

    const res = await client.post("/login", { email, password: PASSWORD });
    expect(res.status).toBe(302);
    const after = client.cookies.get(PLAIN_COOKIE)!;
    expect(after).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(after).not.toBe(before);

    // The pre-login id is dead on the server, not just replaced in this browser.
    expect(sessionRow(main, before)).toBeUndefined();
    expectLoginRedirect(await withToken(main, before).get("/engagements"));
    expect((await client.get("/engagements")).status).toBe(200);
  });

  it("never adopts a session id planted before login (fixation)", async () => {
    const { email } = await newUser(main, "fixation");
    const planted = crypto.randomBytes(16).toString("base64url");
    const victim = withToken(main, planted);
    expect((await victim.post("/login", { email, password: PASSWORD })).status).toBe(302);
    const issued = victim.cookies.get(PLAIN_COOKIE)!;
    expect(issued).not.toBe(planted);
    expect(sessionRow(main, planted)).toBeUndefined();
    expectLoginRedirect(await withToken(main, planted).get("/engagements"));
  });

  it("kills the session on logout: the old cookie then leads to the login page", async () => {
    const { client } = await newUser(main, "logout");
    const token = client.cookies.get(PLAIN_COOKIE)!;
    expect((await client.get("/engagements")).status).toBe(200);

    const res = await client.post("/logout", {});
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/");
    const cleared = parseSetCookie(res.headers.getSetCookie()[0] ?? "");
    expect(cleared.name).toBe(PLAIN_COOKIE);
    expect(cleared.value).toBe("");
    expect(cleared.attributes).toContain("Max-Age=0");

    expect(sessionRow(main, token)).toBeUndefined();
    expectLoginRedirect(await withToken(main, token).get("/engagements"));
    expectLoginRedirect(await withToken(main, token).get("/account"));
  });

  it("ends every other session on a password change, and keeps the current one", async () => {
    const { email } = await newUser(main, "pwchange");
    const laptop = await loginAs(main, email, PASSWORD);
    const phone = await loginAs(main, email, PASSWORD);
    const phoneToken = phone.cookies.get(PLAIN_COOKIE)!;

    // A wrong current password changes nothing and ends nothing.
    const wrong = await laptop.post("/account", {
      intent: "change-password",
      currentPassword: "not my password",
      newPassword: "a brand new passphrase",
    });
    expect(wrong.status).toBe(400);
    expect((await phone.get("/account")).status).toBe(200);

    // Nor does "changing" it to the same password: it would end the other sessions for nothing.
    const same = await laptop.post("/account", {
      intent: "change-password",
      currentPassword: PASSWORD,
      newPassword: PASSWORD,
    });
    expect(same.status).toBe(400);
    expect(await same.text()).toContain("That is your current password. Choose a new one.");
    expect((await phone.get("/account")).status).toBe(200);

    const res = await laptop.post("/account", {
      intent: "change-password",
      currentPassword: PASSWORD,
      newPassword: "a brand new passphrase",
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Password changed.");

    expectLoginRedirect(await phone.get("/account"));
    expect(sessionRow(main, phoneToken)).toBeUndefined();
    expect((await laptop.get("/account")).status).toBe(200);
    const userId = sessionRow(main, laptop.cookies.get(PLAIN_COOKIE)!)!.user_id;
    // The signup session and the phone are gone; the laptop remains.
    expect(query(main, "select 1 from sessions where user_id = ?", userId)).toHaveLength(1);

    expect((await new Client(main.url).post("/login", { email, password: PASSWORD })).status).toBe(400);
    expect(
      (await new Client(main.url).post("/login", { email, password: "a brand new passphrase" })).status,
    ).toBe(302);
  });

  it("revokes one of the user's own sessions from the list, and nobody else's", async () => {
    const { email } = await newUser(main, "revoker");
    const laptop = await loginAs(main, email, PASSWORD);
    const phone = await loginAs(main, email, PASSWORD);
    const phoneHash = sha256(phone.cookies.get(PLAIN_COOKIE)!);
    const { client: other } = await newUser(main, "bystander");
    const otherToken = other.cookies.get(PLAIN_COOKIE)!;

    const page = await (await laptop.get("/account")).text();
    expect(page).toContain(`value="${phoneHash}"`);
    // The list carries hashes only, never a live token.
    expect(page).not.toContain(phone.cookies.get(PLAIN_COOKIE)!);

    // Another user's session id hash: nothing happens.
    const before = dbDigest(main);
    const foreign = await laptop.post("/account", { intent: "revoke-session", session: sha256(otherToken) });
    expect(foreign.status).toBe(200);
    expect(await foreign.text()).toContain("That session had already ended.");
    expect(dbDigest(main)).toBe(before);
    expect(sessionRow(main, otherToken)).toBeDefined();
    expect((await other.get("/account")).status).toBe(200);

    // The current session cannot be revoked from the list (log out instead).
    const self = await laptop.post("/account", {
      intent: "revoke-session",
      session: sha256(laptop.cookies.get(PLAIN_COOKIE)!),
    });
    expect(self.status).toBe(400);
    expect((await laptop.get("/account")).status).toBe(200);

    const res = await laptop.post("/account", { intent: "revoke-session", session: phoneHash });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Session ended.");
    expectLoginRedirect(await phone.get("/account"));
    expect((await laptop.get("/account")).status).toBe(200);
  });

  it("sets HttpOnly, SameSite=Lax, Path=/ and no Secure over plain http", async () => {
    const c = new Client(main.url);
    const res = await c.post("/signup", { email: uniqueEmail("flags"), password: PASSWORD });
    expect(res.status).toBe(302);
    const lines = res.headers.getSetCookie();
    // The session, and the browser marked as one this account was used in (the login throttle).
    expect(lines).toHaveLength(2);
    const device = parseSetCookie(lines[1]!);
    expect(device.name).toBe("finishline_device");
    expect(device.attributes).toEqual(expect.arrayContaining(["HttpOnly", "SameSite=Lax", "Path=/"]));
    const cookie = parseSetCookie(lines[0]);
    expect(cookie.name).toBe(PLAIN_COOKIE);
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(cookie.attributes).toEqual(expect.arrayContaining(["HttpOnly", "SameSite=Lax", "Path=/"]));
    expect(cookie.attributes.some((a) => /^secure$/i.test(a))).toBe(false);
    expect(cookie.attributes.some((a) => /^domain=/i.test(a))).toBe(false);
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });

  it("uses a Secure __Host- cookie and sends HSTS over https", async () => {
    const httpsOrigin = main.url.replace(/^http:/, "https:");
    const c = new Client(main.url, httpsOrigin);
    const res = await c.post("/signup", { email: uniqueEmail("https"), password: PASSWORD }, HTTPS);
    expect(res.status).toBe(302);
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    const cookie = parseSetCookie(res.headers.getSetCookie()[0] ?? "");
    expect(cookie.name).toBe(SECURE_COOKIE);
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // __Host- rules: Secure, Path=/, no Domain.
    expect(cookie.attributes).toEqual(
      expect.arrayContaining(["Secure", "HttpOnly", "SameSite=Lax", "Path=/"]),
    );
    expect(cookie.attributes.some((a) => /^domain=/i.test(a))).toBe(false);

    const page = await c.get("/engagements", HTTPS);
    expect(page.status).toBe(200);
    expect(page.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    // The secure cookie is not read on plain http (only its own name counts per scheme).
    expectLoginRedirect(await c.get("/engagements"));
  });

  it("ends an idle session: the next request goes to login and the row is deleted", async () => {
    const { client } = await newUser(main, "idle");
    const token = client.cookies.get(PLAIN_COOKIE)!;
    expect((await client.get("/engagements")).status).toBe(200);
    // The default idle timeout is 30 minutes; step just past it.
    execute(
      main,
      "update sessions set last_seen_at = ? where id_hash = ?",
      Date.now() - 31 * 60_000,
      sha256(token),
    );
    expectLoginRedirect(await client.get("/engagements"));
    expect(sessionRow(main, token)).toBeUndefined();
    // Still dead on the next try (it is not resurrected by the touch-on-use logic).
    expectLoginRedirect(await withToken(main, token).get("/account"));
  });

  it("ends a session past its absolute lifetime even while it is in use", async () => {
    const { client } = await newUser(main, "absolute");
    const token = client.cookies.get(PLAIN_COOKIE)!;
    expect((await client.get("/engagements")).status).toBe(200);
    execute(
      main,
      "update sessions set expires_at = ?, last_seen_at = ? where id_hash = ?",
      Date.now() - 1000,
      Date.now(),
      sha256(token),
    );
    expectLoginRedirect(await client.get("/engagements"));
    expect(sessionRow(main, token)).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// V4.2.2 / V13: CSRF. Every route that exports an action, discovered from app/routes.

const ROUTES_DIR = path.resolve("app/routes");
const ACTION_EXPORT =
  /export\s+(async\s+)?function\s+action\b|export\s+(const|let)\s+action\b|export\s*\{[^}]*\baction\b[^}]*\}/;

function routeFiles(): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(ROUTES_DIR, { withFileTypes: true })) {
    if (entry.isFile() && /\.(tsx?|jsx?)$/.test(entry.name)) out.push(entry.name);
    if (entry.isDirectory()) {
      const inner = ["route.tsx", "route.ts"].find((f) =>
        fs.existsSync(path.join(ROUTES_DIR, entry.name, f)),
      );
      if (inner) out.push(`${entry.name}/${inner}`);
    }
  }
  return out.sort();
}

function routeSource(file: string) {
  return fs.readFileSync(path.join(ROUTES_DIR, file), "utf8");
}

/**
 * Remix flat-route file name → URL: dots separate segments (except inside [brackets], which are
 * literal), `$param` takes a value from `params`, `_index` is the index route (posted to with
 * `?index`), `_layout` segments add nothing and a trailing `_` opts out of a layout.
 */
function routeUrl(file: string, params: Record<string, string>): string {
  const stem = file.replace(/\/route\.[jt]sx?$/, "").replace(/\.[jt]sx?$/, "");
  const segments: string[] = [];
  let current = "";
  let bracket = false;
  for (const ch of stem) {
    if (ch === "[") bracket = true;
    else if (ch === "]") bracket = false;
    else if (ch === "." && !bracket) {
      segments.push(current);
      current = "";
    } else current += ch;
  }
  segments.push(current);
  let index = false;
  const parts: string[] = [];
  for (const raw of segments) {
    if (raw === "_index") {
      index = true;
      continue;
    }
    if (raw.startsWith("_")) continue;
    const seg = raw.endsWith("_") ? raw.slice(0, -1) : raw;
    if (seg === "$") {
      parts.push("anything");
    } else if (seg.startsWith("$")) {
      const value = params[seg.slice(1)];
      if (value === undefined) throw new Error(`no value for param ${seg} in ${file}`);
      parts.push(value);
    } else parts.push(seg);
  }
  return `/${parts.join("/")}${index ? "?index" : ""}`;
}

/**
 * `url`: where to post when the route's shared parameters will not do (deleting needs its own
 * engagement). `settled`: waits for what the route does after answering (a reset email's link).
 */
type Prepared = {
  client: Client;
  body: Form;
  multipart?: FormData;
  status: number;
  url?: string;
  settled?: () => Promise<void>;
};

const resetLinks = (server: TestServer) =>
  [...server.output().matchAll(/\/reset-password\/([A-Za-z0-9_-]{22})\b/g)].map((m) => m[1]!);

describe("CSRF: every state-changing route refuses cross-site requests", () => {
  const files = routeFiles().filter((f) => ACTION_EXPORT.test(routeSource(f)));

  it("finds the routes that change state", () => {
    // A guard against the discovery silently finding nothing.
    expect(files).toEqual(
      expect.arrayContaining([
        "login.tsx",
        "signup.tsx",
        "logout.tsx",
        "account.tsx",
        "engagements.new.tsx",
        "engagements.$id.plan._index.tsx",
        "engagements.$id.members.tsx",
        "invite.$token.tsx",
      ]),
    );
    expect(routeUrl("engagements.$id.plan[.csv].tsx", { id: "x" })).toBe("/engagements/x/plan.csv");
    expect(routeUrl("engagements.$id.assess._index.tsx", { id: "x" })).toBe("/engagements/x/assess?index");
  });

  let id: string;
  let founder: Client;
  let partner: Client;
  let params: Record<string, string>;

  beforeAll(async () => {
    id = demoEngagementId(main);
    founder = await loginAs(main, DEMO.founder.email, DEMO.password);
    partner = await loginAs(main, DEMO.partner.email, DEMO.password);
    expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
    expect(
      (await partner.post(`/engagements/${id}/proposals`, { assumptions: "a", exclusions: "b" })).status,
    ).toBe(302);
    const item = query<{ id: string }>(
      main,
      "select id from plan_items where engagement_id = ? order by position limit 1",
      id,
    )[0];
    params = {
      id,
      areaId: firstArea.id,
      itemId: item.id,
      n: "1",
      token: await inviteToken(main, founder, id, "viewer"),
    };
  });

  // A request each route would accept from its own site: the refusals below are the origin check's
  // doing, and the control request at the end proves the body would really have changed something.
  const prepare: Record<string, () => Promise<Prepared>> = {
    "forgot-password.tsx": async () => {
      const { email } = await newUser(main, "csrf-forgot");
      const sent = resetLinks(main).length;
      return {
        client: new Client(main.url),
        body: { email },
        status: 200,
        // The link is made and mailed after the answer, so the answer's timing tells nothing.
        settled: () => expect.poll(() => resetLinks(main).length).toBe(sent + 1),
      };
    },
    "reset-password.$token.tsx": async () => {
      const { email } = await newUser(main, "csrf-reset");
      const sent = resetLinks(main).length;
      expect((await new Client(main.url).post("/forgot-password", { email })).status).toBe(200);
      await expect.poll(() => resetLinks(main).length).toBe(sent + 1);
      const token = resetLinks(main)[sent]!;
      return {
        client: new Client(main.url),
        body: { password: "a fresh passphrase" },
        status: 302,
        url: routeUrl("reset-password.$token.tsx", { ...params, token }),
      };
    },
    "account_.two-step.tsx": async () => {
      const { client } = await newUser(main, "csrf-two-step");
      return { client, body: { intent: "start" }, status: 302 };
    },
    "login_.code.tsx": async () => {
      // An account with two-step login on, and a login that passed the password.
      const { client: owner, email } = await newUser(main, "csrf-login-code");
      const { app } = await turnOnTwoStep(owner, PASSWORD);
      const client = new Client(main.url);
      expect((await client.post("/login", { email, password: PASSWORD })).headers.get("Location")).toBe(
        "/login/code",
      );
      return { client, body: { code: app.generate({ timestamp: Date.now() + 30_000 }) }, status: 302 };
    },
    "account_.email.$token.tsx": async () => {
      const { client } = await newUser(main, "csrf-email-change");
      const next = uniqueEmail("csrf-email-new");
      const asked = await client.post("/account", {
        intent: "change-email",
        newEmail: next,
        emailPassword: PASSWORD,
      });
      expect(asked.status).toBe(200);
      const link = () =>
        new RegExp(`To: ${next}[\\s\\S]*?/account/email/([A-Za-z0-9_-]{22})`).exec(main.output())?.[1];
      await expect.poll(link).toBeDefined();
      return {
        client: new Client(main.url),
        body: {},
        status: 302,
        url: routeUrl("account_.email.$token.tsx", { ...params, token: link()! }),
      };
    },
    "account_.confirm.$token.tsx": async () => {
      const { email } = await newUser(main, "csrf-confirm");
      const link = () =>
        new RegExp(`To: ${email}[\\s\\S]*?/account/confirm/([A-Za-z0-9_-]{22})`).exec(main.output())?.[1];
      await expect.poll(link).toBeDefined();
      return {
        client: new Client(main.url),
        body: {},
        status: 302,
        url: routeUrl("account_.confirm.$token.tsx", { ...params, token: link()! }),
      };
    },
    "account_.delete.tsx": async () => {
      const { client } = await newUser(main, "csrf-account-delete");
      return { client, body: { password: PASSWORD }, status: 302 };
    },
    "engagements.$id.settings_.delete.tsx": async () => {
      const { client } = await newUser(main, "csrf-engagement-delete");
      const created = await client.post("/engagements/new", { name: "Doomed", description: "" });
      const own = /^\/engagements\/([^/?]+)/.exec(created.headers.get("Location") ?? "")?.[1];
      expect(own).toBeTruthy();
      return {
        client,
        body: { confirm: "Doomed" },
        status: 302,
        url: routeUrl("engagements.$id.settings_.delete.tsx", { ...params, id: own! }),
      };
    },
    "account.tsx": async () => {
      const { client } = await newUser(main, "csrf-account");
      return {
        client,
        body: { intent: "change-password", currentPassword: PASSWORD, newPassword: "another passphrase" },
        status: 200,
      };
    },
    "engagements.$id.assess.$areaId.tsx": async () => ({
      client: founder,
      body: autosaveBody(main, id, areaChoice),
      status: 200,
    }),
    "engagements.$id.assess._index.tsx": async () => ({
      client: founder,
      body: autosaveBody(main, id, intakeChoice),
      status: 200,
    }),
    "engagements.$id.assess.code.tsx": async () => {
      const multipart = new FormData();
      multipart.append("intent", "upload");
      multipart.append("archive", new Blob([new Uint8Array(fixtureZip("ai-built"))]), "app.zip");
      return { client: founder, body: {}, multipart, status: 302 };
    },
    "engagements.$id.assess.essentials.tsx": async () => ({
      client: founder,
      body: autosaveBody(main, id, essentialChoice),
      status: 200,
    }),
    "engagements.$id.assess.review.tsx": async () => {
      const row = query<{ question_id: string; version: number }>(
        main,
        "select question_id, version from answers where engagement_id = ? and review is null order by question_id limit 1",
        id,
      )[0];
      return {
        client: partner,
        body: { intent: "verify", questionId: row.question_id, version: String(row.version), note: "ok" },
        status: 302,
      };
    },
    "engagements.$id.members.tsx": async () => ({
      client: founder,
      body: { intent: "invite", role: "viewer" },
      status: 200,
    }),
    "engagements.$id.plan.$itemId.tsx": async () => ({
      client: founder,
      body: { intent: "comment", itemId: params.itemId, body: "Looks right" },
      status: 302,
    }),
    "engagements.$id.plan._index.tsx": async () => ({
      client: partner,
      body: {
        intent: "custom",
        title: "Forged item",
        area: firstArea.id,
        phase: "hardening",
        "estimate.optimistic": "1",
        "estimate.likely": "2",
        "estimate.pessimistic": "3",
      },
      status: 302,
    }),
    "engagements.$id.plan.estimates.tsx": async () => {
      // The table as the page shows it, with one row's pessimistic hours raised by one.
      const html = await (await partner.get(`/engagements/${id}/plan/estimates`)).text();
      const body: Record<string, string> = { reason: "Checked with the founder" };
      for (const [, attrs] of html.matchAll(/<input([^>]*)>/g)) {
        const name = /name="([ompv]\.[^"]+)"/.exec(attrs!)?.[1];
        if (name) body[name] = /value="([^"]*)"/.exec(attrs!)?.[1] ?? "";
      }
      const first = Object.keys(body).find((k) => k.startsWith("p."))!;
      body[first] = String(Number(body[first]) + 1);
      return { client: partner, body, status: 302 };
    },
    "engagements.$id.plan.new.tsx": async () => ({
      client: partner,
      body: {
        intent: "custom",
        title: "Forged item on its own page",
        area: firstArea.id,
        phase: "scale",
        "estimate.optimistic": "1",
        "estimate.likely": "2",
        "estimate.pessimistic": "3",
      },
      status: 302,
    }),
    "engagements.$id.proposals.$n/route.tsx": async () => {
      const hash = query<{ snapshot_hash: string }>(
        main,
        "select snapshot_hash from proposals where engagement_id = ? and number = 1",
        id,
      )[0].snapshot_hash;
      return { client: founder, body: { snapshotHash: hash, confirm: "on" }, status: 302 };
    },
    "engagements.$id.proposals._index.tsx": async () => ({
      client: partner,
      body: { assumptions: "forged", exclusions: "forged" },
      status: 302,
    }),
    "engagements.$id.settings/route.tsx": async () => {
      const version = query<{ version: number }>(main, "select version from engagements where id = ?", id)[0]
        .version;
      return {
        client: founder,
        body: {
          name: "CartPilot",
          description: "",
          stage: "beta",
          currency: "EUR",
          hourlyRate: String(100 + version),
          teamSize: "2",
          weeklyCapacity: "30",
          version: String(version),
        },
        status: 302,
      };
    },
    "engagements.import/route.tsx": async () => {
      const exported = await (await founder.get(`/engagements/${id}/export.json`)).text();
      const multipart = new FormData();
      multipart.append("file", new Blob([exported], { type: "application/json" }), "export.json");
      return { client: founder, body: { file: exported }, multipart, status: 302 };
    },
    "engagements.new.tsx": async () => ({
      client: founder,
      body: { name: "Forged", description: "", builtWith: "lovable", stage: "prototype" },
      status: 302,
    }),
    "invite.$token.tsx": async () => ({
      client: (await newUser(main, "csrf-join")).client,
      body: {},
      status: 302,
    }),
    "login.tsx": async () => ({
      client: new Client(main.url),
      body: { email: DEMO.founder.email, password: DEMO.password },
      status: 302,
    }),
    "logout.tsx": async () => ({
      client: (await newUser(main, "csrf-logout")).client,
      body: {},
      status: 302,
    }),
    "signup.tsx": async () => ({
      client: new Client(main.url),
      body: { email: uniqueEmail("csrf-signup"), password: PASSWORD },
      status: 302,
    }),
  };

  it("refuses other state-changing methods (PUT, PATCH, DELETE) from another site too", async () => {
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const before = dbDigest(main);
      const res = await fetch(`${main.url}/engagements/new`, {
        method,
        redirect: "manual",
        body: new URLSearchParams({ name: "Forged" }),
        headers: {
          Origin: "https://evil.example",
          Cookie: [...founder.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
        },
      });
      expect(res.status, method).toBe(403);
      await res.arrayBuffer();
      expect(dbDigest(main), method).toBe(before);
    }
  });

  it("has a control request for every route it can, named as the route file is named", () => {
    // A route moved into a folder (`x.tsx` → `x/route.tsx`) must not silently lose its control.
    expect(Object.keys(prepare).filter((key) => !files.includes(key))).toEqual([]);
    // Every action route has one: a refusal proves nothing unless the same request from the site
    // itself would have changed something.
    expect(files.filter((file) => !prepare[file])).toEqual([]);
  });

  for (const file of files) {
    it(`POST ${file}`, async () => {
      const prep = prepare[file];
      expect(prep, `a control request for ${file}`).toBeDefined();
      const { client, body, multipart, status, url = routeUrl(file, params), settled } = await prep!();

      const attempts: Array<[string, Record<string, string>]> = [
        ["Origin: https://evil.example", { Origin: "https://evil.example" }],
        ["Sec-Fetch-Site: cross-site", { "Sec-Fetch-Site": "cross-site" }],
        ["Origin: null", { Origin: "null" }],
        // Same host, another port: still another origin.
        ["Origin: other port", { Origin: main.url.replace(/:(\d+)$/, (_m, p) => `:${Number(p) + 1}`) }],
      ];
      const send = (headers: Record<string, string> = {}) =>
        multipart
          ? fetch(main.url + url, {
              method: "POST",
              redirect: "manual",
              body: multipart,
              headers: {
                Origin: main.url,
                Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
                ...headers,
              },
            })
          : client.post(url, body, headers);
      for (const [label, headers] of attempts) {
        const before = dbDigest(main);
        const res = await send(headers);
        expect(res.status, `${file} with ${label}`).toBe(403);
        expect(await res.text()).toBe("Cross-site request refused.");
        expect(res.headers.getSetCookie(), `${file} with ${label} sets no cookie`).toEqual([]);
        expect(dbDigest(main), `${file} with ${label} changed nothing`).toBe(before);
      }

      // The control: the same request from the site itself goes through and changes something.
      const before = dbDigest(main);
      const res = await send();
      const text = await res.text();
      expect(res.status, `${file} control: ${text.slice(0, 200)}`).toBe(status);
      await settled?.();
      expect(dbDigest(main), `${file} control changed something`).not.toBe(before);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// V2.2.1 / V11.1.4: rate limits (on the `limited` server: 5 logins, 3 signups, 3 PDFs)

describe("rate limits", () => {
  const from = (ip: string) => ({ "X-Forwarded-For": ip });

  async function expect429(res: Response) {
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
    await res.arrayBuffer();
  }

  it("limits failed logins per IP: after 50 failures (any emails) even a correct login is refused", async () => {
    // LOGIN_RATE_LIMIT=5 here: one address may fail 10 × 5 times in 15 minutes, across accounts.
    for (let i = 0; i < 50; i++) {
      const res = await new Client(limited.url).post(
        "/login",
        { email: uniqueEmail(`spray-${i}`), password: "wrong password" },
        from("10.0.0.1"),
      );
      expect(res.status, `failure ${i + 1}`).toBe(400);
    }
    await expect429(
      await new Client(limited.url).post(
        "/login",
        { email: DEMO.founder.email, password: DEMO.password },
        from("10.0.0.1"),
      ),
    );
    // Another address is not affected.
    const elsewhere = await new Client(limited.url).post(
      "/login",
      { email: DEMO.founder.email, password: DEMO.password },
      from("10.0.0.2"),
    );
    expect(elsewhere.status).toBe(302);
  });

  it("slows one client's guesses at one account with a doubling wait, and never locks the owner out", async () => {
    const { email } = await newUser(limited, "backoff", {}, from("10.5.0.1"));
    const guess = (ip: string, password = "wrong password") =>
      new Client(limited.url).post("/login", { email, password }, from(ip));
    for (let i = 1; i <= 5; i++) expect((await guess("10.5.0.66")).status, `failure ${i}`).toBe(400);
    // After the 5th failure in a row this client waits, even with the right password...
    const first = await guess("10.5.0.66", PASSWORD);
    await expect429(first);
    const wait = Number(first.headers.get("Retry-After"));
    expect(wait).toBe(1);
    // ...while the owner, anywhere else, logs in at once.
    expect((await guess("10.5.0.99", PASSWORD)).status).toBe(302);
    // Once the wait is over, the next failure doubles it.
    await new Promise((r) => setTimeout(r, wait * 1000 + 100));
    expect((await guess("10.5.0.66")).status).toBe(400);
    const second = await guess("10.5.0.66");
    expect(second.status).toBe(429);
    expect(Number(second.headers.get("Retry-After"))).toBe(2);
    await second.arrayBuffer();
  });

  it("counts guesses sent all at once as the same number sent one by one", async () => {
    // The limits were checked before the hash and failures recorded after it: 60 guesses in flight
    // together all passed the check (43 of 60 reached the hash in bench:abuse). Now a guess being
    // checked counts as a failure until it ends.
    const { email } = await newUser(limited, "burst", {}, from("10.7.0.1"));
    const guesses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        new Client(limited.url).post("/login", { email, password: `burst guess ${i}` }, from("10.7.0.66")),
      ),
    );
    const statuses = guesses.map((r) => r.status).sort();
    await Promise.all(guesses.map((r) => r.arrayBuffer()));
    // LOGIN_RATE_LIMIT=5: five wrong passwords were checked, every other guess was refused unchecked.
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
    // The owner elsewhere is not affected.
    const owner = await new Client(limited.url).post(
      "/login",
      { email, password: PASSWORD },
      from("10.7.0.99"),
    );
    expect(owner.status).toBe(302);
  });

  it("limits failed logins per account from unknown browsers only: the owner's browser still gets in", async () => {
    // LOGIN_ACCOUNT_LIMIT=6 here. The owner has signed in before: their browser carries the device cookie.
    const { client: owner, email } = await newUser(limited, "owner", {}, from("10.1.0.100"));
    expect(owner.cookies.get("finishline_device")).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect((await owner.post("/logout", {})).status).toBe(302);
    // Six addresses fail once each, far below the per-IP and per-pair limits.
    for (let i = 1; i <= 6; i++) {
      const res = await new Client(limited.url).post(
        "/login",
        { email, password: `guess number ${i}` },
        from(`10.1.0.${i}`),
      );
      expect(res.status, `failure ${i}`).toBe(400);
    }
    // A browser this account was never used in is refused, even with the right password...
    const stranger = await new Client(limited.url).post(
      "/login",
      { email, password: PASSWORD },
      from("10.1.0.7"),
    );
    await expect429(stranger);
    // ...also when the email is written differently...
    await expect429(
      await new Client(limited.url).post(
        "/login",
        { email: `  ${email.toUpperCase()} `, password: PASSWORD },
        from("10.1.0.8"),
      ),
    );
    // ...but the owner's own browser, from any address, is not.
    const back = await owner.post("/login", { email, password: PASSWORD }, from("10.1.0.9"));
    expect(back.status).toBe(302);
    expect((await owner.get("/account")).status).toBe(200);
    // Another account from the same fresh address is unaffected.
    const other = await new Client(limited.url).post(
      "/login",
      { email: DEMO.founder.email, password: DEMO.password },
      from("10.1.0.7"),
    );
    expect(other.status).toBe(302);
  });

  it("limits wrong current passwords on /account: a stolen session cannot guess the password", async () => {
    const { client, email } = await newUser(limited, "pwguess", {}, from("10.6.0.1"));
    const userId = query<{ id: string }>(limited, "select id from users where email = ?", email)[0]!.id;
    const hash = () =>
      query<{ h: string }>(limited, "select password_hash as h from users where id = ?", userId)[0]!.h;
    const before = hash();
    const change = (currentPassword: string) =>
      client.post(
        "/account",
        { intent: "change-password", currentPassword, newPassword: "a new passphrase here" },
        from("10.6.0.1"),
      );
    for (let i = 1; i <= 5; i++) expect((await change(`guess ${i}`)).status, `guess ${i}`).toBe(400);
    await expect429(await change(PASSWORD));
    expect(hash()).toBe(before);
  });

  it("counts wrong current passwords sent all at once as the same number sent one by one", async () => {
    const { client } = await newUser(limited, "pwburst", {}, from("10.8.0.1"));
    const changes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.post(
          "/account",
          { intent: "change-password", currentPassword: `guess ${i}`, newPassword: "a new passphrase here" },
          from("10.8.0.1"),
        ),
      ),
    );
    const statuses = changes.map((r) => r.status);
    await Promise.all(changes.map((r) => r.arrayBuffer()));
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it("limits signups per IP: the 4th signup with SIGNUP_RATE_LIMIT=3 gets 429 with Retry-After", async () => {
    for (let i = 0; i < 3; i++) {
      const res = await new Client(limited.url).post(
        "/signup",
        { email: uniqueEmail("signup-limit"), password: PASSWORD },
        from("10.2.0.1"),
      );
      expect(res.status, `signup ${i + 1}`).toBe(302);
    }
    const email = uniqueEmail("signup-limit-4th");
    await expect429(
      await new Client(limited.url).post("/signup", { email, password: PASSWORD }, from("10.2.0.1")),
    );
    expect(query(limited, "select 1 from users where email = ?", email)).toEqual([]);
    const elsewhere = await new Client(limited.url).post(
      "/signup",
      { email: uniqueEmail("signup-elsewhere"), password: PASSWORD },
      from("10.2.0.2"),
    );
    expect(elsewhere.status).toBe(302);
  });

  it("limits invitations per user: the 31st within the hour gets 429 with Retry-After", async () => {
    const id = demoEngagementId(limited);
    const founder = await loginAs(limited, DEMO.founder.email, DEMO.password, from("10.3.0.1"));
    const count = () => query(limited, "select 1 from invitations where engagement_id = ?", id).length;
    const before = count();
    for (let i = 0; i < 30; i++) {
      const res = await founder.post(`/engagements/${id}/members`, { intent: "invite", role: "viewer" });
      expect(res.status, `invite ${i + 1}`).toBe(200);
      await res.arrayBuffer();
    }
    await expect429(await founder.post(`/engagements/${id}/members`, { intent: "invite", role: "viewer" }));
    expect(count()).toBe(before + 30);
  });

  it("limits PDF exports per user (when a PDF route exists)", async () => {
    const pdfRoutes = routeFiles().filter((f) => /\[\.pdf\]/.test(f));
    // Prefer the report; any PDF route shares the same per-user limiter.
    const file = pdfRoutes.find((f) => /report/.test(f)) ?? pdfRoutes[0];
    if (!file) {
      console.warn("security.test: no *.pdf route in app/routes yet; the PDF rate limit is not exercised.");
      return;
    }
    const id = demoEngagementId(limited);
    const founder = await loginAs(limited, DEMO.founder.email, DEMO.password, from("10.4.0.1"));
    if (!/report/.test(file)) {
      const partner = await loginAs(limited, DEMO.partner.email, DEMO.password, from("10.4.0.2"));
      await partner.post(`/engagements/${id}/plan`, { intent: "generate" });
      await partner.post(`/engagements/${id}/proposals`, { assumptions: "a", exclusions: "b" });
    }
    const url = routeUrl(file, { id, n: "1" });
    for (let i = 0; i < 3; i++) {
      const res = await founder.get(url);
      expect(res.status, `${url} #${i + 1}`).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/application\/pdf/);
      await res.arrayBuffer();
    }
    await expect429(await founder.get(url));
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// V14.4: security headers on every kind of response

describe("security headers", () => {
  function expectHeaders(res: Response, label: string, https = false): string {
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp, `${label}: CSP`).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'/);
    expect(csp, label).toContain("object-src 'none'");
    expect(csp, label).toContain("base-uri 'none'");
    expect(csp, label).toContain("frame-ancestors 'none'");
    expect(csp, label).toContain("default-src 'self'");
    expect(csp, `${label}: no unsafe-inline scripts`).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(res.headers.get("x-content-type-options"), label).toBe("nosniff");
    expect(res.headers.get("x-frame-options"), label).toBe("DENY");
    expect(res.headers.get("referrer-policy"), label).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("x-powered-by"), label).toBeNull();
    if (https)
      expect(res.headers.get("strict-transport-security"), label).toBe("max-age=31536000; includeSubDomains");
    else expect(res.headers.get("strict-transport-security"), label).toBeNull();
    return /'nonce-([^']+)'/.exec(csp)![1];
  }

  /** Every <script> on an HTML page carries this response's nonce (no inline script runs without it). */
  function expectScriptsNonced(html: string, nonce: string, label: string) {
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length, `${label}: has scripts`).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, label).toContain(`nonce="${nonce}"`);
  }

  async function check(res: Response, label: string, kind: RegExp, https = false) {
    expect(res.headers.get("content-type") ?? "", `${label}: content type`).toMatch(kind);
    const nonce = expectHeaders(res, label, https);
    const body = await res.text();
    if (/text\/html/.test(res.headers.get("content-type") ?? "")) expectScriptsNonced(body, nonce, label);
    return { nonce, body };
  }

  it("are sent on HTML, 404, JSON, downloads, static files, 403 and 429 responses", async () => {
    const id = demoEngagementId(main);
    const founder = await loginAs(main, DEMO.founder.email, DEMO.password);

    const home = await fetch(main.url);
    expect(home.status).toBe(200);
    const { nonce, body } = await check(home, "home page", /text\/html/);
    const page = await founder.get(`/engagements/${id}`);
    expect(page.status).toBe(200);
    const second = await check(page, "engagement page", /text\/html/);
    expect(second.nonce, "a fresh nonce per response").not.toBe(nonce);

    const missing = await fetch(`${main.url}/no/such/page`);
    expect(missing.status).toBe(404);
    await check(missing, "404 page", /text\/html/);

    const health = await fetch(`${main.url}/healthz`);
    expect(health.status).toBe(200);
    await check(health, "healthz", /application\/json/);

    const csv = await founder.get(`/engagements/${id}/plan.csv`);
    expect(csv.status).toBe(200);
    await check(csv, "plan.csv", /text\/csv/);

    const json = await founder.get(`/engagements/${id}/export.json`);
    expect(json.status).toBe(200);
    await check(json, "export.json", /application\/json/);

    const favicon = await fetch(`${main.url}/favicon.svg`);
    expect(favicon.status).toBe(200);
    await check(favicon, "favicon", /image\/svg\+xml/);

    const asset =
      /<script[^>]+src="(\/build\/[^"]+\.js)"/.exec(body)?.[1] ?? /href="(\/build\/[^"]+)"/.exec(body)?.[1];
    expect(asset).toBeDefined();
    const built = await fetch(main.url + asset);
    expect(built.status).toBe(200);
    await check(built, "built asset", /javascript|css/);

    const refused = await new Client(main.url, "https://evil.example").post("/login", {});
    expect(refused.status).toBe(403);
    await check(refused, "403 from the origin check", /text\/plain/);

    // A 429: SIGNUP_RATE_LIMIT=3 on `limited`; the limiter counts attempts, valid or not.
    let limitedRes: Response | undefined;
    for (let i = 0; i < 4; i++) {
      limitedRes = await new Client(limited.url).post("/signup", {}, { "X-Forwarded-For": "10.9.0.1" });
      if (i < 3) await limitedRes.arrayBuffer();
    }
    expect(limitedRes!.status).toBe(429);
    expect(Number(limitedRes!.headers.get("Retry-After"))).toBeGreaterThan(0);
    await check(limitedRes!, "429", /text\/html/);
  });

  it("adds HSTS only over https, on every kind of response", async () => {
    const id = demoEngagementId(main);
    const httpsOrigin = main.url.replace(/^http:/, "https:");
    const founder = await loginAs(main, DEMO.founder.email, DEMO.password, HTTPS, httpsOrigin);
    const viaHttps: Array<[string, Promise<Response>, RegExp]> = [
      ["home", fetch(main.url, { headers: HTTPS }), /text\/html/],
      ["404", fetch(`${main.url}/nope`, { headers: HTTPS }), /text\/html/],
      ["healthz", fetch(`${main.url}/healthz`, { headers: HTTPS }), /json/],
      ["favicon", fetch(`${main.url}/favicon.svg`, { headers: HTTPS }), /svg/],
      ["csv", founder.get(`/engagements/${id}/plan.csv`, HTTPS), /text\/csv/],
      ["403", new Client(main.url, "https://evil.example").post("/login", {}, HTTPS), /text\/plain/],
    ];
    for (const [label, pending, kind] of viaHttps) await check(await pending, `https ${label}`, kind, true);
    expect(founder.cookies.has(SECURE_COOKIE)).toBe(true);
    // Over https, the same host's plain-http origin is another origin (a downgrade): refused.
    const downgrade = await new Client(main.url).post(
      "/login",
      { email: "x@example.com", password: "y" },
      HTTPS,
    );
    expect(downgrade.status).toBe(403);
    // The https origin itself passes the origin check.
    const ok = await new Client(main.url, httpsOrigin).post(
      "/login",
      { email: "x@example.com", password: "y" },
      HTTPS,
    );
    expect(ok.status).toBe(400);
  });
});

// ---------------------------------------------------------------------------------------------
// V5.1.5: open redirects

describe("redirectTo never leaves the site", () => {
  const hostile = [
    "//evil.com",
    "/\\evil.com",
    "\\\\evil.com",
    "https://evil.com",
    "http:evil.com",
    "///evil.com",
    " //evil.com",
    "/\t/evil.com",
    "/\\/evil.com",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/%0d%0aSet-Cookie:x=1",
    "/\r\nSet-Cookie: x=1",
    "%2F%2Fevil.com",
    "/%2F%2Fevil.com",
    "/%5Cevil.com",
    "evil.com",
  ];

  function expectLocal(location: string | null, label: string) {
    expect(location, label).not.toBeNull();
    const loc = location!;
    expect(loc, label).toMatch(/^\/(?![/\\])/);
    expect(loc, label).not.toMatch(/[\r\n\t\0]/);
    expect(new URL(loc, main.url).origin, label).toBe(new URL(main.url).origin);
  }

  it("after login, signup and on the login page", async () => {
    const { email } = await newUser(main, "redirects");
    for (const redirectTo of hostile) {
      const label = JSON.stringify(redirectTo);
      const login = await new Client(main.url).post("/login", { email, password: PASSWORD, redirectTo });
      expect(login.status, label).toBe(302);
      expectLocal(login.headers.get("Location"), `login ${label}`);
      for (const line of login.headers.getSetCookie()) {
        expect(line, label).toMatch(/^finishline_(session|device)=/);
      }

      const signup = await new Client(main.url).post("/signup", {
        email: uniqueEmail("redir"),
        password: PASSWORD,
        redirectTo,
      });
      expect(signup.status, label).toBe(302);
      expectLocal(signup.headers.get("Location"), `signup ${label}`);
      for (const line of signup.headers.getSetCookie()) {
        expect(line, label).toMatch(/^finishline_(session|device)=/);
      }

      // The login page carries redirectTo into a hidden field and the sign-up link: as data only.
      const page = await fetch(`${main.url}/login?${new URLSearchParams({ redirectTo })}`);
      expect(page.status, label).toBe(200);
      const html = await page.text();
      for (const [, href] of html.matchAll(/href="([^"]*)"/g)) {
        expect(href, `login page link for ${label}`).toMatch(/^(\/(?![/\\])|#)/);
      }
      expect(html).not.toContain("<script>alert(1)");
    }
    // Control: a local path is honoured.
    const ok = await new Client(main.url).post("/login", {
      email,
      password: PASSWORD,
      redirectTo: "/account?tab=1",
    });
    expect(ok.headers.get("Location")).toBe("/account?tab=1");
  });

  it("the login redirect built from a hostile request path still ends on this site", async () => {
    const { email } = await newUser(main, "redirect-path");
    for (const p of [
      "//evil.com/engagements",
      "/engagements/%2F%2Fevil.com",
      "//engagements",
      "/\\evil.com/account",
    ]) {
      const res = await fetch(main.url + p, { redirect: "manual" });
      await res.arrayBuffer();
      if (res.status !== 302) {
        expect(res.status, p).toBe(404);
        continue;
      }
      const location = res.headers.get("Location")!;
      expectLocal(location, `anonymous ${p}`);
      const redirectTo = new URL(location, main.url).searchParams.get("redirectTo") ?? "";
      const login = await new Client(main.url).post("/login", { email, password: PASSWORD, redirectTo });
      expect(login.status, p).toBe(302);
      expectLocal(login.headers.get("Location"), `after login from ${p}`);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// V5.3.3: free text is output-encoded wherever it is shown

const ATTACK = `<script>alert(1)</script> "><img src=x onerror=alert(1)> {{7*7}}`;
const tagged = (label: string) => `${label} ${ATTACK}`;
const escapeHtml = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#x27;");

describe("free text renders as text", () => {
  it("escapes names, descriptions, notes, comments and item titles on every page", async () => {
    const founderName = tagged("FOUNDERNAME").slice(0, 100);
    const { client: founder } = await newUser(main, "xss-founder", { name: founderName });
    const engagementName = tagged("ENGNAME");
    const res = await founder.post("/engagements/new", {
      name: engagementName,
      description: tagged("ENGDESC"),
    });
    expect(res.status).toBe(302);
    const id = /^\/engagements\/([^/]+)/.exec(res.headers.get("Location")!)![1]!;

    // An answer with a note, on the first area.
    const q = areaChoice[0];
    const saved = await founder.post(`/engagements/${id}/assess/${firstArea.id}`, {
      intent: "autosave",
      q: q.id,
      [`a:${q.id}`]: q.options[0].id,
      [`note:${q.id}`]: tagged("ANSWERNOTE"),
      [`v:${q.id}`]: "0",
    });
    expect(saved.status).toBe(200);

    // A partner with a hostile name joins, shapes the plan, reviews the answer and publishes.
    const token = await inviteToken(main, founder, id, "partner");
    const { client: partner } = await newUser(main, "xss-partner", { name: tagged("PARTNERNAME") });
    expect((await partner.post(`/invite/${token}`, {})).status).toBe(302);
    expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
    const custom = (title: string, description = "") =>
      partner.post(`/engagements/${id}/plan`, {
        intent: "custom",
        title,
        description,
        area: firstArea.id,
        phase: "hardening",
        "estimate.optimistic": "1",
        "estimate.likely": "2",
        "estimate.pessimistic": "3",
      });
    expect((await custom(tagged("ITEMTITLE"), tagged("ITEMDESC"))).status).toBe(302);
    const formulas = ['=HYPERLINK("https://evil.example","click")', "+1+1", "-2+3", "@SUM(1+1)"];
    for (const f of formulas) expect((await custom(f, "=1+1")).status).toBe(302);
    const itemId = query<{ id: string }>(
      main,
      "select id from plan_items where engagement_id = ? and title = ?",
      id,
      tagged("ITEMTITLE"),
    )[0].id;
    expect(
      (
        await founder.post(`/engagements/${id}/plan/${itemId}`, {
          intent: "comment",
          itemId,
          body: tagged("COMMENT"),
        })
      ).status,
    ).toBe(302);
    const verified = await partner.post(`/engagements/${id}/assess/review`, {
      intent: "verify",
      questionId: q.id,
      version: String(answerVersion(main, id, q.id)),
      note: tagged("REVIEWNOTE"),
    });
    expect(verified.status).toBe(302);
    const published = await partner.post(`/engagements/${id}/proposals`, {
      assumptions: tagged("ASSUMPTIONS"),
      exclusions: tagged("EXCLUSIONS"),
    });
    expect(published.status).toBe(302);
    const proposalPath = published.headers.get("Location")!;

    const pages: Array<[string, string[]]> = [
      ["/engagements", ["ENGNAME"]],
      [`/engagements/${id}`, ["ENGNAME", "ENGDESC"]],
      [`/engagements/${id}/assess/${firstArea.id}`, ["ENGNAME", "ANSWERNOTE"]],
      [`/engagements/${id}/assess/review`, ["ENGNAME", "ANSWERNOTE", "REVIEWNOTE"]],
      [`/engagements/${id}/results`, ["ENGNAME"]],
      [`/engagements/${id}/plan`, ["ENGNAME", "ITEMTITLE"]],
      [`/engagements/${id}/plan/${itemId}`, ["ENGNAME", "ITEMTITLE", "ITEMDESC", "COMMENT", "FOUNDERNAME"]],
      [`/engagements/${id}/proposals`, ["ENGNAME"]],
      [proposalPath, ["ENGNAME", "ITEMTITLE", "ASSUMPTIONS", "EXCLUSIONS", "PARTNERNAME"]],
      [`/engagements/${id}/members`, ["ENGNAME", "FOUNDERNAME", "PARTNERNAME"]],
      [`/engagements/${id}/settings`, ["ENGNAME", "ENGDESC"]],
    ];
    const fullText: Record<string, string> = {
      FOUNDERNAME: founderName,
      ENGNAME: engagementName,
    };
    for (const [url, labels] of pages) {
      for (const viewer of [founder, partner]) {
        const page = await viewer.get(url);
        expect(page.status, url).toBe(200);
        const html = await page.text();
        expect(html, `${url}: no raw script tag`).not.toContain("<script>alert(1)");
        expect(html, `${url}: no raw img tag`).not.toContain("<img src=x");
        expect(html, `${url}: no attribute break-out`).not.toMatch(/"><img/);
        for (const label of labels) {
          const shown = fullText[label] ?? tagged(label);
          expect(html, `${url} shows ${label} escaped`).toContain(escapeHtml(shown));
        }
      }
    }

    // The CSV keeps hostile text as plain text, and defuses spreadsheet formulas.
    const csvRes = await founder.get(`/engagements/${id}/plan.csv?all`);
    expect(csvRes.status).toBe(200);
    const disposition = csvRes.headers.get("content-disposition") ?? "";
    expect(disposition).toMatch(
      /^attachment; filename="[\x20\x21\x23-\x5b\x5d-\x7e]+\.csv"; filename\*=UTF-8''[^\s"<>]+$/,
    );
    const rows = readCsv(await csvRes.text());
    const header = rows[0];
    const title = header.indexOf("Title");
    const description = header.indexOf("Description");
    const byTitle = new Map(rows.slice(1).map((r) => [r[title], r]));
    expect(byTitle.get(tagged("ITEMTITLE"))?.[description]).toBe(tagged("ITEMDESC"));
    for (const f of formulas) {
      const row = byTitle.get(`'${f}`);
      expect(row, `formula title ${f} is prefixed`).toBeDefined();
      expect(row![description]).toBe("'=1+1");
    }
    // Ids are written as the app writes them (one in 64 starts with "-"), in its alphabet only: no
    // brackets, quotes or "|", so no function or command (QA pass 7, finding 17).
    const ids = [header.indexOf("ID"), header.indexOf("Depends on IDs")];
    for (const row of rows.slice(1)) {
      row.forEach((cell, n) =>
        ids.includes(n)
          ? expect(cell, "an id cell holds ids").toMatch(/^([A-Za-z0-9_-]+(; [A-Za-z0-9_-]+)*)?$/)
          : expect(cell, "no cell starts a formula").not.toMatch(/^[=+\-@\t\r]/),
      );
    }
  });
});
