// A publish form opened before the scope changed, posted without JavaScript (QA 6, finding 2; decision
// 053): refused, the page says what changed, the fixed price typed is still there, and publishing
// again from the page that came back goes through.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login, query } from "../support/demo-server";
import { startServer, type Client, type TestServer } from "../support/server";

import { launchBrowser, newContext, settled } from "./browser";

let server: TestServer;
let browser: Browser;
let id: string;
let partner: Client;

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

const versions = () =>
  query<{ number: number }>(server, "select number from proposals where engagement_id = ?", id).length;

describe("publishing from a form opened before the plan changed, without JavaScript", () => {
  it("is refused with what changed, keeps the price typed, and publishes from the fresh page", async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    await context.addCookies([
      { name: "finishline_session", value: partner.cookies.get("finishline_session")!, url: server.url },
    ]);
    const page = await context.newPage();
    await page.goto(`${server.url}/engagements/${id}/proposals`);
    await settled(page, { javaScript: false });
    await page.locator('input[name="priceModel"][value="fixed"]').check();
    await page.locator("#priceAmount").fill("30000");

    // Meanwhile, in another tab: the last item in scope is taken out.
    const [item] = query<{ id: string; version: number }>(
      server,
      "select id, version from plan_items where engagement_id = ? and scope = 'included' order by position desc limit 1",
      id,
    );
    const excluded = await partner.post(`/engagements/${id}/plan/${item!.id}`, {
      intent: "scope",
      itemId: item!.id,
      version: String(item!.version),
      scope: "excluded",
      scopeReason: "",
    });
    expect(excluded.status).toBe(302);

    await page.getByRole("button", { name: "Publish proposal" }).click();
    await settled(page, { javaScript: false });
    await expect
      .poll(() => page.locator("body").innerText())
      .toMatch(/The plan changed since you opened this form \(now \d+ items, .+, was \d+ items, .+\)\./);
    expect(await page.locator("#priceAmount").inputValue()).toBe("30000");
    expect(await page.locator('input[name="priceModel"][value="fixed"]').isChecked()).toBe(true);
    expect(versions()).toBe(0);

    await page.getByRole("button", { name: "Publish proposal" }).click();
    await page.waitForURL(`**/engagements/${id}/proposals/1`);
    expect(versions()).toBe(1);
    await context.close();
  });
});
