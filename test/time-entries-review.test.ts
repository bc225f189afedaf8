// From the review of 6 December of correcting time entries in place (decision 042, "Corrected in
// place, removed after asking"), through the real server and SQLite file: a correction sent twice, a
// correction racing a removal, a removal confirmed on an entry corrected since, an entry from before
// dated entries corrected in its day and note only, and how corrections read in the activity feed.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

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
import type { Client, TestServer } from "./support/server";
import { startServer } from "./support/server";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;
let items: string[];

type Entry = { id: string; day: string; hours: number; note: string };
const entries = (item: string) =>
  query<Entry>(
    server,
    "select id, day, hours, note from time_entries where item_id = ? order by day, created_at",
    item,
  );
/** What a page read now shows of an entry (its correction and removal forms post it back). */
const shownOf = (entryId: string) =>
  entryShown(
    query<{ hours: number; day: string; note: string }>(
      server,
      "select hours, day, note from time_entries where id = ?",
      entryId,
    )[0]!,
  );
const text = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/&rsquo;/g, "’")
    .replace(/\s+/g, " ");
/** The item's correction form, posted as the page sends it (to `?edit=<entry>`). */
const edit = (item: string, entryId: string, fields: Record<string, string>, by: Client = partner) =>
  by.post(`/engagements/${id}/plan/${item}?edit=${entryId}`, {
    intent: "edit-time",
    itemId: item,
    entryId,
    shown: shownOf(entryId),
    ...fields,
  });
/** The hidden fields of the page's form with this id, and where it posts, as rendered. */
function formOf(html: string, formId: string): { action: string; fields: Record<string, string> } {
  const form = new RegExp(`<form[^>]*id="${formId}"[^>]*>([\\s\\S]*?)</form>`).exec(html);
  expect(form, formId).not.toBeNull();
  const action = /action="([^"]*)"/.exec(form![0].slice(0, form![0].indexOf(">") + 1))?.[1] ?? "";
  const fields: Record<string, string> = {};
  for (const input of form![1]!.matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    if (name) fields[name] = /value="([^"]*)"/.exec(input[0])?.[1] ?? "";
  }
  return { action: action.replace(/&amp;/g, "&"), fields };
}

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  await acceptedProposal(server, founder, partner, id);
  items = query<{ id: string }>(
    server,
    "select id from plan_items where engagement_id = ? and scope = 'included' and owner != 'founder' order by position limit 5",
    id,
  ).map((r) => r.id);
  expect(items).toHaveLength(5);
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe("a correction sent twice", () => {
  it("is saved once, and the second post does not say it was not saved", async () => {
    const item = items[0]!;
    expect((await logTime(server, partner, id, item, { day: "2026-11-10", hours: "2" })).status).toBe(302);
    const [entry] = entries(item);
    // A double click on Save (or a browser resending the form): the same body, the entry as first shown.
    const body = {
      intent: "edit-time",
      itemId: item,
      entryId: entry!.id,
      shown: shownOf(entry!.id),
      day: "2026-11-10",
      hours: "2.5",
      note: "Paired on the webhooks",
    };
    const first = await partner.post(`/engagements/${id}/plan/${item}?edit=${entry!.id}`, body);
    expect(first.status).toBe(302);
    const second = await partner.post(`/engagements/${id}/plan/${item}?edit=${entry!.id}`, body);
    // The entry says exactly what the second post asks for: nothing was lost, so nothing to refuse.
    expect(entries(item)).toEqual([{ ...entry, hours: 2.5, note: "Paired on the webhooks" }]);
    // Best back at the item as after the first (302); at the least, not told it was not saved.
    const said = /[^>]*your correction was not saved[^<]*/.exec(await second.text())?.[0];
    expect(said).toBeUndefined();
  });
});

describe("a correction racing a removal", () => {
  it("comes back to the item page saying the entry was removed, rather than a page not found", async () => {
    const item = items[1]!;
    expect((await logTime(server, partner, id, item, { day: "2026-11-10", hours: "2" })).status).toBe(302);
    expect((await logTime(server, partner, id, item, { day: "2026-11-11", hours: "1" })).status).toBe(302);
    const [entry] = entries(item);
    // The correction form is read; meanwhile another partner (another tab) removes that entry.
    const shown = shownOf(entry!.id);
    expect(
      (
        await partner.post(`/engagements/${id}/plan/${item}`, {
          intent: "delete-time",
          itemId: item,
          entry: `${entry!.id}:${shown}`,
        })
      ).status,
    ).toBe(302);
    const res = await partner.post(`/engagements/${id}/plan/${item}?edit=${entry!.id}`, {
      intent: "edit-time",
      itemId: item,
      entryId: entry!.id,
      shown,
      day: "2026-11-10",
      hours: "3",
      note: "",
    });
    // As for a stale form (409) and for an Edit link to a removed entry: said on the item's page.
    expect(res.status).toBe(409);
    const page = text(await res.text());
    expect(page).toMatch(/removed/);
    expect(page).toContain("Time spent");
    expect(entries(item).map((e) => e.hours)).toEqual([1]);
  });
});

