// Findings of the partner's audit (docs: /work/notes/audit-partner.md), through the real server with
// plain HTML forms (no JavaScript):
// - #9: the estimate reason fields say the founder reads them on the proposal;
// - #14: a move that puts an item above what it waits for is saved, and said: after the move (the
//   plan's notice, the item page's arrange card) and on the plan row;
// - #15: a bulk scope change names what it changed and offers Undo, a plain form that puts each item
//   back (scope and reason) unless it changed since. The form posts only the change's id: what is
//   put back is read from the change's own record (security review 2, #5), so an undo says nothing
//   about scopes or reasons; another engagement's, another person's or an undone change is refused,
//   and only who may edit the plan can post one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, addMember, demoEngagementId, join, login, query } from "./support/demo-server";
import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

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
  /** The Undo form's fields, as the page that follows the change carries them (none: no Undo). */
  const undoForm = (page: string) => {
    const form = /<form[^>]*>(?:(?!<\/form>)[\s\S])*?name="intent" value="bulk-undo"[\s\S]*?<\/form>/.exec(
      page,
    )?.[0];
    if (!form) return null;
    return Object.fromEntries(
      [...form.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
    );
  };
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

    // Undo, as the page's form sends it: the change's id, and nothing else.
    const form = undoForm(page)!;
    expect(form).toEqual({ intent: "bulk-undo", changeId: location.split("bulk=")[1] });
    const undo = await post(form);
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

    // Sent again, nothing is undone twice, and the page says why.
    const snapshot = items();
    const again = await post(form);
    expect(again.status).toBe(409);
    expect(text(await again.text())).toContain(
      "That change was already undone, so nothing more was changed.",
    );
    expect(items()).toEqual(snapshot);
    // The change's own page no longer offers Undo.
    const reloaded = await html(location);
    expect(undoForm(reloaded)).toBeNull();
    expect(text(reloaded)).toContain("This change was undone.");
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

    const undo = await post(undoForm(page)!);
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

  it("puts back only what the change's own record says, and refuses any other undo, changing nothing", async () => {
    const x = items()[0]!;
    const change = await post({
      intent: "bulk-scope",
      target: "ticked",
      item: [`${x.id}:${x.version}`],
      scope: x.scope === "excluded" ? "deferred" : "excluded",
      scopeReason: "For the undo checks",
    });
    const location = change.headers.get("Location")!;
    const changeId = /\?bulk=(\d+)$/.exec(location)![1]!;
    const changed = items();
    expect(changed.find((i) => i.id === x.id)!.scope).not.toBe(x.scope);

    // An id that cannot be one: 400, said on the page.
    for (const bad of ["", "abc", "0", "-3", "1.5", "9".repeat(20)]) {
      const res = await post({ intent: "bulk-undo", changeId: bad });
      expect(res.status, bad).toBe(400);
      expect(text(await res.text())).toContain("That undo could not be read. Reload the page.");
    }
    expect((await post({ intent: "bulk-undo" })).status).toBe(400);
    expect(items()).toEqual(changed);

    const notYours =
      "Nothing was undone: that is not a change of yours on this plan. Only who made a change can undo it, from the message after it.";
    const refusedAsNotYours = async (form: Record<string, string>, client: Client = partner) => {
      const res = await post(form, client);
      expect(res.status, JSON.stringify(form)).toBe(404);
      expect(text(await res.text())).toContain(notYours);
    };
    // A made-up id.
    await refusedAsNotYours({ intent: "bulk-undo", changeId: "999999" });
    // A bulk change the same partner made on another engagement: not this plan's.
    const owner = new Client(server.url);
    await signup(owner, `bravo-${Date.now()}@example.com`);
    const { id: bravo } = await createEngagement(owner, "Bravo");
    await join(owner, bravo, "partner", partner);
    const added = await partner.post(`/engagements/${bravo}/plan`, {
      intent: "custom",
      title: "Bravo's own item",
      area: "custom",
      phase: "hardening",
      "estimate.optimistic": "1",
      "estimate.likely": "2",
      "estimate.pessimistic": "4",
    });
    expect(added.status).toBe(302);
    const [bravoItem] = query<Item>(server, "select * from plan_items where engagement_id = ?", bravo);
    const bravoChange = await partner.post(`/engagements/${bravo}/plan`, {
      intent: "bulk-scope",
      target: "ticked",
      item: [`${bravoItem!.id}:${bravoItem!.version}`],
      scope: "excluded",
      scopeReason: "",
    });
    const bravoId = /\?bulk=(\d+)$/.exec(bravoChange.headers.get("Location")!)![1]!;
    await refusedAsNotYours({ intent: "bulk-undo", changeId: bravoId });
    expect(query<Item>(server, "select * from plan_items where engagement_id = ?", bravo)).toMatchObject([
      { scope: "excluded", version: bravoItem!.version + 1 },
    ]);
    // Another partner of this engagement, with this change's id: only its author may undo it.
    const founder = await login(server, DEMO.founder.email);
    const otherPartner = await addMember(server, founder, id, "partner");
    await refusedAsNotYours({ intent: "bulk-undo", changeId }, otherPartner);
    expect(items()).toEqual(changed);

    // Only who may edit the plan: a founder or a viewer gets 403, someone else's account 404.
    const viewer = await addMember(server, founder, id, "viewer");
    const stranger = new Client(server.url);
    await signup(stranger, `stranger-${Date.now()}@example.com`);
    expect((await post({ intent: "bulk-undo", changeId }, founder)).status).toBe(403);
    expect((await post({ intent: "bulk-undo", changeId }, viewer)).status).toBe(403);
    expect((await post({ intent: "bulk-undo", changeId }, stranger)).status).toBe(404);
    expect(items()).toEqual(changed);

    // The author's undo, sent with what an older form carried (a scope, a version, an untrimmed
    // reason): that is ignored, and the item goes back to what the change's record says it found.
    const undo = await post({
      intent: "bulk-undo",
      changeId,
      was: `${x.id}:${x.version + 1}:proposed:  Whatever I like  `,
    });
    expect(undo.status).toBe(302);
    expect(undo.headers.get("Location")).toBe(`/engagements/${id}/plan?undone=1`);
    expect(items().find((i) => i.id === x.id)).toMatchObject({
      scope: x.scope,
      scope_reason: x.scope_reason,
    });
  });

  it("offers the undo only to who made the change, and only for this engagement's changes", async () => {
    const res = await post({
      intent: "bulk-scope",
      target: "phase:scale",
      scope: "deferred",
      scopeReason: "",
    });
    const location = res.headers.get("Location")!;
    expect(undoForm(await html(location))).not.toBeNull();
    const founder = await login(server, DEMO.founder.email);
    const seen = await html(location, founder);
    expect(undoForm(seen)).toBeNull();
    expect(text(seen)).not.toMatch(/Deferred \d+ items?:/);
    expect(undoForm(await html(`/engagements/${id}/plan?bulk=999999`))).toBeNull();
  });
});
