import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { acceptedProposal, DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { pdfText } from "./support/pdf-text";
import { Client, signup, startServer, type TestServer } from "./support/server";

// Founders think "my project"; "engagement" is agency-speak (founder audit #14, partner audit #17,
// decision 043). What people read says "project" everywhere; only URLs, code, the database and the
// export format keep the old word. Over HTTP, the demo (plan and proposal 1 accepted) as the founder
// and the partner see it, its PDFs, and an empty account's list.
let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;
let item: string;
beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  await acceptedProposal(server, founder, partner, id);
  [{ id: item }] = query<{ id: string }>(
    server,
    "select id from plan_items where engagement_id = ? order by phase, position limit 1",
    id,
  );
});
afterAll(async () => {
  await server?.stop();
});

const decode = (text: string) =>
  text
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&");

/**
 * What a person reads or hears on the page: the text between tags (scripts, styles and the Remix
 * data they carry left out), plus the attributes a browser or screen reader shows. Ids, classes and
 * hrefs are not read, so `/engagements/…` links and `engagement-card` classes do not count.
 */
function visibleText(html: string): string {
  const body = html
    .replace(/<script\b[\s\S]*?<\/script>/gi, " ")
    .replace(/<style\b[\s\S]*?<\/style>/gi, " ")
    .replace(/<!--[\s\S]*?-->/g, " ");
  const spoken = [...body.matchAll(/\s(?:aria-label|title|placeholder|alt)="([^"]*)"/g)].map((m) => m[1]);
  return decode([body.replace(/<[^>]*>/g, " "), ...spoken].join(" ")).replace(/\s+/g, " ");
}

/** The sentences around each "engagement", so a failure says where it is. */
const hits = (text: string) => [...text.matchAll(/.{0,60}engagement.{0,60}/gi)].map((m) => m[0].trim());

async function pageText(client: Client, pathname: string, status = 200): Promise<string> {
  const res = await client.get(pathname);
  const html = await res.text();
  expect(res.status, pathname).toBe(status);
  return visibleText(html);
}

const inside = (paths: string[]) => paths.map((p) => `/engagements/${"ID"}${p}`);

// Every page either side opens on the demo; "ID" becomes the demo's id, "ITEM" its first plan item.
const FOUNDER_PAGES = [
  "/",
  "/engagements",
  "/engagements/new",
  "/engagements/import",
  ...inside([
    "",
    "/assess",
    "/assess/essentials",
    "/assess/payments",
    "/assess/review",
    "/assess/code",
    "/results",
    "/plan",
    "/plan/ITEM",
    "/plan/time",
    "/proposals",
    "/proposals/1",
    "/members",
    "/settings",
    "/settings/delete",
  ]),
  "/account",
  "/account/delete",
  "/account/two-step",
];
const PARTNER_PAGES = [
  ...FOUNDER_PAGES.filter((p) => !p.endsWith("/settings/delete")),
  ...inside(["/plan/estimates", "/plan/new"]),
];

const resolve = (pathname: string) => pathname.replace("ID", id).replace("ITEM", item);

describe('the word people read is "project", not "engagement"', () => {
  it("on every page the founder opens, titles and labels included", async () => {
    const found: Record<string, string[]> = {};
    for (const p of FOUNDER_PAGES) {
      const text = await pageText(founder, resolve(p));
      if (hits(text).length > 0) found[p] = hits(text);
    }
    expect(found).toEqual({});
    // The words that replaced it are there: the check reads the pages' text, not empty strings.
    expect(await pageText(founder, "/engagements")).toContain("My projects");
    expect(await pageText(founder, resolve("/engagements/ID"))).toContain("Export project (JSON)");
    expect(await pageText(founder, resolve("/engagements/ID/members"))).toContain("Leave this project");
  });

  it("on every page the partner opens", async () => {
    const found: Record<string, string[]> = {};
    for (const p of PARTNER_PAGES) {
      const text = await pageText(partner, resolve(p));
      if (hits(text).length > 0) found[p] = hits(text);
    }
    expect(found).toEqual({});
  });

  it("on an empty account, and where a page is refused or missing", async () => {
    const newcomer = new Client(server.url);
    await signup(newcomer, "newcomer@example.com");
    const empty = await pageText(newcomer, "/engagements");
    expect(empty).toContain("Create your first project");
    expect(empty).toContain("Import a Finishline export");
    expect(hits(empty)).toEqual([]);
    // Not a member: the not-found page, which says what may have happened.
    const stranger = await pageText(newcomer, resolve("/engagements/ID"), 404);
    expect(stranger).toContain("You no longer have access to this project, or it was deleted.");
    expect(hits(stranger)).toEqual([]);
    // A plan item that is not there: the tab's own error, under the project's header.
    const missingTab = await pageText(founder, resolve("/engagements/ID/plan/no-such-item"), 404);
    expect(hits(missingTab)).toEqual([]);
  });

  it("in the readiness report and the proposal PDFs", async () => {
    for (const p of ["/engagements/ID/report.pdf", "/engagements/ID/proposals/1.pdf"]) {
      const res = await founder.get(resolve(p));
      expect(res.status, p).toBe(200);
      const { flat } = await pdfText(new Uint8Array(await res.arrayBuffer()));
      expect(flat.length, p).toBeGreaterThan(1000);
      expect(hits(flat), p).toEqual([]);
    }
  });
});
