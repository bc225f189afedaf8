// QA pass 3, finding 7, over HTTP against the real server: a version's "What changed since version
// N" names a moved "valid until" date and changed terms, assumptions and exclusions; excluding an
// item does not report the items that wait for it as edited; and the publish form keeps the newest
// version's date instead of moving it to today + 30 on every publish.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { unescape } from "./support/html";
import { type Client, startServer, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let partner: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  partner = await login(server, DEMO.partner.email);
  expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const MIGRATIONS = "Change the database through versioned migrations";
const CONSTRAINTS = "Let the database refuse bad data";

/** The page's text as a reader sees it, without the inline data script. */
const text = (html: string) =>
  unescape(html.slice(0, html.indexOf("<script")))
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");
const page = async (path: string) => text(await (await partner.get(path)).text());
/** The "What changed" card of version `n`, up to the next section. */
const whatChanged = async (n: number) => {
  const v = await page(`/engagements/${id}/proposals/${n}`);
  const start = v.indexOf(`What changed since version ${n - 1}`);
  expect(start, v).toBeGreaterThan(-1);
  return v.slice(start, v.indexOf("Estimate, tier by tier", start));
};

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
const TEXTS = {
  terms: "- 40% on signing, the rest per phase.\n- Bugs in delivered work fixed free for 30 days.",
  assumptions: "- Access in week one\n- One contact person",
  exclusions: "Redesign",
};
const publish = (form: Record<string, string>) =>
  partner.post(`/engagements/${id}/proposals`, { ...TEXTS, number: String(latestNumber() + 1), ...form });
/** The publish form's "Valid until" input. */
const validUntilInput = async () => {
  const html = await (await partner.get(`/engagements/${id}/proposals`)).text();
  return /<input type="date" id="validUntil"[^>]*>/.exec(html)?.[0] ?? "";
};
const item = (title: string) =>
  query<{ id: string; version: number; scope: string }>(
    server,
    "select id, version, scope from plan_items where engagement_id = ? and title = ?",
    id,
    title,
  )[0]!;

describe("What changed since the version before (QA 3, finding 7)", () => {
  it("the publish form keeps the newest version's date while it is ahead", async () => {
    // No version yet: today + 30.
    expect(await validUntilInput()).toContain(`value="${day(30)}"`);
    expect((await publish({ validUntil: day(40) })).status).toBe(302);
    // Publishing v2 without touching the field keeps v1's date, and the form says where it came from.
    expect(await validUntilInput()).toContain(`value="${day(40)}"`);
    expect(await page(`/engagements/${id}/proposals`)).toContain(
      `Kept from version ${latestNumber()}: change it to offer this version for longer.`,
    );
  });

  it("excluding an item lists the exclusion, not an edit of the items that wait for it", async () => {
    const migrations = item(MIGRATIONS);
    const constraints = item(CONSTRAINTS);
    expect(constraints.scope).toBe("included");
    expect(
      query(
        server,
        "select 1 from plan_item_dependencies where item_id = ? and depends_on_id = ?",
        constraints.id,
        migrations.id,
      ),
    ).toHaveLength(1);
    const excluded = await partner.post(`/engagements/${id}/plan/${migrations.id}`, {
      intent: "scope",
      itemId: migrations.id,
      version: String(migrations.version),
      scope: "excluded",
      scopeReason: "The founder's team already keeps migrations",
    });
    expect(excluded.status).toBe(302);

    expect((await publish({ validUntil: day(40) })).status).toBe(302);
    const changed = await whatChanged(latestNumber());
    expect(changed).toMatch(
      new RegExp(`Moved to “Out of scope”: ${MIGRATIONS} \\([^)]*${CONSTRAINTS}[^)]* still waits? for it\\)`),
    );
    // Nobody edited it: before the fix, "Changed: Let the database refuse bad data (dependencies)".
    expect(changed).not.toContain(`Changed: ${CONSTRAINTS}`);
    expect(changed).not.toContain("(dependencies)");
    // Same date, same texts: nothing said about them.
    expect(changed).not.toContain("valid until");
    expect(changed).not.toMatch(/The terms|The assumptions|What is not included/);
  });

  it("names a moved validity date and the terms, assumptions and exclusions that changed", async () => {
    const res = await publish({
      validUntil: day(30),
      terms: "- 40% on signing, the rest per phase.\n- Bugs in delivered work fixed free for 60 days.",
      assumptions: "- Access in week one\n- One contact person\n- A staging database",
      exclusions: "",
    });
    expect(res.status).toBe(302);
    const changed = await whatChanged(latestNumber());
    // Before the fix: only the totals and the items; the date moved silently.
    expect(changed).toContain(`The “valid until” date changed from ${shown(day(40))} to ${shown(day(30))}`);
    expect(changed).toContain(
      "The terms changed: Added: “Bugs in delivered work fixed free for 60 days.” Removed: “Bugs in delivered work fixed free for 30 days.”",
    );
    expect(changed).toContain("The assumptions changed: Added: “A staging database”");
    expect(changed).toContain("What is not included changed: Removed: “Redesign”");
    expect(changed).toContain("No items changed.");
  });

  it("names a date removed, and the next form starts at today + 30 again", async () => {
    expect((await publish({ validUntil: "" })).status).toBe(302);
    const changed = await whatChanged(latestNumber());
    expect(changed).toContain(`The “valid until” date changed from ${shown(day(30))} to no end date`);
    const input = await validUntilInput();
    expect(input).toContain(`value="${day(30)}"`);
    expect(await page(`/engagements/${id}/proposals`)).not.toContain("Kept from version");
  });
});
