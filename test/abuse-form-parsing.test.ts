// Forms and files parsed in bounded time against the real server (docs/decisions/032-bounded-form-
// parsing.md, security audit of 5 Dec 2026, findings 1, 2, 3, 6, 7, 8): many repeats of one name,
// sparse array indexes and Conform's reserved names get a quick 400 with a form-level message, never
// a frozen event loop or a 500; only a live session lifts the 16 KB body limit; arrays in scan and
// export files are refused on their length before their elements are looked at. Behaviour only: the timings are in
// `BENCH_ONLY=forms npm run bench:abuse`; the 5 s client timeouts here only keep a regression from
// hanging the run.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login } from "./support/demo-server";
import { Client, signup, startServer, type TestServer } from "./support/server";

const TOO_MANY = "This form has more fields than any Finishline form sends.";
const ODD = "This form has a field Finishline forms do not send.";
const MADE_UP = "finishline_session=AAAAAAAAAAAAAAAAAAAAAA";

let server: TestServer;
let id: string;
let partner: Client;
let founder: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", LOGIN_RATE_LIMIT: "10000", SIGNUP_RATE_LIMIT: "10000" });
  id = demoEngagementId(server);
  partner = await login(server, DEMO.partner.email);
  founder = await login(server, DEMO.founder.email);
  expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
});
afterAll(async () => {
  await server?.stop();
});

function post(pathname: string, body: string, cookie = "") {
  return fetch(server.url + pathname, {
    method: "POST",
    redirect: "manual",
    body,
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: server.url,
      ...(cookie ? { Cookie: cookie } : {}),
    },
    signal: AbortSignal.timeout(5000),
  });
}

/** Sends `request` and, meanwhile, /ping: both must answer before the 5 s timeout. */
async function withPing(request: () => Promise<Response>) {
  const pending = request();
  await new Promise((r) => setTimeout(r, 50));
  const ping = await fetch(`${server.url}/ping`, { signal: AbortSignal.timeout(5000) });
  expect(ping.status).toBe(200);
  const res = await pending;
  return { status: res.status, text: await res.text() };
}

