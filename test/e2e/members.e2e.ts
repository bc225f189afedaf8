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
    await founder.getByRole("button", { name: "Create engagement" }).click();
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
    await guest.getByRole("button", { name: "Leave engagement" }).waitFor();
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
