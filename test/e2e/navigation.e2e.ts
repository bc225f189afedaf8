// Engagement tabs, the assessment sidebar and plan rows are Remix links (<NavLink>/<Link>), and lists
// of forms (plan row controls, review controls) are Remix forms. They must navigate and submit in
// the page with JavaScript, as full loads or ordinary posts without it or with a modifier key, and
// mark the current page.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login } from "../support/demo-server";
import { startServer, type TestServer } from "../support/server";

import { collectConsoleErrors, launchBrowser, newContext } from "./browser";

let server: TestServer;
let browser: Browser;
let id: string;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  // The partner makes the plan (set up over HTTP: not what is under test).
  const partner = await login(server, DEMO.partner.email);
  const generated = await partner.post(`/engagements/${id}/plan`, { intent: "generate" });
  if (generated.status !== 302) throw new Error(`plan generation failed: ${generated.status}`);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function founderPage(javaScriptEnabled: boolean, email: string = DEMO.founder.email): Promise<Page> {
  const client = await login(server, email);
  const context = await newContext(browser, { javaScriptEnabled });
  await context.addCookies([
    { name: "finishline_session", value: client.cookies.get("finishline_session")!, url: server.url },
  ]);
  return context.newPage();
}

const current = (page: Page, scope: string) =>
  page.locator(`${scope} a[aria-current="page"]`).evaluateAll((els) => els.map((e) => e.textContent?.trim()));

describe("navigation links", () => {
  it("navigate inside the page with JavaScript, by mouse and by keyboard, and mark where you are", async () => {
    const page = await founderPage(true);
    const errors = collectConsoleErrors(page);
    await page.goto(`${server.url}/engagements/${id}/results`);
    await page.waitForLoadState("networkidle");
    // A full page load would lose this.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    expect(await current(page, "nav.tabs")).toEqual(["Results"]);

    await page.locator("nav.tabs").getByRole("link", { name: "Plan" }).click();
    await page.waitForURL(`**/engagements/${id}/plan`);
    await page.locator(".plan-item").first().waitFor();
    expect(await current(page, "nav.tabs")).toEqual(["Plan"]);

    const firstItem = page.locator(".plan-item__title a").first();
    const title = (await firstItem.textContent())!;
    await firstItem.click();
    await page.waitForURL(`**/engagements/${id}/plan/*`);
    await page.getByRole("heading", { name: title }).waitFor();

    await page.locator("nav.tabs").getByRole("link", { name: "Assessment" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/engagements/${id}/assess`);
    await page
      .locator(".assess-progress")
      .getByRole("link", { name: /Payments/ })
      .click();
    await page.waitForURL(`**/engagements/${id}/assess/payments`);
    await page.getByRole("heading", { level: 2, name: "Payments" }).waitFor();
    expect(await current(page, ".assess-progress")).toEqual([expect.stringContaining("Payments")]);
    // Inside the assessment, the Assessment tab stays current.
    expect(await current(page, "nav.tabs")).toEqual(["Assessment"]);

    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("leave modifier clicks to the browser", async () => {
    const page = await founderPage(true);
    await page.goto(`${server.url}/engagements/${id}/results`);
    await page.waitForLoadState("networkidle");
    const [opened] = await Promise.all([
      page.context().waitForEvent("page"),
      page
        .locator("nav.tabs")
        .getByRole("link", { name: "Plan" })
        .click({ modifiers: ["Control"] }),
    ]);
    await opened.waitForLoadState();
    expect(opened.url()).toBe(`${server.url}/engagements/${id}/plan`);
    expect(page.url()).toBe(`${server.url}/engagements/${id}/results`);
    await page.context().close();
  });

  it("are ordinary links without JavaScript", async () => {
    const page = await founderPage(false);
    await page.goto(`${server.url}/engagements/${id}/results`);
    await page.locator("nav.tabs").getByRole("link", { name: "Plan" }).click();
    await page.waitForURL(`**/engagements/${id}/plan`);
    expect(await current(page, "nav.tabs")).toEqual(["Plan"]);
    await page.context().close();
  });
});

describe("forms in lists", () => {
  const marker = (page: Page) => page.evaluate(() => (window as unknown as { marker?: number }).marker);

  it("submit inside the page with JavaScript, with the clicked button's value", async () => {
    const page = await founderPage(true, DEMO.partner.email);
    const errors = collectConsoleErrors(page);
    await page.goto(`${server.url}/engagements/${id}/plan`);
    await page.waitForLoadState("networkidle");
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));

    const row = page.locator(".plan-item").first();
    const title = (await row.locator(".plan-item__title a").textContent())!;
    await row.getByRole("button", { name: "Defer" }).click();
    const moved = page.locator(".plan-item", { hasText: title });
    await moved.getByRole("button", { name: "Defer", pressed: true }).waitFor();
    await expect(moved.locator(".badge").first().textContent()).resolves.toBe("Deferred");

    await page.goto(`${server.url}/engagements/${id}/assess/review`);
    await page.waitForLoadState("networkidle");
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 8));
    const item = page
      .locator(".review-item")
      .filter({ has: page.locator(".review-controls") })
      .first();
    await item.locator("summary", { hasText: "Verify or correct" }).click();
    await item.getByLabel("Note (what you checked)").fill("Checked in the Supabase dashboard");
    await item.getByRole("button", { name: "Mark verified" }).click();
    await item.locator(".badge", { hasText: "Verified by partner" }).waitFor();
    await expect(item.locator(".review-item__note").first().textContent()).resolves.toContain(
      "Checked in the Supabase dashboard",
    );

    // No full page load happened along the way.
    expect(await marker(page)).toBe(8);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("are ordinary forms without JavaScript", async () => {
    const page = await founderPage(false, DEMO.partner.email);
    await page.goto(`${server.url}/engagements/${id}/plan`);
    const row = page.locator(".plan-item").nth(1);
    const title = (await row.locator(".plan-item__title a").textContent())!;
    await row.getByRole("button", { name: "Exclude" }).click();
    await page.waitForLoadState("load");
    await page
      .locator(".plan-item", { hasText: title })
      .getByRole("button", { name: "Exclude", pressed: true })
      .waitFor();
    await page.context().close();
  });
});
