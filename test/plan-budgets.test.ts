// Issue 12: "the same item/dependency budgets [as import] apply in the plan UI". PLAN_BUDGET
// (app/utils/export-schema.ts): 200 items, 10 dependencies per item, 600 links in all, and no loops.
// Every refusal goes through the real HTTP actions as an engineering partner; plans are filled up
// quickly by writing rows straight into the server's SQLite file, the way a long-lived plan would
// have them, and each refusal must leave the database exactly as it was.
import crypto from "node:crypto";

import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { PLAN_BUDGET } from "../app/utils/export-schema";

import { addMember, query } from "./support/demo-server";
import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ SIGNUP_RATE_LIMIT: "1000", LOGIN_RATE_LIMIT: "1000" });
});
afterAll(async () => {
  await server?.stop();
});

/** A new engagement with its founder and an engineering partner who joined through an invitation. */
async function engagementWithPartner(name: string) {
  const founder = new Client(server.url);
  await signup(founder, `budget-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`);
  const { id } = await createEngagement(founder, name);
  const partner = await addMember(server, founder, id, "partner");
  return { id, founder, partner };
}

const itemId = () => crypto.randomBytes(9).toString("base64url");

/**
 * Writes `n` custom items (and optional dependency links) straight into the database, after the
 * items already there, and moves the engagement's clock on as the app's own writes do.
 */
function insertItems(
  engagementId: string,
  n: number,
  { prefix = "Filler", links = [] as Array<[number, number]> } = {},
): string[] {
  const db = new Database(server.dbFile);
  try {
    db.pragma("busy_timeout = 5000");
    const ids = Array.from({ length: n }, itemId);
    const now = Date.now();
    db.transaction(() => {
      const last =
        (
          db
            .prepare("select max(position) as p from plan_items where engagement_id = ?")
            .get(engagementId) as { p: number | null }
        ).p ?? 0;
      const insert = db.prepare(
        `insert into plan_items (id, engagement_id, task_id, title, description, area, phase,
           optimistic, likely, pessimistic, estimate_edited, phase_edited, scope, position, updated_at)
         values (?, ?, null, ?, '', 'custom', 'hardening', 1, 2, 4, 1, 1, 'included', ?, ?)`,
      );
      ids.forEach((id, i) => insert.run(id, engagementId, `${prefix} ${i + 1}`, last + i + 1, now));
      const link = db.prepare("insert into plan_item_dependencies (item_id, depends_on_id) values (?, ?)");
      for (const [from, to] of links) link.run(ids[from], ids[to]);
      db.prepare("update engagements set updated_at = max(?, updated_at + 1) where id = ?").run(
        now,
        engagementId,
      );
    })();
    return ids;
  } finally {
    db.close();
  }
}

const itemCount = (id: string) =>
  query<{ n: number }>(server, "select count(*) as n from plan_items where engagement_id = ?", id)[0]!.n;

const linksOf = (itemId: string) =>
  query<{ depends_on_id: string }>(
    server,
    "select depends_on_id from plan_item_dependencies where item_id = ? order by depends_on_id",
    itemId,
  ).map((r) => r.depends_on_id);

const linkCount = (id: string) =>
  query<{ n: number }>(
    server,
    `select count(*) as n from plan_item_dependencies d join plan_items i on i.id = d.item_id
     where i.engagement_id = ?`,
    id,
  )[0]!.n;

const versionOf = (itemId: string) =>
  query<{ version: number }>(server, "select version from plan_items where id = ?", itemId)[0]!.version;

const engagementClock = (id: string) =>
  query<{ updated_at: number }>(server, "select updated_at from engagements where id = ?", id)[0]!.updated_at;

const activityCount = (id: string, kind: string) =>
  query<{ n: number }>(
    server,
    "select count(*) as n from activity where engagement_id = ? and kind = ?",
    id,
    kind,
  )[0]!.n;

const unescape = (html: string) =>
  html
    .replaceAll("<!-- -->", "")
    .replaceAll("&quot;", '"')
    .replaceAll("&#x27;", "'")
    .replaceAll("&amp;", "&");

/** The page as a reader sees it: markup only, without the serialised loader and action data. */
const text = (html: string) => unescape(html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, ""));

