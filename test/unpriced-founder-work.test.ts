// An item the founder's own team does is in the plan's hours and weeks but not in the partner's price
// (partner audit, finding 4): through the real server, the plan page's launch-minimum cost drops when
// an item moves to the founder's team, its hours do not, and the page says why.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { pdfText } from "./support/pdf-text";
import { startServer, type Client, type TestServer } from "./support/server";

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
  html.replaceAll("<!-- -->", "").replaceAll("&#x27;", "'").replaceAll("&amp;", "&");

/** The plan page's headline: launch-minimum cost (likely) and hours (likely), as numbers. */
async function launchMinimum() {
  const html = text(await (await partner.get(`/engagements/${id}/plan`)).text());
  const m = /Launch minimum:\s*<strong[^>]*>[^0-9]*([\d,]+)[^<]*<\/strong>\s*<span[^>]*>\((\d+)–/.exec(html);
  expect(m, "the plan page states the launch minimum").not.toBeNull();
  return { cost: Number(m![1]!.replaceAll(",", "")), hours: Number(m![2]), html };
}

describe("work the founder's team does", () => {
  it("is in the hours, not in the partner's price, and the plan page says so", async () => {
    const before = await launchMinimum();
    expect(before.html).not.toContain("not in the cost");

    // The largest launch-minimum item in scope goes to the founder's team.
    const [item] = query<{ id: string; version: number; title: string }>(
      server,
      `select id, version, title from plan_items where engagement_id = ? and scope = 'included'
         and phase = 'launch-blocker' order by likely desc limit 1`,
      id,
    );
    const owned = await partner.post(`/engagements/${id}/plan`, {
      intent: "owner",
      itemId: item!.id,
      version: String(item!.version),
      owner: "founder",
    });
    expect(owned.status).toBe(302);

    const after = await launchMinimum();
    // Same work, so the same hours (each item keeps its own random draws)…
    expect(after.hours).toBe(before.hours);
    // …but the biggest item is no longer charged at the partner's rate.
    expect(after.cost).toBeLessThan(before.cost * 0.97);
    expect(after.html).toMatch(
      /The cost covers the engineering partner's work\. 1 item that the founder's team does \(about \d+ h\) is in the hours and weeks, not in the cost\./,
    );
  });

  it("is said under the prices of the proposal it is published in, on the page and in the PDF", async () => {
    const published = await partner.post(`/engagements/${id}/proposals`, {
      assumptions: "",
      exclusions: "",
      number: "1",
    });
    expect(published.status).toBe(302);
    const note =
      /1 item that the founder's team does \(about \d+ h\) is in the hours and weeks, not in the cost\./;
    const page = text(await (await partner.get(`/engagements/${id}/proposals/1`)).text());
    expect(page).toMatch(note);
    const pdf = await partner.get(`/engagements/${id}/proposals/1.pdf`);
    expect(pdf.status).toBe(200);
    const { flat } = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(flat.replace(/\s+/g, " ")).toMatch(note);
  });
});
