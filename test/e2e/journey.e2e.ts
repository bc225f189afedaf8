import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startServer, type TestServer } from "../support/server";

import { collectConsoleErrors, launchBrowser, newContext, screenshotter } from "./browser";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "false" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("foundation journey in a real browser", () => {
  it("signs up, creates an engagement, logs out and back in", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    const shot = screenshotter("journey");
    const email = `e2e-${Date.now()}@example.com`;

    await page.goto(server.url);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("real users");
    await shot(page, "landing");

    await page
      .getByRole("link", { name: /sign up/i })
      .first()
      .click();
    await page.waitForURL("**/signup");
    // Client-side validation is off (noValidate): the server's messages show.
    await page.getByLabel("Email").fill("nope");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    // Beside the field, and listed at the form's top as a link to it.
    await page.locator(".field__error", { hasText: "Enter a valid email address" }).waitFor();
    await page.getByRole("link", { name: /^Email: Enter a valid email address/ }).waitFor();
    await shot(page, "signup-errors");
    expect(await page.getByLabel("Email").getAttribute("autocomplete")).toBe("email");
    expect(await page.getByLabel("Password").getAttribute("autocomplete")).toBe("new-password");

    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL("**/engagements");
    await page.getByText("Create your first project").waitFor();
    await shot(page, "engagements-empty");

    await page.getByRole("link", { name: "New project" }).click();
    await page.waitForURL("**/engagements/new");
    await page.getByLabel("Product name").fill("Roastery Checkout");
    await page
      .getByLabel("What does it do? (optional)")
      .fill("Coffee subscriptions; checkout breaks under load.");
    await shot(page, "new-engagement");
    await page.getByRole("button", { name: "Create project" }).click();
    // Straight into the intake, where what it is built with and how far along it is are asked.
    await page.waitForURL(/\/engagements\/[A-Za-z0-9_-]+\/assess$/);
    await page.getByRole("heading", { name: "Roastery Checkout" }).waitFor();
    await page.getByRole("radio", { name: "Bolt.new" }).check();
    await page.getByRole("radio", { name: "A small group of invited testers use it" }).check();
    await page.getByRole("button", { name: "Save and finish later" }).click();
    await page.waitForURL(/\/engagements\/[A-Za-z0-9_-]+\?saved=1$/);
    await page.getByText("Built with Bolt.new").waitFor();
    await page.getByText("Beta with real testers").waitFor();
    await shot(page, "engagement");

    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL(server.url + "/");
    await page.getByRole("link", { name: "Log in" }).first().click();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("correct horse battery");
    expect(await page.getByLabel("Email").getAttribute("autocomplete")).toBe("username");
    expect(await page.getByLabel("Password").getAttribute("autocomplete")).toBe("current-password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL("**/engagements");
    await page.getByRole("link", { name: "Roastery Checkout" }).waitFor();
    await shot(page, "engagements-list");

    expect(errors).toEqual([]);
    await context.close();
  });
});
