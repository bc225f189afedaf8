// What the audit of the engineering partner's experience found (notes/audit-partner.md), held here
// against the real server and its SQLite file: the overview speaks to each role in its own words and
// names who accepted a proposal; "What changed" tells work brought back into scope from new work;
// the review page offers a "Change" link only to those who may change answers; a cleared review
// takes its note with it; and a save that changes nothing is neither logged nor counted.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, addMember, demoEngagementId, join, login, query } from "./support/demo-server";
import { Client, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;
let viewer: Client;
let cofounder: Client;

type Item = { id: string; title: string; scope: string; version: number; phase: string };
const items = () =>
  query<Item>(
    server,
    "select id, title, scope, version, phase from plan_items where engagement_id = ? order by position",
    id,
  );
const item = (itemId: string) => items().find((i) => i.id === itemId)!;
const activityCount = () =>
  query<{ n: number }>(server, "select count(*) n from activity where engagement_id = ?", id)[0]!.n;

/** Server HTML as text to search: React's text separators and entities undone. */
const text = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/&amp;/g, "&")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"');
const page = async (client: Client, path: string) => {
  const res = await client.get(path);
  expect(res.status, path).toBe(200);
  return text(await res.text());
};
/** The "Where you stand" card of the overview. */
const standCard = async (client: Client) => {
  const html = await page(client, `/engagements/${id}`);
  const start = html.indexOf('aria-labelledby="summary-heading"');
  expect(start, "the overview has its summary card").toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</section>", start));
};

async function publish(): Promise<number> {
  const res = await partner.post(`/engagements/${id}/proposals`, { assumptions: "a", exclusions: "b" });
  expect(res.status).toBe(302);
  return Number(/\/proposals\/(\d+)$/.exec(res.headers.get("Location") ?? "")?.[1]);
}

async function setScope(itemId: string, scope: "included" | "excluded" | "deferred") {
  const res = await partner.post(`/engagements/${id}/plan`, {
    intent: "scope",
    itemId,
    version: String(item(itemId).version),
    scope,
  });
  expect(res.status).toBe(302);
}

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", SIGNUP_RATE_LIMIT: "1000" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  viewer = await addMember(server, founder, id, "viewer");
  cofounder = new Client(server.url);
  await signup(cofounder, `cofounder-${Date.now()}@example.com`);
  await join(founder, id, "founder", cofounder);
});
afterAll(async () => {
  await server?.stop();
});

describe("the overview, in each role's words", () => {
  it("tells a partner or viewer that the founder answers, not that they do", async () => {
    const forFounder = await standCard(founder);
    // The demo leaves questions open, so the card explains what they mean for the figure.
    expect(forFounder).toContain("so this usually comes down as you answer.");
    for (const member of [partner, viewer]) {
      const card = await standCard(member);
      expect(card).toContain("so this usually comes down as the founder answers.");
      expect(card).not.toContain("as you answer");
    }
  });
});

describe("the review page's links to the questionnaire", () => {
  it("offers “Change” and “Answer” only to those who may answer", async () => {
    const founderPage = await page(founder, `/engagements/${id}/assess/review`);
    expect(founderPage).toMatch(/>Change<\/a>/);
    expect(founderPage).toMatch(/>Answer<\/a>/);
    for (const member of [partner, viewer]) {
      const html = await page(member, `/engagements/${id}/assess/review`);
      expect(html).not.toMatch(/>Change<\/a>/);
      expect(html).not.toMatch(/>Answer<\/a>/);
      // One per answered row: the answer as the founder gave it, read-only there.
      const answered = query<{ n: number }>(
        server,
        "select count(*) n from answers where engagement_id = ? and value is not null",
        id,
      )[0]!.n;
      expect(html.match(/>See in the questionnaire<\/a>/g)?.length ?? 0).toBeGreaterThanOrEqual(
        Math.min(answered, 10),
      );
    }
  });
});