describe("removing an entry after asking", () => {
  it("does not remove an entry corrected since the confirmation was read", async () => {
    const item = items[2]!;
    expect(
      (await logTime(server, partner, id, item, { day: "2026-11-10", hours: "2", note: "Typo here" })).status,
    ).toBe(302);
    expect((await logTime(server, partner, id, item, { day: "2026-11-12", hours: "1" })).status).toBe(302);
    const [entry] = entries(item);
    // Partner A opens the item page: the confirmation names "2 h on 10 Nov 2026".
    const html = await (await partner.get(`/engagements/${id}/plan/${item}`)).text();
    expect(text(html)).toContain("Remove 2 h logged on 10 Nov 2026?");
    const remove = formOf(html, "time-remove");
    // Its button says which entry, as the page showed it.
    const button = new RegExp(`name="entry" value="(${entry!.id}:[^"]+)"`).exec(html)?.[1];
    expect(button).toBeDefined();
    // Partner B corrects that entry to what was really done: 6 h on 11 Nov.
    const other = await addMember(server, founder, id, "partner");
    expect(
      (await edit(item, entry!.id, { day: "2026-11-11", hours: "6", note: "Fixed" }, other)).status,
    ).toBe(302);
    // Partner A confirms removing "2 h on 10 Nov 2026", with the form as the page rendered it.
    const res = await partner.post(remove.action || `/engagements/${id}/plan/${item}`, {
      ...remove.fields,
      entry: button!,
    });
    // The 6 h they never saw are still logged, and they are told the entry changed: to what.
    expect(entries(item).find((e) => e.id === entry!.id)).toMatchObject({ hours: 6, day: "2026-11-11" });
    expect(res.status).toBe(409);
    expect(text(await res.text())).toContain("corrected this entry to 6 h on 11 Nov 2026, noted “Fixed”");
  });
});

describe("an entry from before dated entries", () => {
  it("has its day and note corrected with its hours kept, as the form starts them", async () => {
    const item = items[3]!;
    // As migration 0021 leaves an item whose old "actual hours" field held 37.5 or 1.1 (the old form
    // took any two decimals, for the whole item): written straight into the file, as the migration does.
    const [{ user }] = query<{ user: string }>(
      server,
      "select id as user from users where email = ?",
      DEMO.partner.email,
    ) as [{ user: string }];
    const db = new Database(server.dbFile);
    try {
      const ins = db.prepare(
        "insert into time_entries (id, engagement_id, item_id, user_id, day, hours, note, rate, currency, billable, created_at) values (?, ?, ?, ?, '2026-12-03', ?, 'Logged before dated entries', 95, 'EUR', 1, 0)",
      );
      ins.run("legacy-long", id, item, user, 37.5);
      ins.run("legacy-odd", id, item, user, 1.1);
      db.prepare("update plan_items set actual_hours = 38.6 where id = ?").run(item);
    } finally {
      db.close();
    }
    for (const [entryId, hours] of [
      ["legacy-long", 37.5],
      ["legacy-odd", 1.1],
    ] as const) {
      const html = await (await partner.get(`/engagements/${id}/plan/${item}?edit=${entryId}`)).text();
      const start = /<input[^>]*id="time-edit-hours"[^>]*>/.exec(html)?.[0] ?? "";
      const shown = /value="([^"]*)"/.exec(start)?.[1];
      expect(shown).toBe(String(hours));
      // The partner puts the day the work was really done and says what it was, hours as they were.
      const res = await edit(item, entryId, {
        day: "2026-10-30",
        hours: shown!,
        note: "October sprint, before dated entries",
      });
      const said =
        res.status === 302 ? "" : /id="time-edit-hours-error"[^>]*>([^<]*)</.exec(await res.text())?.[1];
      expect(res.status, `${entryId}: ${said}`).toBe(302);
      expect(entries(item).find((e) => e.id === entryId)).toMatchObject({
        day: "2026-10-30",
        hours,
        note: "October sprint, before dated entries",
      });
    }
  });
});

describe("corrections in the activity feed", () => {
  it("do not read as time logged when only notes were corrected", async () => {
    const item = items[4]!;
    for (const day of ["2026-11-10", "2026-11-11"])
      expect((await logTime(server, partner, id, item, { day, hours: "2", note: "draft" })).status).toBe(302);
    // Another partner tidies the two notes (a burst: same person, same family, minutes apart).
    const other = await addMember(server, founder, id, "partner");
    for (const e of entries(item))
      expect(
        (await edit(item, e.id, { day: e.day, hours: "2", note: "Reviewed the backups" }, other)).status,
      ).toBe(302);
    expect(entries(item).map((e) => [e.hours, e.note])).toEqual([
      [2, "Reviewed the backups"],
      [2, "Reviewed the backups"],
    ]);
    const overview = text(await (await founder.get(`/engagements/${id}`)).text());
    const feed = overview.slice(overview.indexOf("Recent activity"), overview.indexOf("created the project"));
    const line = /\S+@example\.com (.*?) · \d+ Dec 2026/.exec(feed)?.[1];
    expect(line).toBeDefined();
    // Nothing was logged in that burst: "logged 0 h" says the opposite of what happened.
    expect(line).not.toMatch(/^logged 0 h/);
  });
});
