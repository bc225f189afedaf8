// QA pass 3, finding 12: an estimate that looks like a typo ("4000" for "40") waits for a second look
// on every form that sets one: an item's estimate form, the estimates table and the custom item form.
// Posted as plain forms (no JavaScript): the refused page says what looks off and offers a tick that
// saves exactly those figures; nothing is saved until it is ticked, and a tick for other figures does
// not count.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { startServer, type Client, type TestServer } from "./support/server";

type Item = {
  id: string;
  title: string;
  optimistic: number;
  likely: number;
  pessimistic: number;
  version: number;
};

let server: TestServer;
let id: string;
let partner: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  partner = await login(server, DEMO.partner.email);
  const generated = await partner.post(`/engagements/${id}/plan`, { intent: "generate" });
  expect(generated.status).toBe(302);
});
afterAll(async () => {
  await server?.stop();
});

const items = () =>
  query<Item>(
    server,
    "select id, title, optimistic, likely, pessimistic, version from plan_items where engagement_id = ? order by phase, position",
    id,
  );
const item = (itemId: string) => items().find((i) => i.id === itemId)!;
const text = (html: string) =>
  html
    .replaceAll("<!-- -->", "")
    .replaceAll("&#x27;", "'")
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&");

function estimate(target: Item, [o, m, p]: [string, string, string], extra: Record<string, string> = {}) {
  return partner.post(`/engagements/${id}/plan/${target.id}`, {
    intent: "estimate",
    itemId: target.id,
    version: String(target.version),
    "estimate.optimistic": o,
    "estimate.likely": m,
    "estimate.pessimistic": p,
    reason: "Re-estimated",
    ...extra,
  });
}

describe("an item's estimate form", () => {
  it("holds 1.25 / 2.5 / 4,000 h, says why, and saves it once ticked for exactly those figures", async () => {
    const target = items()[0]!;
    const held = await estimate(target, ["1.25", "2.5", "4000"]);
    expect(held.status).toBe(400);
    const page = text(await held.text());
    expect(page).toContain("Not saved yet: check these figures.");
    expect(page).toContain("The pessimistic 4,000 h is 1,600 times the likely 2.5 h");
    expect(page).toMatch(/<input type="checkbox" name="confirmEstimate"[^>]* value="1.25,2.5,4000"/);
    expect(page).toContain("Yes, save 1.25 / 2.5 / 4,000 h as entered");
    expect(item(target.id)).toEqual(target);

    // A tick given for other figures (changed after the question) is asked about afresh.
    const stale = await estimate(target, ["1.25", "2.5", "5000"], { confirmEstimate: "1.25,2.5,4000" });
    expect(stale.status).toBe(400);
    expect(text(await stale.text())).toContain("The pessimistic 5,000 h is 2,000 times the likely 2.5 h");
    expect(item(target.id)).toEqual(target);

    const saved = await estimate(target, ["1.25", "2.5", "4000"], { confirmEstimate: "1.25,2.5,4000" });
    expect(saved.status).toBe(302);
    expect(item(target.id)).toMatchObject({ optimistic: 1.25, likely: 2.5, pessimistic: 4000 });
  });

  it("asks about a tenfold jump from the stored estimate, and lets an ordinary change through", async () => {
    const target = items()[1]!;
    const mean = (target.optimistic + 4 * target.likely + target.pessimistic) / 6;
    expect(mean, "a demo item of a few hours").toBeLessThan(10);
    const held = await estimate(target, ["100", "120", "200"]);
    expect(held.status).toBe(400);
    expect(text(await held.text())).toMatch(
      /This takes the item from (about \d+ h|under 1 h) to about 130 h, \d+ times what it was\./,
    );
    expect(item(target.id)).toEqual(target);

    const ordinary = await estimate(target, ["2", "5", "12"]);
    expect(ordinary.status).toBe(302);
    expect(item(target.id)).toMatchObject({ optimistic: 2, likely: 5, pessimistic: 12 });
  });
});

describe("the custom item form", () => {
  const custom = (extra: Record<string, string> = {}) =>
    partner.post(`/engagements/${id}/plan/new`, {
      intent: "custom",
      title: "Rebuild the data warehouse",
      description: "",
      area: "custom",
      phase: "scale",
      "estimate.optimistic": "300",
      "estimate.likely": "400",
      "estimate.pessimistic": "700",
      ...extra,
    });
  const added = () => items().filter((i) => i.title === "Rebuild the data warehouse");

  it("asks before adding an item whose worst case is over three months of one engineer", async () => {
    const held = await custom();
    expect(held.status).toBe(400);
    const page = text(await held.text());
    expect(page).toContain(
      "A worst case of 700 h is more than three months of one engineer's time on one item",
    );
    // What was typed stays in the fields.
    expect(page).toMatch(/name="title"[^>]*value="Rebuild the data warehouse"/);
    expect(added()).toEqual([]);

    const saved = await custom({ confirmEstimate: "300,400,700" });
    expect(saved.status).toBe(302);
    expect(added()).toMatchObject([{ optimistic: 300, likely: 400, pessimistic: 700 }]);
  });
});

describe("the estimates table", () => {
  it("saves no row while one waits for its tick, then saves them all", async () => {
    const [, , a, b] = items();
    const html = await (await partner.get(`/engagements/${id}/plan/estimates`)).text();
    const shown: Record<string, string> = {};
    for (const [, attrs] of html.matchAll(/<input([^>]*)>/g)) {
      const name = /name="([^"]+)"/.exec(attrs!)?.[1];
      if (name && /^[ompv]\.|^was\./.test(name)) shown[name] = /value="([^"]*)"/.exec(attrs!)?.[1] ?? "";
    }
    const rows = {
      ...shown,
      [`o.${a!.id}`]: "1",
      [`m.${a!.id}`]: "3",
      [`p.${a!.id}`]: "300",
      [`p.${b!.id}`]: String(Math.round(b!.pessimistic) + 1),
      reason: "Second pass",
    };
    const held = await partner.post(`/engagements/${id}/plan/estimates`, rows);
    expect(held.status).toBe(400);
    const page = text(await held.text());
    expect(page).toContain("Nothing was saved: one row's figures look like a typo.");
    expect(page).toContain("The pessimistic 300 h is 100 times the likely 3 h");
    expect(page).toMatch(new RegExp(`<input type="checkbox" name="ok\\.${a!.id}"[^>]* value="1,3,300"`));
    // The ordinary row waits too: one save, all or nothing, as for a refused row.
    expect(item(a!.id)).toEqual(a);
    expect(item(b!.id)).toEqual(b);

    const saved = await partner.post(`/engagements/${id}/plan/estimates`, {
      ...rows,
      [`ok.${a!.id}`]: "1,3,300",
    });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`/engagements/${id}/plan?estimates=2`);
    expect(item(a!.id)).toMatchObject({ optimistic: 1, likely: 3, pessimistic: 300 });
    expect(item(b!.id).pessimistic).toBe(Math.round(b!.pessimistic) + 1);
  });
});
