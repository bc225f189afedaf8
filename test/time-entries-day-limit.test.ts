// A day holds 24 hours (QA pass 3, finding 1): one entry was held to 24 h, but 24 h logged twice on
// one day, on one item or two, was saved as 48 h and went into the month's total and time.csv, the
// basis for an invoice. The day's entries of one person in one project are now held to 24 h
// together, when logged and when corrected; and a day more than a year before the project was
// created (2020 in a 2026 project) is refused as a mistyped year.
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
import { unescape } from "./support/html";
import { Client, startServer, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let partner: Client;
let second: Client;
let first: string;
let other: string;

const DAY = "2026-11-20";
const sumOn = (day: string) =>
  query<{ total: number | null }>(
    server,
    "select sum(hours) as total from time_entries where engagement_id = ? and day = ?",
    id,
    day,
  )[0]!.total ?? 0;
/** What a page read now shows of an entry (its correction form posts it back). */
const shownOf = (entryId: string) =>
  entryShown(
    query<{ hours: number; day: string; note: string }>(
      server,
      "select hours, day, note from time_entries where id = ?",
      entryId,
    )[0]!,
  );
const entryOf = (itemId: string, note: string) =>
  query<{ id: string }>(
    server,
    "select id from time_entries where item_id = ? and note = ?",
    itemId,
    note,
  )[0]!.id;
const edit = (by: Client, itemId: string, entryId: string, fields: Record<string, string>) =>
  by.post(`/engagements/${id}/plan/${itemId}?edit=${entryId}`, {
    intent: "edit-time",
    itemId,
    entryId,
    shown: shownOf(entryId),
    note: "",
    ...fields,
  });
const refusal = async (res: Response) => unescape(await res.text());

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  const founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  second = await addMember(server, founder, id, "partner");
  await acceptedProposal(server, founder, partner, id);
  [first, other] = query<{ id: string }>(
    server,
    "select id from plan_items where engagement_id = ? and scope = 'included' and owner != 'founder' order by position limit 2",
    id,
  ).map((r) => r.id) as [string, string];
});
afterAll(async () => {
  await server?.stop();
});

describe("a day's entries together", () => {
  it("take at most 24 hours per person, across the project's items, said on the hours field", async () => {
    expect((await logTime(server, partner, id, first, { day: DAY, hours: "20", note: "a" })).status).toBe(
      302,
    );
    // 20 + 4 fill the day exactly: allowed, on another item.
    expect((await logTime(server, partner, id, other, { day: DAY, hours: "4", note: "b" })).status).toBe(302);
    const full = await logTime(server, partner, id, first, { day: DAY, hours: "0.25", note: "c" });
    expect(full.status).toBe(400);
    expect(await refusal(full)).toContain(
      "You already have 24 h logged on 20 Nov 2026 in this project: a day has 24 hours, so no more fit in it.",
    );
    expect(sumOn(DAY)).toBe(24);
    // Another partner's day is their own.
    expect((await logTime(server, second, id, first, { day: DAY, hours: "8", note: "d" })).status).toBe(302);
    expect(sumOn(DAY)).toBe(32);
  });

  it("says how many more hours fit, and keeps what was typed", async () => {
    const day = "2026-11-21";
    expect((await logTime(server, partner, id, first, { day, hours: "22.5", note: "e" })).status).toBe(302);
    const res = await logTime(server, partner, id, other, { day, hours: "3", note: "too much" });
    expect(res.status).toBe(400);
    const html = await refusal(res);
    expect(html).toContain(
      "You already have 22.5 h logged on 21 Nov 2026 in this project: a day has 24 hours, so at most 1.5 h more fit in it.",
    );
    expect(html).toContain('value="too much"');
    expect(sumOn(day)).toBe(22.5);
  });

  it("hold a correction too: more hours, or a move to a fuller day, by whoever corrects it", async () => {
    const day = "2026-11-22";
    expect((await logTime(server, partner, id, first, { day, hours: "16", note: "f" })).status).toBe(302);
    expect(
      (await logTime(server, partner, id, other, { day: "2026-11-23", hours: "10", note: "g" })).status,
    ).toBe(302);
    const g = entryOf(other, "g");
    // Moving g's 10 h to a day holding 16 h would make 26.
    const moved = await edit(partner, other, g, { day, hours: "10" });
    expect(moved.status).toBe(400);
    expect(await refusal(moved)).toContain("You already have 16 h logged on 22 Nov 2026 in this project");
    // Another partner correcting it is told whose day it is.
    const byOther = await edit(second, other, g, { day, hours: "10" });
    expect(byOther.status).toBe(400);
    expect(await refusal(byOther)).toMatch(/[^<]+ already has 16 h logged on 22 Nov 2026 in this project/);
    // Its own hours do not count against it: 10 → 12 on its own day is fine, 8 more on the full day is not.
    expect((await edit(partner, other, g, { day: "2026-11-23", hours: "12" })).status).toBe(302);
    expect((await edit(partner, other, g, { day, hours: "8" })).status).toBe(302);
    expect(sumOn(day)).toBe(24);
  });
});

describe("a day long before the project", () => {
  it("is refused as a mistyped year; within a year before, work is logged", async () => {
    const res = await logTime(server, partner, id, first, { day: "2020-01-01", hours: "2", note: "old" });
    expect(res.status).toBe(400);
    expect(await refusal(res)).toContain(
      "That is more than a year before this project was created: check the year.",
    );
    expect(query(server, "select id from time_entries where day = '2020-01-01'")).toEqual([]);
    expect(
      (await logTime(server, partner, id, first, { day: "2026-06-01", hours: "2", note: "june" })).status,
    ).toBe(302);
  });
});
