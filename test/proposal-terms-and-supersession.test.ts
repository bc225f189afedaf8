// The partner's audit, finding 1, 7, 12 and the least of 2, over HTTP against the real server: only
// the newest version can be accepted; a changed rate is named in the activity, the publish form and
// the version's "What changed"; the publish form states what it freezes and who it emails, and warns
// about settings nobody checked; the checklist asks to confirm the rate first; a version carries
// terms and a "valid until" day, shown on its page and PDF and enforced at acceptance.
import crypto from "node:crypto";

import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { addMember, DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { pdfText } from "./support/pdf-text";
import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", PDF_RATE_LIMIT: "1000", SIGNUP_RATE_LIMIT: "1000" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

/** The page's text as a reader sees it, without the inline data script. */
const text = (html: string) =>
  html
    .slice(0, html.indexOf("<script"))
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
const page = async (client: Client, path: string) => text(await (await client.get(path)).text());

const DAY = 24 * 60 * 60 * 1000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
/** "3 Jan 2027", as the app writes a day. */
const shown = (d: string) =>
  new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(Date.parse(`${d}T00:00:00Z`));

const latestNumber = () =>
  query<{ n: number | null }>(server, "select max(number) n from proposals where engagement_id = ?", id)[0]!
    .n ?? 0;
const proposal = (n: number) =>
  query<{ snapshot: string; snapshot_hash: string; accepted_at: number | null }>(
    server,
    "select snapshot, snapshot_hash, accepted_at from proposals where engagement_id = ? and number = ?",
    id,
    n,
  )[0]!;
const publish = (form: Record<string, string>) =>
  partner.post(`/engagements/${id}/proposals`, {
    assumptions: "Access in week one",
    exclusions: "Redesign",
    number: String(latestNumber() + 1),
    ...form,
  });
const accept = (n: number, hash = proposal(n).snapshot_hash) =>
  founder.post(`/engagements/${id}/proposals/${n}`, { snapshotHash: hash, confirm: "on" });
/** Saves the settings form as it stands, with `values` changed. */
const saveSettings = (client: Client, engagementId: string, values: Record<string, string> = {}) => {
  const row = query<Record<string, string | number>>(
    server,
    "select name, description, currency, hourly_rate, team_size, weekly_capacity, version from engagements where id = ?",
    engagementId,
  )[0]!;
  return client.post(`/engagements/${engagementId}/settings`, {
    name: String(row.name),
    description: String(row.description),
    currency: String(row.currency),
    hourlyRate: String(row.hourly_rate),
    teamSize: String(row.team_size),
    weeklyCapacity: String(row.weekly_capacity),
    version: String(row.version),
    ...values,
  });
};
const pdf = async (n: number) =>
  (
    await pdfText(
      new Uint8Array(await (await founder.get(`/engagements/${id}/proposals/${n}.pdf`)).arrayBuffer()),
    )
  ).flat;

const TERMS =
  "- 40% on signing, the rest per phase, net 14 days.\n- Bugs in delivered work fixed free for 30 days.";

describe("the publish form", () => {
  it("states the figures and settings it freezes, whom it emails, and that nobody checked the settings", async () => {
    const form = await page(partner, `/engagements/${id}/proposals`);
    expect(form).toContain("What version 1 freezes");
    const launch = /Launch minimum: (\S+–\S+) · (\d+)–(\d+) h · (\d+) items/.exec(form);
    const whole = /Whole proposal: (\S+–\S+) · (\d+)–(\d+) h · (\d+) items/.exec(form);
    expect(launch, form).not.toBeNull();
    expect(whole, form).not.toBeNull();
    expect(form).toContain("Priced at: €95 an hour (EUR), 2 engineers at 30 hours a week");
    expect(form).toContain(
      `Publishing emails ${DEMO.founder.name} (${DEMO.founder.email}) that version 1 is ready for sign-off.`,
    );
    // The demo's settings were seeded, never saved by anyone: a warning, not a block.
    expect(form).toContain(
      "The rate, currency and team have not been changed since the project was created (€95 an hour (EUR), 2 engineers at 30 hours a week): check them in Settings before you publish.",
    );
    // The form offers 30 days of validity, from today at the earliest, and the draft's terms (none yet).
    const html = await (await partner.get(`/engagements/${id}/proposals`)).text();
    const input = /<input type="date" id="validUntil"[^>]*>/.exec(html)?.[0] ?? "";
    expect(input).toContain(`min="${day(0)}"`);
    expect(input).toContain(`value="${day(30)}"`);
    expect(html).toMatch(/<textarea id="terms" name="terms" rows="4"[^>]*><\/textarea>/);

    // The founder turns proposal emails off: the form says nobody will be emailed, and why.
    expect((await founder.post("/account", { intent: "notifications" })).status).toBe(200);
    expect(await page(partner, `/engagements/${id}/proposals`)).toContain(
      `Publishing emails no one: ${DEMO.founder.name} has proposal emails off, so tell them yourself.`,
    );
    expect((await founder.post("/account", { intent: "notifications", notify: "on" })).status).toBe(200);

    // What it stated is what the version says.
    const published = await publish({ terms: TERMS, validUntil: day(30) });
    expect(published.status).toBe(302);
    const v1 = await page(founder, `/engagements/${id}/proposals/1`);
    expect(v1).toContain(launch![1]);
    expect(v1).toContain(whole![1]);
    expect(v1).toContain(`${launch![2]}–${launch![3]} h · ${launch![4]} items`);
  });

  it("refuses a valid-until day in the past or not on the calendar, keeping what was typed", async () => {
    const before = latestNumber();
    for (const [validUntil, message] of [
      [day(-1), "Choose today or a later date."],
      ["2027-02-30", "Enter the date as YYYY-MM-DD."],
      [day(400), "Choose a date within a year"],
    ] as const) {
      const res = await publish({ terms: "Typed terms", validUntil });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(text(html)).toContain(message);
      expect(html).toContain(`value="${validUntil}"`);
      expect(html).toContain("Typed terms</textarea>");
    }
    expect(latestNumber()).toBe(before);
  });
});

describe("terms and validity", () => {
  it("are stored with the version, shown near its price and in its PDF, and kept as the next draft", async () => {
    const snapshot = JSON.parse(proposal(1).snapshot) as { terms?: string; validUntil?: string };
    expect(snapshot.terms).toBe(TERMS);
    expect(snapshot.validUntil).toBe(day(30));

    const v1 = await page(founder, `/engagements/${id}/proposals/1`);
    const terms = v1.indexOf("Terms Valid until");
    expect(terms).toBeGreaterThan(v1.indexOf("Whole proposal"));
    expect(terms).toBeLessThan(v1.indexOf("Scope"));
    expect(v1).toContain(`Valid until ${shown(day(30))}`);
    expect(v1).toContain("40% on signing, the rest per phase, net 14 days.");
    expect(v1).toContain("I accept version 1: its scope, estimate range, assumptions, exclusions and terms");

    const flat = await pdf(1);
    // On the cover, in a Terms block just before the sign-off, and in the sign-off's words.
    expect(flat).toContain(`Published ${shown(day(0))} · valid until ${shown(day(30))}`);
    const block = flat.indexOf(`This proposal is valid until ${shown(day(30))}`);
    const termsAt = flat.indexOf("40% on signing, the rest per phase, net 14 days.");
    const signOff = flat.indexOf(`Version 1 awaits acceptance and is valid until ${shown(day(30))}.`);
    // After the assumptions, before the sign-off; the appendices (method last) follow it.
    expect(block).toBeGreaterThan(flat.indexOf("Assumptions and exclusions"));
    expect(termsAt).toBeGreaterThan(block);
    expect(signOff).toBeGreaterThan(termsAt);
    expect(flat.indexOf("How the estimate was made")).toBeGreaterThan(signOff);
    expect(flat).toContain(
      "to agree to the scope, estimates, assumptions, exclusions and terms in this proposal",
    );

    // The next version starts from these terms.
    const html = await (await partner.get(`/engagements/${id}/proposals`)).text();
    expect(html).toContain("40% on signing, the rest per phase, net 14 days.");
  });

  it("a version without terms or an end date says nothing of terms, and its sign-off agrees to what it has", async () => {
    // The plan is unchanged; a version that only drops the terms and the date is still a new version.
    expect((await publish({ terms: "", validUntil: "" })).status).toBe(302);
    const n = latestNumber();
    const snapshot = JSON.parse(proposal(n).snapshot) as { terms?: string; validUntil?: string };
    expect(snapshot.terms).toBe("");
    expect(snapshot.validUntil).toBeUndefined();
    const v = await page(founder, `/engagements/${id}/proposals/${n}`);
    expect(v).not.toContain("Valid until");
    expect(v).toContain(`I accept version ${n}: its scope, estimate range, assumptions and exclusions.`);
    const flat = await pdf(n);
    expect(flat).not.toContain("valid until");
    expect(flat).not.toContain("40% on signing");
    expect(flat).toContain("to agree to the scope, estimates, assumptions and exclusions in this proposal");
  });
});

describe("a rate changed between versions", () => {
  it("is named in the activity, warned about on the publish form, and listed first in What changed", async () => {
    const before = latestNumber();
    expect((await saveSettings(founder, id, { hourlyRate: "60" })).status).toBe(302);
    const overview = await page(partner, `/engagements/${id}`);
    expect(overview).toContain(`${DEMO.founder.name} changed the hourly rate from €95 to €60`);

    const form = await page(partner, `/engagements/${id}/proposals`);
    expect(form).toMatch(
      new RegExp(
        `The hourly rate changed from €95 to €60 since version ${before} \\(changed by ${DEMO.founder.name} on \\d+ \\w+ \\d{4}, \\d\\d:\\d\\d UTC\\)\\.`,
      ),
    );
    expect(form).toContain("Priced at: €60 an hour (EUR)");
    // Someone saved the settings: the form no longer says nobody checked them.
    expect(form).not.toContain("have not been changed since the project was created");

    expect((await publish({ validUntil: day(30) })).status).toBe(302);
    const v = await page(founder, `/engagements/${id}/proposals/${before + 1}`);
    const changed = v.slice(v.indexOf(`What changed since version ${before}`));
    // The version before had no end date: this one's is named too, after the rate (QA 3, finding 7).
    expect(changed).toMatch(
      new RegExp(
        `^What changed since version \\d+ The hourly rate changed from €95 to €60 The “valid until” date changed from no end date to ${shown(day(30))} Totals:`,
      ),
    );
  });
});

describe("a superseded version", () => {
  it("says which version replaced it, offers no sign-off, and refuses an acceptance without a 500", async () => {
    const newest = latestNumber();
    const html = await (await founder.get(`/engagements/${id}/proposals/1`)).text();
    expect(text(html)).toContain(`Superseded by version ${newest}`);
    expect(html).toContain(`href="/engagements/${id}/proposals/${newest}"`);
    expect(text(html)).not.toContain("I accept version 1");

    const refused = await accept(1);
    expect(refused.status).toBe(409);
    expect(text(await refused.text())).toContain(
      `Version ${newest} replaced this one, so it can no longer be accepted: only the newest version is on offer.`,
    );
    expect(proposal(1).accepted_at).toBeNull();
    expect(
      query<{ n: number }>(
        server,
        "select count(*) n from activity where engagement_id = ? and kind = 'proposal.accepted'",
        id,
      )[0]!.n,
    ).toBe(0);
  });
});

describe("a version past its valid-until day", () => {
  it("shows that it expired and refuses an acceptance with the date, changing nothing", async () => {
    expect((await publish({ validUntil: day(0) })).status).toBe(302);
    const n = latestNumber();
    // Valid through today: offered. Then the day passes (the stored day moved back, with the hash
    // the founder is shown, as the version would read a few weeks on).
    expect(await page(founder, `/engagements/${id}/proposals/${n}`)).toContain(`I accept version ${n}`);
    const row = proposal(n);
    const snapshot = { ...JSON.parse(row.snapshot), validUntil: "2020-01-03" };
    const json = JSON.stringify(snapshot);
    const db = new Database(server.dbFile);
    try {
      db.prepare(
        "update proposals set snapshot = ?, snapshot_hash = ? where engagement_id = ? and number = ?",
      ).run(json, crypto.createHash("sha256").update(json).digest("hex"), id, n);
    } finally {
      db.close();
    }

    const html = await (await founder.get(`/engagements/${id}/proposals/${n}`)).text();
    expect(text(html)).toContain("This offer was valid until 3 Jan 2020: it can no longer be accepted.");
    expect(text(html)).not.toContain(`I accept version ${n}`);
    expect(text(html)).not.toContain("Review and sign off");

    const refused = await accept(n);
    expect(refused.status).toBe(409);
    expect(text(await refused.text())).toContain(
      "This version was valid until 3 Jan 2020; ask your partner to publish a new one.",
    );
    expect(proposal(n).accepted_at).toBeNull();
    // The overviews say so instead of "waiting for your sign-off".
    expect(await page(founder, `/engagements/${id}`)).toContain(
      `Proposal version ${n} was valid until 3 Jan 2020`,
    );
    expect(await page(partner, `/engagements/${id}`)).toContain(
      `Version ${n} was valid until 3 Jan 2020 and can no longer be accepted: publish version ${n + 1} to offer it again.`,
    );

    // A new version is on offer again, and accepting it works.
    expect((await publish({ validUntil: day(30) })).status).toBe(302);
    expect((await accept(latestNumber())).status).toBe(302);
  });
});

describe("a new engagement's partner", () => {
  /** Nothing answered yet, so the plan starts with an item of the partner's own. */
  const kickOff = async (helper: Client, engagementId: string) => {
    const custom = await helper.post(`/engagements/${engagementId}/plan/new`, {
      intent: "custom",
      title: "Kick-off call",
      description: "",
      area: "ops",
      phase: "launch-blocker",
      "estimate.optimistic": "1",
      "estimate.likely": "2",
      "estimate.pessimistic": "3",
    });
    expect(custom.status).toBe(302);
  };

  it("is asked first to confirm the rate, currency and team, still the defaults, until someone saves them", async () => {
    const owner = new Client(server.url);
    await signup(owner, `terms-founder-${Date.now()}@example.com`);
    const { id: fresh } = await createEngagement(owner, "Tutorly");
    const helper = await addMember(server, owner, fresh, "partner");

    const overview = await page(helper, `/engagements/${fresh}`);
    expect(overview).toContain("Confirm your rate, currency and team (Next)");
    expect(overview).toContain(
      "Estimates are priced at $100 an hour (USD), 1 engineer at 30 hours a week, as the project was created",
    );
    expect(await (await helper.get(`/engagements/${fresh}`)).text()).toContain(
      `href="/engagements/${fresh}/settings"`,
    );
    // The publish form, where the warning is, waits for a plan with an item in scope.
    await kickOff(helper, fresh);
    expect(await page(helper, `/engagements/${fresh}/proposals`)).toContain(
      "The rate, currency and team are still the defaults ($100 an hour (USD), 1 engineer at 30 hours a week): check them in Settings before you publish.",
    );

    // Saved, even unchanged: someone looked at them.
    expect((await saveSettings(helper, fresh)).status).toBe(302);
    const after = await page(helper, `/engagements/${fresh}`);
    expect(after).toContain("Confirm your rate, currency and team (Done)");
    expect(after).toContain("saved the settings without changing them");
    expect(await page(helper, `/engagements/${fresh}/proposals`)).not.toContain("still the defaults");
  });

  it("is not told the settings were never saved once a version priced with them is out", async () => {
    const owner = new Client(server.url);
    await signup(owner, `terms-founder-2-${Date.now()}@example.com`);
    const { id: fresh } = await createEngagement(owner, "Tutorly 2");
    const helper = await addMember(server, owner, fresh, "partner");
    await kickOff(helper, fresh);
    expect(await page(helper, `/engagements/${fresh}/proposals`)).toContain("still the defaults");
    expect(
      (await helper.post(`/engagements/${fresh}/proposals`, { assumptions: "", exclusions: "", number: "1" }))
        .status,
    ).toBe(302);
    expect(await page(helper, `/engagements/${fresh}/proposals`)).not.toContain("still the defaults");
  });
});
