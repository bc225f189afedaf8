// The overview's launch-minimum figure, through the real server (decision 051): when the launch minimum
// of the version it shows counts a later-phase item that launch-minimum work waits for, the card says
// so in the words the plan page, the publish form and the proposal use, naming the item; and says
// nothing of the kind when nothing waits for later work.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { startServer, type Client, type TestServer } from "./support/server";

type Item = { id: string; title: string; phase: string; version: number };

let server: TestServer;
let id: string;
let partner: Client;
let founder: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  partner = await login(server, DEMO.partner.email);
  founder = await login(server, DEMO.founder.email);
  expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

const text = (html: string) =>
  html
    .replaceAll("<!-- -->", "")
    .replaceAll("&#x27;", "'")
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&")
    .replace(/\s+/g, " ");

const inScope = () =>
  query<Item>(
    server,
    "select id, title, phase, version from plan_items where engagement_id = ? and scope = 'included' order by position",
    id,
  );
const edges = () =>
  query<{ item_id: string; depends_on_id: string }>(
    server,
    "select d.item_id, d.depends_on_id from plan_item_dependencies d join plan_items p on p.id = d.item_id where p.engagement_id = ?",
    id,
  );

const overview = async (client: Client) => {
  const res = await client.get(`/engagements/${id}`);
  expect(res.status).toBe(200);
  // The page as shown: without the loader data in its scripts, which repeats every string.
  return text((await res.text()).replace(/<script[\s\S]*?<\/script>/g, ""));
};

/** Publishes the plan as it is now as version `number`, through the publish form. */
async function publish(number: number) {
  const res = await partner.post(`/engagements/${id}/proposals`, {
    assumptions: "",
    exclusions: "",
    number: String(number),
  });
  expect(res.status, "published").toBe(302);
}

const WAITS = "because launch-minimum work waits for";

describe("the overview's launch minimum", () => {
  it("says nothing of pulled-forward work when no launch-minimum item waits for later work", async () => {
    await publish(1);
    for (const client of [partner, founder]) {
      const page = await overview(client);
      expect(page).toContain("Launch minimum, proposal 1");
      expect(page).not.toContain(WAITS);
      expect(page).not.toContain("The launch minimum includes");
    }
  });

  it("names the hardening item a launch-minimum item waits for, as the proposal does", async () => {
    const items = inScope();
    const all = edges();
    const launch = items.find((i) => i.phase === "launch-blocker")!;
    // A hardening item that waits for nothing and that nothing waits for: no loop, and nothing else
    // in the launch minimum already waits for it.
    const hardening = items.find(
      (i) => i.phase === "hardening" && !all.some((e) => e.item_id === i.id || e.depends_on_id === i.id),
    )!;
    expect(hardening, "a hardening item with no dependencies").toBeDefined();
    const res = await partner.post(`/engagements/${id}/plan/${launch.id}`, {
      intent: "dependencies",
      itemId: launch.id,
      version: String(launch.version),
      dependsOn: [...all.filter((e) => e.item_id === launch.id).map((e) => e.depends_on_id), hardening.id],
    });
    expect(res.status).toBe(302);
    await publish(2);

    const title = hardening.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const sentence = new RegExp(
      `The launch minimum includes “${title}” \\(Hardening, about \\d+ h\\), because launch-minimum work waits for it\\.`,
    );
    // The same words as on the proposal page.
    const proposal = text(await (await partner.get(`/engagements/${id}/proposals/2`)).text());
    const said = sentence.exec(proposal)?.[0];
    expect(said, "the proposal page says it").toBeDefined();
    for (const client of [partner, founder]) {
      const page = await overview(client);
      expect(page).toContain("Launch minimum, proposal 2");
      expect(page).toContain(said!);
      // Once, beside the figure.
      expect(page.split(WAITS)).toHaveLength(2);
    }
  });
});
