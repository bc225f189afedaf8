// The publish form's payment schedule in a real browser (decision 040): with JavaScript the milestone
// rows show only for milestones, their sum is kept live as percents are typed, and a schedule that
// sums to 100 is published and shown as a table on the proposal, with when each invoice is due.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login, query } from "../support/demo-server";
import { startServer, type Client, type TestServer } from "../support/server";

import { axeProblems } from "./axe";
import { collectConsoleErrors, launchBrowser, newContext, screenshotter, settled } from "./browser";

let server: TestServer;
let browser: Browser;
let id: string;
let partner: Client;
const shot = screenshotter("payment-schedule");

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

describe("the publish form's payment schedule", () => {
  it("shows the rows for milestones, sums them live, and publishes them", async () => {
    // bypassCSP: axe goes in as an inline script.
    const context = await newContext(browser, { bypassCSP: true });
    await context.addCookies([
      { name: "finishline_session", value: partner.cookies.get("finishline_session")!, url: server.url },
    ]);
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    await page.goto(`${server.url}/engagements/${id}/proposals`);
    await settled(page);

    const firstPercent = page.locator("#milestone-0-percent");
    const dueDays = page.getByLabel("Invoices due within (days)");
    await expect.poll(() => firstPercent.isVisible()).toBe(false);
    // With no schedule stated there is nothing for invoices to be due under.
    expect(await dueDays.count()).toBe(0);
    await page.getByLabel("Milestones", { exact: false }).first().check();
    await expect.poll(() => firstPercent.isVisible()).toBe(true);
    expect(await dueDays.isVisible()).toBe(true);
    await dueDays.fill("14");
    const sum = page.locator("#milestones-sum");
    // The starting rows sum to 100.
    expect(await sum.innerText()).toBe("Total: 100%.");

    await firstPercent.fill("20");
    await expect.poll(() => sum.innerText()).toBe("Total: 90%, 10% to go.");
    // What publishing freezes follows the rows as typed.
    expect(await page.locator(".frozen-figures").innerText()).toMatch(
      /Payment: Milestones: On signing 20%, Launch minimum delivered \d+%.* \(total 90%, 10% to go\) · Each invoice is due within 14 days\./,
    );
    await page.locator("#milestone-5-label").fill("Hand-over");
    await page.locator("#milestone-5-percent").fill("15");
    await expect.poll(() => sum.innerText()).toBe("Total: 105%, 5% over.");
    await shot(page, "publish-form-milestones-over");
    await page.locator("#milestone-5-percent").fill("10");
    await expect.poll(() => sum.innerText()).toBe("Total: 100%.");
    expect(await axeProblems(page, "publish form, milestones")).toEqual([]);

    await page.getByLabel("Fixed price", { exact: false }).first().check();
    await page.locator("#priceAmount").fill("24000");
    await page.getByRole("button", { name: "Publish proposal" }).click();
    await page.waitForURL(/\/proposals\/1$/);
    await settled(page);
    const table = page.getByRole("table", { name: "Payment schedule" });
    expect(await table.locator("tbody tr").last().innerText()).toMatch(/Hand-over\s+10%\s+€2,400/);
    expect(await page.locator("section[aria-labelledby='terms-heading']").innerText()).toContain(
      "Each invoice is due within 14 days.",
    );
    await table.scrollIntoViewIfNeeded();
    await shot(page, "proposal-payment-schedule");
    expect(await axeProblems(page, "proposal with a payment schedule")).toEqual([]);
    const stored = query<{ snapshot: string }>(
      server,
      "select snapshot from proposals where engagement_id = ? and number = 1",
      id,
    )[0]!;
    const payment = JSON.parse(stored.snapshot).payment;
    expect(payment.plan).toBe("milestones");
    expect(payment.milestones[0]).toEqual({ label: "On signing", percent: 20 });
    expect(payment.milestones.at(-1)).toEqual({ label: "Hand-over", percent: 10 });
    expect(payment.dueDays).toBe(14);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it("does not count rows that only left the page as unsaved changes", async () => {
    const context = await newContext(browser);
    await context.addCookies([
      { name: "finishline_session", value: partner.cookies.get("finishline_session")!, url: server.url },
    ]);
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${server.url}/engagements/${id}/proposals`);
    await settled(page);
    // The draft starts from version 1's milestones: choosing another plan and coming back is no change.
    await page.getByLabel("Not stated", { exact: false }).first().check();
    await expect.poll(() => page.locator("#milestone-0-percent").count()).toBe(0);
    await page.getByLabel("Milestones", { exact: false }).first().check();
    await page.getByRole("link", { name: "Plan", exact: true }).first().click();
    await page.waitForURL(/\/plan$/);
    expect(dialogs).toEqual([]);
    // A typed percent is a change: leaving asks.
    await page.goBack();
    // Going back is a popstate the router may not have taken up when goBack returns, and settled
    // would then see the plan page idle. Wait for the form itself, then for the router, so the
    // form's leave guard is in place before it is tried.
    await page.locator("#milestone-0-percent").waitFor();
    await settled(page);
    await page.locator("#milestone-0-percent").fill("25");
    await page.getByRole("link", { name: "Plan", exact: true }).first().click();
    await expect.poll(() => dialogs.length).toBe(1);
    await context.close();
  }, 60_000);
});
