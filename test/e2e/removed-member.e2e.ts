// QA pass 6, finding 5, in a real browser: a member removed while their tab is open. Their next
// save or tab change answers 404 (as it must: they are no longer a member); the page then says they
// no longer have access and leads to My projects, instead of a vague "We can't find that" inside
// the project's old name, role badge and tabs, whose "Back to the overview" was another 404.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { join, query } from "../support/demo-server";
import { Client, createEngagement, signup, startServer, type TestServer } from "../support/server";

import { collectConsoleErrors, launchBrowser, newContext, screenshotter, settled } from "./browser";

let server: TestServer;
let browser: Browser;
let founder: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "false", SIGNUP_RATE_LIMIT: "1000" });
  browser = await launchBrowser();
  founder = new Client(server.url);
  await signup(founder, `founder-${Date.now()}@example.com`);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A project of the founder's with `role` as a second member, signed in in a browser tab at `path`. */
async function memberTab(name: string, role: "founder" | "partner", path: string) {
  const { id } = await createEngagement(founder, name);
  const email = `${role}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  const member = new Client(server.url);
  await signup(member, email);
  await join(founder, id, role, member);
  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = collectConsoleErrors(page);
  await page.goto(`${server.url}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL("**/engagements");
  await page.goto(`${server.url}/engagements/${id}${path}`);
  await settled(page);
  const userId = query<{ id: string }>(server, "select id from users where email = ?", email)[0]!.id;
  const remove = async () =>
    expect((await founder.post(`/engagements/${id}/members`, { intent: "remove", userId })).status).toBe(200);
  return { id, page, errors, remove, close: () => context.close() };
}

/** The page says the project is not theirs any more, without its old shell, and My projects works. */
async function saysNoAccess(page: Page, name: string) {
  await page.getByRole("heading", { name: "No access to this project" }).waitFor();
  await settled(page);
  await page.getByText("You no longer have access to this project, or it was deleted.").waitFor();
  // The stale shell is gone: no tab bar, no project name, no role badge.
  expect(await page.locator('nav[aria-label="Project"]').count()).toBe(0);
  expect(await page.getByRole("heading", { name }).count()).toBe(0);
  const out = page.getByRole("main").getByRole("link", { name: "My projects" });
  expect(await out.getAttribute("href")).toBe("/engagements");
  expect(await page.getByRole("link", { name: "Back to the overview" }).count()).toBe(0);
  await out.click();
  await page.waitForURL("**/engagements");
  await settled(page);
  expect(await page.getByText(name).count()).toBe(0);
}

/** Console errors apart from the 404s the stale tab is meant to get. */
const unexpected = (errors: string[]) => errors.filter((e) => !/status of 404/.test(e));

describe("a member removed while their tab is open", () => {
  it("saving settings: says they no longer have access and leads to My projects", async () => {
    const shot = screenshotter("removed-member");
    const tab = await memberTab("Vanishing Shop", "founder", "/settings");
    await tab.remove();
    await tab.page.getByLabel("Product name").fill("Renamed Shop");
    await tab.page.getByRole("button", { name: "Save settings" }).click();
    await shot(tab.page, "settings-save-after-removal");
    await saysNoAccess(tab.page, "Vanishing Shop");
    expect(query(server, "select 1 from engagements where name = 'Renamed Shop'")).toEqual([]);
    expect(unexpected(tab.errors)).toEqual([]);
    await tab.close();
  });

  it("going to another tab: the same, not the project's tabs around a 404", async () => {
    const shot = screenshotter("removed-member-nav");
    const tab = await memberTab("Fading Cafe", "partner", "");
    await tab.remove();
    await tab.page
      .getByRole("navigation", { name: "Project" })
      .getByRole("link", { name: "Members" })
      .click();
    await shot(tab.page, "tab-after-removal");
    await saysNoAccess(tab.page, "Fading Cafe");
    expect(unexpected(tab.errors)).toEqual([]);
    await tab.close();
  });
});
