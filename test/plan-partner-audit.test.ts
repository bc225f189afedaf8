// Findings of the partner's audit (docs: /work/notes/audit-partner.md), through the real server with
// plain HTML forms (no JavaScript):
// - #9: the estimate reason fields say the founder reads them on the proposal;
// - #14: a move that puts an item above what it waits for is saved, and said: after the move (the
//   plan's notice, the item page's arrange card) and on the plan row;
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { type Client, startServer, type TestServer } from "./support/server";

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

type Item = {
  id: string;
  depends_on: string | null;
  title: string;
  phase: string;
  position: number;
  scope: string;
  scope_reason: string | null;
  version: number;
};
/** The plan's items in list order: by phase (launch minimum first), then position. */
const items = () =>
  query<Item>(
    server,
    `select p.id, p.title, p.phase, p.position, p.scope, p.scope_reason, p.version,
       (select group_concat(d.depends_on_id) from plan_item_dependencies d where d.item_id = p.id) as depends_on
     from plan_items p where p.engagement_id = ?
     order by case p.phase when 'launch-blocker' then 0 when 'hardening' then 1 else 2 end, p.position`,
    id,
  );

/** The page's visible text, tags dropped and entities decoded, spaces collapsed. */
function text(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replaceAll("&quot;", '"')
    .replaceAll("&#x27;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&")
    .replace(/\s+/g, " ");
}

async function html(path: string, client: Client = partner): Promise<string> {
  const res = await client.get(path);
  expect(res.status).toBe(200);
  return res.text();
}

describe("#9 estimate reasons reach the client", () => {
  it("the item's reason field and the table's say the founder reads them on the proposal", async () => {
    const item = await html(`/engagements/${id}/plan/${items()[0]!.id}`);
    // The hint is the field's description, so a screen reader says it with the label.
    expect(item).toMatch(/<input id="reason"[^>]*aria-describedby="reason-hint"/);
    expect(text(item)).toContain("Why change it? Shown to the founder on the proposal");

    const table = await html(`/engagements/${id}/plan/estimates`);
    expect(table).toMatch(/<input id="estimates-reason"[^>]*aria-describedby="estimates-reason-hint"/);
    expect(text(table)).toContain("Why these estimates changed Shown to the founder on the proposal");
  });
});

describe("#14 reordering against dependencies", () => {
  const waitsFor = (i: Item) => (i.depends_on ? i.depends_on.split(",") : []);
  /** In one phase: an item right below the one it waits for, which nothing else ties to the pair. */
  function pair() {
    const all = items();
    for (const b of all) {
      const a = all.find((x) => waitsFor(b).length === 1 && x.id === waitsFor(b)[0] && x.phase === b.phase);
      if (!a) continue;
      const phase = all.filter((x) => x.phase === b.phase);
      if (phase.indexOf(a) < phase.indexOf(b) && b.scope === "included" && a.scope === "included")
        return { a, b, positionOfA: phase.indexOf(a) + 1 };
    }
    throw new Error("no pair in the demo plan");
  }
  /** A plan row's text, found by its title's id. */
  const row = (page: string, itemId: string) => {
    const at = page.indexOf(`id="item-${itemId}"`);
    return text(page.slice(page.lastIndexOf('<li class="plan-item', at), page.indexOf("</li>", at)));
  };

  it("a row dragged above what it waits for is saved, and the plan says so, on the row too", async () => {
    const { a, b, positionOfA } = pair();
    expect(text(await html(`/engagements/${id}/plan`))).not.toContain(`“${b.title}” now comes before`);

    const res = await partner.post(`/engagements/${id}/plan`, {
      op: `move-to:${b.id}:${b.version}:${positionOfA}`,
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/engagements/${id}/plan?moved=${b.id}#item-${b.id}`);
    // Saved: order is the partner's call.
    const after = items().filter((i) => i.phase === b.phase);
    expect(after.findIndex((i) => i.id === b.id)).toBeLessThan(after.findIndex((i) => i.id === a.id));

    const page = await html(res.headers.get("Location")!.split("#")[0]!);
    expect(text(page)).toContain(
      `“${b.title}” now comes before “${a.title}”, which it waits for; the timeline still runs “${a.title}” first.`,
    );
    expect(row(page, b.id)).toContain(
      `Placed before what it waits for “${a.title}” comes later in the plan; the timeline runs it first.`,
    );
    expect(row(page, a.id)).not.toContain("Placed before what it waits for");

    // Moved back below it: nothing to say, on the rows or after the move.
    const back = await partner.post(`/engagements/${id}/plan`, {
      op: `move-to:${b.id}:${b.version + 1}:${positionOfA + 1}`,
    });
    expect(back.status).toBe(302);
    const fixed = await html(back.headers.get("Location")!.split("#")[0]!);
    expect(text(fixed)).not.toContain("now comes before");
    expect(row(fixed, b.id)).not.toContain("Placed before what it waits for");
  });

  it("the item page's Move says so in its card, without JavaScript", async () => {
    const { a, b, positionOfA } = pair();
    const res = await partner.post(`/engagements/${id}/plan/${b.id}`, {
      intent: "move-to",
      itemId: b.id,
      version: String(b.version),
      position: String(positionOfA),
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/engagements/${id}/plan/${b.id}?saved=move-to`);
    const page = await html(res.headers.get("Location")!);
    const card = text(page.slice(page.indexOf('id="arrange"'), page.indexOf('id="dependencies"')));
    expect(card).toContain(
      `“${b.title}” now comes before “${a.title}”, which it waits for; the timeline still runs “${a.title}” first.`,
    );
    // And on the page of the item it waits for, the other way round.
    const other = text(await html(`/engagements/${id}/plan/${a.id}`));
    expect(other).toContain(`“${b.title}” now comes before “${a.title}”, which it waits for`);

    // Put back: the card says nothing.
    const back = await partner.post(`/engagements/${id}/plan/${b.id}`, {
      intent: "move-to",
      itemId: b.id,
      version: String(b.version + 1),
      position: String(positionOfA + 1),
    });
    expect(back.status).toBe(302);
    expect(text(await html(back.headers.get("Location")!))).not.toContain("now comes before");
  });
});
