// QA pass 6 (two people at once), findings 4, 9 and 6, through the real server and SQLite file: a
// page read before someone else's change, then sent.
// - The estimates table refuses a row changed since, and says what was typed in it and who changed it
//   to what, keeping the reason.
// - Log time is not refused because the founder marked the item Done; a form sent twice still logs
//   once, and a refusal names what changed and who.
// - A bulk change to a phase refuses when the phase holds other items than the page listed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { acceptedProposal, addMember, DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { startServer, type Client, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  await acceptedProposal(server, founder, partner, id);
});
afterAll(async () => {
  await server?.stop();
});

/** The page's text as read: tags out, entities and React's text separators undone. */
const text = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

/** The named inputs of a piece of server-rendered HTML, with the values a browser would submit. */
function inputs(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [, attrs] of html.matchAll(/<input([^>]*)>/g)) {
    const name = /name="([^"]+)"/.exec(attrs!)?.[1];
    if (name && !(name in fields)) fields[name] = /value="([^"]*)"/.exec(attrs!)?.[1] ?? "";
  }
  return fields;
}

/** The fields of the page's form that posts `intent`, as a browser would send them untouched. */
async function formOf(path: string, intent: string, as: Client = partner): Promise<Record<string, string>> {
  const html = await (await as.get(path)).text();
  const body = [...html.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)]
    .map((m) => m[1]!)
    .find((b) => b.includes(`name="intent" value="${intent}"`));
  expect(body, `a form for ${intent} on ${path}`).toBeDefined();
  return inputs(body!);
}

const item = (itemId: string) =>
  query<{ version: number; phase: string; scope: string; title: string }>(
    server,
    "select version, phase, scope, title from plan_items where id = ?",
    itemId,
  )[0]!;

const included = (phase: string) =>
  query<{ id: string; title: string }>(
    server,
    "select id, title from plan_items where engagement_id = ? and scope = 'included' and phase = ? and owner != 'founder' order by position",
    id,
    phase,
  );

describe("the estimates table, a row changed by someone else since it was read (finding 4)", () => {
  it("says what was typed in it and who changed it to what, and keeps the reason", async () => {
    // Tab 1 is a second partner's; the demo partner changes the row in between.
    const tab1 = await addMember(server, founder, id, "partner");
    const other = partner;
    const [a, b] = included("hardening");
    // Tab 1 opens the table.
    const html = await (await tab1.get(`/engagements/${id}/plan/estimates`)).text();
    const table = Object.fromEntries(
      Object.entries(inputs(html)).filter(([k]) => /^(o|m|p|v|was)\./.test(k)),
    );
    // The other partner re-estimates one of its rows on the item page.
    const item = await formOf(`/engagements/${id}/plan/${a!.id}`, "estimate", other);
    const saved = await other.post(`/engagements/${id}/plan/${a!.id}`, {
      ...item,
      "estimate.optimistic": "2",
      "estimate.likely": "4.25",
      "estimate.pessimistic": "7",
      reason: "Tab2: admin has 3 roles",
    });
    expect(saved.status).toBe(302);
    // Tab 1 changes that row and another, and saves.
    const res = await tab1.post(`/engagements/${id}/plan/estimates`, {
      ...table,
      [`o.${a!.id}`]: "1.5",
      [`m.${a!.id}`]: "3.75",
      [`p.${a!.id}`]: "6",
      [`o.${b!.id}`]: table[`o.${b!.id}`]!,
      [`m.${b!.id}`]: table[`m.${b!.id}`]!,
      [`p.${b!.id}`]: String(Number(table[`p.${b!.id}`]) + 0.5),
      reason: "Table: batch tweak",
    });
    expect(res.status).toBe(409);
    const page = await res.text();
    const said = text(page);
    expect(said).toContain("1 saved.");
    expect(said).toContain(`${a!.title} : ${DEMO.partner.name} changed it to 2–7 h, likely 4.25 h on `);
    expect(said).toContain(": “Tab2: admin has 3 roles”.");
    expect(said).toContain("What you entered: 1.5–6 h, likely 3.75 h.");
    // The row shows the stored figures, with what was typed under it; the reason stays.
    expect(page).toMatch(new RegExp(`name="m\\.${a!.id}"[^>]*value="4\\.25"`));
    expect(page).toMatch(/id="estimates-reason"[^>]*value="Table: batch tweak"/);
    expect(page).toContain(`id="entered-${a!.id}"`);
  });
});

