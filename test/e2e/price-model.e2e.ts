// The publish form's price in a real browser (decision 035): with JavaScript the amount field shows
// only for a fixed or capped price, the preview's price line follows what is typed, and an amount
// under the plan's likely cost is warned about as it is typed, without blocking the publish.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login, query } from "../support/demo-server";
import { startServer, type Client, type TestServer } from "../support/server";

import { collectConsoleErrors, launchBrowser, newContext, screenshotter, settled } from "./browser";

let server: TestServer;
let browser: Browser;
let id: string;
let partner: Client;
const shot = screenshotter("price-model");

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  partner = await login(server, DEMO.partner.email);
  const generated = await partner.post(`/engagements/${id}/plan`, { intent: "generate" });
  if (generated.status !== 302) throw new Error(`plan generation failed: ${generated.status}`);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the publish form's price", () => {
  it("shows the amount for a fixed price, warns below the likely cost as typed, and publishes it", async () => {
    const context = await newContext(browser);
    await context.addCookies([
      { name: "finishline_session", value: partner.cookies.get("finishline_session")!, url: server.url },
    ]);
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    await page.goto(`${server.url}/engagements/${id}/proposals`);
    await settled(page);

    const amount = page.locator("#priceAmount");
    await expect.poll(() => amount.isVisible()).toBe(false);
    await page.getByLabel("Fixed price", { exact: false }).first().check();
    await expect.poll(() => amount.isVisible()).toBe(true);

    const hint = await page.locator("#priceAmount-hint").innerText();
    const likely = Number(/likely cost is €([\d,]+)/.exec(hint)![1]!.replace(/,/g, ""));
    await amount.fill(String(likely - 2000));
    const warning = page.locator("#priceAmount-warning");
    await expect.poll(() => warning.isVisible()).toBe(true);
    expect(await warning.innerText()).toContain("is below the plan's likely cost");
    const money = `€${(likely - 2000).toLocaleString("en-US")}`;
    expect(await page.locator(".frozen-figures").innerText()).toContain(`Price: Fixed price ${money}`);
    await shot(page, "publish-form-fixed-below-likely");

    // At the likely cost or above, no warning.
    await amount.fill(String(likely + 5000));
    await expect.poll(() => warning.count()).toBe(0);
    await amount.fill(String(likely - 2000));

    await page.getByRole("button", { name: "Publish proposal" }).click();
    await page.waitForURL(/\/proposals\/1$/);
    await settled(page);
    expect(await page.locator(".price-headline").innerText()).toContain(`Fixed price ${money}`);
    await shot(page, "proposal-fixed-price");
    const stored = query<{ snapshot: string }>(
      server,
      "select snapshot from proposals where engagement_id = ? and number = 1",
      id,
    )[0]!;
    expect(JSON.parse(stored.snapshot).price).toEqual({ model: "fixed", amount: likely - 2000 });
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
