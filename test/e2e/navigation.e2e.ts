// Engagement tabs, the assessment sidebar and plan rows are Remix links (<NavLink>/<Link>), and lists
// of forms (plan row controls, review controls) are Remix forms. They must navigate and submit in
// the page with JavaScript, as full loads or ordinary posts without it or with a modifier key, and
// mark the current page.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { navigationPath } from "../../bench/pages";
import { DEMO, demoEngagementId, login } from "../support/demo-server";
import { startServer, type TestServer } from "../support/server";

import { collectConsoleErrors, launchBrowser, newContext, settled } from "./browser";

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
    await settled(page);
    // A full page load would lose this.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    expect(await current(page, "nav.tabs")).toEqual(["Results"]);

    await page.locator("nav.tabs").getByRole("link", { name: "Plan" }).click();
    await page.waitForURL(`**/engagements/${id}/plan`);
    await page.locator(".plan-item").first().waitFor();
    expect(await current(page, "nav.tabs")).toEqual(["Plan"]);

    const firstItem = page.locator(".plan-item h3 a").first();
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

  // `npm run bench` measures a click inside the app as the one data request Remix makes for it
  // (bench/pages.ts, navigationPath). Chromium follows links here, and the requests it makes must be
  // exactly those: one `.data` request per click, no document, nothing else.
  it("ask the server for the new page's data once per click, as npm run bench measures a click", async () => {
    const page = await founderPage(true);
    const overview = `/engagements/${id}`;
    const requests: string[] = [];
    // Documents and data requests only: scripts are cached, and Chromium asks for the favicon on
    // its own schedule, sometimes after a click (which made this test fail under load).
    page.on("request", (r) => {
      if (!["document", "fetch", "xhr"].includes(r.resourceType())) return;
      requests.push(`${r.method()} ${r.url().slice(server.url.length)}`);
    });
    const follow = async (from: string, link: () => ReturnType<Page["locator"]>, to: string) => {
      await page.goto(`${server.url}${from}`);
      // Network silence, not just a settled router: this test counts every request, prefetches and
      // route manifests included, so none may still be on its way when counting starts or ends.
      await page.waitForLoadState("networkidle");
      requests.length = 0;
      await link().click();
      await page.waitForURL(`${server.url}${to}`);
      await page.waitForLoadState("networkidle");
      expect(requests, `${from} → ${to}`).toEqual([`GET ${navigationPath(to)}`]);
    };
    const tab = (name: string) => () => page.locator("nav.tabs").getByRole("link", { name, exact: true });
    await follow(overview, tab("Results"), `${overview}/results`);
    await follow(`${overview}/results`, tab("Plan"), `${overview}/plan`);
    await follow(overview, tab("Assessment"), `${overview}/assess`);
    await follow(overview, tab("Proposals"), `${overview}/proposals`);
    await follow(`${overview}/results`, tab("Overview"), overview);
    await follow(`${overview}/plan`, tab("Members"), `${overview}/members`);
    await follow(`${overview}/plan`, tab("Settings"), `${overview}/settings`);
    const item = page.locator(".plan-item h3 a").first();
    await page.goto(`${server.url}${overview}/plan`);
    const itemPath = (await item.getAttribute("href"))!;
    await follow(`${overview}/plan`, () => item, itemPath);
    await follow(
      `${overview}/assess`,
      () => page.locator(".assess-progress").getByRole("link", { name: /Payments/ }),
      `${overview}/assess/payments`,
    );
    await page.context().close();
  });

  it("leave modifier clicks to the browser", async () => {
    const page = await founderPage(true);
    await page.goto(`${server.url}/engagements/${id}/results`);
    await settled(page);
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

/** Presses the first answer's "Verify or correct"; returns that answer's row, its form open. */
async function openFirstReviewForm(page: Page) {
  const first = page
    .locator(".review-item")
    .filter({ has: page.getByRole("button", { name: "Verify or correct" }) })
    .first();
  // By its id: once its form is open the row no longer has the button the filter looked for.
  const id = (await first.getAttribute("id"))!;
  const item = page.locator(`[id="${id}"]`);
  await item.getByRole("button", { name: "Verify or correct" }).click();
  await page.waitForURL((url) => url.searchParams.get("review") === id.slice(2) && url.hash === `#${id}`);
  return item;
}

describe("forms in lists", () => {
  const marker = (page: Page) => page.evaluate(() => (window as unknown as { marker?: number }).marker);

  it("submit inside the page with JavaScript, with the clicked button's value", async () => {
    const page = await founderPage(true, DEMO.partner.email);
    const errors = collectConsoleErrors(page);
    await page.goto(`${server.url}/engagements/${id}/plan`);
    await settled(page);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));

    // Tick a row; the bulk form says how many are ticked, and its button carries the scope.
    const row = page.locator(".plan-item").first();
    const title = (await row.locator("h3 a").textContent())!;
    await row.getByRole("checkbox", { name: title }).check();
    const bulk = page.getByRole("group", { name: "Change many items at once" });
    await expect(bulk.getByLabel("Apply to").locator("option:checked").textContent()).resolves.toBe(
      "Ticked items (1)",
    );
    await bulk.getByLabel("Why, if out or later (optional, shown on the proposal)").fill("After launch");
    await bulk.getByRole("button", { name: "Defer" }).click();
    await page.getByText(`Deferred 1 item: “${title}”.`).waitFor();
    // The reason went with that change; the next one does not post it again unseen.
    await expect(
      bulk.getByLabel("Why, if out or later (optional, shown on the proposal)").inputValue(),
    ).resolves.toBe("");
    // The row by its title (other rows name it too, as a dependency).
    const moved = page
      .locator(".plan-item")
      .filter({ has: page.getByRole("heading", { name: title, exact: true }) });
    await expect(moved.locator(".badge").first().textContent()).resolves.toBe("Deferred");
    // Saved, the row is no longer ticked (its version moved on).
    expect(await moved.getByRole("checkbox").isChecked()).toBe(false);

    await page.goto(`${server.url}/engagements/${id}/assess/review`);
    await settled(page);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 8));
    const item = await openFirstReviewForm(page);
    await item.getByLabel("Note (what you checked)").fill("Checked in the Supabase dashboard");
    await item.getByRole("button", { name: "Mark verified" }).click();
    await item.locator(".badge", { hasText: "Verified by Jonas Brandt on" }).waitFor();
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
    const title = (await row.locator("h3 a").textContent())!;
    await row.getByRole("checkbox", { name: title }).check();
    await page
      .getByRole("group", { name: "Change many items at once" })
      .getByRole("button", { name: "Exclude" })
      .click();
    await page.waitForLoadState("load");
    await page.getByText(`Excluded 1 item: “${title}”.`).waitFor();
    await page
      .locator(".plan-item", { hasText: title })
      .locator(".badge", { hasText: "Out of scope" })
      .waitFor();

    // The review form opens for one answer by following its link, and saves as an ordinary post.
    await page.goto(`${server.url}/engagements/${id}/assess/review`);
    const item = await openFirstReviewForm(page);
    await item.getByLabel("Note (what you checked)").fill("Checked without JavaScript");
    await item.getByRole("button", { name: "Mark verified" }).click();
    await page.waitForLoadState("load");
    await item.locator(".badge", { hasText: "Verified by Jonas Brandt on" }).waitFor();
    expect(page.url()).not.toContain("review=");
    await page.context().close();
  });
});