describe("a cleared review", () => {
  type Row = { question_id: string; version: number; review: string | null; review_note: string | null };
  const answer = (questionId: string) =>
    query<Row>(
      server,
      "select question_id, version, review, review_note from answers where engagement_id = ? and question_id = ?",
      id,
      questionId,
    )[0]!;
  const unreviewed = () =>
    query<Row>(
      server,
      "select question_id, version, review, review_note from answers where engagement_id = ? and review is null and value is not null order by question_id",
      id,
    );
  const review = (form: Record<string, string | string[]>) =>
    partner.post(`/engagements/${id}/assess/review`, form);

  it("takes its note with it, so a later bulk verification carries no note nobody wrote for it", async () => {
    const { question_id: q } = unreviewed()[0]!;
    expect(
      (await review({ intent: "verify", questionId: q, version: String(answer(q).version), note: "Checked" }))
        .status,
    ).toBe(302);
    expect(answer(q)).toMatchObject({ review: "verified", review_note: "Checked" });

    // The form still holds the note (and whatever was typed in it) when "Clear review" is pressed.
    const cleared = await review({
      intent: "clear",
      questionId: q,
      version: String(answer(q).version),
      note: "Typed note survives?",
    });
    expect(cleared.status).toBe(302);
    expect(answer(q)).toMatchObject({ review: null, review_note: null });
    expect(await page(partner, `/engagements/${id}/assess/review`)).not.toContain("Typed note survives?");

    const bulk = await review({ intent: "verify-selected", answer: [`${q}:${answer(q).version}`] });
    expect(bulk.status).toBe(302);
    expect(answer(q)).toMatchObject({ review: "verified", review_note: null });
  });

  it("does not let a bulk verification take over a note left behind before clearing dropped it", async () => {
    const { question_id: q } = unreviewed()[0]!;
    // A row as a cleared review left it before this fix: no review, its note still stored.
    const db = new Database(server.dbFile);
    try {
      db.prepare("update answers set review_note = ? where engagement_id = ? and question_id = ?").run(
        "Stale note",
        id,
        q,
      );
    } finally {
      db.close();
    }
    const html = await page(partner, `/engagements/${id}/assess/review`);
    expect(html).not.toContain("Partner's note: Stale note");

    const bulk = await review({ intent: "verify-selected", answer: [`${q}:${answer(q).version}`] });
    expect(bulk.status).toBe(302);
    expect(answer(q)).toMatchObject({ review: "verified", review_note: null });
    expect(await page(founder, `/engagements/${id}/assess/review`)).not.toContain("Stale note");
  });
});

describe("a save that changes nothing", () => {
  beforeAll(async () => {
    expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
  });

  it("is not logged or counted, and its version stays", async () => {
    const [a, b, c] = items().filter((i) => i.scope === "included");
    await setScope(a!.id, "deferred");
    const logged = activityCount();
    const version = item(a!.id).version;

    // "Save scope" pressed again with the same scope, from the item page (which sends the reason).
    const again = await partner.post(`/engagements/${id}/plan/${a!.id}`, {
      intent: "scope",
      itemId: a!.id,
      version: String(version),
      scope: "deferred",
      scopeReason: "",
    });
    expect(again.status).toBe(302);
    expect(item(a!.id).version).toBe(version);
    expect(activityCount()).toBe(logged);

    // The same phase, and a move to where it already is.
    const phase = await partner.post(`/engagements/${id}/plan/${a!.id}`, {
      intent: "phase",
      itemId: a!.id,
      version: String(version),
      phase: item(a!.id).phase,
    });
    expect(phase.status).toBe(302);
    expect(item(a!.id).version).toBe(version);
    expect(activityCount()).toBe(logged);

    // A bulk change with the already deferred item ticked counts the two it changed.
    const bulk = await partner.post(`/engagements/${id}/plan`, {
      intent: "bulk-scope",
      target: "ticked",
      item: [a!, b!, c!].map((i) => `${i.id}:${item(i.id).version}`),
      scope: "deferred",
    });
    expect(bulk.headers.get("Location")).toMatch(new RegExp(`^/engagements/${id}/plan\\?bulk=\\d+$`));
    expect(await page(partner, bulk.headers.get("Location")!)).toContain("Deferred 2 items:");
    const overview = await page(founder, `/engagements/${id}`);
    expect(overview).toContain("changed the scope of 3 plan items");

    // Still checked for lost updates: a stale version is refused even when it would change nothing.
    const stale = await partner.post(`/engagements/${id}/plan/${a!.id}`, {
      intent: "scope",
      itemId: a!.id,
      version: String(version - 1),
      scope: "deferred",
    });
    expect(stale.status).toBe(409);
  });

  it("says “Nothing changed” when the estimates table is saved as it was shown", async () => {
    const html = await (await partner.get(`/engagements/${id}/plan/estimates`)).text();
    const table: Record<string, string> = {};
    for (const [, attrs] of html.matchAll(/<input([^>]*)>/g)) {
      const name = /name="([^"]+)"/.exec(attrs!)?.[1];
      if (name && /^(o|m|p|v|was)\./.test(name)) table[name] = /value="([^"]*)"/.exec(attrs!)?.[1] ?? "";
    }
    const logged = activityCount();
    const res = await partner.post(`/engagements/${id}/plan/estimates`, { ...table, reason: "Checked" });
    expect(res.status).toBe(302);
    const location = res.headers.get("Location")!;
    expect(location).toBe(`/engagements/${id}/plan?estimates=0`);
    expect(activityCount()).toBe(logged);
    expect(await page(partner, location)).toContain("Nothing changed");
  });
});

