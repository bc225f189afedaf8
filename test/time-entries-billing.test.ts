// From the review of 5 December: the time page and its CSV add up to the same cent (each line is
// priced once, to the cent, and every total is a sum of lines), also at a rate with cents and for
// hours from before dated entries (two decimals); the log form's day and a form sent twice.
import Database from "better-sqlite3";
import { parse as parseCsvText } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { formatBilled } from "../app/engine/money";
import { formatRate } from "../app/utils/format";

import { acceptedProposal, DEMO, demoEngagementId, login, logTime, query } from "./support/demo-server";
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
  const cents = rows.reduce((n, r) => n + Math.round(Number(r[8]) * 100), 0);
  const hours = rows.reduce((n, r) => n + Number(r[3]), 0);
  return { page, cents, hours };
}

describe("time page vs CSV", () => {
  it("at a rate with cents, the CSV's costs add up to the page's total", async () => {
    for (let n = 0; n < 4; n++) {
      const res = await logTime(server, partner, id, itemId, { day, hours: "0.25" });
      expect(res.status).toBe(302);
    }
    const { page, cents, hours } = await pageAndCsv();
    const [{ currency }] = query<{ currency: string }>(
      server,
      "select currency from engagements where id = ?",
      id,
    );
    expect(hours).toBe(1);
    // Four lines of 25.00 (a quarter hour at 99.99 is 24.9975): the page's total is their sum.
    expect(page).toContain(`1 h in 4 entries · ${formatBilled(100, currency!)}`);
    expect(cents).toBe(10000);
  });

  it("names the rate the costs are at (99.99, not a rounded 100)", async () => {
    const { page } = await pageAndCsv();
    const [{ currency }] = query<{ currency: string }>(
      server,
      "select currency from engagements where id = ?",
      id,
    );
    expect(page).toContain(`at ${formatRate(99.99, currency!)} an hour`);
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
        "insert into time_entries (id, engagement_id, item_id, user_id, day, hours, note, rate, currency, billable, created_at) values (?, ?, ?, ?, ?, 1.1, 'Logged before dated entries', 99.99, 'EUR', 1, 0)",
      );
      ins.run("legacy1", id, itemId, user, "2026-11-11");
      ins.run("legacy2", id, itemId, user, "2026-11-12");
    } finally {
      db.close();
    }
    const { page, hours } = await pageAndCsv();
    // 0.25 × 4 + 1.1 + 1.1 = 3.2 h on both.
    expect(hours).toBeCloseTo(3.2, 10);
    expect(page).toContain(`${Math.round(hours * 100) / 100} h in 6 entries`);
  });
});

describe("the log form", () => {
  it("lets the date picker choose the day the server accepts (tomorrow in UTC is today east of it)", async () => {
    const html = await (await partner.get(`/engagements/${id}/plan/${itemId}`)).text();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    // The action accepts calendarDay(1): a partner in Auckland picks their today before noon UTC.
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
    // The form as the page renders it, with the item's version; sent twice at once.
    const [{ version }] = query<{ version: number }>(
      server,
      "select version from plan_items where id = ?",
      itemId,
    );
    const form = {
      intent: "log-time",
      itemId,
      version: String(version),
      day: "2026-11-20",
      hours: "3",
      note: "Same form, sent twice",
    };
    const [a, b] = await Promise.all([
      partner.post(`/engagements/${id}/plan/${itemId}`, form),
      partner.post(`/engagements/${id}/plan/${itemId}`, form),
    ]);
    expect([a.status, b.status].sort()).toEqual([302, 409]);
    const refused = a.status === 409 ? a : b;
    expect(await refused.text()).toContain("a form sent twice is logged once");
    const after = query<{ n: number }>(
      server,
      "select count(*) as n from time_entries where item_id = ?",
      itemId,
    )[0]!.n;
    expect(after - before).toBe(1);
  });
});