describe("one field name repeated many times (finding 1)", () => {
  it("anonymous, with a made-up session cookie: 45k repeats (135 KB) are over the 16 KB limit", async () => {
    const res = await withPing(() => post("/forgot-password", "a=&".repeat(45_000), MADE_UP));
    expect(res.status).toBe(413);
    expect(res.text).toMatch(/at most 16 KB here/);
  });

  it("anonymous, within 16 KB: 5,000 repeats are more fields than any form sends", async () => {
    const res = await withPing(() => post("/forgot-password", "a=&".repeat(5000)));
    expect(res.status).toBe(400);
    expect(res.text).toContain(TOO_MANY);
  });

  it("signed in: 45k and 150k repeats get 400 with the message, /ping still answers", async () => {
    for (const n of [45_000, 150_000]) {
      const res = await withPing(() => post("/engagements/new", "a=&".repeat(n), partner.cookieHeader()));
      expect(res.status).toBe(400);
      expect(res.text).toContain(TOO_MANY);
    }
    // The plan form too (490 KB of `item=!`).
    const res = await withPing(() =>
      post(
        `/engagements/${id}/plan`,
        "intent=bulk-scope&" + "item=!&".repeat(70_000),
        partner.cookieHeader(),
      ),
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain(TOO_MANY);
  });

  it("the largest real form still passes: the bulk scope form with every item ticked", async () => {
    const db = new Database(server.dbFile, { readonly: true });
    const items = db.prepare("select id, version from plan_items where engagement_id = ?").all(id) as Array<{
      id: string;
      version: number;
    }>;
    db.close();
    const res = await partner.post(`/engagements/${id}/plan`, {
      intent: "bulk-scope",
      target: "ticked",
      scope: "included",
      item: items.map((i) => `${i.id}:${i.version}`),
    });
    expect(res.status).toBe(302);
    // And a form just under the cap passes both layers (the estimates table ignores unknown rows).
    const body = new URLSearchParams({ reason: "x" });
    for (let i = 1; i < 2500; i++) body.append(`o.none${i}`, "1");
    const near = await post(`/engagements/${id}/plan/estimates`, body.toString(), partner.cookieHeader());
    expect(near.status).toBe(302);
    expect(near.headers.get("Location")).toMatch(/estimates=0/);
  });
});

describe("sparse array indexes (finding 2)", () => {
  for (const [field, intent] of [
    ["dependsOn[300000]", "dependencies"],
    ["item[1000000]", "bulk-scope"],
    ["item[00000000000000000001]", "bulk-scope"],
  ] as const) {
    it(`${field}: 400 at once, with a form-level message`, async () => {
      const body = new URLSearchParams({ intent, target: "ticked", scope: "in", itemId: "x", version: "1" });
      body.append(field, "a:1");
      const res = await withPing(() =>
        post(`/engagements/${id}/plan`, body.toString(), partner.cookieHeader()),
      );
      expect(res.status).toBe(400);
      expect(res.text).toContain(ODD);
    });
  }

  it("on an anonymous form as well", async () => {
    const res = await withPing(() => post("/signup", "email[300000]=a"));
    expect(res.status).toBe(400);
    expect(res.text).toContain(ODD);
  });
});

describe("Conform's reserved names (finding 7)", () => {
  for (const body of [
    "__state__=x",
    "__intent__=x",
    "__intent__=a&__intent__=b",
    "email=a%40b.c&__state__=%7B%7D",
  ]) {
    for (const pathname of [
      "/login",
      "/signup",
      "/forgot-password",
      "/reset-password/AAAAAAAAAAAAAAAAAAAAAA",
    ]) {
      it(`${body} on ${pathname}: 400, not 500`, async () => {
        const res = await post(pathname, body);
        expect(res.status).toBe(400);
        expect(await res.text()).toContain(ODD);
      });
    }
  }

  it("on a signed-in form (the plan) too", async () => {
    const res = await post(`/engagements/${id}/plan`, "intent=generate&__intent__=x", partner.cookieHeader());
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(ODD);
  });
});

describe("only a live session lifts the 16 KB limit (finding 8)", () => {
  const big = `email=${"a".repeat(100 * 1024)}`;
  const bigName = `name=${"a".repeat(100 * 1024)}`;

  it("a made-up cookie of the right shape gets 413 on a 100 KB anonymous body", async () => {
    for (const cookie of [MADE_UP, "__Host-finishline=AAAAAAAAAAAAAAAAAAAAAA"]) {
      const res = await post("/forgot-password", big, cookie);
      expect(res.status).toBe(413);
      expect(await res.text()).toMatch(/at most 16 KB here/);
    }
  });

  it("a live session gets the 512 KB limit; the same cookie once logged out, or idle too long, does not", async () => {
    const user = new Client(server.url);
    await signup(user, `live-${Date.now()}@example.com`);
    const live = await post("/engagements/new", bigName, user.cookieHeader());
    expect(live.status).toBe(400); // read, and refused by validation (the name is too long): not 413

    const expired = new Client(server.url);
    await signup(expired, `idle-${Date.now()}@example.com`);
    const db = new Database(server.dbFile);
    db.pragma("busy_timeout = 5000");
    db.prepare(
      "update sessions set last_seen_at = 0 where user_id = (select id from users where email like 'idle-%')",
    ).run();
    db.close();
    expect((await post("/engagements/new", bigName, expired.cookieHeader())).status).toBe(413);

    const cookie = user.cookieHeader();
    expect((await user.post("/logout", {})).status).toBe(302);
    expect((await post("/engagements/new", bigName, cookie)).status).toBe(413);
  });
});

describe("arrays in files are refused on their length first (findings 3 and 6)", () => {
  it("a scan file whose findings are a million zeros: 400 with the length message, /ping answers", async () => {
    const json = `{"format":"finishline-scan","formatVersion":1,"scannedAt":"2026-01-01T00:00:00Z","rulesVersion":"x","findings":[${new Array(1_000_000).fill("0").join(",")}]}`;
    const form = new FormData();
    form.set("intent", "import");
    form.set("scanFile", new Blob([json], { type: "application/json" }), "scan.json");
    const res = await withPing(() =>
      fetch(`${server.url}/engagements/${id}/assess/code`, {
        method: "POST",
        body: form,
        redirect: "manual",
        headers: { Origin: server.url, Cookie: founder.cookieHeader() },
        signal: AbortSignal.timeout(5000),
      }),
    );
    expect(res.status).toBe(400);
    expect(res.text).toMatch(
      /This is not a Finishline scan file \(Array must contain at most 2000 element\(s\) at findings\)/,
    );
  });

  it("a hostile import (2.5M answers) beside a valid one: the valid one imports", async () => {
    const exported = await (await founder.get(`/engagements/${id}/export.json`)).text();
    const attacker = new Client(server.url);
    await signup(attacker, `attacker-${Date.now()}@example.com`);
    const bystander = new Client(server.url);
    await signup(bystander, `bystander-${Date.now()}@example.com`);
    const hostile = `{"format":"finishline.engagement","version":1,"answers":[${new Array(2_500_000).fill("0").join(",")}]}`;
    const first = attacker.importFile(hostile);
    await new Promise((r) => setTimeout(r, 200));
    const second = bystander.importFile(exported);
    const [a, b] = await Promise.all([first, second]);
    expect(a.status).toBe(400);
    expect(await a.text()).toMatch(/This export has values Finishline can(&#x27;|')t use/);
    expect(b.status).toBe(302);
    expect(b.headers.get("Location")).toMatch(/^\/engagements\/[^/]+/);
  });
});

describe("custom item text without control characters (finding 10)", () => {
  const custom = (title: string, description: string) =>
    partner.post(`/engagements/${id}/plan/new`, {
      intent: "custom",
      title,
      description,
      area: "payments",
      phase: "hardening",
      "estimate.optimistic": "2",
      "estimate.likely": "4",
      "estimate.pessimistic": "8",
    });

  it("a NUL or BEL in the title, or in the description, is refused beside its field", async () => {
    const title = await custom("Bad\u0000title\u0007", "fine");
    expect(title.status).toBe(400);
    expect(await title.text()).toContain("Keep the title on one line, without control characters.");
    const description = await custom("A good title", "bell\u0007 and nul\u0000");
    expect(description.status).toBe(400);
    expect(await description.text()).toContain("Remove the control characters from the description");
  });

  it("line breaks and tabs in the description are fine, and the CSV has no control characters", async () => {
    const res = await custom("Plain title", "line one\r\nline two\tand a tab");
    expect(res.status).toBe(302);
    const csv = await (await partner.get(`/engagements/${id}/plan.csv`)).text();
    expect(csv).toContain("Plain title");
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    expect(csv).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });
});
