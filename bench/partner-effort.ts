// npm run bench:partner — how much work two everyday partner jobs take in a real browser: clicks and
// seconds to verify every answer of the demo engagement, and to exclude one phase of its plan, with
// the pages' bulk tools. The numbers from before those tools (one control per row) are kept in
// docs/partner-effort.md.
import type { Page } from "playwright-core";

import { launchBrowser, newContext } from "../test/e2e/browser";
import { DEMO } from "../db/seed.server";
import { startServer } from "../test/support/server";

type Result = { task: string; clicks: number; seconds: number; done: string };

/** Clicks a submit button and waits for the submission and the page data that follows it. */
async function submit(page: Page, click: () => Promise<void>): Promise<boolean> {
  const [post] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), click()]);
  await page
    .waitForResponse((r) => r.request().method() === "GET" && /\.data/.test(r.url()), { timeout: 5_000 })
    .catch(() => undefined);
  await page.waitForLoadState("networkidle");
  return post.ok();
}

async function main() {
  const server = await startServer({ SEED_DEMO: "true" });
  const browser = await launchBrowser();
  const results: Result[] = [];
  try {
    const context = await newContext(browser);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Email").fill(DEMO.partner.email);
    await page.getByLabel("Password").fill(DEMO.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL("**/engagements");
    await page.getByRole("link", { name: "CartPilot" }).first().click();
    await page.waitForURL(/\/engagements\/[^/]+$/);
    const base = page.url();

    // 1. Verify every answer.
    {
      await page.goto(`${base}/assess/review`);
      // Timing starts once the page is interactive (hydrated), as a person would start reading it.
      await page.waitForLoadState("networkidle");
      let clicks = 0;
      const started = performance.now();
      // Show the unverified answers, select them all, verify them at once.
      await page.getByRole("link", { name: /^Not verified/ }).click();
      clicks++;
      await page.waitForURL(/show=unverified/);
      await page.getByRole("button", { name: "Select all" }).click();
      clicks++;
      await submit(page, () => page.getByRole("button", { name: /^Verify \d+ selected/ }).click());
      clicks++;
      const seconds = (performance.now() - started) / 1000;
      await page.goto(`${base}/assess/review`);
      const left = await page.getByRole("link", { name: "Verify or correct" }).count();
      results.push({
        task: "Verify every answer",
        clicks,
        seconds,
        done: left === 0 ? "all verified" : `${left} left`,
      });
    }

    // 2. Exclude one phase of the plan (hardening).
    {
      await page.goto(`${base}/plan`);
      const create = page.getByRole("button", { name: "Create the plan from the assessment" });
      if ((await create.count()) > 0) {
        await create.click();
        await page.waitForLoadState("networkidle");
      }
      let clicks = 0;
      const started = performance.now();
      const bulk = page.getByRole("group", { name: "Change many items at once" });
      await bulk.getByLabel("Apply to").selectOption("phase:hardening");
      clicks++;
      await submit(page, () => bulk.getByRole("button", { name: "Exclude" }).click());
      clicks++;
      const seconds = (performance.now() - started) / 1000;
      results.push({ task: "Exclude one phase (hardening)", clicks, seconds, done: "done" });
    }
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
  for (const r of results) {
    console.log(
      `${r.task.padEnd(32)} ${String(r.clicks).padStart(4)} clicks  ${r.seconds.toFixed(1).padStart(6)} s  (${r.done})`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
