// QA pass 5, finding 1: a session that ended (idle for 30 minutes, or signed out elsewhere) while the
// founder answered sent the next autosave to the login page. The page left, and the answer and note
// just typed were lost, with nothing said. Now the question says it was not saved because they were
// signed out, keeps what was typed, and saves it once they are back on the tab after logging in
// again; the login page says why they are there.
import Database from "better-sqlite3";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";

import { realContent } from "../support/content";
import { Client, createEngagement, signup, startServer, type TestServer } from "../support/server";

import { collectConsoleErrors, launchBrowser, newContext, settled } from "./browser";

let server: TestServer;
let browser: Browser;
const area = realContent().areas.find((a) => !a.applicability)!;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Ends every session of the account, as the idle limit does (last seen long ago). */
function endSessions(email: string) {
  const db = new Database(server.dbFile);
  try {
    db.pragma("busy_timeout = 5000");
    db.prepare(
      "update sessions set last_seen_at = 0 where user_id = (select id from users where email = ?)",
    ).run(email);
  } finally {
    db.close();
  }
}

function stored(engagementId: string, questionId: string) {
  const db = new Database(server.dbFile, { readonly: true });
  try {
    return db
      .prepare("select value, note from answers where engagement_id = ? and question_id = ?")
      .get(engagementId, questionId) as { value: string; note: string } | undefined;
  } finally {
    db.close();
  }
}

it("keeps an answer saved after the session ended on the page, and saves it after logging in again", async () => {
  const email = `e2e-ended-${Date.now()}@example.com`;
  const client = new Client(server.url);
  await signup(client, email);
  const { id } = await createEngagement(client, "Idle Co");
  const context = await newContext(browser, { javaScriptEnabled: true });
  await context.addCookies([
    { name: "finishline_session", value: client.cookies.get("finishline_session")!, url: server.url },
  ]);
  const page = await context.newPage();
  const errors = collectConsoleErrors(page);
  const path = `/engagements/${id}/assess/${area.id}`;
  await page.goto(`${server.url}${path}`);
  await settled(page);

  const q = area.questions.find((x) => x.kind === "single" && !x.showIf && x.options.length >= 2)!;
  const [first, second] = q.options;
  const group = page.locator(`[id="q-${q.id}"]`);
  await group.locator(`input[type="radio"][value="${first!.id}"]`).check();
  await group.getByText("Saved", { exact: true }).waitFor();

  // The founder steps away; the session ends. Back, they write a note and change the answer.
  endSessions(email);
  await group.getByText("Add a note").click();
  await group.getByLabel("Note on this question").fill("Checked with Sam: only the admin area uses it");
  await group.locator(`input[type="radio"][value="${second!.id}"]`).check();
  await group.getByText("Not saved — you were signed out").waitFor();
  // Still on the page, with what was typed; nothing new stored.
  expect(new URL(page.url()).pathname).toBe(path);
  expect(await group.getByLabel("Note on this question").inputValue()).toBe(
    "Checked with Sam: only the admin area uses it",
  );
  expect(await group.locator(`input[type="radio"][value="${second!.id}"]`).isChecked()).toBe(true);
  expect(JSON.parse(stored(id, q.id)!.value)).toBe(first!.id);
  const again = group.getByRole("link", { name: "Log in again" });
  expect(await again.getAttribute("target")).toBe("_blank");
  expect(await again.getAttribute("href")).toBe(`/login?${new URLSearchParams({ redirectTo: path })}`);

  // The login page, opened from that link, says why.
  const login = await context.newPage();
  await login.goto(`${server.url}${path}`);
  await login.getByText("You were signed out: a session ends after a while without activity").waitFor();
  await login.getByLabel("Email").fill(email);
  await login.getByLabel("Password").fill("correct horse battery");
  await login.getByRole("button", { name: "Log in" }).click();
  await login.waitForURL(`**${path}`);
  await login.close();

  // Back on the first tab: the answer and note are saved.
  await page.bringToFront();
  await page.evaluate(() => window.dispatchEvent(new Event("focus")));
  await group.getByText("Saved", { exact: true }).waitFor();
  expect(stored(id, q.id)).toEqual({
    value: JSON.stringify(second!.id),
    note: "Checked with Sam: only the admin area uses it",
  });
  // The redirect the ended save got is handled, not an error.
  expect(errors).toEqual([]);
  await context.close();
});
