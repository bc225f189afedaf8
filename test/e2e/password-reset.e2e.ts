// A forgotten password in Chromium, with and without JavaScript: from the login page to the email
// (read from the server's output, as without SMTP_URL), the new password, and logging in with it.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { Client, signup, startServer, type TestServer } from "../support/server";

import { collectConsoleErrors, launchBrowser, newContext, screenshotter } from "./browser";

let server: TestServer;
let browser: Browser;

const links = () =>
  [...server.output().matchAll(/\/reset-password\/([A-Za-z0-9_-]{22})\b/g)].map((m) => m[1]!);

beforeAll(async () => {
  server = await startServer({ SIGNUP_RATE_LIMIT: "1000" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("resetting a forgotten password in a real browser", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`emails a link and sets the new password, ${javaScriptEnabled ? "with" : "without"} JavaScript`, async () => {
      const email = `e2e-forgot-${javaScriptEnabled}-${Date.now()}@example.com`;
      await signup(new Client(server.url), email, "the old passphrase");
      const context = await newContext(browser, {
        javaScriptEnabled,
        viewport: javaScriptEnabled ? { width: 1280, height: 900 } : { width: 390, height: 844 },
      });
      const page = await context.newPage();
      const errors = collectConsoleErrors(page);
      const shot = screenshotter(`password-reset-${javaScriptEnabled ? "js" : "no-js"}`);

      await page.goto(`${server.url}/login`);
      await page.getByRole("link", { name: "Forgot your password?" }).click();
      await page.waitForURL(`${server.url}/forgot-password`);
      const sent = links().length;
      await page.getByLabel("Email").fill(email);
      await page.getByRole("button", { name: "Send the link" }).click();
      await expect.poll(() => page.getByRole("heading", { name: "Check your email" }).count()).toBe(1);
      expect(await page.getByRole("status").innerText()).toContain("It works once, for 60 minutes.");
      await shot(page, "check-email");
      await expect.poll(() => links().length).toBe(sent + 1);

      await page.goto(`${server.url}/reset-password/${links()[sent]}`);
      await page.getByLabel("New password").fill("short");
      await page.getByRole("button", { name: "Save the new password" }).click();
      await expect
        .poll(() => page.locator(".field__error").allInnerTexts())
        .toEqual(["Use at least 8 characters."]);
      await shot(page, "too-short");
      await page.getByLabel("New password").fill("the new passphrase");
      await page.getByRole("button", { name: "Save the new password" }).click();
      await page.waitForURL(`${server.url}/login?reset=1`);
      await expect
        .poll(() => page.getByRole("status").innerText())
        .toBe("Your password was changed, and every other session ended. Log in with the new one.");
      await shot(page, "changed");

      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill("the new passphrase");
      await page.getByRole("button", { name: "Log in" }).click();
      await page.waitForURL(`${server.url}/engagements`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
