// Deleting an engagement and an account in Chromium, with and without JavaScript: from Settings (or
// Account) to the page that asks for the name (or the password), a wrong one refused at the field,
// the right one back to the list without the engagement (or to the landing page, signed out).
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { Client, createEngagement, signup, startServer, type TestServer } from "../support/server";

import { collectConsoleErrors, launchBrowser, newContext, screenshotter } from "./browser";

let server: TestServer;
let browser: Browser;
let owner: Client;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  owner = new Client(server.url);
  await signup(owner, `e2e-delete-${Date.now()}@example.com`);
  await createEngagement(owner, "Keep me");
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("deleting an engagement in a real browser", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`asks for the name, then deletes it, ${javaScriptEnabled ? "with" : "without"} JavaScript`, async () => {
      const name = `Throwaway ${javaScriptEnabled ? "js" : "html"}`;
      const { id } = await createEngagement(owner, name);
      const context = await newContext(browser, {
        javaScriptEnabled,
        viewport: javaScriptEnabled ? { width: 1280, height: 900 } : { width: 390, height: 844 },
      });
      await context.addCookies([
        { name: "finishline_session", value: owner.cookies.get("finishline_session")!, url: server.url },
      ]);
      const page = await context.newPage();
      const errors = collectConsoleErrors(page);
      const shot = screenshotter(`delete-engagement-${javaScriptEnabled ? "js" : "no-js"}`);

      await page.goto(`${server.url}/engagements/${id}/settings`);
      await page.getByRole("link", { name: "Delete this project…" }).click();
      await page.waitForURL(`${server.url}/engagements/${id}/settings/delete`);
      // The settings page has an h3 of the same words, and with JavaScript the URL changes a moment
      // before React renders the new page: wait for what only the confirm page has.
      await expect
        .poll(() => page.getByRole("heading", { level: 2, name: "Delete this project", exact: true }).count())
        .toBe(1);
      await expect.poll(() => page.getByText("Nobody else has access to it.").count()).toBe(1);
      await shot(page, "confirm");

      const field = page.getByLabel(`Type “${name}” to confirm`);
      await field.fill(name.toLowerCase());
      await page.getByRole("button", { name: `Delete ${name} for everyone` }).click();
      await expect
        .poll(() => page.locator(".field__error").allInnerTexts())
        .toEqual([`That is not the name. Type “${name}” exactly as shown.`]);
      // What was typed stays, and the field says it is the one at fault.
      expect(await field.inputValue()).toBe(name.toLowerCase());
      expect(await field.getAttribute("aria-invalid")).toBe("true");
      await shot(page, "wrong-name");

      await field.fill(name);
      await page.getByRole("button", { name: `Delete ${name} for everyone` }).click();
      await page.waitForURL(`${server.url}/engagements?deleted=1`);
      await expect
        .poll(() => page.getByRole("status").innerText())
        .toBe("The project was deleted, with everything in it, for everyone who had access.");
      expect(await page.locator(".engagement-card__title").allInnerTexts()).toEqual(["Keep me"]);
      await shot(page, "deleted");
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});

describe("deleting an account in a real browser", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`asks for the password, then deletes it, ${javaScriptEnabled ? "with" : "without"} JavaScript`, async () => {
      const leaving = new Client(server.url);
      await signup(leaving, `e2e-leaving-${javaScriptEnabled}-${Date.now()}@example.com`);
      await createEngagement(leaving, "Solo project");
      const context = await newContext(browser, {
        javaScriptEnabled,
        viewport: javaScriptEnabled ? { width: 390, height: 844 } : { width: 1280, height: 900 },
      });
      await context.addCookies([
        { name: "finishline_session", value: leaving.cookies.get("finishline_session")!, url: server.url },
      ]);
      const page = await context.newPage();
      const errors = collectConsoleErrors(page);
      const shot = screenshotter(`delete-account-${javaScriptEnabled ? "js" : "no-js"}`);

      await page.goto(`${server.url}/account`);
      await page.getByRole("link", { name: "Delete my account…" }).click();
      await page.waitForURL(`${server.url}/account/delete`);
      await expect.poll(() => page.getByRole("link", { name: "Solo project" }).count()).toBe(1);
      await shot(page, "confirm");

      await page.getByLabel("Your password").fill("not my password");
      await page.getByRole("button", { name: "Delete my account" }).click();
      await expect
        .poll(() => page.locator(".field__error").allInnerTexts())
        .toEqual(["That is not your password."]);
      await shot(page, "wrong-password");

      await page.getByLabel("Your password").fill("correct horse battery");
      await page.getByRole("button", { name: "Delete my account" }).click();
      await page.waitForURL(`${server.url}/?account-deleted=1`);
      await expect
        .poll(() => page.getByRole("status").innerText())
        .toBe("Your account was deleted, with the projects you alone owned.");
      // Signed out: the landing page offers to log in, and the app sends back to the login page.
      expect(await page.getByRole("link", { name: "Log in" }).count()).toBeGreaterThan(0);
      await shot(page, "deleted");
      await page.goto(`${server.url}/engagements`);
      await page.waitForURL(/\/login\?redirectTo=/);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