/** What the action answered (its data travels in the page's scripts), shown or not. */

const customItem = (title: string) => ({
  intent: "custom",
  title,
  description: "",
  area: "custom",
  phase: "hardening",
  "estimate.optimistic": "1",
  "estimate.likely": "2",
  "estimate.pessimistic": "3",
});

/** Sets an item's dependencies through its page's "Starts after" form. */
function setDependencies(partner: Client, engagementId: string, item: string, dependsOn: string[]) {
  return partner.post(`/engagements/${engagementId}/plan/${item}`, {
    intent: "dependencies",
    itemId: item,
    version: String(versionOf(item)),
    dependsOn,
  });
}

describe("plan items: at most 200", () => {
  it("the 200th custom item is added; the 201st is refused with a clear message and nothing is written", async () => {
    expect(PLAN_BUDGET.items).toBe(200);
    const { id, partner } = await engagementWithPartner("Item budget");
    insertItems(id, 199);
    expect(itemCount(id)).toBe(199);

    const last = await partner.post(`/engagements/${id}/plan/new`, customItem("Item number two hundred"));
    expect(last.status).toBe(302);
    expect(itemCount(id)).toBe(200);
    expect(activityCount(id, "plan.custom")).toBe(1);

    const clock = engagementClock(id);
    const over = await partner.post(`/engagements/${id}/plan/new`, customItem("One item too many"));
    const html = text(await over.text());
    expect(over.status).toBe(400);
    expect(html).toContain("A plan holds at most 200 items.");
    expect(itemCount(id)).toBe(200);
    expect(
      query(
        server,
        "select id from plan_items where engagement_id = ? and title = ?",
        id,
        "One item too many",
      ),
    ).toEqual([]);
    expect(activityCount(id, "plan.custom")).toBe(1);
    expect(engagementClock(id)).toBe(clock);

    // The plan page's own action (where the list's forms post) refuses it the same way.
    const viaList = await partner.post(`/engagements/${id}/plan`, customItem("One item too many"));
    expect(viaList.status).toBe(400);
    expect(itemCount(id)).toBe(200);
    expect(engagementClock(id)).toBe(clock);
  });

  it("updating the plan from the answers is refused when it would take a full plan past 200", async () => {
    const { id, founder, partner } = await engagementWithPartner("Full plan, then new answers");
    // An answer that calls for work (error tracking and alerting): regenerating would add items.
    const saved = await founder.post(`/engagements/${id}/assess/ops`, {
      intent: "save",
      q: "ops.error-tracking",
      "a:ops.error-tracking": "customer-tells",
      "v:ops.error-tracking": "0",
    });
    expect(saved.status).toBe(302);
    insertItems(id, 200);
    const clock = engagementClock(id);
    const res = await partner.post(`/engagements/${id}/plan`, { intent: "generate" });
    // The page says why, in an alert above the plan (the message belongs to no row).
    const html = text(await res.text());
    expect(res.status).toBe(400);
    expect(html).toMatch(/role="alert">A plan holds at most 200 items/);
    expect(html).toMatch(
      /A plan holds at most 200 items; this update would make it 2\d\d\. Remove custom items first\./,
    );
    expect(itemCount(id)).toBe(200);
    expect(
      query(server, "select id from plan_items where engagement_id = ? and task_id is not null", id),
    ).toEqual([]);
    expect(activityCount(id, "plan.regenerated")).toBe(0);
    expect(engagementClock(id)).toBe(clock);
  });
});

