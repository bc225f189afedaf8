// Dated time entries (decision 042), through the real server: only the partner logs and removes them,
// only once a version is accepted; the item's total is their sum; the time page and its CSV add them
// up by month at the agreed rate; the founder's team's items are not priced; migration 0021 turns the
// hours logged before into one entry each.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { parse as parseCsvText } from "csv-parse/sync";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { formatBilled } from "../app/engine/money";
import { formatRate } from "../app/utils/format";
import { entryShown } from "../app/models/time-entries.server";

import {
  acceptedProposal,
  addMember,
  DEMO,
  demoEngagementId,
  login,
  logTime,
  query,
} from "./support/demo-server";
import { Client, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;
let viewer: Client;

type Item = { id: string; title: string; owner: string; actual_hours: number | null; version: number };
const item = (itemId: string) =>
  query<Item>(
    server,
    "select id, title, owner, actual_hours, version from plan_items where id = ?",
    itemId,
  )[0]!;
const entries = (itemId: string) =>
  query<{ id: string; day: string; hours: number; note: string }>(
    server,
    "select id, day, hours, note from time_entries where item_id = ? order by day",
    itemId,
  );
const text = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
const today = () => new Date().toISOString().slice(0, 10);
const log = (itemId: string, fields: Record<string, string>, by: Client = partner) =>
  logTime(server, by, id, itemId, fields);

let first: Item;
let second: Item;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  viewer = await addMember(server, founder, id, "viewer");
  expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
  [first, second] = query<Item>(
    server,
    "select id, title, owner, actual_hours, version from plan_items where engagement_id = ? and scope = 'included' order by position limit 2",
    id,
  );
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe("logging time", () => {
  it("waits for an accepted version", async () => {
    // The second item goes to the founder's team before the version is agreed.
    const owner = await partner.post(`/engagements/${id}/plan/${second.id}`, {
      intent: "owner",
      itemId: second.id,
      version: String(item(second.id).version),
      owner: "founder",
    });
    expect(owner.status).toBe(302);
    const res = await log(first.id, { hours: "2" });
    expect(res.status).toBe(400);
    expect(text(await res.text())).toContain("Progress is tracked once the founder accepts a proposal.");
    expect(entries(first.id)).toEqual([]);
    // The page says where time will go, and the item page has no time card yet.
    expect(text(await (await partner.get(`/engagements/${id}/plan/time`)).text())).toContain(
      "Time is logged on each item once the founder accepts a proposal.",
    );
    expect(await (await partner.get(`/engagements/${id}/plan/${first.id}`)).text()).not.toContain(
      "Time spent",
    );
  });

  it("adds dated entries whose sum is the item's total, shown on its page", async () => {
    await acceptedProposal(server, founder, partner, id);
    const before = item(first.id).version;
    expect((await log(first.id, { day: "2026-11-28", hours: "3.5", note: "Mapped the tables" })).status).toBe(
      302,
    );
    const res = await log(first.id, { hours: "1.25" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/engagements/${id}/plan/${first.id}?logged=1#time-heading`);
    expect(entries(first.id).map((e) => [e.day, e.hours, e.note])).toEqual([
      ["2026-11-28", 3.5, "Mapped the tables"],
      [today(), 1.25, ""],
    ]);
    expect(item(first.id).actual_hours).toBe(4.75);
    // A form read before this sees the item changed.
    expect(item(first.id).version).toBe(before + 2);
    const page = text(await (await founder.get(`/engagements/${id}/plan/${first.id}`)).text());
    // Said against the item's estimate in the accepted version (QA 3, finding 2).
    expect(page).toMatch(
      /Time spent 4\.75 h logged in 2 entries, against (about \d+ h|under 1 h) estimated \([^)]+\) in the accepted version 1 · logged by the engineering partner/,
    );
    expect(page).toContain(`28 Nov 2026 3.5 h Mapped the tables ${DEMO.partner.name}`);
    // The overview's activity names it.
    expect(text(await (await founder.get(`/engagements/${id}`)).text())).toMatch(/logged (1\.25|4\.75) h on/);
  });

  it("is the partner's alone: the founder and a viewer get 403, a stranger 404, and nothing changes", async () => {
    const [entry] = entries(first.id);
    for (const who of [founder, viewer]) {
      expect((await log(first.id, { hours: "1" }, who)).status).toBe(403);
      const removed = await who.post(`/engagements/${id}/plan/${first.id}`, {
        intent: "delete-time",
        entry: `${entry!.id}:${entryShown(entry!)}`,
      });
      expect(removed.status).toBe(403);
    }
    const stranger = new Client(server.url);
    await signup(stranger, `stranger-time-${Date.now()}@example.com`);
    expect((await log(first.id, { hours: "1" }, stranger)).status).toBe(404);
    expect((await stranger.get(`/engagements/${id}/plan/time`)).status).toBe(404);
    expect((await stranger.get(`/engagements/${id}/plan/time.csv`)).status).toBe(404);
    expect(entries(first.id)).toHaveLength(2);
    expect(item(first.id).actual_hours).toBe(4.75);
  });

  it("refuses another engagement's item and a note on two lines", async () => {
    const other = await partner.post(`/engagements/${id}/plan/nope`, {
      intent: "log-time",
      itemId: "not-an-item",
      version: "1",
      day: today(),
      hours: "1",
    });
    expect(other.status).toBe(404);
    const twoLines = await log(first.id, { hours: "1", note: "one\ntwo" });
    expect(twoLines.status).toBe(400);
    expect(text(await twoLines.text())).toContain("Keep the note on one line");
    expect(entries(first.id)).toHaveLength(2);
  });

  it("adds up by month at the agreed rate on the time page, with the founder's team's items unpriced", async () => {
    // The second item is the founder's team's in the agreed version: its time is shown, not priced.
    expect((await log(second.id, { hours: "2", note: '=HYPERLINK("http://x")' })).status).toBe(302);
    const [{ s }] = query<{ s: string }>(
      server,
      "select snapshot as s from proposals where engagement_id = ? and number = 1",
      id,
    );
    const { hourlyRate, currency } = (JSON.parse(s) as { settings: { hourlyRate: number; currency: string } })
      .settings;
    const at = (hours: number) => formatBilled(Math.round(hours * hourlyRate * 100) / 100, currency);
    const month = today().slice(0, 7);
    const page = text(await (await viewer.get(`/engagements/${id}/plan/time`)).text());
    expect(page).toContain(
      `6.75 h in 3 entries · ${formatBilled(3.5 * hourlyRate + 1.25 * hourlyRate, currency)} at ${formatRate(hourlyRate, currency)} an hour, as agreed when it was logged.`,
    );
    expect(page).toContain("Time on the founder's team's items is not priced.");
    if (month !== "2026-11") {
      expect(page).toContain(`November 2026 3.5 h ${at(3.5)}`);
      const thisMonth = text(await (await viewer.get(`/engagements/${id}/plan/time?month=${month}`)).text());
      expect(thisMonth).toContain(`3.25 h in 2 entries · ${at(1.25)}`);
      expect(thisMonth).not.toContain("Mapped the tables");
    }

    const csv: string[][] = parseCsvText(
      await (await viewer.get(`/engagements/${id}/plan/time.csv`)).text(),
      {
        bom: true,
      },
    );
    expect(csv[0]).toEqual([
      "Date",
      "Item ID",
      "Item",
      "Hours",
      "Note",
      "Logged by",
      "Rate",
      "Currency",
      "Cost",
      "Corrected by",
      "Corrected on",
    ]);
    const rate = String(hourlyRate);
    expect(csv.slice(1).map((r) => [r[0], r[1], r[3], r[4], r[6], r[7], r[8]])).toEqual(
      expect.arrayContaining([
        ["2026-11-28", first.id, "3.5", "Mapped the tables", rate, currency, (3.5 * hourlyRate).toFixed(2)],
        [today(), first.id, "1.25", "", rate, currency, (1.25 * hourlyRate).toFixed(2)],
        // Formula protection, and no cost on the founder's team's item.
        [today(), second.id, "2", '\'=HYPERLINK("http://x")', rate, currency, ""],
      ]),
    );
    expect(csv[1]![0]).toBe("2026-11-28");
  });

  it("removes an entry, once, and the total follows", async () => {
    const [old] = entries(first.id);
    // As the page's form sends it, with the entry as the page showed it; the second post (a double
    // click) carries the same, the entry now gone, and still comes back to the item.
    const remove = () =>
      partner.post(`/engagements/${id}/plan/${first.id}`, {
        intent: "delete-time",
        itemId: first.id,
        entry: `${old!.id}:${entryShown(old!)}`,
      });
    const res = await remove();
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/engagements/${id}/plan/${first.id}#time-heading`);
    expect(item(first.id).actual_hours).toBe(1.25);
    const again = await remove();
    expect(again.status).toBe(302);
    expect(item(first.id).actual_hours).toBe(1.25);
    expect(entries(first.id)).toHaveLength(1);
  });

  it("keeps a hand-added item with logged time from being deleted", async () => {
    const added = await partner.post(`/engagements/${id}/plan`, {
      intent: "custom",
      title: "Extra work after the sign-off",
      description: "Asked for on a call",
      area: "custom",
      phase: "hardening",
      "estimate.optimistic": "1",
      "estimate.likely": "2",
      "estimate.pessimistic": "3",
    });
    expect(added.status).toBe(302);
    const [custom] = query<Item>(
      server,
      "select id, title, owner, actual_hours, version from plan_items where engagement_id = ? and title = ?",
      id,
      "Extra work after the sign-off",
    );
    expect((await log(custom!.id, { hours: "1" })).status).toBe(302);
    const res = await partner.post(`/engagements/${id}/plan/${custom!.id}`, {
      intent: "delete",
      itemId: custom!.id,
      version: String(item(custom!.id).version),
    });
    expect(res.status).toBe(400);
    expect(text(await res.text())).toContain("Time is logged on this item, so it cannot be deleted");
    expect(entries(custom!.id)).toHaveLength(1);
  });
});

describe("migration 0021", () => {
  it("turns the hours logged before it into one entry per item, by who last set them", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-0021-"));
    try {
      const before = path.join(dir, "migrations");
      fs.cpSync(path.resolve("db/migrations"), before, { recursive: true });
      const journalFile = path.join(before, "meta/_journal.json");
      const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
      journal.entries = journal.entries.filter((e) => e.tag < "0021");
      fs.writeFileSync(journalFile, JSON.stringify(journal));

      const client = new Database(path.join(dir, "old.db"));
      const db = drizzle(client);
      migrate(db, { migrationsFolder: before });
      const insertUser = client.prepare(
        "insert into users (id, email, password_hash, created_at) values (?, ?, 'x', 0)",
      );
      insertUser.run("founder", "f@example.com");
      insertUser.run("partner", "p@example.com");
      client
        .prepare(
          "insert into engagements (id, name, content_version, created_by, updated_at) values ('e1', 'Old', 'v1', 'founder', 0)",
        )
        .run();
      const insertItem = client.prepare(
        `insert into plan_items (id, engagement_id, title, description, area, phase, optimistic, likely, pessimistic, scope, position, updated_at, actual_hours)
         values (?, 'e1', ?, '', 'auth', 'launch-blocker', 1, 2, 3, 'included', ?, ?, ?)`,
      );
      const dec3 = Date.UTC(2026, 11, 3, 15);
      insertItem.run("i1", "Logged by the partner", 1, dec3, 12.5);
      insertItem.run("i2", "Nothing logged", 2, dec3, null);
      insertItem.run("i3", "Logged, author unknown", 3, dec3, 2);
      client
        .prepare(
          "insert into activity (engagement_id, user_id, kind, detail) values ('e1', 'partner', 'plan.status', ?)",
        )
        .run(
          JSON.stringify({
            itemId: "i1",
            item: "Logged by the partner",
            to: "in-progress",
            actualHours: 12.5,
          }),
        );
      // Then the founder, whose status form had no hours field, marks it done: the hours stay the partner's.
      client
        .prepare(
          "insert into activity (engagement_id, user_id, kind, detail) values ('e1', 'founder', 'plan.status', ?)",
        )
        .run(JSON.stringify({ itemId: "i1", item: "Logged by the partner", to: "done" }));
      migrate(db, { migrationsFolder: path.resolve("db/migrations") });
      expect(
        client.prepare("select item_id, user_id, day, hours, note from time_entries order by item_id").all(),
      ).toEqual([
        {
          item_id: "i1",
          user_id: "partner",
          day: "2026-12-03",
          hours: 12.5,
          note: "Logged before dated entries",
        },
        {
          item_id: "i3",
          user_id: "founder",
          day: "2026-12-03",
          hours: 2,
          note: "Logged before dated entries",
        },
      ]);
      client.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
