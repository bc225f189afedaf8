// npm run bench:partner — how much work two everyday partner jobs take in a real browser: clicks and
// seconds to verify every answer of the demo engagement, and to exclude one phase of its plan. It uses
// whatever the pages offer (bulk controls when they exist, one control per row otherwise), so the same
// script measured the pages before and after they got bulk tools (docs/partner-effort.md).
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
      const bulkForm = page.getByRole("form", { name: "Verify several answers at once" });
      if ((await bulkForm.count()) > 0) {
        // Show the unverified answers, select them all, verify them at once.
        await page.getByRole("link", { name: /^Not verified/ }).click();
        clicks++;
        await page.waitForURL(/show=unverified/);
        await page.getByRole("button", { name: "Select all shown" }).click();
        clicks++;
        await submit(page, () => page.getByRole("button", { name: /^Verify the \d+ selected/ }).click());
        clicks++;
      } else {
        // One answer at a time: open its panel, press "Mark verified", wait for the round trip.
        let skipped = 0;
        for (;;) {
          const open = page.locator("details.review-controls:not([open]) summary", {
            hasText: "Verify or correct",
          });
          if ((await open.count()) <= skipped) break;
          await open.nth(skipped).click();
          clicks++;
          const form = page.locator("details.review-controls[open]").last();
          const ok = await submit(page, () => form.getByRole("button", { name: "Mark verified" }).click());
          clicks++;
          if (!ok) skipped++;
          // Close what is open, as a person scrolling on would.
          await page.evaluate(() =>
            document
              .querySelectorAll("details.review-controls[open]")
              .forEach((d) => d.removeAttribute("open")),
          );
        }
      }
      const seconds = (performance.now() - started) / 1000;
      await page.goto(`${base}/assess/review`);
      const left = await page
        .locator("details.review-controls summary", { hasText: "Verify or correct" })
        .count();
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
      const bulkForm = page.getByRole("form", { name: "Change many items at once" });
      if ((await bulkForm.count()) > 0) {
        await bulkForm.getByLabel("Items").selectOption("phase:hardening");
        clicks++;
        await bulkForm.getByRole("button", { name: "Exclude" }).click();
        clicks++;
        await page.waitForLoadState("networkidle");
      } else {
        const phase = page.locator("section.plan-phase", {
          has: page.getByRole("heading", { name: "Hardening", exact: true }),
        });
        const exclude = phase.locator('button[value="excluded"][aria-pressed="false"]');
        let failed = 0;
        while ((await exclude.count()) > failed) {
          const ok = await submit(page, () => exclude.nth(failed).click());
          clicks++;
          if (!ok) failed++;
        }
      }
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
