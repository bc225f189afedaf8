// What is out is visible: the partner says why items are excluded or deferred (on the item page or
// for many at once), and the published proposal and the plan CSV show them with their reasons.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseCsvText } from "csv-parse/sync";

import { FALLBACK_REASONS } from "../app/engine/out-of-scope";

import { DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { Client, startServer, type TestServer } from "./support/server";

/** RFC 4180 rows, through csv-parse (the BOM Excel needs is skipped). */
const readCsv = (text: string): string[][] => parseCsvText(text, { bom: true, relaxColumnCount: true });

let server: TestServer;
let partner: Client;
let founder: Client;
let id: string;

type Row = {
  id: string;
  title: string;
  scope: string;
  scope_reason: string | null;
  version: number;
  phase: string;
};
const items = () =>
  query<Row>(server, "select * from plan_items where engagement_id = ? order by position", id);
const text = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/&amp;/g, "&")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"');

const REASON = "The founder's team already runs nightly backups";

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  partner = await login(server, DEMO.partner.email);
  founder = await login(server, DEMO.founder.email);
  expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
});
afterAll(async () => {
  await server?.stop();
});

describe("reasons for what is out", () => {
  it("are offered on the item page, validated, and saved with the scope", async () => {
    const target = items().find((i) => i.phase === "launch-blocker")!;
    const page = text(await (await partner.get(`/engagements/${id}/plan/${target.id}`)).text());
    expect(page).toContain("Reason (shown on the proposal)");

    const tooLong = await partner.post(`/engagements/${id}/plan/${target.id}`, {
      intent: "scope",
      itemId: target.id,
      version: String(target.version),
      scope: "excluded",
      scopeReason: "x".repeat(501),
    });
    expect(tooLong.status).toBe(400);
    expect(text(await tooLong.text())).toContain("Keep the reason to 500 characters or fewer.");
    expect(items().find((i) => i.id === target.id)!.scope).toBe("included");

    const ok = await partner.post(`/engagements/${id}/plan/${target.id}`, {
      intent: "scope",
      itemId: target.id,
      version: String(target.version),
      scope: "excluded",
      scopeReason: REASON,
    });
    expect(ok.status).toBe(302);
    expect(items().find((i) => i.id === target.id)).toMatchObject({
      scope: "excluded",
      scope_reason: REASON,
    });

    // The founder cannot change scope, reason or not.
    const refused = await founder.post(`/engagements/${id}/plan/${target.id}`, {
      intent: "scope",
      itemId: target.id,
      version: String(target.version + 1),
      scope: "included",
      scopeReason: "",
    });
    expect(refused.status).toBe(403);
  });

  it("are offered by the bulk form, which may leave them out", async () => {
    const list = text(await (await partner.get(`/engagements/${id}/plan`)).text());
    expect(list).toContain('aria-label="Change many items at once"');
    // Every row has a tick box in the same form, carrying the item and the version shown.
    for (const item of items())
      expect(list).toContain(
        `name="item" aria-labelledby="item-${item.id}" value="${item.id}:${item.version}"`,
      );
    expect(list).toContain("Why, if out or later (optional, shown on the proposal)");
    const bad = await partner.post(`/engagements/${id}/plan`, {
      intent: "bulk-scope",
      target: "phase:scale",
      scope: "deferred",
      scopeReason: "y".repeat(600),
    });
    expect(bad.status).toBe(400);
    expect(text(await bad.text())).toContain("Keep the reason to 500 characters or fewer.");
    const res = await partner.post(`/engagements/${id}/plan`, {
      intent: "bulk-scope",
      target: "phase:scale",
      scope: "deferred",
      scopeReason: "",
    });
    expect(res.status).toBe(302);
    const scale = items().filter((i) => i.phase === "scale");
    expect(scale.length).toBeGreaterThan(0);
    expect(scale.every((i) => i.scope === "deferred" && i.scope_reason === null)).toBe(true);
  });
});

