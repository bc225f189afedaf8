// The plan item page posted as plain HTML forms (no JavaScript), against the real server:
// - a dependency save refused for a loop names the item that closes it, beside the list, and ticks
//   again what was ticked;
// - phase, owner, position and dependencies come back at their card (a fragment the redirect keeps)
//   with "Saved." beside the button that saved;
// - a custom item's title and description can be edited (version-checked, logged) and the item
//   deleted while no published proposal holds it; only by who may edit the plan.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, addMember, demoEngagementId, login, query } from "./support/demo-server";
import { Client, signup, startServer, type TestServer } from "./support/server";

type Item = {
  id: string;
  title: string;
  description: string;
  task_id: string | null;
  phase: string;
  owner: string;
  version: number;
};

let server: TestServer;
let id: string;
let partner: Client;
let founder: Client;
let viewer: Client;
let stranger: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  partner = await login(server, DEMO.partner.email);
  founder = await login(server, DEMO.founder.email);
  viewer = await addMember(server, founder, id, "viewer");
  stranger = new Client(server.url);
  await signup(stranger, `stranger-${Date.now()}@example.com`);
  const generated = await partner.post(`/engagements/${id}/plan`, {
    intent: "generate",
  });
  expect(generated.status).toBe(302);
});
afterAll(async () => {
  await server?.stop();
});

const items = () =>
  query<Item>(
    server,
    "select id, title, description, task_id, phase, owner, version from plan_items where engagement_id = ? order by phase, position",
    id,
  );
const item = (itemId: string) => items().find((i) => i.id === itemId);
const edges = () =>
  query<{ item_id: string; depends_on_id: string }>(
    server,
    "select d.item_id, d.depends_on_id from plan_item_dependencies d join plan_items p on p.id = d.item_id where p.engagement_id = ?",
    id,
  );
const dependsOn = (itemId: string) =>
  edges()
    .filter((e) => e.item_id === itemId)
    .map((e) => e.depends_on_id)
    .sort();
const activity = (kind: string) =>
  query<{ detail: string }>(
    server,
    "select detail from activity where engagement_id = ? and kind = ? order by id",
    id,
    kind,
  ).map((r) => JSON.parse(r.detail) as Record<string, unknown>);

function decode(s: string): string {
  return s
    .replaceAll("&quot;", '"')
    .replaceAll("&#x27;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}
const text = (html: string) => decode(html.replaceAll("<!-- -->", ""));

/** The form on the page that posts `intent`, as HTML. */
function formOf(html: string, intent: string): string | undefined {
  return [...html.matchAll(/<form[^>]*>[\s\S]*?<\/form>/g)]
    .map((m) => m[0])
    .find((f) => f.includes(`name="intent" value="${intent}"`));
}
const actionOf = (form: string | undefined) => /^<form[^>]*action="([^"]*)"/.exec(form ?? "")?.[1];

/** The ids of the ticked "Starts after" boxes. */
const ticked = (html: string) =>
  [...html.matchAll(/<input([^>]*)>/g)]
    .map((m) => m[1]!)
    .filter((a) => a.includes('name="dependsOn"') && /\schecked=""/.test(a))
    .map((a) => /value="([^"]*)"/.exec(a)![1]!)
    .sort();

/** The text of the live "Saved" region in a form, "" when it says nothing. */
const statusIn = (form: string | undefined) =>
  text(/<span class="save-status[^"]*" role="status">([\s\S]*?)<\/span>/.exec(form ?? "")?.[1] ?? "");

const page = async (itemId: string, client = partner, search = "") => {
  const res = await client.get(`/engagements/${id}/plan/${itemId}${search}`);
  expect(res.status).toBe(200);
  return res.text();
};

async function addCustom(title: string, description = "") {
  const res = await partner.post(`/engagements/${id}/plan/new`, {
    intent: "custom",
    title,
    description,
    area: "payments",
    phase: "hardening",
    "estimate.optimistic": "2",
    "estimate.likely": "4",
    "estimate.pessimistic": "8",
  });
  expect(res.status).toBe(302);
  return items().find((i) => i.title === title)!;
}

