// From the review of 6 December (decision 042, "Corrected in place"): with JavaScript, the Edit link
// turns its row into a form in place, and Save and Cancel turn it back. The element that had focus
// goes with the row each time, which leaves focus on <body>: a screen reader says nothing, and its
// reading position is lost. As the app does for a refused form and an opened thread, focus goes to
// what appeared.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { acceptedProposal, DEMO, demoEngagementId, login, logTime, query } from "../support/demo-server";
import { startServer, type Client, type TestServer } from "../support/server";

import { launchBrowser, newContext, settled } from "./browser";

let server: TestServer;
let browser: Browser;
let id: string;
let itemId: string;
let partner: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  const founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  await acceptedProposal(server, founder, partner, id);
  itemId = query<{ id: string }>(
    server,
    "select id from plan_items where engagement_id = ? and scope = 'included' order by position limit 1",
    id,
  )[0]!.id;
  for (const fields of [
    { day: "2026-11-10", hours: "2" },
    { day: "2026-11-12", hours: "1.5" },
  ])
    expect((await logTime(server, partner, id, itemId, fields)).status).toBe(302);
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function partnerPage(): Promise<Page> {
  const context = await newContext(browser, { javaScriptEnabled: true });
  await context.addCookies([
    { name: "finishline_session", value: partner.cookies.get("finishline_session")!, url: server.url },
  ]);
  const page = await context.newPage();
  await page.goto(`${server.url}/engagements/${id}/plan/${itemId}`);
  await settled(page);
  return page;
}

/** Where focus is: "body", "in the form", or the focused element's accessible label or text. */
const focus = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement;
    if (!active || active === document.body) return "body";
    if (active.closest("form[aria-label^='Correct']")) return "in the form";
    return active.getAttribute("aria-label") ?? active.textContent ?? active.tagName;
  });

describe("correcting an entry from the keyboard, with JavaScript", () => {
  it("moves focus into the form Edit opens, and back to the entry after Cancel and Save", async () => {
    const page = await partnerPage();
    const form = page.getByRole("form", { name: "Correct 2 h on 10 Nov 2026" });

    await page.getByRole("link", { name: "Edit 2 h on 10 Nov 2026" }).focus();
    await page.keyboard.press("Enter");
    await form.waitFor();
    await settled(page);
    await expect.poll(() => focus(page)).toBe("in the form");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("time-edit-day");

    // Cancel: the row is back, and so is focus (not left on <body>).
    await form.getByRole("link", { name: "Cancel" }).focus();
    await page.keyboard.press("Enter");
    await form.waitFor({ state: "detached" });
    await settled(page);
    await expect.poll(() => focus(page)).toBe("Edit 2 h on 10 Nov 2026");

    // Save: likewise.
    await page.getByRole("link", { name: "Edit 2 h on 10 Nov 2026" }).focus();
    await page.keyboard.press("Enter");
    await form.waitFor();
    await settled(page);
    await form.getByLabel("Hours").fill("2.5");
    await form.getByRole("button", { name: "Save" }).focus();
    await page.keyboard.press("Enter");
    await form.waitFor({ state: "detached" });
    await settled(page);
    expect(await page.locator("table.time-log").innerText()).toMatch(/10 Nov 2026\s+2\.5 h/);
    await expect.poll(() => focus(page)).toBe("Edit 2.5 h on 10 Nov 2026");
    await page.context().close();
  }, 60_000);
});
