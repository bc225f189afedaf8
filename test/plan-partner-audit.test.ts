// Findings of the partner's audit (docs: /work/notes/audit-partner.md), through the real server with
// plain HTML forms (no JavaScript):
// - #9: the estimate reason fields say the founder reads them on the proposal;
// - #14: a move that puts an item above what it waits for is saved, and said: after the move (the
//   plan's notice, the item page's arrange card) and on the plan row;
// - #15: a bulk scope change names what it changed and offers Undo, a plain form that puts each item
//   back (scope and reason) unless it changed since; tampered or oversized undos are refused, and
//   only who may edit the plan can post one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, addMember, demoEngagementId, login, query } from "./support/demo-server";
import { Client, signup, startServer, type TestServer } from "./support/server";

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

describe("#15 bulk scope changes", () => {
  /** The Undo form's entries, as the page that follows the change carries them. */
  const undoEntries = (page: string) =>
    [...page.matchAll(/<input type="hidden" name="was" value="([^"]*)"/g)].map((m) =>
      m[1]!
        .replaceAll("&quot;", '"')
        .replaceAll("&#x27;", "'")
        .replaceAll("&lt;", "<")
        .replaceAll("&amp;", "&"),
    );
  const post = (form: Record<string, string | string[]>, client: Client = partner) =>
    client.post(`/engagements/${id}/plan`, form);
  const setScope = async (item: Item, scope: string, scopeReason: string) => {
    const res = await partner.post(`/engagements/${id}/plan/${item.id}`, {
      intent: "scope",
      itemId: item.id,
      version: String(item.version),
      scope,
      scopeReason,
    });
    expect(res.status).toBe(302);
  };

  it("names what changed, and Undo puts back each item's scope and reason", async () => {
    const phase = items().filter((i) => i.phase === "hardening");
    const [a, b] = phase;
    // Two items with a decision of their own, which the bulk change overwrites.
    await setScope(a!, "deferred", "After the first 100 customers");
    await setScope(b!, "excluded", "The founder's team does it");
    const before = items().filter((i) => i.phase === "hardening");

    const res = await post({
      intent: "bulk-scope",
      target: "phase:hardening",
      scope: "excluded",
      scopeReason: "Not in this budget",
    });
    expect(res.status).toBe(302);
    const location = res.headers.get("Location")!;
    expect(location).toMatch(new RegExp(`^/engagements/${id}/plan\\?bulk=\\d+$`));
    const changed = before.filter((i) => i.scope !== "excluded");
    const page = await html(location);
    const [first, second, third] = changed;
    expect(text(page)).toContain(
      `Excluded ${changed.length} items: “${first!.title}”, “${second!.title}”, “${third!.title}” and ${changed.length - 3} more.`,
    );
    expect(
      items()
        .filter((i) => i.phase === "hardening")
        .every((i) => i.scope === "excluded"),
    ).toBe(true);

    // Undo, as the page's form sends it: one entry per item the change changed.
    const entries = undoEntries(page);
    expect(entries).toHaveLength(changed.length);
    const undo = await post({ intent: "bulk-undo", was: entries });
    expect(undo.status).toBe(302);
    expect(undo.headers.get("Location")).toBe(`/engagements/${id}/plan?undone=${changed.length}`);
    const after = items().filter((i) => i.phase === "hardening");
    for (const item of before) {
      const now = after.find((i) => i.id === item.id)!;
      // b was excluded already: the change left it (and its reason) alone.
      expect({ scope: now.scope, reason: now.scope_reason }, item.title).toEqual({
        scope: item.scope,
        reason: item.scope_reason,
      });
    }
    expect(after.find((i) => i.id === a!.id)!.scope_reason).toBe("After the first 100 customers");
    expect(text(await html(undo.headers.get("Location")!))).toContain(
      `Undone: ${changed.length} items are back as they were, with their reasons.`,
    );
    // Each is logged as its own scope change.
    const logged = query<{ detail: string }>(
      server,
      "select detail from activity where engagement_id = ? and kind = 'plan.scope' order by id desc limit 1",
      id,
    );
    expect(JSON.parse(logged[0]!.detail)).toMatchObject({ undo: true });

    // Sent again, nothing is undone twice: every item moved on since.
    const again = await post({ intent: "bulk-undo", was: entries });
    expect(again.headers.get("Location")).toMatch(new RegExp(`\\?undone=0&kept=${changed.length}&keptIds=`));
  });

  it("undoes the rest when some items changed since, and says which were left", async () => {
    const area = items()
      .filter((i) => i.phase === "launch-blocker" && i.scope === "included")
      .slice(0, 3);
    const res = await post({
      intent: "bulk-scope",
      target: "ticked",
      item: area.map((i) => `${i.id}:${i.version}`),
      scope: "deferred",
      scopeReason: "",
    });
    const page = await html(res.headers.get("Location")!);
    expect(text(page)).toContain(
      `Deferred 3 items: “${area[0]!.title}”, “${area[1]!.title}” and “${area[2]!.title}”.`,
    );
    // Someone changes the second item after the bulk change.
    const changedSince = items().find((i) => i.id === area[1]!.id)!;
    await setScope(changedSince, "excluded", "Decided on a call");

    const undo = await post({ intent: "bulk-undo", was: undoEntries(page) });
    expect(undo.headers.get("Location")).toBe(
      `/engagements/${id}/plan?undone=2&kept=1&keptIds=${changedSince.id}`,
    );
    const now = new Map(items().map((i) => [i.id, i]));
    expect(now.get(area[0]!.id)!.scope).toBe("included");
    expect(now.get(area[2]!.id)!.scope).toBe("included");
    expect(now.get(area[1]!.id)).toMatchObject({ scope: "excluded", scope_reason: "Decided on a call" });
    expect(text(await html(undo.headers.get("Location")!))).toContain(
      `Undone: 2 items are back as they were, with their reasons. “${area[1]!.title}” was changed since, so it was left as it is.`,
    );
  });

  it("refuses an undo that was tampered with or is too large, and changes nothing", async () => {
    const [x, y] = items();
    const before = items();
    const refused = async (was: string | string[]) => {
      const res = await post({ intent: "bulk-undo", was });
      expect(res.status, String(was).slice(0, 80)).toBe(400);
      expect(text(await res.text())).toMatch(
        /That undo could not be read\. Reload the page\.|A plan has at most 200 items\./,
      );
    };
    await refused(`${x!.id}:${x!.version}:bogus:`);
    await refused(`${x!.id}:v1:excluded:`);
    await refused(`${x!.id}:${x!.version}:excluded:${"r".repeat(501)}`);
    await refused([`${x!.id}:${x!.version}:excluded:`, `${x!.id}:${x!.version}:deferred:`]);
    await refused(Array.from({ length: 201 }, (_, n) => `item${n}:1:excluded:`));
    expect(items()).toEqual(before);

    // Another engagement's item, or a made-up one, is only ever looked up in this plan: left alone.
    const foreign = await post({
      intent: "bulk-undo",
      was: [`notAnItemHere:1:excluded:`, `__proto__:1:excluded:`],
    });
    expect(foreign.headers.get("Location")).toBe(
      `/engagements/${id}/plan?undone=0&kept=2&keptIds=notAnItemHere%2C__proto__`,
    );
    expect(text(await html(foreign.headers.get("Location")!))).toContain(
      "Nothing was undone. 2 items were changed since, so they were left as they are.",
    );
    expect(items()).toEqual(before);

    // Only who may edit the plan: a founder or a viewer gets 403, someone else's account 404.
    const founder = await login(server, DEMO.founder.email);
    const viewer = await addMember(server, founder, id, "viewer");
    const stranger = new Client(server.url);
    await signup(stranger, `stranger-${Date.now()}@example.com`);
    const entry = `${y!.id}:${y!.version}:excluded:Why not`;
    expect((await post({ intent: "bulk-undo", was: entry }, founder)).status).toBe(403);
    expect((await post({ intent: "bulk-undo", was: entry }, viewer)).status).toBe(403);
    expect((await post({ intent: "bulk-undo", was: entry }, stranger)).status).toBe(404);
    expect(items()).toEqual(before);
  });

  it("offers the undo only to who made the change, and only for this engagement's changes", async () => {
    const res = await post({
      intent: "bulk-scope",
      target: "phase:scale",
      scope: "deferred",
      scopeReason: "",
    });
    const location = res.headers.get("Location")!;
    expect(undoEntries(await html(location)).length).toBeGreaterThan(0);
    const founder = await login(server, DEMO.founder.email);
    const seen = await html(location, founder);
    expect(undoEntries(seen)).toEqual([]);
    expect(text(seen)).not.toMatch(/Deferred \d+ items?:/);
    expect(undoEntries(await html(`/engagements/${id}/plan?bulk=999999`))).toEqual([]);
  });
});
