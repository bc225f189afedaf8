// QA pass 3, through the real server and SQLite file:
// - finding 2: once a version is accepted, an item's logged hours are said against its estimate (the
//   version's, for an item it holds), on the item page and the plan row, and flagged past the worst case;
// - finding 10: the edit-conflict message names the owner, so an owner changed in another tab shows;
// - finding 11: a custom item's description keeps its line breaks on the item page and the web proposal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login, logTime, query } from "./support/demo-server";
import { unescape } from "./support/html";
import type { Client, TestServer } from "./support/server";
import { startServer } from "./support/server";

type Item = {
  id: string;
  title: string;
  owner: string;
  optimistic: number;
  likely: number;
  pessimistic: number;
  version: number;
};

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;
let customId: string;

const DESCRIPTION =
  "Replace the legacy redirect flow.\nSecond line <b>kept as text</b>\n- bullet one\n- bullet two";

const item = (itemId: string) =>
  query<Item>(
    server,
    "select id, title, owner, optimistic, likely, pessimistic, version from plan_items where id = ?",
    itemId,
  )[0]!;
/** A page's text as read: tags gone, entities decoded, white space collapsed. */
const text = (html: string) =>
  unescape(html.replaceAll("<!-- -->", "").replace(/<[^>]+>/g, " "))
    .replace(/&rsquo;/g, "’")
    .replace(/\s+/g, " ");
const ok = (res: Response, what: string) => {
  if (res.status !== 302) throw new Error(`${what} failed: ${res.status}`);
};

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  // The plan, a custom item on several lines in it, and version 1 holding both, accepted.
  ok(await partner.post(`/engagements/${id}/plan`, { intent: "generate" }), "plan");
  ok(
    await partner.post(`/engagements/${id}/plan/new`, {
      intent: "custom",
      title: "Migrate Stripe Checkout to Payment Element",
      description: DESCRIPTION,
      area: "payments",
      phase: "launch-blocker",
      "estimate.optimistic": "1",
      "estimate.likely": "2",
      "estimate.pessimistic": "5",
    }),
    "custom item",
  );
  customId = query<{ id: string }>(
    server,
    "select id from plan_items where engagement_id = ? and task_id is null",
    id,
  )[0]!.id;
  ok(await partner.post(`/engagements/${id}/proposals`, { assumptions: "a", exclusions: "b" }), "publish");
  const [{ h }] = query<{ h: string }>(
    server,
    "select snapshot_hash as h from proposals where engagement_id = ? and number = 1",
    id,
  );
  ok(await founder.post(`/engagements/${id}/proposals/1`, { snapshotHash: h, confirm: "on" }), "accept");
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe("logged hours against the estimate, once a version is accepted (finding 2)", () => {
  it("says them on the item page and the plan row, and flags passing the agreed worst case", async () => {
    // The custom item, agreed at 1–5 h (about 2 h: (1 + 8 + 5) / 6 = 2.33).
    ok(await logTime(server, partner, id, customId, { hours: "6", note: "First pass" }), "log");
    ok(await logTime(server, partner, id, customId, { hours: "2.5", note: "Second pass" }), "log");
    // Re-estimated after the sign-off: the live worst case would now hold 8.5 h, the agreed one not.
    const before = item(customId);
    ok(
      await partner.post(`/engagements/${id}/plan/${customId}`, {
        intent: "estimate",
        itemId: customId,
        version: String(before.version),
        "estimate.optimistic": "4",
        "estimate.likely": "8",
        "estimate.pessimistic": "12",
        reason: "Three checkout flows, not one",
      }),
      "re-estimate",
    );

    for (const who of [partner, founder]) {
      const page = text(await (await who.get(`/engagements/${id}/plan/${customId}`)).text());
      expect(page).toContain(
        "8.5 h logged in 2 entries, against about 2 h estimated (1–5 h) in the accepted version 1",
      );
      expect(page).toContain("Over the worst case of 5 h 3.5 h past it");
    }
    const html = await (await partner.get(`/engagements/${id}/plan/${customId}`)).text();
    expect(unescape(html)).toMatch(/<span class="badge badge--warn">Over the worst case of 5 h<\/span>/);

    // The plan row: the hours beside the estimate, and the flag with what it is measured against.
    const plan = await (await founder.get(`/engagements/${id}/plan`)).text();
    const row = rowOf(plan, customId);
    expect(row).toMatch(/<small class="plan-item__logged">8.5 h logged<\/small>/);
    expect(text(row)).toContain(
      "Over the worst case of 5 h 8.5 h logged, against about 2 h estimated (1–5 h) in the accepted version 1",
    );
  });

  it("flags nothing within the worst case, and says nothing on an item with no hours", async () => {
    const [within, untouched] = query<{ id: string }>(
      server,
      "select id from plan_items where engagement_id = ? and scope = 'included' and task_id is not null and pessimistic >= 2 order by position limit 2",
      id,
    ).map((r) => r.id);
    ok(await logTime(server, partner, id, within!, { hours: "1.5" }), "log");
    const page = text(await (await partner.get(`/engagements/${id}/plan/${within}`)).text());
    expect(page).toMatch(
      /1\.5 h logged in 1 entry, against (about \d+ h|under 1 h) estimated \([^)]+\) in the accepted version 1/,
    );
    expect(page).not.toContain("Over the worst case");

    const plan = await (await partner.get(`/engagements/${id}/plan`)).text();
    expect(rowOf(plan, within!)).toContain("1.5 h logged");
    expect(rowOf(plan, within!)).not.toContain("Over the worst case");
    expect(rowOf(plan, untouched!)).not.toContain("logged");
    expect(text(await (await partner.get(`/engagements/${id}/plan/${untouched}`)).text())).toContain(
      "No time logged yet.",
    );
  });

  it("holds an item added since the agreement to the plan's estimate, and says so", async () => {
    ok(
      await partner.post(`/engagements/${id}/plan/new`, {
        intent: "custom",
        title: "Retry failed webhooks",
        area: "payments",
        phase: "hardening",
        "estimate.optimistic": "1",
        "estimate.likely": "1",
        "estimate.pessimistic": "1",
      }),
      "added",
    );
    const [added] = query<{ id: string }>(
      server,
      "select id from plan_items where engagement_id = ? and title = 'Retry failed webhooks'",
      id,
    );
    ok(await logTime(server, partner, id, added!.id, { hours: "1.25" }), "log");
    const page = text(await (await partner.get(`/engagements/${id}/plan/${added!.id}`)).text());
    expect(page).toContain("1.25 h logged in 1 entry, against about 1 h estimated (1 h) in the plan");
    expect(page).toContain("Over the worst case of 1 h 0.25 h past it");
  });
});

