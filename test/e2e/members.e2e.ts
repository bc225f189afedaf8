import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { Client, signup, startServer, type TestServer } from "../support/server";

import { collectConsoleErrors, launchBrowser, newContext, screenshotter, settled } from "./browser";

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

describe("inviting a partner in a real browser", () => {
  it("creates a link, lets a new user sign up through it and join, then removes them", async () => {
    const shot = screenshotter("members");
    const founderContext = await newContext(browser);
    const founder = await founderContext.newPage();
    const founderErrors = collectConsoleErrors(founder);

    await founder.goto(`${server.url}/signup`);
    await founder.getByLabel("Your name (optional)").fill("Maya Okafor");
    await founder.getByLabel("Email").fill(`founder-${Date.now()}@example.com`);
    await founder.getByLabel("Password").fill("correct horse battery");
    await founder.getByRole("button", { name: "Create account" }).click();
    await founder.waitForURL("**/engagements");
    await founder.goto(`${server.url}/engagements/new`);
    await founder.getByLabel("Product name").fill("Roastery Checkout");
    await founder.getByRole("button", { name: "Create project" }).click();
    await founder.waitForURL(/\/engagements\/[A-Za-z0-9_-]+\/assess$/);

    await founder.getByRole("link", { name: "Members" }).click();
    await founder.getByRole("heading", { name: "Invite someone" }).waitFor();
    await shot(founder, "members-founder");
    await founder.getByRole("radio", { name: /Engineering partner/ }).check();
    await founder.getByRole("button", { name: "Create invite link" }).click();
    const linkInput = founder.getByRole("textbox", { name: "Invite link" });
    await linkInput.waitFor();
    const link = await linkInput.inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/invite/[A-Za-z0-9_-]{22}$`));
    expect(await linkInput.getAttribute("readonly")).not.toBeNull();
    await founder.getByText("this link is shown only once").waitFor();
    await founder.getByRole("button", { name: /^Revoke engineering partner invitation/ }).waitFor();
    await shot(founder, "invite-created");

    const guestContext = await newContext(browser);
    const guest = await guestContext.newPage();
    const guestErrors = collectConsoleErrors(guest);
    await guest.goto(link);
    await guest.getByRole("heading", { name: "Join Roastery Checkout" }).waitFor();
    await guest.getByText("Maya Okafor invited you").waitFor();
    await shot(guest, "invite-anonymous");
    await guest.getByRole("link", { name: "Create an account" }).click();
    await guest.waitForURL("**/signup?redirectTo=*");
    await guest.getByLabel("Your name (optional)").fill("Jonas Brandt");
    await guest.getByLabel("Email").fill(`partner-${Date.now()}@example.com`);
    await guest.getByLabel("Password").fill("correct horse battery");
    await guest.getByRole("button", { name: "Create account" }).click();
    await guest.waitForURL(link);
    await shot(guest, "invite-signed-in");
    await guest.getByRole("button", { name: "Join Roastery Checkout" }).click();
    await guest.waitForURL(/\/engagements\/[A-Za-z0-9_-]+$/);
    await guest.getByText("Engineering partner").first().waitFor();
    await guest.getByRole("link", { name: "Members" }).click();
    await guest.getByRole("button", { name: "Leave project" }).waitFor();
    expect(await guest.getByRole("button", { name: "Create invite link" }).count()).toBe(0);
    await shot(guest, "members-partner");

    // The used link now explains itself.
    await guest.goto(link);
    await guest.getByRole("heading", { name: "This invitation has already been used" }).waitFor();

    await founder.reload();
    founder.once("dialog", (dialog) => void dialog.accept());
    await founder.getByRole("button", { name: "Remove Jonas Brandt" }).click();
    await founder.getByText("Jonas Brandt no longer has access.").waitFor();
    await shot(founder, "member-removed");

    const mobile = await newContext(browser, { viewport: { width: 375, height: 800 } });
    const small = await mobile.newPage();
    await small.goto(link);
    await shot(small, "invite-used-mobile");

    expect(founderErrors).toEqual([]);
    // The used link answers 410 on purpose; Chromium logs that as a failed resource.
    expect(guestErrors.filter((e) => !/status of 410/.test(e))).toEqual([]);
    await Promise.all([founderContext.close(), guestContext.close(), mobile.close()]);
  });
});

/** A founder signed up in `page` (no name, as many skip it), with a new engagement; its id. */
async function founderWithEngagement(page: Page, product: string): Promise<string> {
  await page.goto(`${server.url}/signup`);
  await page
    .getByLabel("Email")
    .fill(`founder-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL("**/engagements");
  await page.goto(`${server.url}/engagements/new`);
  await page.getByLabel("Product name").fill(product);
  await page.getByRole("button", { name: "Create project" }).click();
  await page.waitForURL(/\/engagements\/[A-Za-z0-9_-]+\/assess$/);
  return /\/engagements\/([A-Za-z0-9_-]+)\/assess$/.exec(page.url())![1]!;
}

/** Someone else joins through a link the founder creates in `page` (over HTTP, to save time). */
async function someoneJoins(page: Page) {
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = await page.getByRole("textbox", { name: "Invite link" }).inputValue();
  const partner = new Client(server.url);
  await signup(partner, `partner-${Date.now()}@example.com`);
  expect((await partner.post(new URL(link).pathname, {})).status).toBe(302);
}

/** Whether the element is wholly inside the window, up and down and sideways. */
const inView = (locator: Locator) =>
  locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    // (Less a pixel's rounding: a box scrolled to the top edge can sit at -0.5.)
    return r.top > -1 && r.left > -1 && r.bottom < window.innerHeight + 1 && r.right < window.innerWidth + 1;
  });

describe("the members page where the founder is", () => {
  it("takes the founder to the new link, once, and empties the form for the next one (with JavaScript)", async () => {
    const shot = screenshotter("members-invite-focus");
    const context = await newContext(browser, { viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    const id = await founderWithEngagement(page, "Focus Candles");
    await page.goto(`${server.url}/engagements/${id}/members`);
    await settled(page);
    // Not alone any more: the invite form is below the people, the two-step setting and the invitations.
    await someoneJoins(page);
    await page.reload();
    await settled(page);

    const form = page.getByRole("region", { name: "Invite someone" });
    await form.getByLabel("Who is it for? (optional)").fill("Sam at Acme Dev");
    await form.getByLabel("Email it to (optional)").fill(`sam+${Date.now()}@acme.test`);
    await form.getByRole("button", { name: "Create invite link" }).click();
    const box = page.getByRole("region", { name: "Invite link created" });
    await box.waitFor();
    await settled(page);
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await inView(box)).toBe(true);
    expect(await form.getByLabel("Who is it for? (optional)").inputValue()).toBe("");
    expect(await form.getByLabel("Email it to (optional)").inputValue()).toBe("");
    expect(await form.getByRole("radio", { name: /Engineering partner/ }).isChecked()).toBe(true);
    await shot(page, "created");

    // A second link: the page goes to it again, and says it is a new one.
    const first = await box.getByRole("textbox", { name: "Invite link" }).inputValue();
    await form.getByLabel("Who is it for? (optional)").fill("Kai");
    await form.getByRole("button", { name: "Create invite link" }).click();
    await expect.poll(() => box.getByRole("textbox", { name: "Invite link" }).inputValue()).not.toBe(first);
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await inView(box)).toBe(true);
    expect(await form.getByLabel("Who is it for? (optional)").inputValue()).toBe("");

    expect(errors).toEqual([]);
    await context.close();
  });

  it("without JavaScript opens the page at the top, where the new link is", async () => {
    const context = await newContext(browser, {
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 800 },
    });
    const page = await context.newPage();
    const id = await founderWithEngagement(page, "No Script Candles");
    await page.goto(`${server.url}/engagements/${id}/members`);
    await someoneJoins(page);
    await page.goto(`${server.url}/engagements/${id}/members`);
    await page
      .getByRole("region", { name: "Invite someone" })
      .getByLabel("Who is it for? (optional)")
      .fill("Sam");
    await page.getByRole("button", { name: "Create invite link" }).click();
    const box = page.getByRole("region", { name: "Invite link created" });
    await box.waitFor();
    expect(await inView(box)).toBe(true);
    await context.close();
  });

  it("shows every pending invitation whole, Revoke included, at 1280 px, and as cards on a phone", async () => {
    const shot = screenshotter("members-pending-width");
    const context = await newContext(browser, { viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const id = await founderWithEngagement(page, "Wide Candles");
    await page.goto(`${server.url}/engagements/${id}/members`);
    await settled(page);
    const form = page.getByRole("region", { name: "Invite someone" });
    await form.getByLabel("Who is it for? (optional)").fill("Sam at Acme Dev");
    await form
      .getByLabel("Email it to (optional)")
      .fill(`sam+1796476963183-${Date.now()}@acme-development.test`);
    await form.getByRole("button", { name: "Create invite link" }).click();
    await page.getByRole("region", { name: "Invite link created" }).waitFor();
    await settled(page);

    const table = page.getByRole("region", { name: "Table of pending invitations" });
    const revoke = table.getByRole("button", { name: /^Revoke/ });
    await revoke.scrollIntoViewIfNeeded();
    const fits = await table.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(fits.scroll).toBeLessThanOrEqual(fits.client);
    const r = await revoke.evaluate((el) => el.getBoundingClientRect().toJSON() as DOMRect);
    const tableBox = await table.evaluate((el) => el.getBoundingClientRect().toJSON() as DOMRect);
    expect(r.left).toBeGreaterThanOrEqual(tableBox.left);
    expect(r.right).toBeLessThanOrEqual(tableBox.right);
    expect(r.right).toBeLessThanOrEqual(1280);
    expect(await table.getByRole("columnheader", { name: "Expires" }).isVisible()).toBe(true);
    await shot(page, "desktop");

    // On a phone each invitation is a small card: nothing scrolls sideways, Revoke included.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await settled(page);
    const pageWidth = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(pageWidth.scroll).toBeLessThanOrEqual(pageWidth.client);
    const phone = await table.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(phone.scroll).toBeLessThanOrEqual(phone.client);
    expect(await table.locator("thead").evaluate((el) => getComputedStyle(el).position)).toBe("absolute");
    const small = await revoke.evaluate((el) => el.getBoundingClientRect().toJSON() as DOMRect);
    expect(small.right).toBeLessThanOrEqual(390);
    await shot(page, "phone");
    await context.close();
  });
});

describe("changing a member's role in a real browser", () => {
  it("makes a partner a co-founder and back, asking first when a founder's role is taken away", async () => {
    const shot = screenshotter("members-role");
    const context = await newContext(browser, { viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    const id = await founderWithEngagement(page, "Role Candles");
    await page.goto(`${server.url}/engagements/${id}/members`);
    await settled(page);
    await someoneJoins(page);
    await page.reload();
    await settled(page);

    const people = page.getByRole("region", { name: "People with access", exact: true });
    const role = people.getByRole("combobox", { name: /^Role of partner-/ });
    expect(await role.inputValue()).toBe("partner");
    await role.selectOption("founder");
    await people.getByRole("button", { name: /^Change the role of partner-/ }).click();
    await page
      .getByRole("status")
      .getByText(/is now co-founder \(was engineering partner\)/)
      .waitFor();
    expect(await people.getByRole("combobox", { name: /^Role of partner-/ }).inputValue()).toBe("founder");
    await shot(page, "promoted");

    // Taking a founder's role away asks first; declined, nothing changes.
    let asked = "";
    page.once("dialog", (dialog) => {
      asked = dialog.message();
      void dialog.dismiss();
    });
    await people.getByRole("combobox", { name: /^Role of partner-/ }).selectOption("viewer");
    await people.getByRole("button", { name: /^Change the role of partner-/ }).click();
    await expect.poll(() => asked).toMatch(/^Make partner-.* viewer\? They will no longer manage members/);
    page.once("dialog", (dialog) => void dialog.accept());
    await people.getByRole("button", { name: /^Change the role of partner-/ }).click();
    await page
      .getByRole("status")
      .getByText(/is now viewer \(was co-founder\)/)
      .waitFor();
    expect(await people.getByRole("combobox", { name: /^Role of partner-/ }).inputValue()).toBe("viewer");

    // On a phone the choice and its button fit the card.
    await page.setViewportSize({ width: 390, height: 844 });
    await settled(page);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    // (The table's box clips what overflows it, so the button itself must be inside the window.)
    const change = people.getByRole("button", { name: /^Change the role of partner-/ });
    const box = await change.evaluate((el) => el.getBoundingClientRect().toJSON() as DOMRect);
    const card = await people.evaluate((el) => el.getBoundingClientRect().toJSON() as DOMRect);
    expect(box.right).toBeLessThanOrEqual(card.right);
    expect(box.left).toBeGreaterThanOrEqual(card.left);
    await shot(page, "phone");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("works without JavaScript, and a stale page is refused with the role shown as it is now", async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    const id = await founderWithEngagement(page, "No Script Roles");
    await page.goto(`${server.url}/engagements/${id}/members`);
    await someoneJoins(page);
    await page.goto(`${server.url}/engagements/${id}/members`);
    const stale = await context.newPage();
    await stale.goto(`${server.url}/engagements/${id}/members`);

    await page.getByRole("combobox", { name: /^Role of partner-/ }).selectOption("viewer");
    await page.getByRole("button", { name: /^Change the role of partner-/ }).click();
    await page.getByText(/is now viewer \(was engineering partner\)/).waitFor();

    // The other tab still shows "Engineering partner": its choice is refused, not applied.
    await stale.getByRole("combobox", { name: /^Role of partner-/ }).selectOption("founder");
    await stale.getByRole("button", { name: /^Change the role of partner-/ }).click();
    await stale.getByText(/Someone changed this member's role to viewer meanwhile/).waitFor();
    expect(await stale.getByRole("combobox", { name: /^Role of partner-/ }).inputValue()).toBe("viewer");
    await context.close();
  });
});
