// The report's download link in Chromium (components/pdf-download-link.tsx): with JavaScript it says
// the PDF is being prepared, takes one click at a time, and saves the file under the server's name;
// a refusal (the per-user PDF limit) and an ended session are said beside the link; without
// JavaScript it is the plain link the browser downloads from. PDF_RATE_LIMIT is 1 here, so each
// person may download one PDF a minute and the second is refused.
import fs from "node:fs";

import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, addMember, demoEngagementId, login } from "../support/demo-server";
import { startServer, type Client, type TestServer } from "../support/server";

import { axeProblems } from "./axe";
import { collectConsoleErrors, launchBrowser, newContext, screenshotter, settled } from "./browser";

const PREPARING = "Preparing the PDF… this takes a few seconds the first time";
const LINK = "Download the report (PDF)";

let server: TestServer;
let browser: Browser;
let id: string;
const shot = screenshotter("pdf-download");

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", PDF_RATE_LIMIT: "1" });
  browser = await launchBrowser();
  id = demoEngagementId(server);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(
  client: Client,
  { javaScriptEnabled = true, bypassCSP = false } = {},
): Promise<BrowserContext> {
  const context = await newContext(browser, { javaScriptEnabled, bypassCSP });
  await context.addCookies([...client.cookies].map(([name, value]) => ({ name, value, url: server.url })));
  return context;
}

function startsWithPdf(file: string): boolean {
  return fs.readFileSync(file).subarray(0, 5).toString("latin1") === "%PDF-";
}

describe("downloading the report PDF", () => {
  it("with JavaScript: says it is preparing, ignores a second click, saves the file", async () => {
    const context = await signedIn(await login(server, DEMO.founder.email));
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    await page.goto(`${server.url}/engagements/${id}/results`);
    await settled(page);

    // The request is held until the test has seen the page say it is preparing, however fast the
    // server renders; every request for the PDF is counted.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let requests = 0;
    await page.route("**/report.pdf", async (route) => {
      requests += 1;
      await held;
      await route.continue();
    });
    const link = page.getByRole("link", { name: LINK });
    const status = page.locator(".pdf-download__status");
    expect(await status.innerText()).toBe("");

    const downloaded = page.waitForEvent("download");
    await link.click();
    await expect.poll(() => status.innerText()).toBe(PREPARING);
    expect(await status.getAttribute("aria-live")).toBe("polite");
    expect(await link.getAttribute("aria-disabled")).toBe("true");
    await shot(page, "preparing");
    // Still focusable, and a second click (or Enter) while it is pending starts nothing. Playwright
    // counts aria-disabled as not enabled, so the click is forced.
    await link.focus();
    expect(await link.evaluate((a) => a === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    await link.click({ force: true });
    release();

    const download = await downloaded;
    expect(download.suggestedFilename()).toBe("CartPilot readiness report.pdf");
    const file = await download.path();
    expect(startsWithPdf(file)).toBe(true);
    await expect.poll(() => status.innerText()).toBe("Downloaded");
    expect(await link.getAttribute("aria-disabled")).toBeNull();
    expect(requests).toBe(1);
    expect(page.url()).toBe(`${server.url}/engagements/${id}/results`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("without JavaScript: the plain link downloads the file", async () => {
    const context = await signedIn(await login(server, DEMO.partner.email), { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/engagements/${id}/results`);
    await settled(page, { javaScript: false });
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: LINK }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    expect(startsWithPdf(await download.path())).toBe(true);
    expect(await page.locator(".pdf-download__status").innerText()).toBe("");
    await context.close();
  });

  it("a refusal is said beside the link in the server's words, and the link can be clicked again", async () => {
    const founder = await login(server, DEMO.founder.email);
    const viewer = await addMember(server, founder, id, "viewer");
    // This minute's one PDF, over HTTP: the click below is the second.
    expect((await viewer.get(`/engagements/${id}/report.pdf`)).status).toBe(200);

    // Past the CSP, for axe's script (the download itself is tested with the CSP above).
    const context = await signedIn(viewer, { bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/engagements/${id}/results`);
    await settled(page);
    const link = page.getByRole("link", { name: LINK });
    const status = page.locator(".pdf-download__status");
    await link.click();
    await expect.poll(() => status.innerText()).toBe("Too many attempts. Please wait and try again.");
    expect(await status.getAttribute("class")).toContain("save-status--error");
    expect(await link.getAttribute("aria-disabled")).toBeNull();
    expect(page.url()).toBe(`${server.url}/engagements/${id}/results`);
    await shot(page, "refused");
    expect(await axeProblems(page, "results, PDF refused")).toEqual([]);
    await context.close();
  });

  it("a session that ended is said beside the link, with a way to sign in and come back", async () => {
    const context = await signedIn(await login(server, DEMO.founder.email));
    const page = await context.newPage();
    await page.goto(`${server.url}/engagements/${id}/results`);
    await settled(page);
    await context.clearCookies();

    const status = page.locator(".pdf-download__status");
    await page.getByRole("link", { name: LINK }).click();
    await expect.poll(() => status.innerText()).toBe("Your session ended; sign in again.");
    const signIn = status.getByRole("link", { name: "sign in again" });
    const results = `/engagements/${id}/results`;
    expect(await signIn.getAttribute("href")).toBe(`/login?${new URLSearchParams({ redirectTo: results })}`);
    expect(page.url()).toBe(`${server.url}${results}`);

    await signIn.click();
    await page.waitForURL(/\/login\?/);
    await page.getByLabel("Email").fill(DEMO.founder.email);
    await page.getByLabel("Password").fill(DEMO.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${server.url}${results}`);
    await context.close();
  });
});
