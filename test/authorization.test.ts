// The authorization matrix: every loader and action × founder, partner, viewer, non-member and
// anonymous. Allowed roles succeed; the rest get 404 (non-members: ids don't leak), 403 (members
// without the permission) or a login redirect (anonymous) — and the database is unchanged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { fixtureZip } from "./support/archives";
import { addMember, DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { Client, signup, startServer, type TestServer } from "./support/server";

type Who = "founder" | "partner" | "viewer" | "stranger" | "anonymous";
const EVERYONE: Who[] = ["founder", "partner", "viewer", "stranger", "anonymous"];

let server: TestServer;
let id: string;
const clients = {} as Record<Who, Client>;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", SIGNUP_RATE_LIMIT: "1000" });
  id = demoEngagementId(server);
  clients.founder = await login(server, DEMO.founder.email);
  clients.partner = await login(server, DEMO.partner.email);
  clients.viewer = await addMember(server, clients.founder, id, "viewer");
  clients.stranger = new Client(server.url);
  await signup(clients.stranger, `stranger-${Date.now()}@example.com`);
  clients.anonymous = new Client(server.url);
  // A plan and a published, accepted-able proposal so every route has something to show.
  await clients.partner.post(`/engagements/${id}/plan`, { intent: "generate" });
  await clients.partner.post(`/engagements/${id}/proposals`, { assumptions: "a", exclusions: "b" });
  // A scan of the example app, so there are code suggestions to decide on.
  const form = new FormData();
  form.append("intent", "upload");
  form.append("archive", new Blob([new Uint8Array(fixtureZip("ai-built"))]), "app.zip");
  const scan = await fetch(`${server.url}/engagements/${id}/assess/code`, {
    method: "POST",
    body: form,
    redirect: "manual",
    headers: {
      Cookie: [...clients.founder.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      Origin: server.url,
    },
  });
  if (scan.status !== 302) throw new Error(`scan upload failed: ${scan.status}`);
});
afterAll(async () => {
  await server?.stop();
});

function fingerprint(): string {
  const one = (sql: string) => JSON.stringify(query(server, sql, id));
  return [
    one("select count(*) n, coalesce(sum(version), 0) v from answers where engagement_id = ?"),
    one(
      "select count(*) n, coalesce(sum(version), 0) v, group_concat(scope) s from plan_items where engagement_id = ?",
    ),
    one("select count(*) n, count(accepted_at) a from proposals where engagement_id = ?"),
    one("select count(*) n from comments where engagement_id = ?"),
    one("select count(*) n from invitations where engagement_id = ?"),
    one("select count(*) n, group_concat(role) r from memberships where engagement_id = ?"),
    one("select version, hourly_rate, name from engagements where id = ?"),
    one("select count(*) n from activity where engagement_id = ?"),
    one("select count(*) n, group_concat(status) s from evidence_suggestions where engagement_id = ?"),
  ].join("|");
}

const firstItem = () =>
  query<{ id: string; version: number }>(
    server,
    "select id, version from plan_items where engagement_id = ? order by position limit 1",
    id,
  )[0];
const answerVersion = (q: string) =>
  query<{ version: number }>(
    server,
    "select version from answers where engagement_id = ? and question_id = ?",
    id,
    q,
  )[0]?.version ?? 0;
const engagementVersion = () =>
  query<{ version: number }>(server, "select version from engagements where id = ?", id)[0].version;
// The newest version: only it can be accepted (an older one is superseded by it).
const newestProposal = () =>
  query<{ number: number; snapshot_hash: string }>(
    server,
    "select number, snapshot_hash from proposals where engagement_id = ? order by number desc limit 1",
    id,
  )[0];
const proposalHash = () => newestProposal().snapshot_hash;

