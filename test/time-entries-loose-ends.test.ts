// Decision 042, "Loose ends, 6 December", through the real server and SQLite file: who last corrected
// an entry is kept on it (shown on its row, the time page, the CSV, the export and an import); a
// removal without what the page showed of the entry (or with junk) is refused in the Time spent card, nothing
// removed; a correction wrong in its day and its hours is told both at once, as logging is.
import Database from "better-sqlite3";
import { parse as parseCsvText } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { entryShown } from "../app/models/time-entries.server";
import { formatDate } from "../app/utils/format";

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
let piet: Client;
let pietId: string;
let partnerId: string;
let items: string[];

type Entry = {
  id: string;
  day: string;
  hours: number;
  note: string;
  corrected_by: string | null;
  corrected_at: number | null;
};
const entries = (item: string) =>
  query<Entry>(
    server,
    "select id, day, hours, note, corrected_by, corrected_at from time_entries where item_id = ? order by day, created_at",
    item,
  );
const versionOf = (item: string) =>
  query<{ version: number }>(server, "select version from plan_items where id = ?", item)[0]!.version;
/** What a page read now shows of an entry (its correction and removal forms post it back). */
const shownOf = (entryId: string) =>
  entryShown(
    query<{ hours: number; day: string; note: string }>(
      server,
      "select hours, day, note from time_entries where id = ?",
      entryId,
    )[0]!,
  );
const userId = (email: string) =>
  query<{ id: string }>(server, "select id from users where email = ?", email)[0]!.id;
const text = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/&rsquo;/g, "’")
    .replace(/\s+/g, " ");
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;
/** The text of the Time spent card: from its heading to the Log time form's. */
const timeCard = (html: string) => {
  const page = text(html);
  return page.slice(page.indexOf("Time spent"), page.indexOf("Log time", page.indexOf("Time spent")));
};
const errorOf = (html: string, fieldId: string) =>
  new RegExp(`id="${fieldId}-error"[^>]*>([^<]*)<`).exec(html)?.[1];
const itemPage = (item: string, who: Client = partner) =>
  who.get(`/engagements/${id}/plan/${item}`).then((r) => r.text());
