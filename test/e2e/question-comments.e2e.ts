// A question's thread in real browsers, with and without JavaScript (partner audit #11): the partner
// asks the founder about an "I'm not sure" answer from the review page, and the founder reads and
// replies under the question on the questionnaire page, whose answers' form is left alone. And the
// founder starts a thread there themselves: "Ask your partner about this" under a question.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO } from "../../db/seed.server";
import { demoEngagementId } from "../support/demo-server";
import { startServer, type TestServer } from "../support/server";

import { axeProblems } from "./axe";
import { collectConsoleErrors, launchBrowser, newContext, screenshotter, settled } from "./browser";

let server: TestServer;
let browser: Browser;
let id: string;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  browser = await launchBrowser();
  id = demoEngagementId(server);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function logIn(page: Page, email: string) {
  await page.goto(`${server.url}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL("**/engagements");
}

describe("asking the founder about a question", () => {
  for (const javaScript of [true, false]) {
    it(`partner asks on the review page, founder replies under the question${javaScript ? "" : " (no JavaScript)"}`, async () => {
      const tag = javaScript ? "with JS" : "without JS";
      const shot = screenshotter(`question-comments${javaScript ? "" : "-no-js"}`);
      const partner = await (await newContext(browser, { javaScriptEnabled: javaScript })).newPage();
      const partnerErrors = collectConsoleErrors(partner);
      await logIn(partner, DEMO.partner.email);
      await partner.goto(`${server.url}/engagements/${id}/assess/review?show=unsure`);
      await settled(partner, { javaScript });
      const row = partner.locator("#q-data\\.backups");
      await row.getByRole("button", { name: "Ask the founder" }).click();
      const thread = partner.locator("#thread-data\\.backups");
      await thread.getByLabel("Add a comment").fill(`Do you have backups? (${tag})`);
      await thread.getByRole("button", { name: "Post comment" }).click();
      await thread.getByText(`Do you have backups? (${tag})`).waitFor();
      expect(await thread.getByLabel("Add a comment").inputValue()).toBe("");
      await shot(partner, "partner-asked");
      expect(partnerErrors).toEqual([]);

      const founder = await (await newContext(browser, { javaScriptEnabled: javaScript })).newPage();
      const founderErrors = collectConsoleErrors(founder);
      await logIn(founder, DEMO.founder.email);
      const areaUrl = `${server.url}/engagements/${id}/assess/data`;
      await founder.goto(areaUrl);
      await settled(founder, { javaScript });
      const under = founder.locator("#thread-data\\.backups");
      await under.getByText(`Do you have backups? (${tag})`).waitFor();
      // An empty reply is refused beside its box, and nothing else on the page is sent.
      await under.getByRole("button", { name: "Post comment" }).click();
      await under.getByText("Write a comment first.").waitFor();
      await settled(founder, { javaScript });
      await under.getByLabel("Reply").fill(`Checking tonight (${tag})`);
      await under.getByRole("button", { name: "Post comment" }).click();
      await under.getByText(`Checking tonight (${tag})`).waitFor();
      await settled(founder, { javaScript });
      // Still on the questionnaire page (the answers' form was not sent), the reply box empty again.
      expect(new URL(founder.url()).pathname).toBe(`/engagements/${id}/assess/data`);
      expect(await under.getByLabel("Reply").inputValue()).toBe("");
      await shot(founder, "founder-replied");
      // The answer is as it was: "I'm not sure".
      expect(
        await founder
          .locator("#q-data\\.backups")
          .getByLabel(/I'm not sure/)
          .isChecked(),
      ).toBe(true);
      expect(founderErrors).toEqual([]);
      await founder.context().close();
      await partner.context().close();
    });
  }
});

describe("the founder asking their partner about a question", () => {
  for (const javaScript of [true, false]) {
    it(`opens the form under that question from its link, and posts the first comment${javaScript ? "" : " (no JavaScript)"}`, async () => {
      const tag = javaScript ? "with JS" : "without JS";
      // A question of the demo's "data" page nobody has commented on; one per run, same server.
      const question = javaScript ? "data.schema-changes" : "data.multi-step";
      const css = `#thread-${question.replace(".", "\\.")}`;
      const shot = screenshotter(`question-ask${javaScript ? "" : "-no-js"}`);
      // axe goes in as an inline script, which the CSP forbids: this context bypasses it.
      const founder = await (
        await newContext(browser, { javaScriptEnabled: javaScript, bypassCSP: true })
      ).newPage();
      const errors = collectConsoleErrors(founder);
      await logIn(founder, DEMO.founder.email);
      const areaUrl = `${server.url}/engagements/${id}/assess/data`;
      await founder.goto(areaUrl);
      await settled(founder, { javaScript });
      const link = founder.locator(`a[href$="?ask=${question}#q-${question}"]`);
      expect(await link.textContent()).toBe("Ask your partner about this");
      // No form for this question's thread until one is asked for (the earlier test's thread has one).
      const forms = founder.locator(`form[id^="comment-"]`);
      const before = await forms.count();
      expect(await founder.locator(`form[id="comment-${question}"]`).count()).toBe(0);
      // With JavaScript the link is a Remix navigation, not a new page: this mark survives it.
      if (javaScript) await founder.evaluate(() => Object.assign(window, { stillHere: true }));

      await link.click();
      const thread = founder.locator(css);
      const box = thread.getByLabel("Your question");
      await box.waitFor();
      await settled(founder, { javaScript });
      expect(new URL(founder.url()).searchParams.get("ask")).toBe(question);
      expect(await forms.count()).toBe(before + 1);
      expect(await founder.locator(`form[id="comment-${question}"]`).count()).toBe(1);
      if (javaScript) {
        expect(await founder.evaluate(() => (window as { stillHere?: boolean }).stillHere)).toBe(true);
        // The box it opened has the focus.
        await founder.waitForFunction((q) => document.activeElement?.id === `thread-${q}-body`, question);
      }
      // Cancel closes it: the link is back.
      await thread.getByRole("link", { name: "Cancel" }).click();
      await link.waitFor();
      await settled(founder, { javaScript });
      expect(await thread.count()).toBe(0);

      await link.click();
      await box.waitFor();
      await settled(founder, { javaScript });
      // An empty first comment is refused beside its box, which stays open.
      await thread.getByRole("button", { name: "Post comment" }).click();
      await thread.getByText("Write a comment first.").waitFor();
      await settled(founder, { javaScript });
      expect(await box.getAttribute("aria-invalid")).toBe("true");
      await box.fill(`Is a weekly copy enough here? (${tag})`);
      await shot(founder, "asking");
      if (javaScript) expect(await axeProblems(founder, "questionnaire, asking")).toEqual([]);
      await thread.getByRole("button", { name: "Post comment" }).click();
      await thread.getByText(`Is a weekly copy enough here? (${tag})`).waitFor();
      await settled(founder, { javaScript });
      // Back on the page without the form's address, the thread now like any other, its box empty.
      expect(new URL(founder.url()).pathname).toBe(`/engagements/${id}/assess/data`);
      expect(await thread.getByLabel("Reply").inputValue()).toBe("");
      expect(await link.count()).toBe(0);
      await shot(founder, "asked");
      expect(errors).toEqual([]);

      // The partner reads it under the question on the review page.
      const partner = await (await newContext(browser, { javaScriptEnabled: javaScript })).newPage();
      await logIn(partner, DEMO.partner.email);
      await partner.goto(`${server.url}/engagements/${id}/assess/review?thread=${question}`);
      await partner.locator(css).getByText(`Is a weekly copy enough here? (${tag})`).waitFor();
      await partner.context().close();
      await founder.context().close();
    });
  }
});
