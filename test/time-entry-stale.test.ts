// A time entry's correction and removal are checked against the entry as the page showed it, not
// against the item's version (QA finding after pass 6): a new status, a new estimate or another entry
// logged since the page was read refuse neither; a correction or removal of an entry someone else
// corrected meanwhile is refused (409), saying who changed it to what and when, what was typed kept;
// one removed meanwhile says who removed it; a removal sent again changes nothing. Through the real
// server and its SQLite file, with the forms as the item page renders them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { formatDateTime } from "../app/utils/format";

import {
  acceptedProposal,
  addMember,
  DEMO,
  demoEngagementId,
  login,
  logTime,
  query,
} from "./support/demo-server";
import { startServer, type Client, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;
let maya: Client;
let items: string[];

type Entry = { id: string; day: string; hours: number; note: string; corrected_at: number | null };
const entries = (item: string) =>
  query<Entry>(
    server,
    "select id, day, hours, note, corrected_at from time_entries where item_id = ? order by day, created_at",
    item,
  );
const entryOn = (item: string, day: string) => entries(item).find((e) => e.day === day)!;
const itemRow = (item: string) =>
  query<{ version: number; status: string; likely: number; actual_hours: number | null }>(
    server,
    "select version, status, likely, actual_hours from plan_items where id = ?",
    item,
  )[0]!;
const activityCount = () =>
  query<{ n: number }>(server, "select count(*) as n from activity where engagement_id = ?", id)[0]!.n;
const text = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/&rsquo;/g, "’")
    .replace(/\s+/g, " ");
const valueOf = (html: string, inputId: string) => {
  const tag = new RegExp(`<input[^>]*id="${inputId}"[^>]*>`).exec(html)?.[0];
  return tag === undefined ? undefined : (/value="([^"]*)"/.exec(tag)?.[1] ?? "");
};
/** The hidden fields of a form's markup. */
const hiddenIn = (form: string) => {
  const fields: Record<string, string> = {};
  for (const input of form.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    if (name) fields[name] = /value="([^"]*)"/.exec(input[0])?.[1] ?? "";
  }
  return fields;
};
const page = (item: string, search = "", who: Client = partner) =>
  who.get(`/engagements/${id}/plan/${item}${search}`).then((r) => r.text());

/** The correction form as the item page renders it for the entry (after following its Edit link). */
async function readCorrection(item: string, entryId: string): Promise<Record<string, string>> {
  const html = await page(item, `?edit=${entryId}`);
  const form = /<form[^>]*aria-label="Correct [^"]*"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1];
  expect(form, "the correction form").toBeDefined();
  const fields = hiddenIn(form!);
  expect(fields).toMatchObject({ intent: "edit-time", itemId: item, entryId });
  return fields;
}

/** The removal as the item page renders it: the shared form's fields and this entry's button. */
async function readRemoval(item: string, entryId: string): Promise<Record<string, string>> {
  const html = await page(item);
  const form = /<form[^>]*id="time-remove"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1];
  expect(form, "the removal form").toBeDefined();
  const button = new RegExp(
    `<button[^>]*form="time-remove"[^>]*name="entry" value="(${entryId}:[^"]*)"`,
  ).exec(html)?.[1];
  expect(button, "the entry's Remove button").toBeDefined();
  return { ...hiddenIn(form!), entry: button! };
}

const post = (item: string, fields: Record<string, string>, who: Client = partner, search = "") =>
  who.post(`/engagements/${id}/plan/${item}${search}`, fields);
const correct = (item: string, form: Record<string, string>, typed: Record<string, string>, who = partner) =>
  post(item, { ...form, ...typed }, who, `?edit=${form.entryId}`);

/** Changes on the item that are no change to its entries: a new status, a new estimate. */
async function changeItem(item: string) {
  const before = itemRow(item);
  const status = await post(item, {
    intent: "status",
    itemId: item,
    version: String(before.version),
    status: before.status === "in-progress" ? "todo" : "in-progress",
  });
  expect(status.status, "status").toBe(302);
  const [est] = query<{ optimistic: number; likely: number; pessimistic: number }>(
    server,
    "select optimistic, likely, pessimistic from plan_items where id = ?",
    item,
  );
  const estimate = await post(item, {
    intent: "estimate",
    itemId: item,
    version: String(itemRow(item).version),
    "estimate.optimistic": String(est!.optimistic),
    "estimate.likely": String(est!.likely + 1),
    "estimate.pessimistic": String(est!.pessimistic + 1),
    reason: "One more table than we thought",
  });
  expect(estimate.status, `estimate: ${text(await estimate.text()).slice(0, 300)}`).toBe(302);
  expect(itemRow(item).likely).toBe(est!.likely + 1);
}

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  await acceptedProposal(server, founder, partner, id);
  // A second partner, named on their account page, to correct and remove entries meanwhile.
  maya = await addMember(server, founder, id, "partner");
  expect((await maya.post("/account", { intent: "change-name", name: "Maya Okafor" })).status).toBeLessThan(
    400,
  );
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

