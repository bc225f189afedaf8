// REVIEW (failing on purpose): the time page's cost (hours summed, then × rate, to the cent) and the
// CSV's Cost column (each row × rate, rounded to the cent) disagree:
//  1. at a rate with cents (the settings take 2 places, e.g. 99.99): a quarter hour is 24.9975,
//     rounded per row, so four quarter hours come to 100.00 in the CSV and $99.99 on the page;
//  2. for hours logged before dated entries (the old field took 2 decimals, e.g. 1.1), which
//     migration 0021 copies as they were: each row shows and prices quarterHours(1.1) = 1 h, while
//     the page rounds the month's sum (2.2 -> 2.25 h).
import Database from "better-sqlite3";
import { parse as parseCsvText } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { formatBilled } from "../app/engine/money";

import { acceptedProposal, DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { startServer, type Client, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;
let itemId: string;
const text = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
const day = "2026-11-10";
const month = "2026-11";

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
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
    id,
  );
  const saved = await partner.post(`/engagements/${id}/settings`, {
    name: e!.name,
    description: e!.description,
    currency: e!.currency,
    hourlyRate: "99.99",
    teamSize: String(e!.team_size),
    weeklyCapacity: String(e!.weekly_capacity),
    version: String(e!.version),
  });
  expect(saved.status).toBe(302);
  await acceptedProposal(server, founder, partner, id);
  [{ id: itemId }] = query<{ id: string }>(
    server,
    "select id from plan_items where engagement_id = ? and scope = 'included' and owner != 'founder' order by position limit 1",
    id,
  ) as [{ id: string }];
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

async function pageAndCsv() {
  const page = text(await (await founder.get(`/engagements/${id}/plan/time?month=${month}`)).text());
  const csv: string[][] = parseCsvText(
    await (await founder.get(`/engagements/${id}/plan/time.csv?month=${month}`)).text(),
    { bom: true },
  );
  const rows = csv.slice(1);
  const cents = rows.reduce((n, r) => n + Math.round(Number(r[6]) * 100), 0);
  const hours = rows.reduce((n, r) => n + Number(r[3]), 0);
  return { page, cents, hours };
}

describe("REVIEW time page vs CSV", () => {
  it("at a rate with cents, the CSV's costs add up to the page's total", async () => {
    for (let n = 0; n < 4; n++) {
      const res = await partner.post(`/engagements/${id}/plan/${itemId}`, {
        intent: "log-time",
        itemId,
        day,
        hours: "0.25",
      });
      expect(res.status).toBe(302);
    }
    const { page, cents, hours } = await pageAndCsv();
    const [{ currency }] = query<{ currency: string }>(
      server,
      "select currency from engagements where id = ?",
      id,
    );
    expect(hours).toBe(1);
    // The page's total for the month: 1 h × 99.99.
    expect(page).toContain(`1 h in 4 entries · ${formatBilled(99.99, currency!)}`);
    // The invoice lines must sum to that total.
    expect(cents).toBe(9999);
  });

  it("names the rate the costs are at (99.99, not a rounded 100)", async () => {
    const { page } = await pageAndCsv();
    const [{ currency }] = query<{ currency: string }>(
      server,
      "select currency from engagements where id = ?",
      id,
    );
    // Today the page says "€100 an hour" (formatMoney rounds to whole units) and bills at 99.99.
    expect(page).toContain(`at ${formatBilled(99.99, currency!)} an hour`);
  });

  it("hours from before dated entries (two decimals) add up the same on the page and in the CSV", async () => {
    // As migration 0021 leaves an item whose old "actual hours" field held 1.1 (the old form took
    // 2 decimals): written straight into the file, as the migration does.
    const db = new Database(server.dbFile);
    try {
      const [{ user }] = query<{ user: string }>(
        server,
        "select id as user from users where email = ?",
        DEMO.partner.email,
      ) as [{ user: string }];
      const ins = db.prepare(
        "insert into time_entries (id, engagement_id, item_id, user_id, day, hours, note, created_at) values (?, ?, ?, ?, ?, 1.1, 'Logged before dated entries', 0)",
      );
      ins.run("legacy1", id, itemId, user, "2026-11-11");
      ins.run("legacy2", id, itemId, user, "2026-11-12");
    } finally {
      db.close();
    }
    const { page, hours } = await pageAndCsv();
    // Page: quarterHours(1 + 2.2) = 3.25 h; CSV rows: 0.25×4 + 1 + 1 = 3 h.
    expect(page).toContain(`${hours} h in 6 entries`);
  });
});

describe("REVIEW the log form", () => {
  it("lets the date picker choose the day the server accepts (tomorrow in UTC is today east of it)", async () => {
    const html = await (await partner.get(`/engagements/${id}/plan/${itemId}`)).text();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    // The action accepts calendarDay(1) (plan-actions.server.ts), but the form's max is calendarDay(),
    // and the form has no noValidate: a partner in Auckland cannot pick their today before noon.
    expect(html).toMatch(
      new RegExp(`id="time-day"[^>]*max="${tomorrow}"|max="${tomorrow}"[^>]*id="time-day"`),
    );
  });

  it("does not log the same entry twice when the form is sent twice (a double click, a resubmit)", async () => {
    const before = query<{ n: number }>(
      server,
      "select count(*) as n from time_entries where item_id = ?",
      itemId,
    )[0]!.n;
    const form = { intent: "log-time", itemId, day: "2026-11-20", hours: "3", note: "Same form, sent twice" };
    const [a, b] = await Promise.all([
      partner.post(`/engagements/${id}/plan/${itemId}`, form),
      partner.post(`/engagements/${id}/plan/${itemId}`, form),
    ]);
    expect([a.status, b.status]).toContain(302);
    const after = query<{ n: number }>(
      server,
      "select count(*) as n from time_entries where item_id = ?",
      itemId,
    )[0]!.n;
    expect(after - before).toBe(1);
  });
});
