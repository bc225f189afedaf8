// From the review of 5 December: an item's time entries are capped where they are logged at what an
// import takes back (PLAN_BUDGET.timeEntriesPerItem), so an engagement that reached the cap still
// exports a file its own import accepts.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { PLAN_BUDGET } from "../app/utils/export-schema";

import { acceptedProposal, DEMO, demoEngagementId, login, logTime, query } from "./support/demo-server";
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

describe("an item's time entries", () => {
  it("stop at the cap an import takes, and an engagement at the cap exports a file its import accepts", async () => {
    const cap = PLAN_BUDGET.timeEntriesPerItem;
    const [{ id: itemId, user }] = query<{ id: string; user: string }>(
      server,
      "select i.id, u.id as user from plan_items i, users u where i.engagement_id = ? and i.scope = 'included' and u.email = ? order by i.position limit 1",
      id,
      DEMO.partner.email,
    ) as [{ id: string; user: string }];
    // All but one, written straight into the file (a form post each would take minutes).
    const db = new Database(server.dbFile);
    try {
      const insert = db.prepare(
        "insert into time_entries (id, engagement_id, item_id, user_id, day, hours, note, rate, currency, billable, created_at) values (?, ?, ?, ?, ?, 1, '', 95, 'EUR', 1, 0)",
      );
      db.transaction(() => {
        for (let n = 0; n < cap - 1; n++)
          insert.run(
            `bulk${n}`,
            id,
            itemId,
            user,
            new Date(Date.UTC(2023, 0, 1) + n * 86_400_000).toISOString().slice(0, 10),
          );
      })();
    } finally {
      db.close();
    }
    expect((await logTime(server, partner, id, itemId, { hours: "1" })).status).toBe(302);
    const full = await logTime(server, partner, id, itemId, { hours: "1" });
    expect(full.status).toBe(400);
    expect(await full.text()).toContain(`An item holds at most ${cap.toLocaleString("en-US")} time entries`);
    expect(
      query<{ n: number }>(server, "select count(*) as n from time_entries where item_id = ?", itemId)[0]!.n,
    ).toBe(cap);

    const exported = await founder.get(`/engagements/${id}/export.json`);
    expect(exported.status).toBe(200);
    const other = new Client(server.url);
    await signup(other, `time-importer-${Date.now()}@example.com`);
    const res = await other.importFile(await exported.text());
    expect(res.status).toBe(302);
    const copy = res.headers.get("Location")!.split("/").pop()!;
    expect(
      query<{ n: number }>(server, "select count(*) as n from time_entries where engagement_id = ?", copy)[0]!
        .n,
    ).toBe(cap);
  }, 120_000);
});