describe("a correction or removal after the item changed, its entry not", () => {
  it("(a) corrects the entry after a new status, a new estimate and another entry logged", async () => {
    const item = items[0]!;
    expect(
      (await logTime(server, partner, id, item, { day: "2026-11-10", hours: "2", note: "Draft" })).status,
    ).toBe(302);
    const entry = entryOn(item, "2026-11-10");
    const form = await readCorrection(item, entry.id);
    const read = itemRow(item).version;
    await changeItem(item);
    expect((await logTime(server, maya, id, item, { day: "2026-11-11", hours: "1" })).status).toBe(302);
    // The item moved on three times since the form was read; the entry did not.
    expect(itemRow(item).version).toBeGreaterThan(read);
    const res = await correct(item, form, { day: "2026-11-09", hours: "2.75", note: "Mapped the tables" });
    expect(res.status, text(await res.clone().text()).slice(0, 400)).toBe(302);
    expect(entryOn(item, "2026-11-09")).toMatchObject({
      id: entry.id,
      hours: 2.75,
      note: "Mapped the tables",
    });
    expect(itemRow(item).actual_hours).toBe(3.75);
  });

  it("(b) removes the entry after a new status, a new estimate and another entry logged", async () => {
    const item = items[1]!;
    expect((await logTime(server, partner, id, item, { day: "2026-11-10", hours: "2" })).status).toBe(302);
    const entry = entryOn(item, "2026-11-10");
    const removal = await readRemoval(item, entry.id);
    expect(removal).toMatchObject({ intent: "delete-time", itemId: item });
    const read = itemRow(item).version;
    await changeItem(item);
    expect((await logTime(server, maya, id, item, { day: "2026-11-12", hours: "1.5" })).status).toBe(302);
    expect(itemRow(item).version).toBeGreaterThan(read);
    const res = await post(item, removal);
    expect(res.status, text(await res.clone().text()).slice(0, 400)).toBe(302);
    expect(entries(item).map((e) => e.id)).not.toContain(entry.id);
    expect(itemRow(item).actual_hours).toBe(1.5);
  });
});