/** The plan list's row of one item: from its tick box or title to the end of its <li>. */
function rowOf(html: string, itemId: string): string {
  const start = html.lastIndexOf('<li class="plan-item', html.indexOf(`id="item-${itemId}"`));
  expect(start, itemId).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf("</li>", start) + 5);
}

describe("the edit-conflict message (finding 10)", () => {
  it("names the owner another tab set, on the item page and for a row dragged in the list", async () => {
    const [target] = query<{ id: string }>(
      server,
      "select id from plan_items where engagement_id = ? and owner = 'partner' and task_id is not null and phase = 'hardening' order by position limit 1",
      id,
    );
    const seen = item(target!.id);
    // Tab A gives it to the founder's team.
    ok(
      await partner.post(`/engagements/${id}/plan/${seen.id}`, {
        intent: "owner",
        itemId: seen.id,
        version: String(seen.version),
        owner: "founder",
      }),
      "owner",
    );
    // Tab B, still at the version it read, moves it to another phase.
    const refused = await partner.post(`/engagements/${id}/plan/${seen.id}`, {
      intent: "phase",
      itemId: seen.id,
      version: String(seen.version),
      phase: "scale",
    });
    expect(refused.status).toBe(409);
    const said = text(await refused.text());
    // Both tabs are the partner's: the message says it was them, elsewhere, and when.
    expect(said).toMatch(
      /You changed “[^”]+” in another tab or window on \d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC \(now: In scope, Hardening, Founder's team, /,
    );
    expect(said).toContain(`You changed “${seen.title}” in another tab or window on `);
    expect(said).toContain("Your change was not saved");
    expect(item(seen.id).owner).toBe("founder");

    // The plan list: a row dragged at the version the page showed.
    const dragged = await partner.post(`/engagements/${id}/plan`, {
      op: `move-to:${seen.id}:${seen.version}:1`,
    });
    expect(dragged.status).toBe(409);
    expect(text(await dragged.text())).toContain("(now: In scope, Hardening, Founder's team, ");
  });
});

describe("a custom item's description on several lines (finding 11)", () => {
  /** The rule blocks of the page's stylesheets that a selector is listed in, with spaces removed. */
  async function rulesFor(html: string, selector: string): Promise<string[]> {
    const sheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+\.css)"/g)].map((m) => m[1]!);
    expect(sheets.length).toBeGreaterThan(0);
    const rules: string[] = [];
    for (const href of sheets) {
      const css = await (await partner.get(href)).text();
      for (const [, selectors, body] of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
        if (selectors!.split(",").some((s) => s.trim() === selector)) rules.push(body!.replace(/\s+/g, ""));
      }
    }
    return rules;
  }

  it("keeps its line breaks on the item page", async () => {
    const html = await (await founder.get(`/engagements/${id}/plan/${customId}`)).text();
    // As typed, markup escaped, in a paragraph whose style keeps the lines.
    const p = /<p class="([^"]*)">Replace the legacy redirect flow\.([\s\S]*?)<\/p>/.exec(html);
    expect(p).not.toBeNull();
    expect(unescape(`Replace the legacy redirect flow.${p![2]}`)).toBe(DESCRIPTION);
    expect(p![2]).toContain("&lt;b&gt;");
    const [cls] = p![1]!.split(" ");
    expect(await rulesFor(html, `.${cls}`)).toContainEqual(expect.stringContaining("white-space:pre-line"));
  });

  it("keeps them in the web proposal's 'What it covers'", async () => {
    const html = await (await founder.get(`/engagements/${id}/proposals/1/items/${customId}`)).text();
    const p = /<p class="([^"]*)">Replace the legacy redirect flow\.([\s\S]*?)<\/p>/.exec(html);
    expect(p).not.toBeNull();
    expect(unescape(`Replace the legacy redirect flow.${p![2]}`)).toBe(DESCRIPTION);
    expect(await rulesFor(html, `.${p![1]!.split(" ")[0]}`)).toContainEqual(
      expect.stringContaining("white-space:pre-line"),
    );
  });
});
