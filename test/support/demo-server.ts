// Helpers for tests that run against a server seeded with the demo engagement.
import Database from "better-sqlite3";

import { DEMO } from "../../db/seed.server";

import { Client, confirmEmail, signup, type TestServer } from "./server";

export async function login(
  server: TestServer,
  email: string,
  password: string = DEMO.password,
): Promise<Client> {
  const c = new Client(server.url);
  const res = await c.post("/login", { email, password });
  if (res.status !== 302) throw new Error(`login failed for ${email}: ${res.status}`);
  return c;
}

export function demoEngagementId(server: TestServer): string {
  const db = new Database(server.dbFile, { readonly: true });
  try {
    return (db.prepare("select id from engagements where name = 'CartPilot'").get() as { id: string }).id;
  } finally {
    db.close();
  }
}

/** Runs a read-only query against the server's SQLite file. */
export function query<T>(server: TestServer, sql: string, ...params: unknown[]): T[] {
  const db = new Database(server.dbFile, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Adds a new account, its email confirmed, to an engagement through the real invitation flow. */
export async function addMember(
  server: TestServer,
  founder: Client,
  engagementId: string,
  role: "viewer" | "partner",
): Promise<Client> {
  const member = new Client(server.url);
  const email = `${role}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  await signup(member, email);
  // Confirmed through the emailed link, so the member gets notifications as a real one would.
  await confirmEmail(server, email);
  await join(founder, engagementId, role, member);
  return member;
}

/** `member` (signed in) joins the engagement with `role`, invited by `founder`. */
export async function join(
  founder: Client,
  engagementId: string,
  role: "founder" | "viewer" | "partner",
  member: Client,
): Promise<void> {
  const res = await founder.post(`/engagements/${engagementId}/members`, { intent: "invite", role });
  const html = await res.text();
  const token = /\/invite\/([A-Za-z0-9_-]{22})/.exec(html)?.[1];
  if (!token) throw new Error(`no invite link in the members page (${res.status})`);
  const joined = await member.post(`/invite/${token}`, {});
  if (joined.status !== 302) throw new Error(`join failed: ${joined.status}`);
}

/**
 * The demo engagement with a plan and proposal 1, published by the partner and accepted by the
 * founder, through the real routes.
 */
export async function acceptedProposal(
  server: TestServer,
  founder: Client,
  partner: Client,
  engagementId: string,
) {
  const ok = (res: Response, what: string) => {
    if (res.status !== 302) throw new Error(`${what} failed: ${res.status}`);
  };
  ok(await partner.post(`/engagements/${engagementId}/plan`, { intent: "generate" }), "plan");
  ok(
    await partner.post(`/engagements/${engagementId}/proposals`, { assumptions: "a", exclusions: "b" }),
    "publish",
  );
  const [{ snapshot_hash: snapshotHash }] = query<{ snapshot_hash: string }>(
    server,
    "select snapshot_hash from proposals where engagement_id = ? and number = 1",
    engagementId,
  );
  ok(
    await founder.post(`/engagements/${engagementId}/proposals/1`, { snapshotHash, confirm: "on" }),
    "accept",
  );
}

/**
 * Sets the engagement's hourly rate in Settings, then publishes version `number` and has the founder
 * accept it, through the real routes: a new agreement at a new rate (decision 042: time already
 * logged keeps the rate it was logged at).
 */
export async function agreeAtRate(
  server: TestServer,
  founder: Client,
  partner: Client,
  engagementId: string,
  { hourlyRate, number }: { hourlyRate: number; number: number },
) {
  const ok = (res: Response, what: string) => {
    if (res.status !== 302) throw new Error(`${what} failed: ${res.status}`);
  };
  const [e] = query<{
    name: string;
    description: string;
    currency: string;
    team_size: number;
    weekly_capacity: number;
    version: number;
  }>(
    server,
    "select name, description, currency, team_size, weekly_capacity, version from engagements where id = ?",
    engagementId,
  );
  ok(
    await partner.post(`/engagements/${engagementId}/settings`, {
      name: e!.name,
      description: e!.description,
      currency: e!.currency,
      hourlyRate: String(hourlyRate),
      teamSize: String(e!.team_size),
      weeklyCapacity: String(e!.weekly_capacity),
      version: String(e!.version),
    }),
    "settings",
  );
  ok(
    await partner.post(`/engagements/${engagementId}/proposals`, {
      assumptions: "a",
      exclusions: "b",
      number: String(number),
    }),
    "publish",
  );
  const [{ h }] = query<{ h: string }>(
    server,
    "select snapshot_hash as h from proposals where engagement_id = ? and number = ?",
    engagementId,
    number,
  );
  ok(
    await founder.post(`/engagements/${engagementId}/proposals/${number}`, {
      snapshotHash: h,
      confirm: "on",
    }),
    "accept",
  );
}

export { DEMO };

/**
 * Logs time on a plan item as its page's form does (decision 042): with the item's current version,
 * today unless `fields` says another day.
 */
export function logTime(
  server: TestServer,
  client: Client,
  engagementId: string,
  itemId: string,
  fields: Record<string, string>,
) {
  const [{ version }] = query<{ version: number }>(
    server,
    "select version from plan_items where id = ?",
    itemId,
  );
  return client.post(`/engagements/${engagementId}/plan/${itemId}`, {
    intent: "log-time",
    itemId,
    version: String(version),
    day: new Date().toISOString().slice(0, 10),
    ...fields,
  });
}
