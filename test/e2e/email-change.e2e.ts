// Changing one's email in Chromium, with and without JavaScript: ask on the account page, open the
// link sent to the new address (read from the server's output, as without SMTP_URL), confirm.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { Client, signup, startServer, type TestServer } from "../support/server";

import { collectConsoleErrors, launchBrowser, newContext, screenshotter } from "./browser";

let server: TestServer;
let browser: Browser;
const PASSWORD = "correct horse battery";

beforeAll(async () => {
  server = await startServer({ SIGNUP_RATE_LIMIT: "1000" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("changing one's email in a real browser", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`takes effect through the link sent to the new address, ${javaScriptEnabled ? "with" : "without"} JavaScript`, async () => {
      const email = `e2e-email-${javaScriptEnabled}-${Date.now()}@example.com`;
      const next = `e2e-email-new-${javaScriptEnabled}-${Date.now()}@example.com`;
      await signup(new Client(server.url), email, PASSWORD);
      const context = await newContext(browser, {
        javaScriptEnabled,
        viewport: javaScriptEnabled ? { width: 1280, height: 900 } : { width: 390, height: 844 },
      });
      const page = await context.newPage();
      const errors = collectConsoleErrors(page);
      const shot = screenshotter(`email-change-${javaScriptEnabled ? "js" : "no-js"}`);

      await page.goto(`${server.url}/login`);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Log in" }).click();
      await page.waitForURL(`${server.url}/engagements`);
      await page.goto(`${server.url}/account`);

      const section = page.getByRole("region", { name: "Email address" });
      await section.getByLabel("New email").fill(next);
      await section.getByLabel("Password").fill("not my password");
      await section.getByRole("button", { name: "Send the link" }).click();
      await expect
        .poll(() => section.locator(".field__error").allInnerTexts())
        .toEqual(["That is not your password."]);
      await section.getByLabel("New email").fill(next);
      await section.getByLabel("Password").fill(PASSWORD);
      await section.getByRole("button", { name: "Send the link" }).click();
      await expect
        .poll(() => page.getByRole("status").allInnerTexts())
        .toEqual([
          `We sent a link to ${next}. Your email changes when you open it, within 60 minutes; until then you log in with ${email}.`,
        ]);
      // The form did its job: it starts empty again, the password not left in it.
      expect(await section.getByLabel("New email").inputValue()).toBe("");
      expect(await section.getByLabel("Password").inputValue()).toBe("");
      await shot(page, "asked");

      const link = () =>
        new RegExp(`To: ${next}[\\s\\S]*?(/account/email/[A-Za-z0-9_-]{22})`).exec(server.output())?.[1];
      await expect.poll(link).toBeDefined();
      await page.goto(server.url + link()!);
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Confirm your new email");
      await shot(page, "confirm");
      await page.getByRole("button", { name: "Use this email" }).click();
      await page.waitForURL(`${server.url}/account?email=changed`);
      await expect
        .poll(() => page.getByRole("status").innerText())
        .toBe(`Your email is now ${next}. Log in with it from now on.`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
