// Evidence from the code in a real browser: the founder uploads the AI-built example app, sees the
// suggestions on the questionnaire, accepts them, and the results, the review page and both PDFs
// show the evidence, with a narrower effort range than the "not sure" answers gave.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import type { Browser } from "playwright-core";
import { extractText } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { fixtureZip, zip } from "../support/archives";
import { addMember } from "../support/demo-server";
import { AI_BUILT_SUGGESTIONS } from "../support/evidence";
import { unwrapped } from "../support/pdf-text";
import { Client, createEngagement, signup, startServer, type TestServer } from "../support/server";

import { collectConsoleErrors, launchBrowser, newContext, screenshotter, settled } from "./browser";

let server: TestServer;
let browser: Browser;
let tmp: string;

beforeAll(async () => {
  server = await startServer({ SIGNUP_RATE_LIMIT: "1000" });
  browser = await launchBrowser();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-e2e-evidence-"));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const hoursOf = (text: string) => (text.match(/[\d,]+/g) ?? []).map((n) => Number(n.replace(/,/g, "")));
const pdfText = async (bytes: Uint8Array) =>
  unwrapped((await extractText(new Uint8Array(bytes), { mergePages: true })).text)
    .replace(/\/ /g, "/")
    .replace(/ :(\d)/g, ":$1")
    .replace(/(\S)- /g, "$1");

describe("evidence from the code, in a browser", () => {
  it("upload → suggestions → accept → results, review and PDFs show the evidence", async () => {
    // Set-up over HTTP (not what is under test): a founder who said "not sure" where the code knows.
    const founder = new Client(server.url);
    await signup(founder, `e2e-ev-${Date.now()}@example.com`);
    const { id } = await createEngagement(founder, "SnackBox");
    const partner = await addMember(server, founder, id, "partner");
    await founder.post(`/engagements/${id}/assess?index`, {
      intent: "save",
      q: ["intake.backend", "intake.takes-payments", "intake.payment-provider"],
      "a:intake.backend": "supabase",
      "a:intake.takes-payments": "yes",
      "a:intake.payment-provider": "stripe",
      "v:intake.backend": "0",
      "v:intake.takes-payments": "0",
      "v:intake.payment-provider": "0",
    });
    const areaQuestions = AI_BUILT_SUGGESTIONS.map(([q]) => q as string).filter(
      (q) => !q.startsWith("intake."),
    );
    for (const area of new Set(areaQuestions.map((q) => q.split(".")[0]))) {
      const inArea = areaQuestions.filter((q) => q.startsWith(`${area}.`));
      const form: Record<string, string | string[]> = { intent: "save", q: inArea };
      for (const q of inArea) Object.assign(form, { [`a:${q}`]: "unsure", [`v:${q}`]: "0" });
      await founder.post(`/engagements/${id}/assess/${area}`, form);
    }
    const archive = path.join(tmp, "snackbox-main.zip");
    fs.writeFileSync(archive, fixtureZip("ai-built"));

    const context = await newContext(browser);
    await context.addCookies([
      { name: "finishline_session", value: founder.cookies.get("finishline_session")!, url: server.url },
    ]);
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    const shot = screenshotter("evidence");

    // The range before: every flawed area answered "I'm not sure".
    await page.goto(`${server.url}/engagements/${id}/results`);
    // The whole estimate's row of the tier table: hours likely, hours cautious.
    const totalHours = async () => {
      const cells = page.locator(".tier-table__total td");
      return [hoursOf(await cells.nth(1).innerText())[0], hoursOf(await cells.nth(2).innerText())[0]];
    };
    const [p50Before, p90Before] = await totalHours();
    await shot(page, "results-before");

    // Upload from the assessment's "Evidence from code" page.
    await page.goto(`${server.url}/engagements/${id}/assess`);
    await page.getByRole("link", { name: "Evidence from code" }).click();
    await page.waitForURL(/\/assess\/code$/);
    await page.locator("#archive").setInputFiles(archive);
    await page.getByRole("button", { name: "Scan the code" }).click();
    await page
      .getByText(
        new RegExp(
          `^Scanned snackbox-main\\.zip: 25 findings, ${AI_BUILT_SUGGESTIONS.length} suggestions to review\\.`,
        ),
      )
      .waitFor();
    await expect(
      page.getByRole("heading", { name: `Suggestions to review (${AI_BUILT_SUGGESTIONS.length})` }).count(),
    ).resolves.toBe(1);
    await shot(page, "suggestions");

    // On the questionnaire: the suggestion sits under its question; accept it there.
    await page.goto(`${server.url}/engagements/${id}/assess/auth`);
    const panel = page.locator('[id="suggestion-auth.secrets-in-browser-found"]');
    await expect(panel.innerText()).resolves.toContain(
      "Suggested from your code: Yes: a secret key was found in browser code",
    );
    await panel.getByText("Evidence (5)").click();
    await expect(panel.innerText()).resolves.toContain('apiKey: "sk-proj-[REDACTED]",');
    await shot(page, "questionnaire-suggestion");
    await panel.getByRole("button", { name: "Accept suggestion" }).click();
    await page.waitForURL(/\/assess\/auth#q-auth\.secrets-in-browser$/);
    await page.getByText("Backed by code evidence").first().waitFor();
    await expect(
      page.locator('fieldset[id="q-auth.secrets-in-browser"] input[value="found"]').isChecked(),
    ).resolves.toBe(true);
    await shot(page, "questionnaire-accepted");

    // Back on the evidence page: accept the rest, one by one.
    await page.goto(`${server.url}/engagements/${id}/assess/code`);
    for (let left = AI_BUILT_SUGGESTIONS.length - 1; left > 0; left--) {
      await page.getByRole("heading", { name: `Suggestions to review (${left})` }).waitFor();
      await page.getByRole("button", { name: "Accept suggestion" }).first().click();
    }
    await page.getByRole("heading", { name: "Suggestions to review (0)" }).waitFor();

    // Results: evidence-backed answers are marked, and the range is narrower than with "not sure".
    await page.goto(`${server.url}/engagements/${id}/results`);
    await page
      .getByRole("heading", { name: `Answers backed by your code (${AI_BUILT_SUGGESTIONS.length})` })
      .waitFor();
    const [p50After, p90After] = await totalHours();
    expect(p90After - p50After).toBeLessThan(p90Before - p50Before);
    await shot(page, "results-after");

    await page.goto(`${server.url}/engagements/${id}/assess/review`);
    await expect(page.getByText("Backed by code evidence").count()).resolves.toBe(
      AI_BUILT_SUGGESTIONS.length,
    );
    await shot(page, "review");

    // Both PDFs: the founder's report marks each answer; a published proposal lists them.
    const report = await page.request.get(`${server.url}/engagements/${id}/report.pdf`);
    expect(report.status()).toBe(200);
    const reportText = await pdfText(await report.body());
    expect(reportText).toContain(
      "Backed by code evidence: A table is created without Row Level Security (supabase/migrations/20240601000000_init.sql:10).",
    );
    await partner.post(`/engagements/${id}/plan`, { intent: "generate" });
    const published = await partner.post(`/engagements/${id}/proposals`, {
      assumptions: "a",
      exclusions: "b",
    });
    expect(published.status).toBe(302);
    const proposal = await page.request.get(`${server.url}/engagements/${id}/proposals/1.pdf`);
    expect(proposal.status()).toBe(200);
    const proposalText = await pdfText(await proposal.body());
    expect(proposalText).toContain("Answers backed by the code");
    // The most damaging place is the one named: the service_role key before the AI key.
    expect(proposalText).toContain("Browser code uses the Supabase service_role key (src/lib/admin.ts:6)");

    expect(errors).toEqual([]);
    await context.close();
  });

  it("an archive over 50 MB gets the page's own message, with and without JavaScript", async () => {
    const founder = new Client(server.url);
    await signup(founder, `e2e-ev-big-${Date.now()}@example.com`);
    const { id } = await createEngagement(founder, "Big SnackBox");
    // Sparse: 56 MB on paper, nothing written to disk.
    const archive = path.join(tmp, "with-assets.zip");
    fs.closeSync(fs.openSync(archive, "w"));
    fs.truncateSync(archive, 56 * 1024 * 1024);
    for (const javaScriptEnabled of [true, false]) {
      const context = await newContext(browser, { javaScriptEnabled });
      await context.addCookies([
        { name: "finishline_session", value: founder.cookies.get("finishline_session")!, url: server.url },
      ]);
      const page = await context.newPage();
      const errors = collectConsoleErrors(page);
      await page.goto(`${server.url}/engagements/${id}/assess/code`);
      await settled(page, { javaScript: javaScriptEnabled });
      await page.locator("#archive").setInputFiles(archive);
      await page.getByRole("button", { name: "Scan the code" }).click();
      // Beside the file field.
      await page
        .locator("#archive-error")
        .getByText("The archive is larger than 50 MB. Upload the source code only", { exact: false })
        .waitFor();
      await expect(page.getByText("could not be shown").count()).resolves.toBe(0);
      // The engagement's tabs are still there: the page answered, not an error boundary.
      await page.getByRole("link", { name: "Results" }).waitFor();
      expect(
        errors.filter((e) => !/status of 413/.test(e)),
        `JavaScript ${javaScriptEnabled}`,
      ).toEqual([]);
      await context.close();
    }
  });

  it("deciding on the evidence page comes back to it, at the next suggestion, saying what was decided", async () => {
    const founder = new Client(server.url);
    await signup(founder, `e2e-ev-decide-${Date.now()}@example.com`);
    for (const javaScriptEnabled of [true, false]) {
      const { id } = await createEngagement(founder, `Decide SnackBox ${javaScriptEnabled}`);
      const form = new FormData();
      form.append("intent", "upload");
      form.append("archive", new Blob([new Uint8Array(fixtureZip("ai-built"))]), "app.zip");
      const uploaded = await fetch(`${server.url}/engagements/${id}/assess/code`, {
        method: "POST",
        body: form,
        redirect: "manual",
        headers: { Cookie: founder.cookieHeader(), Origin: server.url },
      });
      expect(uploaded.status).toBe(302);

      const context = await newContext(browser, { javaScriptEnabled });
      await context.addCookies([
        { name: "finishline_session", value: founder.cookies.get("finishline_session")!, url: server.url },
      ]);
      const page = await context.newPage();
      const errors = collectConsoleErrors(page);
      await page.goto(`${server.url}/engagements/${id}/assess/code`);
      if (javaScriptEnabled) {
        await settled(page);
        // Set on this document: still there afterwards means no full page load happened.
        await page.evaluate(() => Object.assign(window, { sameDocument: true }));
      }
      const cards = page.locator("article.card");
      const prompt = async (n: number) => (await cards.nth(n).locator("h3").innerText()).trim();
      const [second, third] = [await prompt(1), await prompt(2)];
      const label = (await cards.nth(1).locator("p").nth(1).innerText())
        .replace(/^Suggested from your code:\s*/, "")
        .replace(/\s*(High|Medium|Low) confidence$/i, "")
        .trim();

      await cards.nth(1).getByRole("button", { name: "Accept suggestion" }).click();
      await page.waitForURL(/\/assess\/code\?decided=[A-Za-z0-9_-]+#decision$/);
      const status = page.getByRole("status");
      const total = AI_BUILT_SUGGESTIONS.length;
      await expect(status.innerText()).resolves.toBe(
        `Accepted: ${second} → ${label}. ${total - 1} left to review.`,
      );
      await page.getByRole("heading", { name: `Suggestions to review (${total - 1})` }).waitFor();
      // The line is in view, scrolled to (not the top of the page), with the next suggestion under it.
      const placed = await page.evaluate(() => {
        const note = document.getElementById("decision")!;
        const next = note.nextElementSibling!;
        const { top } = note.getBoundingClientRect();
        return {
          scrollY: window.scrollY,
          top,
          // scrollIntoView may land a fraction of a pixel off
          inView: top > -2 && top < window.innerHeight,
          next: next.querySelector("h3")?.textContent,
        };
      });
      expect(placed.scrollY, `JavaScript ${javaScriptEnabled}`).toBeGreaterThan(0);
      expect(placed.inView, `JavaScript ${javaScriptEnabled}`).toBe(true);
      expect(placed.next).toBe(third);
      if (javaScriptEnabled) {
        await expect(page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).resolves.toBe(
          true,
        );
      }

      // Reject the next one, which now sits right under the line.
      await page.locator("#decision + article").getByRole("button", { name: "Reject" }).click();
      await page.getByText(`Rejected: ${third} → `, { exact: false }).waitFor();
      await page.getByRole("heading", { name: `Suggestions to review (${total - 2})` }).waitFor();
      expect(errors, `JavaScript ${javaScriptEnabled}`).toEqual([]);
      await context.close();
    }
  });

  it("over the hourly scan limit: the page says when to try again, beside the file field, with and without JavaScript", async () => {
    const limited = await startServer({ SCAN_RATE_LIMIT: "2" });
    try {
      const founder = new Client(limited.url);
      await signup(founder, `e2e-ev-limit-${Date.now()}@example.com`);
      const { id } = await createEngagement(founder, "Limited SnackBox");
      // Use up the hour's scans, with real ones: a file refused for its shape costs none.
      for (let n = 0; n < 2; n++) {
        const code = zip([{ name: "app/index.ts", data: `export const x = ${n};\n` }]);
        expect((await founder.uploadCode(id, code, "app.zip")).status).toBe(302);
      }
      const archive = path.join(tmp, "limited.zip");
      fs.writeFileSync(archive, zip([{ name: "app/index.ts", data: "export const x = 1;\n" }]));
      const scanFile = path.join(tmp, "limited-scan.json");
      fs.writeFileSync(scanFile, "{}");
      const wait = /^You can scan 2 times an hour\. Try again in about (59|60) minutes\.$/;
      for (const javaScriptEnabled of [true, false]) {
        const context = await newContext(browser, { javaScriptEnabled });
        await context.addCookies([
          { name: "finishline_session", value: founder.cookies.get("finishline_session")!, url: limited.url },
        ]);
        const page = await context.newPage();
        const errors = collectConsoleErrors(page);
        await page.goto(`${limited.url}/engagements/${id}/assess/code`);
        await settled(page, { javaScript: javaScriptEnabled });

        await page.locator("#archive").setInputFiles(archive);
        await page.getByRole("button", { name: "Scan the code" }).click();
        await page.locator("#archive-error").getByText(wait).waitFor();
        await expect(page.getByText("Too many attempts").count()).resolves.toBe(0);
        await page.getByRole("link", { name: "Results" }).waitFor();

        await page.locator("#scanFile").setInputFiles(scanFile);
        await page.getByRole("button", { name: "Import the scan" }).click();
        await page.locator("#scanFile-error").getByText(wait).waitFor();
        await expect(page.locator("#archive-error").count()).resolves.toBe(0);
        expect(
          errors.filter((e) => !/status of 429/.test(e)),
          `JavaScript ${javaScriptEnabled}`,
        ).toEqual([]);
        await context.close();
      }
    } finally {
      await limited.stop();
    }
  });

  it("works without JavaScript: upload, then accept from the questionnaire", async () => {
    const founder = new Client(server.url);
    await signup(founder, `e2e-ev-nojs-${Date.now()}@example.com`);
    const { id } = await createEngagement(founder, "No-JS SnackBox");
    const archive = path.join(tmp, "nojs.zip");
    fs.writeFileSync(archive, fixtureZip("ai-built"));
    const context = await newContext(browser, { javaScriptEnabled: false });
    await context.addCookies([
      { name: "finishline_session", value: founder.cookies.get("finishline_session")!, url: server.url },
    ]);
    const page = await context.newPage();
    await page.goto(`${server.url}/engagements/${id}/assess/code`);
    await page.locator("#archive").setInputFiles(archive);
    await page.getByRole("button", { name: "Scan the code" }).click();
    await page
      .getByText(
        new RegExp(
          `^Scanned nojs\\.zip: 25 findings, ${AI_BUILT_SUGGESTIONS.length} suggestions to review\\.`,
        ),
      )
      .waitFor();

    await page.goto(`${server.url}/engagements/${id}/assess/ops`);
    const panel = page.locator('[id="suggestion-ops.automated-tests-none"]');
    await panel.getByRole("button", { name: "Accept suggestion" }).click();
    await page.waitForURL(/\/assess\/ops#q-ops\.automated-tests$/);
    // The address changes before React has rendered the saved answer: wait for it.
    await expect
      .poll(() => page.locator('fieldset[id="q-ops.automated-tests"] input[value="none"]').isChecked())
      .toBe(true);
    await page.getByText("Backed by code evidence").first().waitFor();
    await context.close();
  });
});
