// Correcting a time entry in place (decision 042, "Corrected in place"), through the real server: the
// partner's Edit link turns the row into a form with the entry's values; a save changes its day, hours
// and note and the item's total, and keeps the rate it was logged at after another version is agreed
// at a new rate; a refusal keeps what was typed beside its field; a stale form is 409; the founder,
// a viewer and a stranger cannot; an entry of another item or engagement is 404. Removing asks first.
import Database from "better-sqlite3";
import { parse as parseCsvText } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { entryShown } from "../app/models/time-entries.server";
import { formatRate } from "../app/utils/format";

import {
  acceptedProposal,
  agreeAtRate,
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
let itemId: string;
let otherItemId: string;
let rate1: number;

type Entry = { id: string; day: string; hours: number; note: string; rate: number; currency: string };
const entries = (item: string) =>
  query<Entry>(
    server,
    "select id, day, hours, note, rate, currency from time_entries where item_id = ? order by day, created_at",
    item,
  );
const item = (item: string) =>
  query<{ actual_hours: number | null; version: number }>(
    server,
    "select actual_hours, version from plan_items where id = ?",
    item,
  )[0]!;
const text = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/&rsquo;/g, "’")
    .replace(/\s+/g, " ");
/** The value of the input with this id, as the page renders it. */
const valueOf = (html: string, inputId: string) => {
  const tag = new RegExp(`<input[^>]*id="${inputId}"[^>]*>`).exec(html)?.[0];
  return tag === undefined ? undefined : (/value="([^"]*)"/.exec(tag)?.[1] ?? "");
};
/** What a page read now shows of an entry (its forms post it back); a token for one that is gone. */
const shownOf = (entryId: string) => {
  const [e] = query<{ hours: number; day: string; note: string }>(
    server,
    "select hours, day, note from time_entries where id = ?",
    entryId,
  );
  return e ? entryShown(e) : "0".repeat(16);
};
const itemPage = (who: Client, search = "") => who.get(`/engagements/${id}/plan/${itemId}${search}`);
const edit = (entryId: string, fields: Record<string, string>, by: Client = partner, onItem = itemId) =>
  by.post(`/engagements/${id}/plan/${onItem}?edit=${entryId}`, {
    intent: "edit-time",
    itemId: onItem,
    entryId,
    shown: shownOf(entryId),
    ...fields,
  });

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  viewer = await addMember(server, founder, id, "viewer");
  await acceptedProposal(server, founder, partner, id);
  [itemId, otherItemId] = query<{ id: string }>(
    server,
    "select id from plan_items where engagement_id = ? and scope = 'included' and owner != 'founder' order by position limit 2",
    id,
  ).map((r) => r.id) as [string, string];
  rate1 = (
    JSON.parse(
      query<{ s: string }>(
        server,
        "select snapshot as s from proposals where engagement_id = ? and number = 1",
        id,
      )[0]!.s,
    ) as { settings: { hourlyRate: number } }
  ).settings.hourlyRate;
  for (const fields of [
    { day: "2026-11-10", hours: "2", note: "Mapped the tables" },
    { day: "2026-11-12", hours: "1.5", note: "" },
  ])
    expect((await logTime(server, partner, id, itemId, fields)).status).toBe(302);
  expect((await logTime(server, partner, id, otherItemId, { day: "2026-11-11", hours: "3" })).status).toBe(
    302,
  );
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe("correcting a time entry", () => {
  it("opens the row as a form with the entry's values, the rate it keeps, Save and Cancel", async () => {
    const [entry] = entries(itemId);
    const plain = await (await itemPage(partner)).text();
    expect(plain).toContain(`?edit=${entry!.id}#time-edit`);
    expect(plain).not.toContain('id="time-edit-hours"');
    const html = await (await itemPage(partner, `?edit=${entry!.id}`)).text();
    expect(valueOf(html, "time-edit-day")).toBe("2026-11-10");
    expect(valueOf(html, "time-edit-hours")).toBe("2");
    expect(valueOf(html, "time-edit-note")).toBe("Mapped the tables");
    const page = text(html);
    expect(page).toContain(
      `It stays at ${formatRate(rate1, "EUR")} an hour, the rate agreed when it was logged: a correction does not reprice it.`,
    );
    expect(page).toMatch(/Save Cancel/);
    // The other entry is still a plain row with its links.
    expect(page).toContain("12 Nov 2026 1.5 h");
    // A link to an entry no longer on the item (removed in another tab) says so, with no form.
    const gone = await (await itemPage(partner, "?edit=no-such-entry")).text();
    expect(gone).not.toContain('id="time-edit-hours"');
    expect(text(gone)).toContain(
      "That entry is not logged on this item (it may have been removed since), so there is nothing here to correct.",
    );
    // The founder's copy of that link shows no form.
    const theirs = await (await itemPage(founder, `?edit=${entry!.id}`)).text();
    expect(theirs).not.toContain('id="time-edit-hours"');
    expect(theirs).not.toContain("edit-time");
  });

  it("changes the day, hours and note, and the item's total, and says so in the activity", async () => {
    const [entry] = entries(itemId);
    const before = item(itemId);
    expect(before.actual_hours).toBe(3.5);
    const res = await edit(entry!.id, { day: "2026-11-09", hours: "2.75", note: "Mapped the tables, again" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/engagements/${id}/plan/${itemId}#time-heading`);
    expect(entries(itemId).map((e) => [e.id, e.day, e.hours, e.note])).toEqual([
      [entry!.id, "2026-11-09", 2.75, "Mapped the tables, again"],
      [expect.any(String), "2026-11-12", 1.5, ""],
    ]);
    expect(item(itemId)).toEqual({ actual_hours: 4.25, version: before.version + 1 });
    // The other item is untouched.
    expect(item(otherItemId).actual_hours).toBe(3);
    const page = text(await (await itemPage(founder)).text());
    expect(page).toContain("4.25 h logged in 2 entries");
    expect(page).toContain(`9 Nov 2026 2.75 h Mapped the tables, again ${DEMO.partner.name}`);
    const [activity] = query<{ kind: string; detail: string }>(
      server,
      "select kind, detail from activity where engagement_id = ? order by id desc limit 1",
      id,
    );
    expect(activity!.kind).toBe("plan.time-corrected");
    expect(JSON.parse(activity!.detail)).toMatchObject({
      itemId,
      hours: 2.75,
      day: "2026-11-09",
      was: { hours: 2, day: "2026-11-10" },
      total: 4.25,
    });
  });

  it("refuses bad hours beside the field, keeping what was typed, and changes nothing", async () => {
    const [entry] = entries(itemId);
    const before = item(itemId);
    for (const [hours, message] of [
      ["1.1", "Log time in quarter hours, like 1.25 or 1.5."],
      ["0", "Log at least a quarter of an hour."],
      ["25", "A day has 24 hours: log each day on its own."],
      ["two", "Enter hours as a number, like 1.5 or 2.25."],
    ]) {
      const res = await edit(entry!.id, { day: "2026-11-08", hours: hours!, note: "Typed again" });
      expect(res.status, hours).toBe(400);
      const html = await res.text();
      expect(html).toMatch(
        new RegExp(`id="time-edit-hours-error"[^>]*>${message!.replace(/[.:]/g, "\\$&")}<`),
      );
      expect(valueOf(html, "time-edit-hours")).toBe(hours);
      expect(valueOf(html, "time-edit-day")).toBe("2026-11-08");
      expect(valueOf(html, "time-edit-note")).toBe("Typed again");
      // The log form below is not the one marked.
      expect(html).not.toContain('id="time-hours-error"');
    }
    const future = await edit(entry!.id, {
      day: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10),
      hours: "1",
    });
    expect(future.status).toBe(400);
    expect(text(await future.text())).toContain("That day hasn't come yet");
    expect(entries(itemId)[0]).toMatchObject({ day: "2026-11-09", hours: 2.75 });
    expect(item(itemId)).toEqual(before);
  });

  it("refuses a form read before its entry was corrected with 409, saving nothing; not one read before another entry", async () => {
    const [entry] = entries(itemId);
    const stale = shownOf(entry!.id);
    // Another entry logged since the form was read is no change to this one.
    expect((await logTime(server, partner, id, itemId, { day: "2026-11-20", hours: "1" })).status).toBe(302);
    expect(
      (await edit(entry!.id, { day: "2026-11-09", hours: "2.75", note: "Corrected meanwhile", shown: stale }))
        .status,
    ).toBe(302);
    const before = item(itemId);
    const res = await edit(entry!.id, { day: "2026-11-09", hours: "5", note: "", shown: stale });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(text(html)).toContain("your correction was not saved");
    // What was typed is kept, with what the page shows of the entry now, to send it again.
    expect(valueOf(html, "time-edit-hours")).toBe("5");
    expect(/name="shown" value="([0-9a-f]+)"/.exec(html.slice(html.indexOf('value="edit-time"')))?.[1]).toBe(
      shownOf(entry!.id),
    );
    expect(entries(itemId).find((e) => e.id === entry!.id)?.note).toBe("Corrected meanwhile");
    expect(item(itemId)).toEqual(before);
    // Sent again as the page now is, it saves.
    expect((await edit(entry!.id, { day: "2026-11-09", hours: "5", note: "" })).status).toBe(302);
    expect(item(itemId).actual_hours).toBe(7.5);
  });

  it("is the partner's alone: the founder and a viewer get 403, a stranger 404", async () => {
    const [entry] = entries(itemId);
    const before = item(itemId);
    for (const who of [founder, viewer])
      expect((await edit(entry!.id, { day: "2026-11-09", hours: "1", note: "" }, who)).status).toBe(403);
    const stranger = new Client(server.url);
    await signup(stranger, `stranger-edit-${Date.now()}@example.com`);
    const res = await stranger.post(`/engagements/${id}/plan/${itemId}`, {
      intent: "edit-time",
      itemId,
      entryId: entry!.id,
      shown: shownOf(entry!.id),
      day: "2026-11-09",
      hours: "1",
    });
    expect(res.status).toBe(404);
    expect(entries(itemId)[0]).toMatchObject({ id: entry!.id, hours: 5 });
    expect(item(itemId)).toEqual(before);
  });

  it("is 404 for another item's entry, and changes nothing for another engagement's", async () => {
    const [mine] = entries(itemId);
    const [theirs] = entries(otherItemId);
    // The other item's entry, posted as this item's.
    const crossed = await edit(theirs!.id, { day: "2026-11-11", hours: "1", note: "" });
    expect(crossed.status).toBe(404);
    // This item's entry, posted as the other item's.
    expect(
      (await edit(mine!.id, { day: "2026-11-09", hours: "1", note: "" }, partner, otherItemId)).status,
    ).toBe(404);
    // A copy of the engagement (the founder's import): its entries are not this engagement's.
    const imported = await founder.importFile(
      await (await founder.get(`/engagements/${id}/export.json`)).text(),
    );
    expect(imported.status).toBe(302);
    const copy = imported.headers.get("Location")!.split("/").pop()!;
    const [copied] = query<{ id: string; item_id: string }>(
      server,
      "select id, item_id from time_entries where engagement_id = ? limit 1",
      copy,
    );
    expect(copied).toBeDefined();
    // Answered as an entry removed meanwhile (409, nothing changed), exactly as an id that exists
    // nowhere: the answer does not tell a member whether an id exists in another engagement.
    const copiedBefore = query(server, "select day, hours, note from time_entries where id = ?", copied!.id);
    const foreign = await edit(copied!.id, { day: "2026-11-11", hours: "1", note: "" });
    const nowhere = await edit("nOSuchEntry0", { day: "2026-11-11", hours: "1", note: "" });
    expect(foreign.status).toBe(409);
    expect(nowhere.status).toBe(409);
    const said = (html: string) => html.match(/Someone removed this entry[^<]*/)?.[0];
    expect(said(await foreign.text())).toBe(said(await nowhere.text()));
    expect(query(server, "select day, hours, note from time_entries where id = ?", copied!.id)).toEqual(
      copiedBefore,
    );
    // Its importer is the founder there, and the author of its entries, yet may not correct them:
    // the hours are what the partner bills.
    const own = await founder.post(`/engagements/${copy}/plan/${copied!.item_id}`, {
      intent: "edit-time",
      itemId: copied!.item_id,
      entryId: copied!.id,
      shown: shownOf(copied!.id),
      day: "2026-11-11",
      hours: "1",
    });
    expect(own.status).toBe(403);
    expect(entries(otherItemId)).toEqual([theirs]);
    expect(entries(itemId).find((e) => e.id === mine!.id)?.hours).toBe(5);
  });

  it("keeps the rate it was logged at after another version is agreed at a new rate", async () => {
    const [entry] = entries(itemId);
    await agreeAtRate(server, founder, partner, id, { hourlyRate: rate1 + 50, number: 2 });
    // The form still says version 1's rate.
    expect(text(await (await itemPage(partner, `?edit=${entry!.id}`)).text())).toContain(
      `It stays at ${formatRate(rate1, "EUR")} an hour`,
    );
    expect((await edit(entry!.id, { day: "2026-11-09", hours: "3", note: "Priced as logged" })).status).toBe(
      302,
    );
    expect(entries(itemId).find((x) => x.id === entry!.id)).toMatchObject({
      hours: 3,
      note: "Priced as logged",
      rate: rate1,
      currency: entry!.currency,
    });
    const csv: string[][] = parseCsvText(
      await (await founder.get(`/engagements/${id}/plan/time.csv?month=2026-11`)).text(),
      { bom: true },
    );
    const row = csv.find((r) => r[4] === "Priced as logged")!;
    expect([row[0], row[3], row[6], row[8]]).toEqual([
      "2026-11-09",
      "3",
      String(rate1),
      (3 * rate1).toFixed(2),
    ]);
  });
});

describe("removing a time entry", () => {
  it("asks first: a disclosure naming the entry holds the button", async () => {
    const html = await (await itemPage(partner)).text();
    const [entry] = entries(itemId);
    const details = /<details class="time-log__remove">([\s\S]*?)<\/details>/.exec(html)?.[1];
    expect(details).toBeDefined();
    expect(text(details!)).toMatch(
      /Remove… .* Remove .* logged on .*\? The item’s total goes down by it\. Remove this entry/,
    );
    const last = entries(itemId).at(-1)!.id;
    expect(html).toContain(`name="entry" value="${last}:${shownOf(last)}"`);
    expect(entry).toBeDefined();
  });
});

describe("refusals from the review of 6 December", () => {
  /** The hidden fields of the page's form with this id, as rendered. */
  const hiddenOf = (html: string, formId: string) => {
    const form = new RegExp(`<form[^>]*id="${formId}"[^>]*>([\\s\\S]*?)</form>`).exec(html)?.[1] ?? "";
    const fields: Record<string, string> = {};
    for (const input of form.matchAll(/<input[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      if (name) fields[name] = /value="([^"]*)"/.exec(input[0])?.[1] ?? "";
    }
    return fields;
  };
  /** How often the page says it, as read (not in the data its scripts carry). */
  const count = (html: string, said: string) =>
    text(html.replace(/<script[\s\S]*?<\/script>/g, "")).split(said).length - 1;

  it("refuses a removal confirmed on a page read before the entry was corrected, once said, then removes it", async () => {
    expect((await logTime(server, partner, id, otherItemId, { day: "2026-11-21", hours: "2" })).status).toBe(
      302,
    );
    const entry = entries(otherItemId).find((e) => e.day === "2026-11-21")!;
    /** The remove form's hidden fields, and this entry's button (its id and what the page shows of it). */
    const remove = () =>
      partner
        .get(`/engagements/${id}/plan/${otherItemId}`)
        .then((r) => r.text())
        .then((html) => ({
          ...hiddenOf(html, "time-remove"),
          entry: new RegExp(`name="entry" value="(${entry.id}:[0-9a-f]+)"`).exec(html)?.[1] ?? "",
        }));
    const read = await remove();
    expect(read).toMatchObject({ intent: "delete-time", itemId: otherItemId });
    expect(read.entry).toBe(`${entry.id}:${shownOf(entry.id)}`);
    // The entry is corrected meanwhile (another tab): it is not what the confirmation named.
    expect(
      (await edit(entry.id, { day: "2026-11-21", hours: "2.5", note: "" }, partner, otherItemId)).status,
    ).toBe(302);
    const before = item(otherItemId);
    const res = await partner.post(`/engagements/${id}/plan/${otherItemId}`, read);
    expect(res.status).toBe(409);
    expect(count(await res.text(), "so it was not removed")).toBe(1);
    expect(entries(otherItemId).map((e) => e.id)).toContain(entry.id);
    expect(item(otherItemId)).toEqual(before);
    // Confirmed again on the page as it is now, it is removed.
    const again = await partner.post(`/engagements/${id}/plan/${otherItemId}`, await remove());
    expect(again.status).toBe(302);
    expect(entries(otherItemId).map((e) => e.id)).not.toContain(entry.id);
  });

  it("says a correction's entry was removed meanwhile once, and puts what was typed in Log time", async () => {
    expect((await logTime(server, partner, id, otherItemId, { day: "2026-11-23", hours: "1" })).status).toBe(
      302,
    );
    const entry = entries(otherItemId).find((e) => e.day === "2026-11-23")!;
    const shown = shownOf(entry.id);
    expect(
      (
        await partner.post(`/engagements/${id}/plan/${otherItemId}`, {
          intent: "delete-time",
          entry: `${entry.id}:${shown}`,
        })
      ).status,
    ).toBe(302);
    const res = await edit(
      entry.id,
      { day: "2026-11-24", hours: "1.75", note: "Wired the alerts", shown },
      partner,
      otherItemId,
    );
    expect(res.status).toBe(409);
    const html = await res.text();
    // Removed in another tab by the one correcting it: said so, with when.
    expect(count(html, "while you were correcting it.")).toBe(1);
    expect(text(html)).toMatch(/You removed this entry \([^)]+\) while you were correcting it\./);
    // Not said twice in other words either.
    expect(text(html)).not.toContain("That entry is not logged on this item");
    expect(html).not.toContain('id="time-edit-hours"');
    expect([valueOf(html, "time-day"), valueOf(html, "time-hours"), valueOf(html, "time-note")]).toEqual([
      "2026-11-24",
      "1.75",
      "Wired the alerts",
    ]);
  });

  it("holds hours that change to logging's rules, on an entry whose old hours break them", async () => {
    const [{ user }] = query<{ user: string }>(
      server,
      "select id as user from users where email = ?",
      DEMO.partner.email,
    ) as [{ user: string }];
    const db = new Database(server.dbFile);
    try {
      db.prepare(
        "insert into time_entries (id, engagement_id, item_id, user_id, day, hours, note, rate, currency, billable, created_at) values ('legacy-edit', ?, ?, ?, '2026-12-01', 37.5, 'Logged before dated entries', 95, 'EUR', 1, 0)",
      ).run(id, otherItemId, user);
    } finally {
      db.close();
    }
    for (const [hours, message] of [
      ["30", "A day has 24 hours: log each day on its own."],
      ["37.6", "A day has 24 hours: log each day on its own."],
      ["7.1", "Log time in quarter hours, like 1.25 or 1.5."],
    ]) {
      const res = await edit(
        "legacy-edit",
        { day: "2026-12-01", hours: hours!, note: "" },
        partner,
        otherItemId,
      );
      expect(res.status, hours).toBe(400);
      expect(await res.text()).toMatch(
        new RegExp(`id="time-edit-hours-error"[^>]*>${message!.replace(/[.:]/g, "\\$&")}<`),
      );
    }
    expect(entries(otherItemId).find((e) => e.id === "legacy-edit")?.hours).toBe(37.5);
    const res = await edit(
      "legacy-edit",
      { day: "2026-12-01", hours: "7.5", note: "" },
      partner,
      otherItemId,
    );
    expect(res.status).toBe(302);
    expect(entries(otherItemId).find((e) => e.id === "legacy-edit")).toMatchObject({ hours: 7.5, note: "" });
  });
});