describe("a correction or removal of an entry someone else changed meanwhile", () => {
  it("(c) refuses a correction with 409, naming who corrected it to what and when, what was typed kept", async () => {
    const item = items[2]!;
    expect(
      (await logTime(server, partner, id, item, { day: "2026-11-10", hours: "2", note: "Draft" })).status,
    ).toBe(302);
    const entry = entryOn(item, "2026-11-10");
    const mine = await readCorrection(item, entry.id);
    // Maya corrects it first, from her own page.
    const theirs = await readCorrection(item, entry.id);
    expect(
      (await correct(item, theirs, { day: "2026-11-11", hours: "2.5", note: "Paired on it" }, maya)).status,
    ).toBe(302);
    const corrected = entryOn(item, "2026-11-11");
    const before = itemRow(item);
    const res = await correct(item, mine, { day: "2026-11-10", hours: "3", note: "My typing" });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(text(html)).toContain(
      `Maya Okafor corrected this entry to 2.5 h on 11 Nov 2026, noted “Paired on it” (${formatDateTime(corrected.corrected_at!)}), after this page was loaded, so your correction was not saved`,
    );
    // Maya's correction stands; nothing else moved.
    expect(corrected).toMatchObject({ id: entry.id, hours: 2.5, note: "Paired on it" });
    expect(itemRow(item)).toEqual(before);
    // What was typed is still in the correction form, which now carries the entry as it is.
    expect([
      valueOf(html, "time-edit-day"),
      valueOf(html, "time-edit-hours"),
      valueOf(html, "time-edit-note"),
    ]).toEqual(["2026-11-10", "3", "My typing"]);
    const again = hiddenIn(/<form[^>]*aria-label="Correct [^"]*"[^>]*>([\s\S]*?)<\/form>/.exec(html)![1]!);
    expect(again.shown).not.toBe(mine.shown);
    // Saved again from that page, it goes in.
    expect((await correct(item, again, { day: "2026-11-10", hours: "3", note: "My typing" })).status).toBe(
      302,
    );
    expect(entries(item)).toMatchObject([{ id: entry.id, day: "2026-11-10", hours: 3, note: "My typing" }]);
  });

  it("(d) refuses a removal with 409, naming who corrected it to what and when, nothing removed", async () => {
    const item = items[3]!;
    expect((await logTime(server, partner, id, item, { day: "2026-11-10", hours: "2" })).status).toBe(302);
    const entry = entryOn(item, "2026-11-10");
    const removal = await readRemoval(item, entry.id);
    expect(
      (
        await correct(
          item,
          await readCorrection(item, entry.id),
          { day: "2026-11-10", hours: "2.5", note: "" },
          maya,
        )
      ).status,
    ).toBe(302);
    const corrected = entryOn(item, "2026-11-10");
    const before = itemRow(item);
    const said = activityCount();
    const res = await post(item, removal);
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(text(html)).toContain(
      `Maya Okafor corrected this entry to 2.5 h on 10 Nov 2026, with no note (${formatDateTime(corrected.corrected_at!)}), after this page was loaded, so it was not removed`,
    );
    expect(entries(item).map((e) => e.id)).toEqual([entry.id]);
    expect(itemRow(item)).toEqual(before);
    expect(activityCount()).toBe(said);
    // Confirmed again on the page as it is now, it is removed.
    expect((await post(item, await readRemoval(item, entry.id))).status).toBe(302);
    expect(entries(item)).toEqual([]);
  });

  it("says who removed an entry being corrected, and when, with what was typed in Log time", async () => {
    const item = items[3]!;
    expect((await logTime(server, partner, id, item, { day: "2026-11-13", hours: "1" })).status).toBe(302);
    const entry = entryOn(item, "2026-11-13");
    const mine = await readCorrection(item, entry.id);
    expect((await post(item, await readRemoval(item, entry.id), maya)).status).toBe(302);
    const [removed] = query<{ at: number }>(
      server,
      "select created_at as at from activity where kind = 'plan.time-removed' and json_extract(detail, '$.entryId') = ?",
      entry.id,
    );
    const res = await correct(item, mine, { day: "2026-11-13", hours: "1.25", note: "Still needed" });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(text(html)).toContain(
      `Maya Okafor removed this entry (${formatDateTime(removed!.at)}) while you were correcting it.`,
    );
    expect([valueOf(html, "time-day"), valueOf(html, "time-hours"), valueOf(html, "time-note")]).toEqual([
      "2026-11-13",
      "1.25",
      "Still needed",
    ]);
  });
});

describe("a removal sent again", () => {
  it("(e) changes nothing once the entry is gone", async () => {
    const item = items[4]!;
    expect((await logTime(server, partner, id, item, { day: "2026-11-10", hours: "2" })).status).toBe(302);
    expect((await logTime(server, partner, id, item, { day: "2026-11-11", hours: "1" })).status).toBe(302);
    const entry = entryOn(item, "2026-11-10");
    const removal = await readRemoval(item, entry.id);
    const first = await post(item, removal);
    expect(first.status).toBe(302);
    const left = entries(item);
    const before = itemRow(item);
    const said = activityCount();
    // A double click, another tab, or Maya with the same page: back to the item, nothing changed.
    for (const who of [partner, maya]) {
      const again = await post(item, removal, who);
      expect(again.status).toBe(302);
      expect(again.headers.get("Location")).toBe(`/engagements/${id}/plan/${item}#time-heading`);
    }
    expect(entries(item)).toEqual(left);
    expect(itemRow(item)).toEqual(before);
    expect(activityCount()).toBe(said);
  });
});

describe("a form from before the entry was posted as shown", () => {
  it("is refused with 400 and a clear message, what was typed kept, nothing changed", async () => {
    const item = items[4]!;
    const [entry] = entries(item);
    const before = itemRow(item);
    const { shown, ...old } = await readCorrection(item, entry!.id);
    expect(shown).toMatch(/^[0-9a-f]{16}$/);
    for (const sent of [
      { ...old, version: String(before.version) },
      { ...old, shown: "not-a-token" },
    ]) {
      const res = await correct(item, sent, { day: "2026-11-11", hours: "1.5", note: "Typed" });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(text(html)).toContain(
        "This page is out of date, so your correction was not saved: reload it and correct the entry again.",
      );
      expect(valueOf(html, "time-edit-hours")).toBe("1.5");
    }
    const removal = await post(item, {
      intent: "delete-time",
      itemId: item,
      entryId: entry!.id,
      version: String(before.version),
    });
    expect(removal.status).toBe(400);
    expect(text(await removal.text())).toContain(
      "This page is out of date: reload it and remove the entry again.",
    );
    expect(entries(item)).toEqual([entry]);
    expect(itemRow(item)).toEqual(before);
  });
});
