// Two-step login in Chromium, with and without JavaScript: set it up from the account page with the
// key the page shows (what an authenticator app reads from the QR code), keep the recovery codes,
// log out, and log in again with the password and then a code.
import { Secret, TOTP } from "otpauth";
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

describe("two-step login in a real browser", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`is set up from the account page and asked for at login, ${javaScriptEnabled ? "with" : "without"} JavaScript`, async () => {
      const email = `e2e-two-step-${javaScriptEnabled}-${Date.now()}@example.com`;
      await signup(new Client(server.url), email, PASSWORD);
      const context = await newContext(browser, {
        javaScriptEnabled,
        viewport: javaScriptEnabled ? { width: 1280, height: 900 } : { width: 390, height: 844 },
      });
      const page = await context.newPage();
      const errors = collectConsoleErrors(page);
      const shot = screenshotter(`two-step-${javaScriptEnabled ? "js" : "no-js"}`);

      const logIn = async () => {
        await page.goto(`${server.url}/login`);
        await page.getByLabel("Email").fill(email);
        await page.getByLabel("Password").fill(PASSWORD);
        await page.getByRole("button", { name: "Log in" }).click();
      };
      await logIn();
      await page.waitForURL(`${server.url}/engagements`);

      await page.goto(`${server.url}/account`);
      await page.getByRole("link", { name: "Set up two-step login" }).click();
      await page.waitForURL(`${server.url}/account/two-step`);
      await page.getByRole("button", { name: "Set up two-step login" }).click();
      await expect.poll(() => page.getByRole("heading", { name: "Set up your app" }).count()).toBe(1);
      const qr = page.getByRole("img", { name: "QR code for your authenticator app" });
      // The QR code is drawn: an SVG image with its size.
      expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      const key = (await page.locator(".two-step-key").innerText()).replace(/\s/g, "");
      const app = new TOTP({ secret: Secret.fromBase32(key) });
      await shot(page, "setup");

      await page.getByLabel("Code from the app").fill("000000");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Turn on two-step login" }).click();
      await expect
        .poll(() => page.locator(".field__error").allInnerTexts())
        .toEqual([
          "That code does not match. Check that the app shows Finishline, and enter its current code.",
        ]);
      await page.getByLabel("Code from the app").fill(app.generate());
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Turn on two-step login" }).click();
      await expect.poll(() => page.getByRole("heading", { name: "Your recovery codes" }).count()).toBe(1);
      const codes = await page
        .getByRole("list", { name: "Recovery codes" })
        .getByRole("listitem")
        .allInnerTexts();
      expect(codes).toHaveLength(10);
      for (const code of codes) expect(code).toMatch(/^[2-9a-z]{5}-[2-9a-z]{5}$/);
      await shot(page, "recovery-codes");
      await page.getByRole("link", { name: "I have saved them" }).click();
      await page.waitForURL(`${server.url}/account`);
      await expect
        .poll(() => page.getByRole("heading", { name: /Two-step login/ }).innerText())
        .toContain("On");

      await page.getByRole("button", { name: "Log out" }).click();
      await page.waitForURL((url) => !url.pathname.startsWith("/account"));
      await logIn();
      await page.waitForURL(`${server.url}/login/code`);
      await shot(page, "code");
      // The code of the step used to turn it on was spent; the app's next one works.
      await page.getByLabel("Code", { exact: true }).fill(app.generate({ timestamp: Date.now() + 30_000 }));
      await page.getByRole("button", { name: "Log in" }).click();
      await page.waitForURL(`${server.url}/engagements`);

      // The recovery codes work too, once each.
      await page.getByRole("button", { name: "Log out" }).click();
      await page.waitForURL((url) => !url.pathname.startsWith("/engagements"));
      await logIn();
      await page.waitForURL(`${server.url}/login/code`);
      await page.getByLabel("Code", { exact: true }).fill(codes[3]!);
      await page.getByRole("button", { name: "Log in" }).click();
      await page.waitForURL(`${server.url}/engagements`);

      // "Don't ask for a code on this browser": the next login takes the password alone, until the
      // owner makes every browser ask again (decision 025).
      await page.getByRole("button", { name: "Log out" }).click();
      await page.waitForURL((url) => !url.pathname.startsWith("/engagements"));
      await logIn();
      await page.waitForURL(`${server.url}/login/code`);
      await page.getByLabel("Code", { exact: true }).fill(codes[4]!);
      // Named by its line alone (the hint describes it), so a screen reader says each once.
      await page
        .getByRole("checkbox", { name: "Don't ask for a code on this browser for 30 days", exact: true })
        .check();
      await shot(page, "code-remember");
      await page.getByRole("button", { name: "Log in" }).click();
      await page.waitForURL(`${server.url}/engagements`);
      await page.getByRole("button", { name: "Log out" }).click();
      await page.waitForURL((url) => !url.pathname.startsWith("/engagements"));
      await logIn();
      await page.waitForURL(`${server.url}/engagements`);

      await page.goto(`${server.url}/account/two-step`);
      const remembered = page.getByRole("region", { name: "Remembered browsers" });
      expect(await remembered.innerText()).toContain(
        "One browser logs in with your password alone, for 30 days from the code given there (this one).",
      );
      await shot(page, "remembered");
      await remembered.getByRole("button", { name: "Ask for the code on every browser" }).click();
      await expect
        .poll(() => remembered.getByRole("status").allInnerTexts())
        .toEqual(["One browser will ask for the code again at the next login."]);
      await expect.poll(() => remembered.innerText()).toContain("Every login asks for a code.");
      await page.getByRole("button", { name: "Log out" }).click();
      await page.waitForURL((url) => !url.pathname.startsWith("/account"));
      await logIn();
      await page.waitForURL(`${server.url}/login/code`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
