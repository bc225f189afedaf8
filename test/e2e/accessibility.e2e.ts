// Accessibility checks that axe cannot make, found in an accessibility audit: a link reached by
// Shift+Tab is not hidden under the plan's sticky bulk form (WCAG 2.4.11).
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login } from "../support/demo-server";
import type { Client, TestServer } from "../support/server";
import { startServer } from "../support/server";

import { launchBrowser, newContext, settled } from "./browser";

let server: TestServer;
let browser: Browser;
let id: string;
let partner: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  partner = await login(server, DEMO.partner.email);
  const ok = (res: Response, what: string) => {
    if (res.status !== 302) throw new Error(`${what} failed: ${res.status}`);
  };
  ok(await partner.post(`/engagements/${id}/plan`, { intent: "generate" }), "plan");
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function pageAs(
  who: Client | null,
  options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const context = await newContext(browser, options);
  if (who)
    await context.addCookies([
      { name: "finishline_session", value: who.cookies.get("finishline_session")!, url: server.url },
    ]);
  return context.newPage();
}

/** Whether the focused element is on screen and not covered by anything (its centre hits it). */
const focusedUncovered = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    // A link's first line box: one that wraps has a bounding box wider than its text.
    const r = el.getClientRects()[0] ?? el.getBoundingClientRect();
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    if (y < 0 || y > window.innerHeight) return `${el.textContent} is off screen (y ${Math.round(y)})`;
    const hit = document.elementFromPoint(x, y);
    return hit && (hit === el || el.contains(hit))
      ? "uncovered"
      : `${el.textContent} is under ${hit?.className || hit?.tagName}`;
  });

describe("the plan's sticky bulk form", () => {
  for (const [viewport, javaScriptEnabled] of [
    [{ width: 1280, height: 800 }, true],
    [{ width: 853, height: 533 }, true],
    [{ width: 641, height: 600 }, true],
    [{ width: 641, height: 600 }, false],
  ] as const)
    it(`leaves the links above the list in sight when Shift+Tab reaches them (${viewport.width} px${javaScriptEnabled ? "" : ", no JavaScript"})`, async () => {
      const page = await pageAs(partner, { viewport, javaScriptEnabled });
      await page.goto(`${server.url}/engagements/${id}/plan`);
      await settled(page, { javaScript: javaScriptEnabled });
      const custom = page.getByRole("link", { name: "Add a custom item" });
      // From the stop after the links, with the page scrolled just past them: the sticky form is
      // stuck at the top of the window, over the links. Chrome scrolls a focused element only if it
      // is outside the window (less its scroll-padding), so without room kept for the form the links
      // get focus where they are, under it.
      await custom.focus();
      await page.keyboard.press("Tab");
      await custom.evaluate((link) =>
        window.scrollTo(0, link.getBoundingClientRect().top + window.scrollY - 30),
      );
      await page.keyboard.press("Shift+Tab");
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.textContent))
        .toBe("Add a custom item");
      expect(await focusedUncovered(page)).toBe("uncovered");
      await page.keyboard.press("Shift+Tab");
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.textContent))
        .toBe("Edit estimates in a table");
      expect(await focusedUncovered(page)).toBe("uncovered");
      // And going up through the list's rows, each focus stop is in sight too.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await page.locator(".plan-item input[type=checkbox]").last().focus();
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press("Shift+Tab");
        expect(await focusedUncovered(page)).toBe("uncovered");
      }
      await page.context().close();
    });
});
