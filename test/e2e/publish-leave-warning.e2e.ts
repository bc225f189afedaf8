// The publish form's text (assumptions, not included, terms, valid until) is saved only by
// publishing: in a real browser, leaving the page with typed changes asks first, nothing is asked when
// nothing changed, and publishing goes straight to the new version.
import type { Browser, Dialog, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login, query } from "../support/demo-server";
import { startServer, type Client, type TestServer } from "../support/server";

import { collectConsoleErrors, launchBrowser, newContext, settled } from "./browser";

let server: TestServer;
let browser: Browser;
let id: string;
let partner: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  partner = await login(server, DEMO.partner.email);
  const generated = await partner.post(`/engagements/${id}/plan`, { intent: "generate" });
  if (generated.status !== 302) throw new Error(`plan generation failed: ${generated.status}`);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function partnerPage(): Promise<Page> {
  const context = await newContext(browser);
  await context.addCookies([
    { name: "finishline_session", value: partner.cookies.get("finishline_session")!, url: server.url },
  ]);
  return context.newPage();
}

/** Every dialog the page opens, answered by `answer` (dismissed unless it says to accept). */
function dialogs(page: Page, answer: (dialog: Dialog) => "accept" | "dismiss" = () => "dismiss") {
  const seen: Array<{ type: string; message: string }> = [];
  page.on("dialog", (dialog) => {
    seen.push({ type: dialog.type(), message: dialog.message() });
    void (answer(dialog) === "accept" ? dialog.accept() : dialog.dismiss());
  });
  return seen;
}

describe("the publish form asks before its typed text is lost", () => {
  it("asks on a link and on closing the tab; quiet when nothing changed and on publishing", async () => {
    const page = await partnerPage();
    const errors = collectConsoleErrors(page);
    let answer: "accept" | "dismiss" = "dismiss";
    const seen = dialogs(page, () => answer);
    const proposals = `${server.url}/engagements/${id}/proposals`;
    const planLink = () => page.getByRole("link", { name: "Plan", exact: true }).first();

    // Nothing typed: the link just leaves.
    await page.goto(proposals);
    await settled(page);
    await planLink().click();
    await page.waitForURL(`**/engagements/${id}/plan`);
    expect(seen).toEqual([]);

    // Typed an assumption, then a link: asked, and staying keeps the text.
    await page.goto(proposals);
    await settled(page);
    const assumptions = page.getByLabel("Assumptions");
    const typed = `${await assumptions.inputValue()}\nThe founder's team runs the app-store release.`;
    await assumptions.fill(typed);
    await planLink().click();
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toEqual({
      type: "confirm",
      message: "You have changes that are not saved. Leave this page and lose them?",
    });
    expect(page.url()).toBe(proposals);
    expect(await assumptions.inputValue()).toBe(typed);

    // Closing the tab: the browser's own prompt; dismissed, the page stays.
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => seen.length).toBe(2);
    expect(seen[1]!.type).toBe("beforeunload");
    expect(page.isClosed()).toBe(false);

    // Publishing is the save: the new version opens, nothing asked, the text is in it.
    await page.getByRole("button", { name: "Publish proposal" }).click();
    await page.waitForURL(`**/engagements/${id}/proposals/1`);
    expect(seen).toHaveLength(2);
    const [engagement] = query<{ assumptions: string }>(
      server,
      "select assumptions from engagements where id = ?",
      id,
    );
    expect(engagement!.assumptions).toContain("The founder's team runs the app-store release.");
    expect(errors).toEqual([]);
    answer = "accept";
    await page.context().close();
  });
});