/** The item's correction form, posted as the page sends it (to `?edit=<entry>`). */
const edit = (item: string, entryId: string, fields: Record<string, string>, by: Client = partner) =>
  by.post(`/engagements/${id}/plan/${item}?edit=${entryId}`, {
    intent: "edit-time",
    itemId: item,
    entryId,
    shown: shownOf(entryId),
    ...fields,
  });

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  await acceptedProposal(server, founder, partner, id);
  // A second partner with a name of their own, set on their account page.
  piet = await addMember(server, founder, id, "partner");
  expect((await piet.post("/account", { intent: "change-name", name: "Piet Partner" })).status).toBeLessThan(
    400,
  );
  [{ id: pietId }] = query<{ id: string }>(server, "select id from users where name = 'Piet Partner'") as [
    { id: string },
  ];
  partnerId = userId(DEMO.partner.email);
  items = query<{ id: string }>(
    server,
    "select id from plan_items where engagement_id = ? and scope = 'included' and owner != 'founder' order by position limit 4",
    id,
  ).map((r) => r.id);
  expect(items).toHaveLength(4);
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe("who corrected an entry", () => {
  it("is kept on the entry and shown on its row, the time page and the CSV; a save unchanged writes nothing", async () => {
    const item = items[0]!;
    for (const fields of [
      { day: "2026-11-10", hours: "2", note: "Mapped the tables" },
      { day: "2026-11-12", hours: "1.5", note: "Never corrected" },
    ])
      expect((await logTime(server, partner, id, item, fields)).status).toBe(302);
    const [first, second] = entries(item);
    expect([first!.corrected_by, first!.corrected_at, second!.corrected_by]).toEqual([null, null, null]);
    expect(text(await itemPage(item))).not.toContain("Corrected by");

    // Piet corrects Jonas's entry.
    const before = Date.now();
    expect(
      (await edit(item, first!.id, { day: "2026-11-10", hours: "2.5", note: "Mapped the tables" }, piet))
        .status,
    ).toBe(302);
    const after = Date.now();
    const corrected = entries(item)[0]!;
    expect(corrected).toMatchObject({ hours: 2.5, corrected_by: pietId });
    expect(corrected.corrected_at).toBeGreaterThanOrEqual(before);
    expect(corrected.corrected_at).toBeLessThanOrEqual(after);
    const on = formatDate(corrected.corrected_at!);
    // On its row, under who logged it; the other row says nothing of the kind. The founder reads it too.
    for (const who of [partner, founder]) {
      const card = timeCard(await itemPage(item, who));
      expect(card).toContain(
        `10 Nov 2026 2.5 h Mapped the tables ${DEMO.partner.name} Corrected by Piet Partner on ${on}`,
      );
      expect(count(card, "Corrected by")).toBe(1);
    }

    // Jonas saves it as it is (the form sent unchanged): nothing is written, Piet stays the corrector.
    expect(
      (await edit(item, first!.id, { day: "2026-11-10", hours: "2.5", note: "Mapped the tables" })).status,
    ).toBe(302);
    expect(entries(item)[0]).toEqual(corrected);

    // The time page lists it with the entry; the CSV has who and the day (UTC), blank for the other.
    const time = text(await (await founder.get(`/engagements/${id}/plan/time`)).text());
    expect(time).toContain(`Mapped the tables ${DEMO.partner.name} Corrected by Piet Partner on ${on}`);
    expect(count(time, "Corrected by")).toBe(1);
    const csv: string[][] = parseCsvText(
      await (await founder.get(`/engagements/${id}/plan/time.csv?month=2026-11`)).text(),
      { bom: true },
    );
    expect(csv[0]!.slice(-2)).toEqual(["Corrected by", "Corrected on"]);
    const day = new Date(corrected.corrected_at!).toISOString().slice(0, 10);
    expect(csv.find((r) => r[4] === "Mapped the tables")!.slice(-2)).toEqual(["Piet Partner", day]);
    expect(csv.find((r) => r[4] === "Never corrected")!.slice(-2)).toEqual(["", ""]);

    // A later correction by Jonas: he is now who last corrected it.
    expect(
      (await edit(item, first!.id, { day: "2026-11-10", hours: "2.5", note: "Mapped the tables, all" }))
        .status,
    ).toBe(302);
    expect(entries(item)[0]).toMatchObject({ corrected_by: partnerId });
    expect(timeCard(await itemPage(item))).toContain(
      `${DEMO.partner.name} Corrected by ${DEMO.partner.name} on`,
    );
  });

  it("goes out in the export and comes back in an import, as the importer at the file's time; older files and bad values", async () => {
    const item = items[0]!;
    const file = (await (await founder.get(`/engagements/${id}/export.json`)).json()) as {
      plan: Array<{ ref: string; timeEntries: Array<Record<string, unknown>> }>;
    };
    const n = file.plan.findIndex((i) => i.ref === item);
    const exported = file.plan[n]!.timeEntries;
    const at = entries(item)[0]!.corrected_at!;
    expect(exported.find((e) => e.note === "Mapped the tables, all")).toMatchObject({
      corrected: { by: DEMO.partner.name, at },
    });
    // Never corrected: no such key, as in files from before it.
    expect(exported.find((e) => e.note === "Never corrected")).not.toHaveProperty("corrected");

    const importer = new Client(server.url);
    const email = `corrected-importer-${Date.now()}@example.com`;
    await signup(importer, email);
    const copyOf = async (data: unknown) => {
      const res = await importer.importFile(JSON.stringify(data));
      expect(res.status).toBe(302);
      return res.headers.get("Location")!.split("/").pop()!;
    };
    const copy = await copyOf(file);
    const copied = query<Entry>(
      server,
      "select note, corrected_by, corrected_at from time_entries where engagement_id = ? and note in ('Mapped the tables, all', 'Never corrected') order by day",
      copy,
    );
    expect(copied).toEqual([
      { note: "Mapped the tables, all", corrected_by: userId(email), corrected_at: at },
      { note: "Never corrected", corrected_by: null, corrected_at: null },
    ]);

    // A file from before corrections were kept: accepted, its entries uncorrected.
    const older = structuredClone(file);
    for (const i of older.plan) for (const e of i.timeEntries) delete e.corrected;
    const old = await copyOf(older);
    expect(
      query<{ n: number }>(
        server,
        "select count(*) as n from time_entries where engagement_id = ? and corrected_at is not null",
        old,
      )[0]!.n,
    ).toBe(0);

    // A bad value is refused with its path and why, nothing created.
    const m = exported.findIndex((e) => e.note === "Mapped the tables, all");
    const engagements = () => query<{ n: number }>(server, "select count(*) as n from engagements")[0]!.n;
    const had = engagements();
    for (const [corrected, reason] of [
      [{ by: "Jonas Brandt", at: -1 }, `plan[${n}].timeEntries[${m}].corrected.at`],
      [{ by: "Jonas Brandt" }, `plan[${n}].timeEntries[${m}].corrected.at`],
      [{ by: "Jonas Brandt", at: at, why: "typo" }, `plan[${n}].timeEntries[${m}].corrected`],
      ["yesterday", `plan[${n}].timeEntries[${m}].corrected`],
    ] as const) {
      const bad = structuredClone(file);
      bad.plan[n]!.timeEntries[m]!.corrected = corrected;
      const res = await importer.importFile(JSON.stringify(bad));
      expect(res.status, JSON.stringify(corrected)).toBe(400);
      expect(text(await res.text()), JSON.stringify(corrected)).toContain(
        `This export has a value Finishline can't use: ${reason}`,
      );
    }
    expect(engagements()).toBe(had);
  });
});

