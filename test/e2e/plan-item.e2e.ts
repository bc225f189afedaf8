// The plan item page's card of phase, owner, position and dependencies in a real browser with
// JavaScript: a dependency save refused for a loop says which item closes it beside the list, in
// view, with the ticks kept; a save keeps the page where it was (no jump to the top), focus on the
// button pressed, and says "Saved." beside it. (Without JavaScript: test/plan-item-fixes.test.ts.)
import type { Browser, Page } from "playwright-core";
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

type Item = { id: string; title: string; phase: string; version: number };
const items = () =>
  query<Item>(
    server,
    "select id, title, phase, version from plan_items where engagement_id = ? order by phase, position",
    id,
  );
const edges = () =>
  query<{ item_id: string; depends_on_id: string }>(
    server,
    "select d.item_id, d.depends_on_id from plan_item_dependencies d join plan_items p on p.id = d.item_id where p.engagement_id = ?",
    id,
  );
const dependsOn = (itemId: string) =>
  edges()
    .filter((e) => e.item_id === itemId)
    .map((e) => e.depends_on_id)
    .sort();

async function partnerPage(): Promise<Page> {
  const context = await newContext(browser);
  await context.addCookies([
    { name: "finishline_session", value: partner.cookies.get("finishline_session")!, url: server.url },
  ]);
  return context.newPage();
}

/** Whether the element is wholly in the window. */
const inView = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  });

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim());

describe("the item page's arrange card, with JavaScript", () => {
  it("refuses a loop beside the list, naming the item, with the ticks kept; then saves in place", async () => {
    // B already waits for A; C waits for nothing, so ticking it is fine.
    const all = edges();
    const { item_id: b, depends_on_id: a } = all[0]!;
    const c = items().find(
      (i) => i.id !== a && i.id !== b && !all.some((e) => e.item_id === i.id) && i.phase === "hardening",
    )!;
    const bTitle = items().find((i) => i.id === b)!.title;
    const stored = dependsOn(a);

    const page = await partnerPage();
    const errors = collectConsoleErrors(page);
    await page.goto(`${server.url}/engagements/${id}/plan/${a}`);
    await settled(page);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

    await page.locator(`input[name="dependsOn"][value="${b}"]`).check();
    await page.locator(`input[name="dependsOn"][value="${c.id}"]`).check();
    const save = page.getByRole("button", { name: "Save dependencies" });
    await save.click();
    const error = page.locator("#depends-on-error");
    await error.waitFor();
    expect(await error.textContent()).toBe(
      `That would make a loop: “${bTitle}” already waits for this item. Untick it and save again.`,
    );
    // Beside the list and in view, not only in an alert ~2,000 px above.
    expect(await inView(page, "#depends-on-error")).toBe(true);
    expect(await inView(page, "#dependencies button")).toBe(true);
    expect(await page.locator(`input[name="dependsOn"][value="${b}"]`).isChecked()).toBe(true);
    expect(await page.locator(`input[name="dependsOn"][value="${c.id}"]`).isChecked()).toBe(true);
    expect(dependsOn(a)).toEqual(stored);

    // Untick the loop and save: the page stays where it is, says so beside the button, keeps focus.
    await page.locator(`input[name="dependsOn"][value="${b}"]`).uncheck();
    await save.click();
    await page.locator("#dependencies [role=status]", { hasText: "Saved." }).waitFor();
    expect(dependsOn(a)).toEqual([...stored, c.id].sort());
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
    expect(await inView(page, "#dependencies [role=status]")).toBe(true);
    expect(await inView(page, "#dependencies button")).toBe(true);
    expect(await focusedText(page)).toBe("Save dependencies");
    expect(await page.locator("#depends-on-error").count()).toBe(0);
    // The same page, not a reload.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("moves, and changes the owner, without a jump to the top, saying Saved beside the button", async () => {
    const target = items().filter((i) => i.phase === "hardening")[5]!;
    const page = await partnerPage();
    const errors = collectConsoleErrors(page);
    await page.goto(`${server.url}/engagements/${id}/plan/${target.id}`);
    await settled(page);

    await page.getByLabel(/^Position in/).fill("1");
    await page.getByRole("button", { name: "Move" }).click();
    const moved = page.locator('form:has(button:text-is("Move")) [role=status]');
    await moved.getByText("Saved.").waitFor();
    await page.getByText(/\(now 1 of \d+\)/).waitFor();
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
    expect(await moved.evaluate((el) => el.getBoundingClientRect().top > 0)).toBe(true);
    expect(await focusedText(page)).toBe("Move");

    await page.locator(`select[name="owner"]`).selectOption("founder");
    await page.locator('form:has(select[name="owner"])').getByRole("button", { name: "Save" }).click();
    const owner = page.locator('form:has(select[name="owner"]) [role=status]');
    await owner.getByText("Saved.").waitFor();
    // One "Saved." at a time: the one beside the form that saved last.
    expect(await moved.textContent()).toBe("");
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