describe("dependencies refused for a loop (no JavaScript)", () => {
  it("names the item that closes the loop beside the list, and ticks again what was ticked", async () => {
    // B already waits for A: ticking B on A's page makes a loop. C waits for nothing, so it is a
    // valid tick that must survive the refusal.
    const all = edges();
    const { item_id: b, depends_on_id: a } = all[0]!;
    const c = items().find(
      (i) => i.id !== a && i.id !== b && !all.some((e) => e.item_id === i.id) && i.phase === "hardening",
    )!;
    const before = item(a)!;
    const storedDeps = dependsOn(a);

    const res = await partner.post(`/engagements/${id}/plan/${a}`, {
      intent: "dependencies",
      itemId: a,
      version: String(before.version),
      dependsOn: [b, c.id],
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    const form = formOf(html, "dependencies")!;
    const error = /<p id="depends-on-error"[^>]*>([\s\S]*?)<\/p>/.exec(form)?.[1];
    expect(text(error ?? "")).toBe(
      `That would make a loop: “${item(b)!.title}” already waits for this item. Untick it and save again.`,
    );
    // Beside the list (in its form, named by the fieldset), not only in an alert at the page's top.
    expect(form).toMatch(/<fieldset[^>]*aria-describedby="depends-on-error"/);
    expect(text(html)).not.toContain("items would wait for each other forever");
    expect(ticked(form)).toEqual([b, c.id].sort());
    // Nothing saved.
    expect(dependsOn(a)).toEqual(storedDeps);
    expect(item(a)!.version).toBe(before.version);
  });

  it("names the link in between when the loop goes through another item", async () => {
    // X waits for Y, Y waits for Z, X not for Z itself: ticking X on Z's page closes a loop through Y.
    const all = edges();
    const waits = (a: string, b: string) => all.some((e) => e.item_id === a && e.depends_on_id === b);
    const chain = all
      .flatMap((xy) =>
        all
          .filter((yz) => yz.item_id === xy.depends_on_id)
          .map((yz) => ({ x: xy.item_id, z: yz.depends_on_id })),
      )
      .find(({ x, z }) => x !== z && !waits(x, z));
    expect(chain, "the demo plan has a two-step chain of dependencies").toBeDefined();
    const { x, z } = chain!;
    const res = await partner.post(`/engagements/${id}/plan/${z}`, {
      intent: "dependencies",
      itemId: z,
      version: String(item(z)!.version),
      dependsOn: [x],
    });
    expect(res.status).toBe(400);
    const message =
      /That would make a loop: “([^”]*)” \(through “([^”]*)”\) already waits for this item\./.exec(
        text(await res.text()),
      );
    expect(message?.[1]).toBe(item(x)!.title);
    // The link named is one X waits for that waits for Z.
    const links = all
      .filter((e) => e.item_id === x && waits(e.depends_on_id, z))
      .map((e) => item(e.depends_on_id)!.title);
    expect(links).toContain(message?.[2]);
  });
});

describe("saving on the card comes back at it, saying so (no JavaScript)", () => {
  it("posts the card's forms to its fragments", async () => {
    const target = items()[3]!;
    const html = await page(target.id);
    const here = `/engagements/${id}/plan/${target.id}`;
    expect(actionOf(formOf(html, "phase"))).toBe(`${here}#arrange`);
    expect(actionOf(formOf(html, "owner"))).toBe(`${here}#arrange`);
    expect(actionOf(formOf(html, "move-to"))).toBe(`${here}#arrange`);
    expect(actionOf(formOf(html, "dependencies"))).toBe(`${here}#dependencies`);
    expect(html).toMatch(/<section[^>]*id="arrange"/);
    expect(html).toMatch(/id="dependencies"/);
    // Nothing saved yet: the live regions are there, and empty.
    expect(statusIn(formOf(html, "phase"))).toBe("");
    expect(statusIn(formOf(html, "dependencies"))).toBe("");
  });

  it("says Saved beside the phase, owner, position and dependencies that were saved", async () => {
    const target = items().find((i) => i.phase === "hardening" && i.task_id !== null)!;
    const base = `/engagements/${id}/plan/${target.id}`;
    const steps: Array<[string, Record<string, string | string[]>]> = [
      ["owner", { owner: "founder" }],
      ["move-to", { position: "1" }],
      ["dependencies", { dependsOn: [] }],
      ["phase", { phase: "scale" }],
    ];
    for (const [intent, fields] of steps) {
      const res = await partner.post(base, {
        intent,
        itemId: target.id,
        version: String(item(target.id)!.version),
        ...fields,
      });
      expect(res.status, intent).toBe(302);
      // The fragment the form posted to is kept by the browser through this redirect.
      expect(res.headers.get("Location")).toBe(`${base}?saved=${intent}`);
      const html = await page(target.id, partner, `?saved=${intent}`);
      expect(statusIn(formOf(html, intent)), intent).toBe("Saved.");
      for (const other of steps.map((s) => s[0]).filter((o) => o !== intent))
        expect(statusIn(formOf(html, other)), `${other} after ${intent}`).toBe("");
    }
    expect(item(target.id)).toMatchObject({ owner: "founder", phase: "scale" });
  });

  it("ignores a `saved` it does not know", async () => {
    const html = await page(items()[0]!.id, partner, "?saved=%3Cscript%3E");
    expect(html).not.toContain("Saved.");
  });
});

describe("a custom item's title and description", () => {
  it("are offered on a custom item's page only", async () => {
    const custom = await addCustom("Set up Stirpe Tax", "Register for OSS");
    const html = await page(custom.id);
    const form = formOf(html, "details")!;
    expect(form).toMatch(
      /name="title"[^>]*value="Set up Stirpe Tax"|value="Set up Stirpe Tax"[^>]*name="title"/,
    );
    expect(form).toContain(">Register for OSS</textarea>");
    expect(formOf(html, "delete")).toBeDefined();

    const generated = items().find((i) => i.task_id !== null)!;
    const other = await page(generated.id);
    expect(formOf(other, "details")).toBeUndefined();
    expect(formOf(other, "delete")).toBeUndefined();
    // Read-only for the founder and a viewer, even on a custom item.
    for (const client of [founder, viewer]) {
      const html = await page(custom.id, client);
      expect(formOf(html, "details")).toBeUndefined();
      expect(formOf(html, "delete")).toBeUndefined();
    }
  });

  it("saves an edit against the version it was read at, logs it, and says Saved", async () => {
    const custom = items().find((i) => i.title === "Set up Stirpe Tax")!;
    const res = await partner.post(`/engagements/${id}/plan/${custom.id}`, {
      intent: "details",
      itemId: custom.id,
      version: String(custom.version),
      title: "  Set up Stripe Tax for EU VAT ",
      description: "Register for OSS, turn on Stripe Tax",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/engagements/${id}/plan/${custom.id}?saved=details`);
    expect(item(custom.id)).toMatchObject({
      title: "Set up Stripe Tax for EU VAT",
      description: "Register for OSS, turn on Stripe Tax",
      version: custom.version + 1,
    });
    expect(activity("plan.custom-edited").at(-1)).toEqual({
      itemId: custom.id,
      item: "Set up Stripe Tax for EU VAT",
      from: "Set up Stirpe Tax",
      description: true,
    });
    const html = await page(custom.id, partner, "?saved=details");
    expect(statusIn(formOf(html, "details"))).toBe("Saved.");
    expect(actionOf(formOf(html, "details"))).toBe(`/engagements/${id}/plan/${custom.id}#details`);
  });

  it("refuses a bad title with the create form's message, showing what was typed", async () => {
    const custom = items().find((i) => i.title === "Set up Stripe Tax for EU VAT")!;
    const res = await partner.post(`/engagements/${id}/plan/${custom.id}`, {
      intent: "details",
      itemId: custom.id,
      version: String(custom.version),
      title: "ab",
      description: "Typed, not lost",
    });
    expect(res.status).toBe(400);
    const form = formOf(await res.text(), "details")!;
    expect(text(form)).toContain("Give the item a title of at least 3 characters.");
    expect(form).toMatch(/value="ab"/);
    expect(form).toContain(">Typed, not lost</textarea>");
    expect(item(custom.id)).toEqual(custom);
  });

  it("does not overwrite someone else's change (stale version: 409)", async () => {
    const custom = items().find((i) => i.title === "Set up Stripe Tax for EU VAT")!;
    const res = await partner.post(`/engagements/${id}/plan/${custom.id}`, {
      intent: "details",
      itemId: custom.id,
      version: String(custom.version - 1),
      title: "An older idea",
      description: "First line of it\nSecond line\n- a bullet",
    });
    expect(res.status).toBe(409);
    const page = text(await res.text());
    expect(page).toContain("What you entered is below.");
    // The words typed, to copy back: the description on its own, its lines kept (not run into the
    // message on one line).
    expect(page).toMatch(
      /<blockquote class="conflict-entered"><p><strong>An older idea<\/strong><\/p><p class="keep-lines">First line of it\nSecond line\n- a bullet<\/p><\/blockquote>/,
    );
    expect(item(custom.id)).toEqual(custom);
  });

  it("keeps the assessment's titles: an item from it cannot be renamed or deleted", async () => {
    const generated = items().find((i) => i.task_id !== null)!;
    const rename = await partner.post(`/engagements/${id}/plan/${generated.id}`, {
      intent: "details",
      itemId: generated.id,
      version: String(generated.version),
      title: "Something else",
    });
    expect(rename.status).toBe(400);
    const remove = await partner.post(`/engagements/${id}/plan/${generated.id}`, {
      intent: "delete",
      itemId: generated.id,
      version: String(generated.version),
    });
    expect(remove.status).toBe(400);
    expect(item(generated.id)).toEqual(generated);
  });

  it("lets only who may edit the plan change or delete it; non-members get 404", async () => {
    const custom = items().find((i) => i.title === "Set up Stripe Tax for EU VAT")!;
    const base = `/engagements/${id}/plan/${custom.id}`;
    const edit = {
      intent: "details",
      itemId: custom.id,
      version: String(custom.version),
      title: "Renamed",
    };
    const del = {
      intent: "delete",
      itemId: custom.id,
      version: String(custom.version),
    };
    for (const client of [founder, viewer]) {
      expect((await client.post(base, edit)).status).toBe(403);
      expect((await client.post(base, del)).status).toBe(403);
    }
    expect((await stranger.get(base)).status).toBe(404);
    expect((await stranger.post(base, edit)).status).toBe(404);
    expect((await stranger.post(base, del)).status).toBe(404);
    expect(item(custom.id)).toEqual(custom);
  });
});

describe("deleting a custom item", () => {
  it("refuses a stale version (409) and keeps the item", async () => {
    const custom = await addCustom("Migrate images to a CDN");
    const res = await partner.post(`/engagements/${id}/plan/${custom.id}`, {
      intent: "delete",
      itemId: custom.id,
      version: String(custom.version + 1),
    });
    expect(res.status).toBe(409);
    expect(text(await res.text())).toContain("It was not deleted.");
    expect(item(custom.id)).toEqual(custom);
  });

  it("deletes one no proposal holds, with its comments and the links to it, and logs it", async () => {
    const custom = items().find((i) => i.title === "Migrate images to a CDN")!;
    const waiting = items().find((i) => i.task_id !== null && i.phase === "scale")!;
    const linked = await partner.post(`/engagements/${id}/plan/${waiting.id}`, {
      intent: "dependencies",
      itemId: waiting.id,
      version: String(waiting.version),
      dependsOn: [...dependsOn(waiting.id), custom.id],
    });
    expect(linked.status).toBe(302);
    const commented = await partner.post(`/engagements/${id}/plan/${custom.id}`, {
      intent: "comment",
      itemId: custom.id,
      body: "Only if the CDN bill is under €20",
    });
    expect(commented.status).toBe(302);
    expect(text(await page(custom.id))).toContain("No proposal has been published with it yet");

    const res = await partner.post(`/engagements/${id}/plan/${custom.id}`, {
      intent: "delete",
      itemId: custom.id,
      version: String(custom.version),
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/engagements/${id}/plan?deleted=1`);
    expect(item(custom.id)).toBeUndefined();
    expect(dependsOn(waiting.id)).not.toContain(custom.id);
    expect(
      query(server, "select 1 from comments where target_type = 'plan-item' and target_id = ?", custom.id),
    ).toEqual([]);
    expect(activity("plan.custom-deleted").at(-1)).toEqual({
      itemId: custom.id,
      item: "Migrate images to a CDN",
    });
    expect((await partner.get(`/engagements/${id}/plan/${custom.id}`)).status).toBe(404);
    expect(text(await (await partner.get(`/engagements/${id}/plan?deleted=1`)).text())).toContain(
      "The item was deleted.",
    );
  });

  it("refuses one a published proposal holds, and the page says to set it out of scope instead", async () => {
    const custom = items().find((i) => i.title === "Set up Stripe Tax for EU VAT")!;
    const published = await partner.post(`/engagements/${id}/proposals`, {
      assumptions: "a",
      exclusions: "b",
    });
    expect(published.status).toBe(302);

    const html = text(await page(custom.id));
    expect(html).toContain("Proposal version 1 holds this item, so it cannot be deleted");
    expect(html).toContain("set it to “Out of scope”");
    expect(formOf(html, "delete")).toBeUndefined();

    const res = await partner.post(`/engagements/${id}/plan/${custom.id}`, {
      intent: "delete",
      itemId: custom.id,
      version: String(custom.version),
    });
    expect(res.status).toBe(400);
    expect(text(await res.text())).toContain("Proposal version 1 holds this item, so it cannot be deleted");
    expect(item(custom.id)).toEqual(custom);
    // Its words can still be put right (the next version says what changed).
    const renamed = await partner.post(`/engagements/${id}/plan/${custom.id}`, {
      intent: "details",
      itemId: custom.id,
      version: String(custom.version),
      title: "Set up Stripe Tax for EU and UK VAT",
      description: custom.description,
    });
    expect(renamed.status).toBe(302);
  });
});
