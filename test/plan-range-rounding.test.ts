// One item, one range (QA pass 3, finding 3): the plan list showed a sized item's estimate to the
// tenth (0.5–2.7 h) where the proposal and its PDF round to the half hour (0.5–2.5 h), so the same
// item read two ways. The plan list now states it as the proposal does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { estimateRange } from "../app/utils/format";

import { DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { unescape } from "./support/html";
import { startServer, type Client, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let partner: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  partner = await login(server, DEMO.partner.email);
  expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
});
afterAll(async () => {
  await server?.stop();
});

type Row = { id: string; title: string; optimistic: number; pessimistic: number };

describe("a sized item's range", () => {
  it("reads the same on the plan list as on the proposal", async () => {
    const rows = query<Row>(
      server,
      "select id, title, optimistic, pessimistic from plan_items where engagement_id = ? and scope = 'included' order by position",
      id,
    );
    // Sized estimates whose tenths the half-hour rounding changes (2.7 → 2.5).
    const sized = rows.filter(
      (r) => `${r.pessimistic}` !== `${Math.round(r.pessimistic * 2) / 2}` && r.pessimistic < 10,
    );
    expect(sized.length).toBeGreaterThan(0);
    const plan = unescape(await (await partner.get(`/engagements/${id}/plan`)).text());
    expect(
      (await partner.post(`/engagements/${id}/proposals`, { assumptions: "a", exclusions: "b" })).status,
    ).toBe(302);
    const proposal = unescape(await (await partner.get(`/engagements/${id}/proposals/1`)).text());
    for (const r of sized) {
      const range = estimateRange(r);
      const row = plan.slice(plan.indexOf(`id="item-${r.id}"`));
      expect(row.slice(0, row.indexOf("</li>")), r.title).toContain(range);
      expect(row.slice(0, row.indexOf("</li>"))).not.toContain(`${r.pessimistic.toFixed(1)} h`);
      // The proposal keeps a range on one line (no-break spaces).
      expect(proposal).toContain(range.replaceAll(" ", "\u00a0"));
    }
  });
});