describe("a published proposal", () => {
  it("shows what is out of scope and what is later, with reasons, apart from the totals", async () => {
    const res = await partner.post(`/engagements/${id}/proposals`, { assumptions: "", exclusions: "" });
    expect(res.status).toBe(302);
    const number = res.headers.get("Location")!.split("/").pop();
    const html = text(await (await founder.get(`/engagements/${id}/proposals/${number}`)).text());
    const scopeAt = html.indexOf('id="scope-heading"');
    const outAt = html.indexOf(">Out of scope</h2>");
    const laterAt = html.indexOf(">Later</h2>");
    expect(scopeAt).toBeGreaterThan(-1);
    expect(outAt).toBeGreaterThan(scopeAt);
    expect(laterAt).toBeGreaterThan(outAt);
    expect(html).toContain(REASON);
    expect(html).toContain(FALLBACK_REASONS.deferred.scale);
    expect(html).toContain("not counted in the totals");

    // The snapshot keeps them apart from the priced items.
    const [row] = query<{ snapshot: string }>(
      server,
      "select snapshot from proposals where engagement_id = ? and number = ?",
      id,
      Number(number),
    );
    const snapshot = JSON.parse(row!.snapshot);
    const out = items().filter((i) => i.scope === "excluded" || i.scope === "deferred");
    expect(snapshot.outOfScope.map((o: { id: string }) => o.id).sort()).toEqual(out.map((i) => i.id).sort());
    expect(snapshot.items.length).toBe(items().filter((i) => i.scope === "included").length);
    expect(snapshot.totals.items).toBe(snapshot.items.length);
  });

  it("published before out-of-scope lists existed still renders", async () => {
    const [row] = query<{ number: number; snapshot: string }>(
      server,
      "select number, snapshot from proposals where engagement_id = ? order by number desc limit 1",
      id,
    );
    const old = JSON.parse(row!.snapshot);
    delete old.outOfScope;
    // Written straight to the file, as a version published by an older build would be.
    const Database = (await import("better-sqlite3")).default;
    const db = new Database(server.dbFile);
    try {
      db.prepare("update proposals set snapshot = ? where engagement_id = ? and number = ?").run(
        JSON.stringify(old),
        id,
        row!.number,
      );
    } finally {
      db.close();
    }
    const res = await founder.get(`/engagements/${id}/proposals/${row!.number}`);
    expect(res.status).toBe(200);
    const html = text(await res.text());
    expect(html).not.toContain(">Out of scope</h2>");
    expect(html).toContain("Scope");
  });
});

