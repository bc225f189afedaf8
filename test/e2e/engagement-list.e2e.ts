// The engagements list of someone with many: pages and search in Chromium, with and without
// JavaScript (a plain GET form and plain links without it; Remix navigation with it).
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { Client, createEngagement, signup, startServer, type TestServer } from "../support/server";

import { collectConsoleErrors, launchBrowser, newContext } from "./browser";

let server: TestServer;
let browser: Browser;
let owner: Client;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  owner = new Client(server.url);
  await signup(owner, `e2e-list-${Date.now()}@example.com`);
  for (let i = 1; i <= 22; i++) await createEngagement(owner, `Coffee shop ${i}`);
  await createEngagement(owner, "Yoga studio");
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the engagements list in a real browser", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`pages and searches ${javaScriptEnabled ? "with" : "without"} JavaScript`, async () => {
      const context = await newContext(browser, { javaScriptEnabled });
      await context.addCookies([
        { name: "finishline_session", value: owner.cookies.get("finishline_session")!, url: server.url },
      ]);
      const page = await context.newPage();
      const errors = collectConsoleErrors(page);
      const titles = () => page.locator(".engagement-card__title").allInnerTexts();

      await page.goto(`${server.url}/engagements`);
      expect(await titles()).toHaveLength(20);
      await page.getByRole("link", { name: "Next →" }).click();
      await page.waitForURL(/\/engagements\?page=2$/);
      // With JavaScript the address changes before React has rendered the new page: wait for it.
      await expect.poll(async () => (await titles()).length).toBe(3);
      await expect.poll(() => page.getByText("21–23 of 23").count()).toBe(1);

      await page.getByLabel("Find a project").fill("yoga");
      await page.getByRole("button", { name: "Search" }).click();
      await page.waitForURL(/\/engagements\?q=yoga$/);
      await expect.poll(titles).toEqual(["Yoga studio"]);
      expect(await page.getByRole("status").innerText()).toBe("1 project matches “yoga”.");

      await page.getByRole("link", { name: "Show all" }).click();
      await page.waitForURL(/\/engagements$/);
      await expect.poll(() => page.getByLabel("Find a project").inputValue()).toBe("");
      await expect.poll(async () => (await titles()).length).toBe(20);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
