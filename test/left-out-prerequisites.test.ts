// Work left out that work in scope still needs: when a prerequisite is deferred or excluded, the plan,
// the publish form, the proposal page and its PDF all say so, instead of the plan naming it under
// "After" and the signed proposal showing "After: —" (UX audit). Over HTTP against the real server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { pdfText } from "./support/pdf-text";
import { startServer, type Client, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", PDF_RATE_LIMIT: "1000" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

/** The page's text as a reader sees it, without the inline data script. */
const text = (html: string) =>
  html
    .slice(0, html.indexOf("<script"))
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

describe("a prerequisite left out of scope", () => {
  it("is named beside the work that needs it on the plan, the publish form, the proposal and its PDF", async () => {
    // An item in scope, and one it waits for, from the demo's generated plan.
    const [link] = query<{ item_id: string; depends_on_id: string }>(
      server,
      `select d.item_id, d.depends_on_id from plan_item_dependencies d
         join plan_items i on i.id = d.item_id join plan_items p on p.id = d.depends_on_id
        where i.engagement_id = ? and i.scope = 'included' and p.scope = 'included' limit 1`,
      id,
    );
    const title = (itemId: string) =>
      query<{ title: string; version: number }>(
        server,
        "select title, version from plan_items where id = ?",
        itemId,
      )[0]!;
    const needs = title(link!.item_id).title;
    const prereq = title(link!.depends_on_id);
    const deferred = await partner.post(`/engagements/${id}/plan`, {
      intent: "scope",
      itemId: link!.depends_on_id,
      version: String(prereq.version),
      scope: "deferred",
    });
    expect(deferred.status).toBe(302);
    const leftOut = `${prereq.title} (left for later)`;

    expect(text(await (await partner.get(`/engagements/${id}/plan`)).text())).toContain(leftOut);

    const publish = text(await (await partner.get(`/engagements/${id}/proposals`)).text());
    expect(publish).toMatch(/items? in scope waits? for work this version leaves out/);
    expect(publish).toContain(`${needs} waits for ${leftOut}`);

    const res = await partner.post(`/engagements/${id}/proposals`, { assumptions: "a", exclusions: "b" });
    expect(res.status).toBe(302);
    const [{ snapshot }] = query<{ snapshot: string }>(
      server,
      "select snapshot from proposals where engagement_id = ? and number = 1",
      id,
    );
    const frozen = (JSON.parse(snapshot) as { items: Array<{ id: string; waitsOutside?: string[] }> }).items;
    expect(frozen.find((i) => i.id === link!.item_id)?.waitsOutside).toEqual([link!.depends_on_id]);

    const page = text(await (await founder.get(`/engagements/${id}/proposals/1`)).text());
    expect(page).toContain(leftOut);

    const pdf = await founder.get(`/engagements/${id}/proposals/1.pdf`);
    expect(pdf.status).toBe(200);
    const { flat } = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(flat).toContain(`Also waits for work not in this proposal: ${leftOut}`);
  }, 60_000);

  it("refuses an imported version whose item waits for something it does not leave out", async () => {
    const data = await (await founder.get(`/engagements/${id}/export.json`)).json();
    const item = data.proposals[0].snapshot.items.find((i: { waitsOutside?: string[] }) => i.waitsOutside);
    item.waitsOutside = ["not-an-item"];
    const res = await founder.importFile(JSON.stringify(data));
    expect(res.status).toBe(400);
    expect(text(await res.text())).toContain('no item left out of this version is "not-an-item"');
  });
});

describe("launch-minimum work left out", () => {
  it("is named on the publish form before the founder is asked to sign for launching without it", async () => {
    const [item] = query<{ id: string; title: string; version: number }>(
      server,
      `select id, title, version from plan_items
        where engagement_id = ? and scope = 'included' and phase = 'launch-blocker' limit 1`,
      id,
    );
    const before = text(await (await partner.get(`/engagements/${id}/proposals`)).text());
    expect(before).not.toContain(`${item!.title} (left for later)`);

    const deferred = await partner.post(`/engagements/${id}/plan`, {
      intent: "scope",
      itemId: item!.id,
      version: String(item!.version),
      scope: "deferred",
    });
    expect(deferred.status).toBe(302);
    const publish = text(await (await partner.get(`/engagements/${id}/proposals`)).text());
    expect(publish).toMatch(/This version leaves out (an item|\d+ items) of the launch minimum/);
    expect(publish).toContain(`${item!.title} (left for later)`);
  }, 60_000);
});
