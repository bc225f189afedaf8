// The proposal page's scope table folds each item's details (what it covers, deliverables, "Done
// when") under its title. They are not in the page: opening a fold fetches them with a fetcher, and
// without JavaScript the fold holds a link to the item's own page, which shows the same.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login, query } from "../support/demo-server";
import { startServer, type Client, type TestServer } from "../support/server";

import { collectConsoleErrors, launchBrowser, newContext, screenshotter, settled } from "./browser";

let server: TestServer;
let browser: Browser;
let id: string;
let founder: Client;
const shot = screenshotter("proposal-item-details");

/** The first item of version 1 that came from the question bank: it has deliverables and criteria. */
const bankItem = () => {
  const s = JSON.parse(
    query<{ snapshot: string }>(
      server,
      "select snapshot from proposals where engagement_id = ? and number = 1",
      id,
    )[0]!.snapshot,
  ) as {
    items: Array<{
      id: string;
      title: string;
      taskId: string | null;
      deliverables: string[];
      acceptance: string[];
    }>;
  };
  return s.items.find((i) => i.taskId !== null)!;
};

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  const partner = await login(server, DEMO.partner.email);
  const generated = await partner.post(`/engagements/${id}/plan`, { intent: "generate" });
  if (generated.status !== 302) throw new Error(`plan generation failed: ${generated.status}`);
  const published = await partner.post(`/engagements/${id}/proposals`, { assumptions: "a", exclusions: "b" });
  if (published.status !== 302) throw new Error(`publish failed: ${published.status}`);
  founder = await login(server, DEMO.founder.email);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function proposalPage(javaScriptEnabled: boolean): Promise<Page> {
  const context = await newContext(browser, { javaScriptEnabled });
  await context.addCookies([
    { name: "finishline_session", value: founder.cookies.get("finishline_session")!, url: server.url },
  ]);
  const page = await context.newPage();
  await page.goto(`${server.url}/engagements/${id}/proposals/1`);
  await settled(page, { javaScript: javaScriptEnabled });
  return page;
}

describe("an item's details on the proposal page", () => {
  it("open in place with JavaScript, fetched when the fold opens", async () => {
    const item = bankItem();
    const page = await proposalPage(true);
    const errors = collectConsoleErrors(page);
    const row = page.locator(`#item-${item.id}`);
    // Not in the page until asked for.
    expect(await row.innerText()).not.toContain(item.acceptance[0]!);
    const requests: string[] = [];
    page.on("request", (r) => requests.push(new URL(r.url()).pathname));
    await row.getByText("What it covers and when it's done").click();
    await expect.poll(() => row.locator(".item-details").isVisible()).toBe(true);
    const details = await row.locator(".item-details").innerText();
    expect(details).toContain(item.deliverables[0]!);
    expect(details.indexOf(item.acceptance[0]!)).toBeGreaterThan(details.indexOf("Done when"));
    expect(details.indexOf("Done when")).toBeGreaterThan(details.indexOf(item.deliverables[0]!));
    // The page stayed; the details came as data, not as a new page.
    expect(new URL(page.url()).pathname).toBe(`/engagements/${id}/proposals/1`);
    expect(requests).toContain(`/engagements/${id}/proposals/1/items/${item.id}.data`);
    await shot(page, "fold-open");
    // Closing and opening again does not fetch twice.
    const before = requests.length;
    await row.locator("summary").click();
    await row.locator("summary").click();
    expect(await row.locator(".item-details").isVisible()).toBe(true);
    expect(requests.length).toBe(before);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it("lead to the item's own page without JavaScript, and back to its row", async () => {
    const item = bankItem();
    const page = await proposalPage(false);
    const row = page.locator(`#item-${item.id}`);
    await row.locator("summary").click();
    await row.getByRole("link", { name: "Read what this item covers" }).click();
    await page.waitForURL(new RegExp(`/proposals/1/items/${item.id}$`));
    expect(await page.getByRole("heading", { level: 2, name: item.title }).isVisible()).toBe(true);
    const body = await page.locator(".item-details").innerText();
    expect(body).toContain(item.deliverables[0]!);
    expect(body).toContain(item.acceptance[0]!);
    await shot(page, "item-page-no-js");
    await page.getByRole("link", { name: "← Back to proposal version 1" }).click();
    await page.waitForURL(new RegExp(`/proposals/1#item-${item.id}$`));
    await page.context().close();
  }, 60_000);
});