describe("dependencies: at most 10 per item, 600 in all", () => {
  it("an item waits for 10 others, not 11: the 11th is refused with a message and nothing changes", async () => {
    expect(PLAN_BUDGET.dependsOnPerItem).toBe(10);
    const { id, partner } = await engagementWithPartner("Dependency budget");
    const [item, ...others] = insertItems(id, 12);

    const ten = await setDependencies(partner, id, item!, others.slice(0, 10));
    expect(ten.status).toBe(302);
    expect(linksOf(item!)).toEqual([...others.slice(0, 10)].sort());
    const version = versionOf(item!);
    const clock = engagementClock(id);

    const eleven = await setDependencies(partner, id, item!, others.slice(0, 11));
    // The item page shows the reason under the dependency picker; so does the plan list's row.
    expect(eleven.status).toBe(400);
    expect(text(await eleven.text())).toMatch(
      /id="depends-on-error"[^>]*>An item can wait for at most 10 others\./,
    );
    const fromList = await partner.post(`/engagements/${id}/plan`, {
      intent: "dependencies",
      itemId: item!,
      version: String(versionOf(item!)),
      dependsOn: others.slice(0, 11),
    });
    expect(fromList.status).toBe(400);
    expect(text(await fromList.text())).toContain("An item can wait for at most 10 others.");

    expect(linksOf(item!)).toEqual([...others.slice(0, 10)].sort());
    expect(versionOf(item!)).toBe(version);
    expect(engagementClock(id)).toBe(clock);
    expect(activityCount(id, "plan.dependencies")).toBe(1);
  });

  it("a plan holds 600 dependency links; the 601st is refused with a message and nothing changes", async () => {
    expect(PLAN_BUDGET.dependencies).toBe(600);
    const { id, partner } = await engagementWithPartner("Link budget");
    // Items 10..69 each wait for the ten items before them: 600 links, no loop. Item 70 is free.
    const links: Array<[number, number]> = [];
    for (let i = 10; i < 70; i++) for (let k = 1; k <= 10; k++) links.push([i, i - k]);
    const ids = insertItems(id, 71, { links });
    expect(linkCount(id)).toBe(600);
    const free = ids[70]!;

    // Item 69 down to 9 links (599), then the free item takes one: 600, allowed.
    const nine = linksOf(ids[69]!).slice(0, 9);
    expect((await setDependencies(partner, id, ids[69]!, nine)).status).toBe(302);
    expect(linkCount(id)).toBe(599);
    expect((await setDependencies(partner, id, free, [ids[0]!])).status).toBe(302);
    expect(linkCount(id)).toBe(600);

    const version = versionOf(free);
    const clock = engagementClock(id);
    const over = await setDependencies(partner, id, free, [ids[0]!, ids[1]!]);
    const html = text(await over.text());
    expect(over.status).toBe(400);
    expect(html).toContain("A plan holds at most 600 dependency links (this would make 601).");
    expect(linkCount(id)).toBe(600);
    expect(linksOf(free)).toEqual([ids[0]!]);
    expect(versionOf(free)).toBe(version);
    expect(engagementClock(id)).toBe(clock);
  });
});

describe("dependencies: no loops", () => {
  it("a three-item loop, a self-dependency and an item of another plan are refused with a message", async () => {
    const { id, partner } = await engagementWithPartner("Loops");
    const [a, b, c] = insertItems(id, 3, { prefix: "Step" });
    // a waits for b, b waits for c: fine.
    expect((await setDependencies(partner, id, a!, [b!])).status).toBe(302);
    expect((await setDependencies(partner, id, b!, [c!])).status).toBe(302);

    const version = versionOf(c!);
    const clock = engagementClock(id);
    // c waiting for a closes the loop a -> b -> c -> a.
    const loop = await setDependencies(partner, id, c!, [a!]);
    expect(loop.status).toBe(400);
    // Named, with the link in between, so the partner knows which tick to take back.
    expect(text(await loop.text())).toContain(
      "That would make a loop: “Step 1” (through “Step 2”) already waits for this item. Untick it and save again.",
    );
    expect(linksOf(c!)).toEqual([]);
    expect(versionOf(c!)).toBe(version);

    const self = await setDependencies(partner, id, c!, [c!]);
    expect(self.status).toBe(400);
    expect(text(await self.text())).toContain("An item cannot depend on itself.");
    expect(linksOf(c!)).toEqual([]);

    const other = await engagementWithPartner("Someone else's plan");
    const [foreign] = insertItems(other.id, 1);
    const cross = await setDependencies(partner, id, c!, [foreign!]);
    expect(cross.status).toBe(400);
    expect(text(await cross.text())).toContain("Choose items from this plan.");
    expect(linksOf(c!)).toEqual([]);

    expect(versionOf(c!)).toBe(version);
    expect(engagementClock(id)).toBe(clock);
    expect(linkCount(id)).toBe(2);
    expect(activityCount(id, "plan.dependencies")).toBe(2);
  });
});
