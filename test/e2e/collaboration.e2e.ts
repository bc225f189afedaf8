// The collaboration journey in real browsers: the founder invites a partner, the partner shapes the
// plan and publishes v1, the founder comments and accepts, and both see the same plan.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO } from "../../db/seed.server";
import { startServer, type TestServer } from "../support/server";

import { collectConsoleErrors, launchBrowser, newContext, screenshotter } from "./browser";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function logIn(page: Page, email: string, password: string) {
  await page.goto(`${server.url}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL("**/engagements");
}

describe("founder and partner agree a plan", () => {
  it("invite → shape the plan → publish v1 → comment → accept", async () => {
    const shot = screenshotter("collaboration");
    const founder = await (await newContext(browser)).newPage();
    const founderErrors = collectConsoleErrors(founder);
    await logIn(founder, DEMO.founder.email, DEMO.password);
    await founder.getByRole("link", { name: "CartPilot" }).click();
    await founder.waitForURL(/\/engagements\/[^/]+$/);
    const base = founder.url();
    await shot(founder, "founder-overview");

    // The founder invites a new partner by link.
    await founder.getByRole("link", { name: "Members" }).click();
    await founder.getByRole("radio", { name: /Engineering partner/ }).check();
    await founder.getByRole("button", { name: "Create invite link" }).click();
    const link = await founder.getByRole("textbox", { name: "Invite link" }).inputValue();
    await shot(founder, "founder-invite-link");

    const partnerContext = await newContext(browser);
    const partner = await partnerContext.newPage();
    const partnerErrors = collectConsoleErrors(partner);
    await partner.goto(link);
    await partner.getByRole("link", { name: "Create an account" }).click();
    await partner.getByLabel("Your name (optional)").fill("Renée Müller-Šťastná");
    await partner.getByLabel("Email").fill(`partner-${Date.now()}@example.com`);
    await partner.getByLabel("Password").fill("correct horse battery");
    await partner.getByRole("button", { name: "Create account" }).click();
    await partner.waitForURL(/\/invite\//);
    await partner.getByRole("button", { name: /^Join/ }).click();
    await partner.waitForURL(base);
    await shot(partner, "partner-joined");

    // The partner creates the plan, defers one item and publishes v1.
    await partner.goto(`${base}/plan`);
    await partner.getByRole("button", { name: "Create the plan from the assessment" }).click();
    await partner.getByText("In scope:").first().waitFor();
    const firstItem = partner.locator(".plan-item").first();
    const deferredTitle = (await firstItem.locator("h3").textContent())!.trim();
    await firstItem.getByRole("checkbox", { name: deferredTitle }).check();
    await partner
      .getByRole("group", { name: "Change many items at once" })
      .getByRole("button", { name: "Defer" })
      .click();
    await partner.getByText(`Deferred 1 item: “${deferredTitle}”.`).waitFor();
    await partner.locator(".plan-item").first().locator(".badge", { hasText: "Deferred" }).waitFor();
    await shot(partner, "partner-plan");
    await partner.goto(`${base}/proposals`);
    await partner.getByRole("button", { name: "Publish proposal" }).click();
    await partner.waitForURL(`${base}/proposals/1`);
    await partner.getByRole("heading", { name: /Proposal version 1/ }).waitFor();
    await shot(partner, "partner-published-v1");

    // The founder comments on an item, then accepts v1.
    await founder.goto(`${base}/plan`);
    const founderPlanTotals = await founder.locator("#plan-totals-heading").textContent();
    await founder.locator(".plan-item h3 a").nth(1).click();
    await founder.getByLabel("Add a comment").fill("Can this wait until after the launch?");
    await founder.getByRole("button", { name: "Post comment" }).click();
    await founder.getByText("Can this wait until after the launch?").waitFor();
    await shot(founder, "founder-commented");
    await founder.goto(`${base}/proposals/1`);
    await founder.getByRole("button", { name: "Accept version 1" }).click();
    // Without the confirmation box ticked the server says what is missing.
    await founder.getByText("Tick the box to confirm").waitFor();
    await founder.getByRole("checkbox", { name: /I accept version 1/ }).check();
    await founder.getByRole("button", { name: "Accept version 1" }).click();
    await founder.getByText(/Accepted by/).waitFor();
    await shot(founder, "founder-accepted");

    // Both see the same plan and the same accepted proposal.
    await partner.goto(`${base}/plan`);
    expect(await partner.locator("#plan-totals-heading").textContent()).toBe(founderPlanTotals);
    const partnerTitles = await partner.locator(".plan-item h3").allTextContents();
    await founder.goto(`${base}/plan`);
    expect(await founder.locator(".plan-item h3").allTextContents()).toEqual(partnerTitles);
    expect(partnerTitles).toContain(deferredTitle);
    await partner.goto(`${base}/proposals/1`);
    await partner.getByText(/Accepted by Maya Okafor/).waitFor();
    await shot(partner, "partner-sees-acceptance");

    expect(founderErrors).toEqual([]);
    expect(partnerErrors).toEqual([]);
  });
});