describe("every page is for members only", () => {
  const pages = [
    "",
    "/assess",
    "/assess/auth",
    "/assess/review",
    "/assess/code",
    "/results",
    "/plan",
    "/plan.csv",
    "/proposals",
    "/proposals/1",
    "/members",
    "/settings",
    "/export.json",
    "/report.pdf",
    "/proposals/1.pdf",
  ];
  for (const page of pages) {
    it(`GET /engagements/:id${page}`, async () => {
      for (const who of EVERYONE) {
        const res = await clients[who].get(`/engagements/${id}${page}`);
        const expected = who === "stranger" ? 404 : who === "anonymous" ? 302 : 200;
        expect(res.status, `${who} GET ${page}`).toBe(expected);
        if (who === "anonymous") expect(res.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
        await res.arrayBuffer();
      }
    });
  }

  it("GET the partner's plan tools (estimates table, new item): partners only", async () => {
    for (const page of ["/plan/estimates", "/plan/new"]) {
      for (const who of EVERYONE) {
        const res = await clients[who].get(`/engagements/${id}${page}`);
        const expected = who === "stranger" ? 404 : who === "anonymous" ? 302 : who === "partner" ? 200 : 403;
        expect(res.status, `${who} GET ${page}`).toBe(expected);
        await res.arrayBuffer();
      }
    }
  });

  it("GET a plan item page", async () => {
    const item = firstItem();
    for (const who of EVERYONE) {
      const res = await clients[who].get(`/engagements/${id}/plan/${item.id}`);
      expect(res.status, who).toBe(who === "stranger" ? 404 : who === "anonymous" ? 302 : 200);
    }
  });
});

type ActionCase = {
  name: string;
  path: () => string;
  body: () => Record<string, string | string[]>;
  allowed: Who[];
  okStatus: number;
};

const pendingSuggestion = () =>
  query<{ id: string }>(
    server,
    "select id from evidence_suggestions where engagement_id = ? and status = 'pending' order by rowid limit 1",
    id,
  )[0].id;

/** The newest bulk scope change on the engagement: its activity id, which an Undo posts. */
const lastBulkChange = () =>
  query<{ id: number }>(
    server,
    "select id from activity where engagement_id = ? and kind = 'plan.scope-many' order by id desc limit 1",
    id,
  )[0].id;

const actions: ActionCase[] = [
  {
    name: "decide on a suggestion from the code",
    path: () => `/engagements/${id}/assess/code`,
    body: () => ({ decide: `reject:${pendingSuggestion()}` }),
    allowed: ["founder", "partner"],
    okStatus: 302,
  },
  {
    name: "autosave an answer",
    path: () => `/engagements/${id}/assess/auth`,
    body: () => ({
      intent: "autosave",
      q: "auth.admin-checks",
      "a:auth.admin-checks": "server-role",
      "v:auth.admin-checks": String(answerVersion("auth.admin-checks")),
    }),
    allowed: ["founder"],
    okStatus: 200,
  },
  {
    name: "save intake answers",
    path: () => `/engagements/${id}/assess?index`,
    body: () => ({
      intent: "autosave",
      q: "intake.app-kind",
      "a:intake.app-kind": "saas",
      "v:intake.app-kind": String(answerVersion("intake.app-kind")),
    }),
    allowed: ["founder"],
    okStatus: 200,
  },
  {
    name: "verify an answer",
    path: () => `/engagements/${id}/assess/review`,
    body: () => ({
      intent: "verify",
      questionId: "auth.password-reset",
      version: String(answerVersion("auth.password-reset")),
      note: "checked",
    }),
    allowed: ["partner"],
    okStatus: 302,
  },
  {
    name: "change settings",
    path: () => `/engagements/${id}/settings`,
    body: () => ({
      name: "CartPilot",
      description: "",
      stage: "beta",
      currency: "EUR",
      hourlyRate: "96",
      teamSize: "2",
      weeklyCapacity: "30",
      version: String(engagementVersion()),
    }),
    allowed: ["founder", "partner"],
    okStatus: 302,
  },
  {
    name: "change an item's scope",
    path: () => `/engagements/${id}/plan`,
    body: () => ({
      intent: "scope",
      itemId: firstItem().id,
      version: String(firstItem().version),
      scope: "deferred",
    }),
    allowed: ["partner"],
    okStatus: 302,
  },
  {
    name: "add a custom item",
    path: () => `/engagements/${id}/plan`,
    body: () => ({
      intent: "custom",
      title: "Custom work",
      area: "ops",
      phase: "hardening",
      "estimate.optimistic": "1",
      "estimate.likely": "2",
      "estimate.pessimistic": "3",
    }),
    allowed: ["partner"],
    okStatus: 302,
  },
  {
    name: "add a custom item on its own page",
    path: () => `/engagements/${id}/plan/new`,
    body: () => ({
      intent: "custom",
      title: "Custom work on its page",
      area: "ops",
      phase: "scale",
      "estimate.optimistic": "1",
      "estimate.likely": "2",
      "estimate.pessimistic": "3",
    }),
    allowed: ["partner"],
    okStatus: 302,
  },
  {
    name: "change the scope of ticked items from the list form",
    path: () => `/engagements/${id}/plan`,
    body: () => ({
      intent: "bulk-scope",
      target: "ticked",
      item: `${firstItem().id}:${firstItem().version}`,
      scope: "excluded",
    }),
    allowed: ["partner"],
    okStatus: 302,
  },
  {
    name: "drag an item to a position in the list",
    path: () => `/engagements/${id}/plan`,
    body: () => ({ op: `move-to:${firstItem().id}:${firstItem().version}:2` }),
    allowed: ["partner"],
    okStatus: 302,
  },
  {
    name: "change the scope of a whole phase",
    path: () => `/engagements/${id}/plan`,
    body: () => ({ intent: "bulk-scope", target: "phase:scale", scope: "deferred" }),
    allowed: ["partner"],
    okStatus: 302,
  },
  {
    name: "undo a bulk scope change",
    path: () => `/engagements/${id}/plan`,
    // The change of the case above (the partner's): the form carries only its id.
    body: () => ({ intent: "bulk-undo", changeId: String(lastBulkChange()) }),
    allowed: ["partner"],
    okStatus: 302,
  },
  {
    name: "move an item to a position",
    path: () => `/engagements/${id}/plan/${firstItem().id}`,
    body: () => ({
      intent: "move-to",
      itemId: firstItem().id,
      version: String(firstItem().version),
      position: "3",
    }),
    allowed: ["partner"],
    okStatus: 302,
  },
  {
    name: "edit estimates in the table",
    path: () => `/engagements/${id}/plan/estimates`,
    body: () => ({
      [`o.${firstItem().id}`]: "1",
      [`m.${firstItem().id}`]: String(2 + Math.random()).slice(0, 4),
      [`p.${firstItem().id}`]: "9",
      [`v.${firstItem().id}`]: String(firstItem().version),
      reason: "Checked the code",
    }),
    allowed: ["partner"],
    okStatus: 302,
  },
  {
    name: "regenerate the plan",
    path: () => `/engagements/${id}/plan`,
    body: () => ({ intent: "generate" }),
    allowed: ["partner"],
    okStatus: 302,
  },
  {
    name: "comment on an item",
    path: () => `/engagements/${id}/plan/${firstItem().id}`,
    body: () => ({ intent: "comment", itemId: firstItem().id, body: "A question" }),
    allowed: ["founder", "partner", "viewer"],
    okStatus: 302,
  },
  {
    name: "comment on a proposal version",
    path: () => `/engagements/${id}/proposals/1`,
    body: () => ({ intent: "comment", body: "What does week one need from us?" }),
    allowed: ["founder", "partner", "viewer"],
    okStatus: 302,
  },
  {
    name: "verify several answers at once",
    path: () => `/engagements/${id}/assess/review`,
    body: () => {
      const [row] = query<{ question_id: string; version: number }>(
        server,
        "select question_id, version from answers where engagement_id = ? and review is null limit 1",
        id,
      );
      return { intent: "verify-selected", answer: `${row!.question_id}:${row!.version}` };
    },
    allowed: ["partner"],
    okStatus: 302,
  },
  {
    name: "publish a proposal",
    path: () => `/engagements/${id}/proposals`,
    body: () => ({ assumptions: "x", exclusions: "y" }),
    allowed: ["partner"],
    okStatus: 302,
  },
  {
    name: "accept a proposal",
    path: () => `/engagements/${id}/proposals/${newestProposal().number}`,
    body: () => ({ snapshotHash: proposalHash(), confirm: "on" }),
    allowed: ["founder"],
    okStatus: 302,
  },
  {
    name: "invite a member",
    path: () => `/engagements/${id}/members`,
    body: () => ({ intent: "invite", role: "viewer" }),
    allowed: ["founder"],
    okStatus: 200,
  },
];

describe("every action checks membership and role on the server", () => {
  for (const action of actions) {
    it(action.name, async () => {
      const refused = EVERYONE.filter((w) => !action.allowed.includes(w));
      for (const who of refused) {
        const before = fingerprint();
        const res = await clients[who].post(action.path(), action.body());
        const expected = who === "stranger" ? 404 : who === "anonymous" ? 302 : 403;
        expect(res.status, `${who} ${action.name}`).toBe(expected);
        await res.arrayBuffer();
        expect(fingerprint(), `${who} ${action.name} changed nothing`).toBe(before);
      }
      for (const who of action.allowed) {
        const before = fingerprint();
        const res = await clients[who].post(action.path(), action.body());
        expect(
          res.status,
          `${who} ${action.name}: ${res.status === 400 ? await res.clone().text() : ""}`.slice(0, 300),
        ).toBe(action.okStatus);
        await res.arrayBuffer();
        expect(fingerprint(), `${who} ${action.name} changed something`).not.toBe(before);
      }
    });
  }

  it("a malformed plan form from a role that may not send it is 403, not a list of field errors", async () => {
    const cases: Array<[Who, Record<string, string>]> = [
      ["viewer", { intent: "scope", scope: "nonsense" }],
      ["viewer", { intent: "status", status: "nonsense" }],
      ["founder", { intent: "log-time", hours: "-3" }],
      ["viewer", { intent: "edit-time", hours: "-3" }],
      ["founder", { intent: "estimate", optimistic: "x" }],
      ["partner", { intent: "comment" }],
    ];
    for (const [who, body] of cases) {
      const before = fingerprint();
      const res = await clients[who].post(`/engagements/${id}/plan`, body);
      expect(res.status, `${who} ${body.intent}`).toBe(who === "partner" ? 400 : 403);
      await res.arrayBuffer();
      expect(fingerprint()).toBe(before);
    }
  });

  it("ignores fields a form should not control (mass assignment)", async () => {
    const before = query<{ role: string }>(
      server,
      "select role from memberships m join users u on u.id = m.user_id where m.engagement_id = ? and u.email = ?",
      id,
      DEMO.partner.email,
    )[0];
    // A partner posting role/engagementId/createdBy to settings changes settings only.
    const otherEngagement =
      query<{ id: string }>(server, "select id from engagements where id != ? limit 1", id)[0]?.id ?? "nope";
    const res = await clients.partner.post(`/engagements/${id}/settings`, {
      name: "CartPilot",
      description: "",
      stage: "beta",
      currency: "EUR",
      hourlyRate: "97",
      teamSize: "2",
      weeklyCapacity: "30",
      version: String(engagementVersion()),
      role: "founder",
      engagementId: otherEngagement,
      createdBy: "someone",
      contentVersion: "forged",
    });
    expect(res.status).toBe(302);
    const row = query<{ hourly_rate: number; content_version: string; created_by: string }>(
      server,
      "select hourly_rate, content_version, created_by from engagements where id = ?",
      id,
    )[0];
    expect(row.hourly_rate).toBe(97);
    expect(row.content_version).not.toBe("forged");
    expect(row.created_by).not.toBe("someone");
    const after = query<{ role: string }>(
      server,
      "select role from memberships m join users u on u.id = m.user_id where m.engagement_id = ? and u.email = ?",
      id,
      DEMO.partner.email,
    )[0];
    expect(after.role).toBe(before.role);
    // An item id from another engagement is not found, even for a partner here.
    const foreign = await clients.partner.post(`/engagements/${id}/plan`, {
      intent: "scope",
      itemId: "not-an-item-here",
      version: "1",
      scope: "excluded",
    });
    expect(foreign.status).toBe(404);
  });
});