describe("the plan CSV", () => {
  it("lists every item, in scope first, with a Scope and a Scope reason column", async () => {
    const res = await founder.get(`/engagements/${id}/plan.csv`);
    expect(res.status).toBe(200);
    const [header, ...rows] = readCsv(await res.text());
    expect(header).toEqual([
      "ID",
      "Order",
      "Title",
      "Description",
      "Done when",
      "Deliverables",
      "Optimistic hours",
      "Likely hours",
      "Pessimistic hours",
      "Expected hours",
      "Cost (EUR)",
      "Phase",
      "Status",
      "Area",
      "Depends on IDs",
      "Depends on",
      "Scope",
      "Scope reason",
      "Owner",
      "Actual hours",
      "Hourly rate",
      "Currency",
      "Rate note",
    ]);
    const scope = header!.indexOf("Scope");
    const reason = header!.indexOf("Scope reason");
    expect(rows.length).toBe(items().length);
    const order = ["Included", "Later", "Out of scope", "Proposed"];
    const scopes = rows.map((r) => r[scope]!);
    expect(scopes.every((s) => order.includes(s))).toBe(true);
    expect([...scopes].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(scopes);
    expect(scopes[0]).toBe("Included");
    expect(scopes).toContain("Later");
    expect(scopes).toContain("Out of scope");

    const excluded = items().find((i) => i.scope === "excluded")!;
    const excludedRow = rows.find((r) => r[header!.indexOf("Title")] === excluded.title)!;
    expect(excludedRow[scope]).toBe("Out of scope");
    expect(excludedRow[reason]).toBe(REASON);
    const later = rows.find((r) => r[scope] === "Later")!;
    expect(later[reason]).toBe(FALLBACK_REASONS.deferred.scale);
    expect(rows.filter((r) => r[scope] === "Included").every((r) => r[reason] === "")).toBe(true);
  });
});

describe("ticked rows", () => {
  it("change only the ticked items, at the version the partner saw, and say what was skipped", async () => {
    const hardening = items().filter((i) => i.phase === "hardening" && i.scope === "included");
    expect(hardening.length).toBeGreaterThan(3);
    const [a, b, c, untouched] = hardening as [Row, Row, Row, Row];
    // Someone else changes c after the page was shown: its ticked version is now stale.
    const other = await partner.post(`/engagements/${id}/plan/${c.id}`, {
      intent: "scope",
      itemId: c.id,
      version: String(c.version),
      scope: "deferred",
      scopeReason: "",
    });
    expect(other.status).toBe(302);
    const res = await partner.post(`/engagements/${id}/plan`, {
      intent: "bulk-scope",
      target: "ticked",
      item: [`${a.id}:${a.version}`, `${b.id}:${b.version}`, `${c.id}:${c.version}`],
      scope: "excluded",
      scopeReason: "Not in this round",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(
      new RegExp(`^/engagements/${id}/plan\\?bulk=\\d+&skipped=1$`),
    );
    const after = new Map(items().map((i) => [i.id, i]));
    expect(after.get(a.id)).toMatchObject({ scope: "excluded", scope_reason: "Not in this round" });
    expect(after.get(b.id)).toMatchObject({ scope: "excluded", scope_reason: "Not in this round" });
    expect(after.get(c.id)!.scope).toBe("deferred");
    expect(after.get(untouched.id)!.scope).toBe("included");
    const page = text(await (await partner.get(res.headers.get("Location")!)).text());
    expect(page).toContain(
      `Excluded 2 items: “${a.title}” and “${b.title}”. 1 ticked item was changed by someone else after you opened the page`,
    );

    // One ticked row is enough (a single value, not a list).
    const one = await partner.post(`/engagements/${id}/plan`, {
      intent: "bulk-scope",
      target: "ticked",
      item: `${untouched.id}:${untouched.version}`,
      scope: "deferred",
      scopeReason: "",
    });
    expect(one.headers.get("Location")).toMatch(new RegExp(`^/engagements/${id}/plan\\?bulk=\\d+$`));
    expect(items().find((i) => i.id === untouched.id)!.scope).toBe("deferred");
  });

  it("are required when the target is the ticked items, and must be readable", async () => {
    const before = items();
    const none = await partner.post(`/engagements/${id}/plan`, {
      intent: "bulk-scope",
      target: "ticked",
      scope: "excluded",
      scopeReason: "",
    });
    expect(none.status).toBe(400);
    expect(text(await none.text())).toContain(
      "Tick the items to change first, or choose a phase or an area.",
    );
    const garbled = await partner.post(`/engagements/${id}/plan`, {
      intent: "bulk-scope",
      target: "ticked",
      item: ["__proto__", "x:y"],
      scope: "excluded",
      scopeReason: "",
    });
    expect(garbled.status).toBe(400);
    expect(text(await garbled.text())).toContain("That selection could not be read. Reload the page.");
    // An id from another engagement matches nothing here.
    const foreign = await partner.post(`/engagements/${id}/plan`, {
      intent: "bulk-scope",
      target: "ticked",
      item: "notAnItemHere:1",
      scope: "excluded",
      scopeReason: "",
    });
    expect(foreign.headers.get("Location")).toBe(`/engagements/${id}/plan?changed=0`);
    expect(items()).toEqual(before);
    // The founder has no tick boxes and cannot post them.
    const first = before[0]!;
    const refused = await founder.post(`/engagements/${id}/plan`, {
      intent: "bulk-scope",
      target: "ticked",
      item: `${first.id}:${first.version}`,
      scope: "excluded",
      scopeReason: "",
    });
    expect(refused.status).toBe(403);
    expect(text(await (await founder.get(`/engagements/${id}/plan`)).text())).not.toContain('name="item"');
  });
});