describe("removing an entry without what the page showed of it", () => {
  it("is refused in the Time spent card, nothing removed, whatever is sent instead; with it, the entry goes", async () => {
    const item = items[1]!;
    expect((await logTime(server, partner, id, item, { day: "2026-11-10", hours: "2" })).status).toBe(302);
    const [entry] = entries(item);
    const version = versionOf(item);
    const said = "This page is out of date: reload it and remove the entry again.";
    const shown = shownOf(entry!.id);
    for (const sent of [
      {} as Record<string, string>,
      { entry: "" },
      { entry: entry!.id },
      { entry: `${entry!.id}:` },
      { entry: `${entry!.id}:abc` },
      { entry: `:${shown}` },
      { entry: `${entry!.id}:${shown.toUpperCase()}` },
      // As a page from before sent it: the item's version, the entry's id alone.
      { entryId: entry!.id, version: String(version) },
    ]) {
      const res = await partner.post(`/engagements/${id}/plan/${item}`, {
        intent: "delete-time",
        itemId: item,
        ...sent,
      });
      const label = JSON.stringify(sent);
      expect(res.status, label).toBe(400);
      const html = await res.text();
      // Once, and in the card (not at the top of the page as well).
      expect(count(text(html), said), label).toBe(1);
      expect(timeCard(html), label).toContain(said);
      expect(
        entries(item).map((e) => e.id),
        label,
      ).toEqual([entry!.id]);
      expect(versionOf(item), label).toBe(version);
    }
    // Also without an item to go back to (a post from another page): refused, not a server error.
    const bare = await partner.post(`/engagements/${id}/plan/${item}`, {
      intent: "delete-time",
      entry: entry!.id,
    });
    expect(bare.status).toBe(400);
    expect(entries(item)).toHaveLength(1);
    // As the page's form sends it, with the entry as shown: removed.
    const res = await partner.post(`/engagements/${id}/plan/${item}`, {
      intent: "delete-time",
      itemId: item,
      entry: `${entry!.id}:${shown}`,
    });
    expect(res.status).toBe(302);
    expect(entries(item)).toEqual([]);
  });
});

describe("a form wrong in its day and its hours", () => {
  it("says both on a correction, beside each field, with the entry unchanged", async () => {
    const item = items[2]!;
    expect(
      (await logTime(server, partner, id, item, { day: "2026-11-10", hours: "2", note: "Backups" })).status,
    ).toBe(302);
    const [entry] = entries(item);
    const inTwoDays = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    for (const [fields, expected] of [
      [
        { day: "2026-02-30", hours: "0.3", note: "Backups" },
        { day: "Enter a date, like 2026-12-03.", hours: "Log time in quarter hours, like 1.25 or 1.5." },
      ],
      [
        { day: inTwoDays, hours: "30", note: "Backups" },
        {
          day: "That day hasn't come yet: log time once it's done.",
          hours: "A day has 24 hours: log each day on its own.",
        },
      ],
      [
        { day: "2026-11-10", hours: "0.1", note: "x".repeat(201) },
        { note: "Keep the note to 200 characters or fewer.", hours: "Log at least a quarter of an hour." },
      ],
    ] as const) {
      const res = await edit(item, entry!.id, fields);
      expect(res.status, fields.day).toBe(400);
      const html = await res.text();
      const said = Object.fromEntries(
        Object.keys(expected).map((f) => [f, errorOf(html, `time-edit-${f}`)?.replace(/&#x27;/g, "'")]),
      );
      expect(said, fields.day).toEqual(expected);
      expect(entries(item)).toEqual([entry]);
    }
  });

  it("holds hours sent back unchanged to no rule, so an entry from before dated entries is told only its day", async () => {
    const item = items[3]!;
    const db = new Database(server.dbFile);
    try {
      db.prepare(
        "insert into time_entries (id, engagement_id, item_id, user_id, day, hours, note, rate, currency, billable, created_at) values ('legacy-loose', ?, ?, ?, '2026-12-03', 1.1, 'Logged before dated entries', 95, 'EUR', 1, 0)",
      ).run(id, item, partnerId);
      db.prepare("update plan_items set actual_hours = 1.1 where id = ?").run(item);
    } finally {
      db.close();
    }
    const res = await edit(item, "legacy-loose", { day: "2026-02-30", hours: "1.1", note: "" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(errorOf(html, "time-edit-day")).toBe("Enter a date, like 2026-12-03.");
    expect(errorOf(html, "time-edit-hours")).toBeUndefined();
    // Changed to hours logging refuses, both are said.
    const both = await (
      await edit(item, "legacy-loose", { day: "2026-02-30", hours: "1.2", note: "" })
    ).text();
    expect([errorOf(both, "time-edit-day"), errorOf(both, "time-edit-hours")]).toEqual([
      "Enter a date, like 2026-12-03.",
      "Log time in quarter hours, like 1.25 or 1.5.",
    ]);
  });

  it("says both when logging, too", async () => {
    const item = items[3]!;
    const res = await logTime(server, partner, id, item, { day: "2026-02-30", hours: "0.3" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect([errorOf(html, "time-day"), errorOf(html, "time-hours")]).toEqual([
      "Enter a date, like 2026-12-03.",
      "Log time in quarter hours, like 1.25 or 1.5.",
    ]);
  });
});
