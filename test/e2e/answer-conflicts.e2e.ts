// Two founders on the same questionnaire page (QA 6, findings 1 and 3), in a real browser. With
// JavaScript, a save refused because the co-founder changed the answer first is settled in place:
// "Save mine" saves what is in the fields (the note typed too), "Take theirs" puts theirs in the
// fields, and the question saves again afterwards (it used to refuse every change until a reload,
// which threw the typed note away). Without JavaScript, saving the whole page from a stale copy
// leaves an untouched question to the co-founder who changed it.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { join, query } from "../support/demo-server";
import { Client, createEngagement, signup, startServer, type TestServer } from "../support/server";

import { collectConsoleErrors, launchBrowser, newContext, screenshotter, settled } from "./browser";

let server: TestServer;
let browser: Browser;
let fern: Client;
let cora: Client;
let id: string;

const stored = (questionId: string) =>
  query<{ value: string; note: string }>(
    server,
    "select value, note from answers where engagement_id = ? and question_id = ?",
    id,
    questionId,
  ).map((r) => ({ value: JSON.parse(r.value) as unknown, note: r.note }))[0];

async function pageAs(who: Client, javaScriptEnabled = true): Promise<Page> {
  const context = await newContext(browser, { javaScriptEnabled });
  await context.addCookies([
    { name: "finishline_session", value: who.cookies.get("finishline_session")!, url: server.url },
  ]);
  return context.newPage();
}

/** Picks `label` in the builder question and waits for its save's answer. */
async function pick(page: Page, label: string) {
  const saved = page.waitForResponse((r) => r.request().method() === "POST");
  await page
    .getByRole("group", { name: /What did you mainly build your app with/ })
    .getByLabel(label)
    .check();
  return (await saved).status();
}

beforeAll(async () => {
  server = await startServer({ SIGNUP_RATE_LIMIT: "1000" });
  browser = await launchBrowser();
  fern = new Client(server.url);
  await signup(fern, `fern-${Date.now()}@example.com`);
  ({ id } = await createEngagement(fern, "Two founders"));
  cora = new Client(server.url);
  await signup(cora, `cora-${Date.now()}@example.com`);
  await join(fern, id, "founder", cora);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("a refused answer, settled in place", () => {
  it("saves mine (the typed note too), or takes theirs, and the question saves again after", async () => {
    const shot = screenshotter("answer-conflicts");
    const maya = await pageAs(fern);
    const stale = await pageAs(cora);
    const errors = collectConsoleErrors(stale);
    await maya.goto(`${server.url}/engagements/${id}/assess`);
    await stale.goto(`${server.url}/engagements/${id}/assess`);
    await Promise.all([settled(maya), settled(stale)]);

    expect(await pick(maya, "v0 by Vercel")).toBe(200);
    // Cora, on her older page, writes a note and picks another builder: refused.
    const group = stale.getByRole("group", { name: /What did you mainly build your app with/ });
    await group.getByText("Add a note").click();
    await group.getByLabel("Note on this question").fill("We moved to Replit in May");
    expect(await pick(stale, "Replit")).toBe(409);
    const alert = group.getByRole("alert");
    await alert.getByText(/Someone else changed this answer to “v0 by Vercel”/).waitFor();
    await shot(stale, "refused");

    await alert.getByRole("button", { name: "Save mine" }).click();
    await group.getByText("Saved", { exact: true }).waitFor();
    expect(stored("intake.builder")).toEqual({ value: "replit", note: "We moved to Replit in May" });
    expect(await group.getByRole("alert").count()).toBe(0);

    // Again the other way: Maya changes it, Cora's change is refused, and she takes Maya's.
    await maya.reload();
    await settled(maya);
    expect(await pick(maya, "Bolt.new")).toBe(200);
    expect(await pick(stale, "Lovable")).toBe(409);
    await group.getByRole("alert").getByRole("button", { name: "Take theirs" }).click();
    expect(await group.getByLabel("Bolt.new").isChecked()).toBe(true);
    expect(await group.getByLabel("Lovable").isChecked()).toBe(false);
    expect(stored("intake.builder")!.value).toBe("bolt");
    // And the question is not stuck: the next change saves.
    expect(await pick(stale, "Cursor, Windsurf or another AI code editor")).toBe(200);
    expect(stored("intake.builder")!.value).toBe("cursor");
    expect(errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
    await Promise.all([maya.context().close(), stale.context().close()]);
  });
});

describe("a whole page saved from a stale copy without JavaScript", () => {
  it("leaves the question it did not touch to the co-founder who changed it", async () => {
    const stale = await pageAs(cora, false);
    await stale.goto(`${server.url}/engagements/${id}/assess`);
    // Fern changes the builder after Cora opened the page.
    const res = await fern.post(`/engagements/${id}/assess?index`, {
      intent: "autosave",
      q: "intake.builder",
      "a:intake.builder": "framer",
      "v:intake.builder": String(
        query<{ version: number }>(
          server,
          "select version from answers where engagement_id = ? and question_id = 'intake.builder'",
          id,
        )[0]?.version ?? 0,
      ),
    });
    expect(res.status).toBe(200);
    const [answer] = await Promise.all([
      stale.waitForResponse((r) => r.request().method() === "POST"),
      stale.getByRole("button", { name: /Save and continue/ }).click(),
    ]);
    expect(answer.status(), (await stale.locator("main").innerText()).slice(0, 600)).toBe(302);
    expect(stored("intake.builder")!.value).toBe("framer");
    await stale.context().close();
  });
});
