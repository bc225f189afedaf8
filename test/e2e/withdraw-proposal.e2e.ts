// Withdrawing a proposal version in a real browser (decision 039): the link at the top of the page
// opens the form with its reason focused, with JavaScript or without; the partner, without JavaScript,
// opens the "Withdraw this version" disclosure, gives a reason and withdraws; the founder, with
// JavaScript, then sees the version marked Withdrawn, with who and why, and no sign-off form.
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
let founder: Client;
const shot = screenshotter("withdraw-proposal");

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  partner = await login(server, DEMO.partner.email);
  founder = await login(server, DEMO.founder.email);
  const generated = await partner.post(`/engagements/${id}/plan`, { intent: "generate" });
  if (generated.status !== 302) throw new Error(`plan generation failed: ${generated.status}`);
  const published = await partner.post(`/engagements/${id}/proposals`, {
    assumptions: "a",
    exclusions: "b",
    number: "1",
  });
  if (published.status !== 302) throw new Error(`publish failed: ${published.status}`);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const signedIn = async (client: Client, javaScriptEnabled: boolean) => {
  // Bypassing the CSP lets axe go in as a script; the app's own pages are what is checked.
  const context = await newContext(browser, { javaScriptEnabled, bypassCSP: true });
  await context.addCookies([
    { name: "finishline_session", value: client.cookies.get("finishline_session")!, url: server.url },
  ]);
  return context;
};

describe("withdrawing a version", () => {
  it("opens the form with its reason focused from the link at the top, with and without JavaScript", async () => {
    for (const javaScript of [true, false]) {
      const context = await signedIn(partner, javaScript);
      const page = await context.newPage();
      const errors = javaScript ? collectConsoleErrors(page) : [];
      await page.goto(`${server.url}/engagements/${id}/proposals/1`);
      await settled(page, { javaScript });
      const button = page.getByRole("button", { name: "Withdraw version 1" });
      const link = page
        .getByRole("navigation", { name: "This proposal" })
        .getByRole("link", { name: "Withdraw this version" });
      const focused = () => page.evaluate(() => document.activeElement?.id ?? "");
      const inView = () =>
        page.locator("#withdraw-reason").evaluate((el) => {
          const box = el.getBoundingClientRect();
          return box.top >= 0 && box.bottom <= window.innerHeight;
        });
      expect(await button.isVisible()).toBe(false);

      // QA 3, finding 9: the link used to scroll to the disclosure and leave it closed.
      await link.click();
      await page.waitForURL(/\/proposals\/1\?withdraw$/);
      await settled(page, { javaScript });
      expect(await button.isVisible()).toBe(true);
      await expect.poll(focused).toBe("withdraw-reason");
      expect(await inView()).toBe(true);
      await shot(page, javaScript ? "link-opens-form" : "link-opens-form-no-js");

      if (javaScript) {
        // Closed again by hand, the same link opens it again.
        await page.locator("summary", { hasText: "Withdraw this version" }).click();
        expect(await button.isVisible()).toBe(false);
        await link.click();
        await settled(page);
        expect(await button.isVisible()).toBe(true);
        await expect.poll(focused).toBe("withdraw-reason");
        expect(errors).toEqual([]);
      }
      await context.close();
    }
  }, 60_000);

  it("works without JavaScript for the partner, and the founder then has nothing to sign", async () => {
    const partnerContext = await signedIn(partner, false);
    const page = await partnerContext.newPage();
    await page.goto(`${server.url}/engagements/${id}/proposals/1`);
    await settled(page, { javaScript: false });

    // Closed until asked for: the button is not on show, so a stray click cannot withdraw.
    const button = page.getByRole("button", { name: "Withdraw version 1" });
    expect(await button.isVisible()).toBe(false);
    await page.locator("summary", { hasText: "Withdraw this version" }).click();
    expect(await button.isVisible()).toBe(true);
    await page.getByLabel("Reason (optional)").fill("Published at the wrong rate");
    await shot(page, "partner-confirm-open");
    await button.click();
    await page.waitForURL(/\/proposals\/1(#withdraw)?$/);
    await settled(page, { javaScript: false });
    expect(await page.locator(".page-head .badge").first().innerText()).toBe("Withdrawn");
    expect(await page.locator("#withdraw").count()).toBe(0);
    const stored = query<{ withdraw_reason: string | null }>(
      server,
      "select withdraw_reason from proposals where engagement_id = ? and number = 1",
      id,
    )[0]!;
    expect(stored.withdraw_reason).toBe("Published at the wrong rate");
    await partnerContext.close();

    const founderContext = await signedIn(founder, true);
    const view = await founderContext.newPage();
    const errors = collectConsoleErrors(view);
    await view.goto(`${server.url}/engagements/${id}/proposals/1`);
    await settled(view);
    expect(await view.locator(".page-head .badge").first().innerText()).toBe("Withdrawn");
    expect(await view.locator(".page-head .alert").innerText()).toMatch(
      new RegExp(
        `^Withdrawn by ${DEMO.partner.name} on .+: Published at the wrong rate\\. It can no longer be accepted; your partner can publish a new version\\.$`,
      ),
    );
    expect(await view.locator("#signoff form").count()).toBe(0);
    expect(await view.getByRole("button", { name: /Accept version/ }).count()).toBe(0);
    expect(await view.locator("#signoff").innerText()).toContain("This version can no longer be accepted");
    await shot(view, "founder-sees-withdrawn");
    expect(await axeProblems(view, "withdrawn version")).toEqual([]);

    await view.goto(`${server.url}/engagements/${id}/proposals`);
    await settled(view);
    expect(await view.locator(".version-list li").first().innerText()).toContain("Withdrawn");
    expect(errors).toEqual([]);
    await founderContext.close();
  }, 90_000);
});
