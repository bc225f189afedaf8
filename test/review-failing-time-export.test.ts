// REVIEW (failing on purpose): nothing caps the time entries logged on an item, but an import refuses
// a file with more than PLAN_BUDGET.timeEntriesPerItem (500) on one item. A long engagement's
// "ongoing support" item logged daily for two years exports a file that its own import refuses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { acceptedProposal, DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { Client, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  await acceptedProposal(server, founder, partner, id);
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe("REVIEW time entries and export", () => {
  it("an engagement whose item holds 501 entries, each accepted by the form, exports a file its import takes", async () => {
    const [{ id: itemId }] = query<{ id: string }>(
      server,
      "select id from plan_items where engagement_id = ? and scope = 'included' order by position limit 1",
      id,
    ) as [{ id: string }];
    const start = Date.UTC(2024, 0, 1);
    for (let n = 0; n < 501; n++) {
      const day = new Date(start + n * 86_400_000).toISOString().slice(0, 10);
      const res = await partner.post(`/engagements/${id}/plan/${itemId}`, {
        intent: "log-time",
        itemId,
        day,
        hours: "1",
      });
      expect(res.status, `entry ${n}`).toBe(302);
    }
    const exported = await founder.get(`/engagements/${id}/export.json`);
    expect(exported.status).toBe(200);
    const other = new Client(server.url);
    await signup(other, `review-importer-${Date.now()}@example.com`);
    const res = await other.importFile(await exported.text());
    const body = res.status === 302 ? "" : await res.text();
    // Today: 400, "an item holds at most 500 time entries".
    expect(body).not.toContain("at most 500 time entries");
    expect(res.status).toBe(302);
  }, 120_000);
});
