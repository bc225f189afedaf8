// A member removed from a project while their tab is open, in a real browser with JavaScript: the
// save they then send answers 404 "no longer have access", and the page shows what they typed, in
// a box they can copy from, instead of losing it. A comment is a form post (its 404 reaches the
// root's page at once); a custom plan item is added by a fetcher (its 404 fails inside the tab,
// which loads the page again and hands what was typed over to the root's page). The same without
// JavaScript, and what is and is not shown again: test/no-access-keeps-typed.test.ts.
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

/** A project of the founder's with a second member of `role`, and that member signed in in a browser. */
async function memberTab(name: string, role: "founder" | "partner") {
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
  const userId = query<{ id: string }>(server, "select id from users where email = ?", email)[0]!.id;
  const remove = async () =>
    expect((await founder.post(`/engagements/${id}/members`, { intent: "remove", userId })).status).toBe(200);
  return { id, member, page, errors, remove, close: () => context.close() };
}

/** The root's no-access page, without the project's old shell, showing `label`'s box with `text`. */
async function showsTyped(page: Page, label: string, text: string) {
  await page.getByRole("heading", { name: "No access to this project" }).waitFor();
  await page.getByRole("heading", { name: "What you typed (not saved)" }).waitFor();
  await settled(page);
  await page.getByText("You no longer have access to this project, or it was deleted.").waitFor();
  expect(await page.locator('nav[aria-label="Project"]').count()).toBe(0);
  const box = page.getByRole("textbox", { name: label });
  expect(await box.inputValue()).toBe(text);
  expect(await box.getAttribute("readonly")).not.toBeNull();
}

/** Console errors apart from the 404s the stale tab is meant to get. */
const unexpected = (errors: string[]) => errors.filter((e) => !/status of 404/.test(e));

describe("a member removed while they type", () => {
  it("posting a comment: the no-access page shows the comment to copy", async () => {
    const shot = screenshotter("no-access-typed");
    const tab = await memberTab("Melting Shop", "partner");
    const created = await tab.member.post(`/engagements/${tab.id}/plan/new`, {
      intent: "custom",
      title: "Backups you have restored once",
      description: "",
      area: "data",
      phase: "hardening",
      "estimate.optimistic": "2",
      "estimate.likely": "4",
      "estimate.pessimistic": "8",
    });
    expect(created.status).toBe(302);
    const item = query<{ id: string }>(
      server,
      "select id from plan_items where engagement_id = ?",
      tab.id,
    )[0]!;
    await tab.page.goto(`${server.url}/engagements/${tab.id}/plan/${item.id}`);
    await settled(tab.page);

    const comment = "The nightly dump is 3 days old.\nCheck the cron <b>before</b> launch & tell Ana.";
    await tab.page.getByLabel("Add a comment").fill(comment);
    await tab.remove();
    await tab.page.getByRole("button", { name: "Post comment" }).click();

    await showsTyped(tab.page, "Comment", comment);
    await shot(tab.page, "comment-after-removal");
    // As text, not markup; and not saved.
    expect(await tab.page.locator("main b").count()).toBe(0);
    expect(query(server, "select 1 from comments where body like 'The nightly dump%'")).toEqual([]);
    // The way on still works.
    await tab.page.getByRole("main").getByRole("link", { name: "My projects" }).click();
    await tab.page.waitForURL("**/engagements");
    await settled(tab.page);
    expect(await tab.page.getByText("Melting Shop").count()).toBe(0);
    expect(unexpected(tab.errors)).toEqual([]);
    await tab.close();
  });

  it("adding a custom plan item (a fetcher): the tab's 404 hands the text over to the no-access page", async () => {
    const shot = screenshotter("no-access-typed-fetcher");
    const tab = await memberTab("Thawing Shop", "partner");
    await tab.page.goto(`${server.url}/engagements/${tab.id}/plan/new`);
    await settled(tab.page);

    const description = "Restore last night's dump into staging,\nthen time it.";
    await tab.page.getByLabel("Title").fill("Restore drill");
    await tab.page.getByLabel("Description (optional)").fill(description);
    await tab.page.getByLabel("Area").selectOption({ index: 1 });
    await tab.page.getByLabel("Phase").selectOption({ index: 1 });
    await tab.remove();
    await tab.page.getByRole("button", { name: "Add item" }).click();

    await showsTyped(tab.page, "Title", "Restore drill");
    await shot(tab.page, "custom-item-after-removal");
    expect(await tab.page.getByRole("textbox", { name: "Description" }).inputValue()).toBe(description);
    // Only what was typed: not the area or phase chosen, not the estimates' figures.
    expect(await tab.page.locator(".typed-not-saved textarea").count()).toBe(2);
    expect(query(server, "select 1 from plan_items where engagement_id = ?", tab.id)).toEqual([]);
    expect(unexpected(tab.errors)).toEqual([]);
    await tab.close();
  });
});