// A GET form: with JavaScript Remix navigates in the page, keeps the scroll at the check and puts the
// quote in the address; without it the browser loads the same address and scrolls to #quote.
describe("checking a quote on the results page", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`places a quote and refuses a bad one ${javaScriptEnabled ? "with" : "without"} JavaScript`, async () => {
      const page = await founderPage(javaScriptEnabled);
      const errors = collectConsoleErrors(page);
      await page.goto(`${server.url}/engagements/${id}/results`);
      if (javaScriptEnabled) {
        await settled(page);
        await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
      }
      const check = page.getByRole("region", { name: "Check a quote" });
      const amount = check.getByLabel("A price you were quoted, in EUR");

      await amount.fill("1000000");
      await amount.press("Enter");
      await page.waitForURL(/\?quote=1000000#quote$/);
      await check.getByRole("status").getByText("More than twice the cautious cost of everything.").waitFor();
      // The check is on screen, not the top of the page.
      expect(await check.getByRole("status").isVisible()).toBe(true);
      expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(300);

      await amount.fill("12.50");
      await check.getByRole("button", { name: "Compare" }).click();
      await page.waitForURL(/\?quote=12.50#quote$/);
      await check.getByText("Use a whole amount, without cents.").waitFor();
      expect(await amount.getAttribute("aria-invalid")).toBe("true");
      expect(await check.getByRole("status").count()).toBe(0);

      if (javaScriptEnabled) {
        expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);
        // Back returns to the previous quote's verdict.
        await page.goBack();
        await check
          .getByRole("status")
          .getByText("More than twice the cautious cost of everything.")
          .waitFor();
      }
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});
