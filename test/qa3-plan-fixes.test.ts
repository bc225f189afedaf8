// QA pass 3, through the real server and SQLite file:
// - finding 2: once a version is accepted, an item's logged hours are said against its estimate (the
//   version's, for an item it holds), on the item page and the plan row, and flagged past the worst case;
// - finding 10: the edit-conflict message names the owner, so an owner changed in another tab shows;
// - finding 11: a custom item's description keeps its line breaks on the item page and the web proposal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { unescape } from "./support/html";
import type { Client, TestServer } from "./support/server";
import { startServer } from "./support/server";

type Item = {
  id: string;
  title: string;
  owner: string;
  optimistic: number;
  likely: number;
  pessimistic: number;
  version: number;
};

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;
let customId: string;

const DESCRIPTION =
  "Replace the legacy redirect flow.\nSecond line <b>kept as text</b>\n- bullet one\n- bullet two";

const item = (itemId: string) =>
  query<Item>(
    server,
    "select id, title, owner, optimistic, likely, pessimistic, version from plan_items where id = ?",
    itemId,
  )[0]!;
/** A page's text as read: tags gone, entities decoded, white space collapsed. */
const text = (html: string) =>
  unescape(html.replaceAll("<!-- -->", "").replace(/<[^>]+>/g, " "))
    .replace(/&rsquo;/g, "’")
    .replace(/\s+/g, " ");
const ok = (res: Response, what: string) => {
  if (res.status !== 302) throw new Error(`${what} failed: ${res.status}`);
};

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  // The plan, a custom item on several lines in it, and version 1 holding both, accepted.
  ok(await partner.post(`/engagements/${id}/plan`, { intent: "generate" }), "plan");
  ok(
    await partner.post(`/engagements/${id}/plan/new`, {
      intent: "custom",
      title: "Migrate Stripe Checkout to Payment Element",
      description: DESCRIPTION,
      area: "payments",
      phase: "launch-blocker",
      "estimate.optimistic": "1",
      "estimate.likely": "2",
      "estimate.pessimistic": "5",
    }),
    "custom item",
  );
  customId = query<{ id: string }>(
    server,
    "select id from plan_items where engagement_id = ? and task_id is null",
    id,
  )[0]!.id;
  ok(await partner.post(`/engagements/${id}/proposals`, { assumptions: "a", exclusions: "b" }), "publish");
  const [{ h }] = query<{ h: string }>(
    server,
    "select snapshot_hash as h from proposals where engagement_id = ? and number = 1",
    id,
  );
  ok(await founder.post(`/engagements/${id}/proposals/1`, { snapshotHash: h, confirm: "on" }), "accept");
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe("the edit-conflict message (finding 10)", () => {
  it("names the owner another tab set, on the item page and for a row dragged in the list", async () => {
    const [target] = query<{ id: string }>(
      server,
      "select id from plan_items where engagement_id = ? and owner = 'partner' and task_id is not null and phase = 'hardening' order by position limit 1",
      id,
    );
    const seen = item(target!.id);
    // Tab A gives it to the founder's team.
    ok(
      await partner.post(`/engagements/${id}/plan/${seen.id}`, {
        intent: "owner",
        itemId: seen.id,
        version: String(seen.version),
        owner: "founder",
      }),
      "owner",
    );
    // Tab B, still at the version it read, moves it to another phase.
    const refused = await partner.post(`/engagements/${id}/plan/${seen.id}`, {
      intent: "phase",
      itemId: seen.id,
      version: String(seen.version),
      phase: "scale",
    });
    expect(refused.status).toBe(409);
    const said = text(await refused.text());
    expect(said).toContain(
      `Someone else changed “${seen.title}” while you were editing (now: In scope, Hardening, Founder's team, `,
    );
    expect(said).toContain("Your change was not saved");
    expect(item(seen.id).owner).toBe("founder");

    // The plan list: a row dragged at the version the page showed.
    const dragged = await partner.post(`/engagements/${id}/plan`, {
      op: `move-to:${seen.id}:${seen.version}:1`,
    });
    expect(dragged.status).toBe(409);
    expect(text(await dragged.text())).toContain("(now: In scope, Hardening, Founder's team, ");
  });
});