describe("after the founder accepts a proposal", () => {
  beforeAll(async () => {
    expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
    const n = await publish();
    const [{ snapshot_hash: snapshotHash }] = query<{ snapshot_hash: string }>(
      server,
      "select snapshot_hash from proposals where engagement_id = ? and number = ?",
      id,
      n,
    );
    const accepted = await founder.post(`/engagements/${id}/proposals/${n}`, {
      snapshotHash: snapshotHash!,
      confirm: "on",
    });
    expect(accepted.status).toBe(302);
  });

  it("the overview says who accepted it, and “you” only to the founder who did", async () => {
    const mine = await standCard(founder);
    expect(mine).toMatch(/Proposal version \d+, which you accepted:/);
    expect(mine).toContain("It prices the plan as your partner shaped it");

    for (const member of [partner, viewer, cofounder]) {
      const card = await standCard(member);
      expect(card).toMatch(new RegExp(`Proposal version \\d+, which ${DEMO.founder.name} accepted:`));
      expect(card).not.toContain("which you accepted");
    }
    const forPartner = await standCard(partner);
    expect(forPartner).not.toContain("your partner");
    expect(forPartner).not.toContain("your answers");
    expect(forPartner).toContain("It prices the plan as it was published");
    expect(await standCard(viewer)).toContain("It prices the plan as the engineering partner shaped it");
  });
});

describe("“What changed” between versions", () => {
  it("says an item is back in scope from “Later” or “Out of scope”, apart from new items", async () => {
    const [later, out] = items().filter((i) => i.scope === "included");
    await setScope(later!.id, "deferred");
    await setScope(out!.id, "excluded");
    const before = await publish();
    await setScope(later!.id, "included");
    await setScope(out!.id, "included");
    const added = await partner.post(`/engagements/${id}/plan`, {
      intent: "custom",
      title: "Set up Stripe Tax for EU VAT",
      description: "",
      area: "custom",
      phase: "hardening",
      "estimate.optimistic": "2",
      "estimate.likely": "4",
      "estimate.pessimistic": "8",
    });
    expect(added.status).toBe(302);
    const after = await publish();
    expect(after).toBe(before + 1);

    const html = await page(founder, `/engagements/${id}/proposals/${after}`);
    expect(html).toContain(`What changed since version ${before}`);
    expect(html).toContain(`Back in scope (was Later): ${later!.title}`);
    expect(html).toContain(`Back in scope (was out of scope): ${out!.title}`);
    expect(html).not.toContain(`Added: ${later!.title}`);
    expect(html).not.toContain(`Added: ${out!.title}`);
    expect(html).toContain("Added: Set up Stripe Tax for EU VAT");
  });
});
