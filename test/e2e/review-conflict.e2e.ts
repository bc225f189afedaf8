// QA pass 6, finding 8, in a real browser: a partner's correction refused because another partner
// verified the answer meanwhile names that partner and the time, keeps the options the partner
// ticked and their note, and the page is read again (the answer as it now is, and its version), so
// saving again goes through.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { addMember, DEMO, demoEngagementId, login, query } from "../support/demo-server";
import { startServer, type TestServer } from "../support/server";

import { collectConsoleErrors, launchBrowser, newContext, screenshotter, settled } from "./browser";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", SIGNUP_RATE_LIMIT: "1000" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("a review refused because someone else reviewed the answer first", () => {
  it("says who and when, keeps the ticks and the note, and saves on the second try", async () => {
    const shot = screenshotter("review-conflict");
    const id = demoEngagementId(server);
    const q = "intake.platforms";
    const founder = await login(server, DEMO.founder.email);
    const other = await addMember(server, founder, id, "partner");
    const context = await newContext(browser);
    const page = await context.newPage();
    // The refusal is a 409, which the browser reports; anything else is a failure.
    const errors = collectConsoleErrors(page);
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Email").fill(DEMO.partner.email);
    await page.getByLabel("Password").fill(DEMO.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL("**/engagements");
    await page.goto(`${server.url}/engagements/${id}/assess/review?review=${q}#q-${q}`);
    await settled(page);
    const form = page.getByRole("form", { name: "Review “Where can people use your app?”" });
    await form.waitFor();

    // Another partner verifies it meanwhile.
    const { version } = query<{ version: number }>(
      server,
      "select version from answers where engagement_id = ? and question_id = ?",
      id,
      q,
    )[0]!;
    const verified = await other.post(`/engagements/${id}/assess/review?review=${q}`, {
      intent: "verify",
      questionId: q,
      version: String(version),
      note: "",
    });
    expect(verified.status).toBe(302);

    const ios = form.getByRole("checkbox", { name: /iPhone/ });
    const web = form.getByRole("checkbox", { name: /web browser/ });
    await ios.check();
    await web.check();
    await form.getByLabel("Note (what you checked)").fill("There is an iPhone app too");
    await form.getByRole("button", { name: "Save correction" }).click();
    const alert = form.getByRole("alert");
    await alert.waitFor();
    await settled(page);
    await shot(page, "refused");
    expect(await alert.textContent()).toMatch(/ verified this answer \(\d{1,2} \w{3} \d{4}, \d{2}:\d{2}/);
    expect(await alert.textContent()).not.toContain("The founder");
    expect(await ios.isChecked()).toBe(true);
    expect(await web.isChecked()).toBe(true);
    expect(await form.getByLabel("Note (what you checked)").inputValue()).toBe("There is an iPhone app too");
    // The row now shows the other partner's verification.
    await page.locator(`[id="q-${q}"]`).getByText("Verified by").waitFor();

    // Saving again, having looked: the correction goes through.
    await form.getByRole("button", { name: "Save correction" }).click();
    await page.locator(`[id="q-${q}"]`).getByText("Corrected by").waitFor();
    await settled(page);
    const stored = query<{ review: string; corrected_value: string; review_note: string }>(
      server,
      "select review, corrected_value, review_note from answers where engagement_id = ? and question_id = ?",
      id,
      q,
    )[0]!;
    expect(stored.review).toBe("corrected");
    expect(JSON.parse(stored.corrected_value).sort()).toEqual(["ios", "web"]);
    expect(stored.review_note).toBe("There is an iPhone app too");
    expect(errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
    await context.close();
  });
});
