// A launch-minimum item that waits for a hardening item (QA pass 3, finding 4; decision 051): through
// the real server, the launch minimum's figures count the hardening item, and the plan page, the
// publish form, the proposal page and its PDF name it in the same words.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { pdfText } from "./support/pdf-text";
import { startServer, type Client, type TestServer } from "./support/server";

type Item = { id: string; title: string; phase: string; version: number };

let server: TestServer;
let id: string;
let partner: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  partner = await login(server, DEMO.partner.email);
  expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
});
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

/** The plan page's headline: launch-minimum hours (likely) and item count. */
async function launchMinimum() {
  const html = text(await (await partner.get(`/engagements/${id}/plan`)).text());
  const m = /Launch minimum: <strong[^>]*>[^<]*<\/strong> <span[^>]*>\((\d+)–[^,]*, (\d+) items?/.exec(html);
  expect(m, "the plan page states the launch minimum").not.toBeNull();
  return { hours: Number(m![1]), items: Number(m![2]), html };
}

describe("a launch-minimum item that waits for a hardening item", () => {
  let hardening: Item;
  // Set by the first test; never matches until then.
  let sentence = /(?!)/;

  it("counts the hardening item in the launch minimum, and the plan page says so", async () => {
    const before = await launchMinimum();
    expect(before.html).not.toContain("because launch-minimum work waits for");
    const items = inScope();
    const all = edges();
    const launch = items.find((i) => i.phase === "launch-blocker")!;
    // A hardening item that waits for nothing and that nothing waits for: no loop, and nothing else
    // in the launch minimum already waits for it.
    hardening = items.find(
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

    const after = await launchMinimum();
    expect(after.items).toBe(before.items + 1);
    expect(after.hours).toBeGreaterThan(before.hours);
    const title = hardening.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    sentence = new RegExp(
      `The launch minimum includes “${title}” \\(Hardening, about \\d+ h\\), because launch-minimum work waits for it\\.`,
    );
    expect(after.html).toMatch(sentence);
    // The hardening group lists the item by its own phase: its heading says where its hours went.
    expect(after.html).toContain("1 item here counted in the launch minimum, which waits for it");
    expect(after.html).toMatch(/likely \d+ h \(including 1 Hardening item it waits for\)/);
  });

  it("is said on the publish form, the proposal page and the PDF", async () => {
    const form = text(await (await partner.get(`/engagements/${id}/proposals`)).text());
    expect(form).toMatch(sentence);
    const published = await partner.post(`/engagements/${id}/proposals`, {
      assumptions: "",
      exclusions: "",
      number: "1",
    });
    expect(published.status).toBe(302);
    const page = text(await (await partner.get(`/engagements/${id}/proposals/1`)).text());
    expect(page).toMatch(sentence);
    const pdf = await partner.get(`/engagements/${id}/proposals/1.pdf`);
    expect(pdf.status).toBe(200);
    const { flat } = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(flat.replace(/\s+/g, " ")).toMatch(sentence);
  });
});