describe("log time after someone else changed the item (finding 9)", () => {
  it("logs time after the founder marked the item Done, and a form sent twice still logs once", async () => {
    const [target] = included("launch-blocker");
    const path = `/engagements/${id}/plan/${target!.id}`;
    const count = () =>
      query<{ n: number }>(server, "select count(*) as n from time_entries where item_id = ?", target!.id)[0]!
        .n;
    // The partner's page, with the log form read.
    const log = await formOf(path, "log-time");
    // The founder marks it Done and saves progress.
    const progress = await formOf(path, "status", founder);
    const done = await founder.post(path, { ...progress, status: "done" });
    expect(done.status).toBe(302);
    expect(item(target!.id).version).toBeGreaterThan(Number(log.version));

    const before = count();
    const form = { ...log, day: "2026-12-01", hours: "1.25", note: "storage bucket rules" };
    const logged = await partner.post(path, form);
    expect(logged.status).toBe(302);
    expect(count()).toBe(before + 1);

    // The same form again (a double click without JavaScript): not logged twice, and says why.
    const again = await partner.post(path, form);
    expect(again.status).toBe(409);
    const said = text(await again.text());
    expect(said).toContain("You logged 1.25 h on this item for");
    expect(said).toContain("a form sent twice is logged once");
    expect(count()).toBe(before + 1);
  });

  it("refuses time on an item set out of scope since the page was loaded, naming who did it", async () => {
    const [, target] = included("launch-blocker");
    const path = `/engagements/${id}/plan/${target!.id}`;
    const log = await formOf(path, "log-time");
    const scope = await formOf(path, "scope");
    const out = await partner.post(path, { ...scope, scope: "excluded", scopeReason: "Not needed" });
    expect(out.status).toBe(302);
    const res = await partner.post(path, { ...log, day: "2026-12-01", hours: "2", note: "rls" });
    expect(res.status).toBe(409);
    expect(text(await res.text())).toContain("You set this item to “Out of scope”");
    // The page after it is fresh: logging again goes through.
    const fresh = await formOf(path, "log-time");
    const second = await partner.post(path, { ...fresh, day: "2026-12-01", hours: "2", note: "rls" });
    expect(second.status).toBe(302);
  });
});

describe("a bulk change to a phase that changed since the page was loaded (finding 6)", () => {
  it("refuses with 409, names the item moved there and keeps the reason; the fresh page then applies", async () => {
    const plan = `/engagements/${id}/plan`;
    const shown = await formOf(plan, "bulk-scope");
    const hardening = query<{ id: string }>(
      server,
      "select id from plan_items where engagement_id = ? and phase = 'hardening'",
      id,
    );
    expect(shown["shown.phase:hardening"]!.split(" ").sort()).toEqual(hardening.map((h) => h.id).sort());
    // Another tab moves a launch-minimum item into Hardening.
    const [moved] = included("launch-blocker").slice(-1);
    const phase = await formOf(`${plan}/${moved!.id}`, "phase");
    expect((await partner.post(`${plan}/${moved!.id}`, { ...phase, phase: "hardening" })).status).toBe(302);

    const form = { ...shown, target: "phase:hardening", scope: "deferred", scopeReason: "After launch" };
    const res = await partner.post(plan, form);
    expect(res.status).toBe(409);
    const page = await res.text();
    expect(text(page)).toContain(
      `Hardening now has ${hardening.length + 1} items: 1 moved there since you opened the page (“${moved!.title}”). Nothing was changed. Check the list and apply again.`,
    );
    expect(page).toMatch(/id="bulk-reason"[^>]*value="After launch"/);
    const deferred = () =>
      query<{ n: number }>(
        server,
        "select count(*) as n from plan_items where engagement_id = ? and scope = 'deferred'",
        id,
      )[0]!.n;
    expect(deferred()).toBe(0);
    expect(item(moved!.id).scope).toBe("included");

    // The page as it now is: the same change goes through.
    const fresh = inputs(page);
    const applied = await partner.post(plan, {
      ...form,
      "shown.phase:hardening": fresh["shown.phase:hardening"]!,
    });
    expect(applied.status).toBe(302);
    expect(item(moved!.id).scope).toBe("deferred");
  });
});
