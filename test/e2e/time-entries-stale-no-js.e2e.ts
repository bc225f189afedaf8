// From the review of 6 December (decision 042, "Corrected in place"): without JavaScript, a stale
// correction (the entry corrected by someone else since the page was read) comes back as a page opened at the row
// (`#time-edit`), which is right for a field refused beside it; but the 409's message is only at the
// top of the page, out of sight, so the partner sees their form again with no word of why it was not
// saved.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { entryShown } from "../../app/models/time-entries.server";
import {
  acceptedProposal,
  addMember,
  DEMO,
  demoEngagementId,
  login,
  logTime,
  query,
} from "../support/demo-server";
import { startServer, type Client, type TestServer } from "../support/server";

import { launchBrowser, newContext, settled } from "./browser";

let server: TestServer;
let browser: Browser;
let id: string;
let itemId: string;
let founder: Client;
let partner: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  await acceptedProposal(server, founder, partner, id);
  itemId = query<{ id: string }>(
    server,
    "select id from plan_items where engagement_id = ? and scope = 'included' order by position limit 1",
    id,
  )[0]!.id;
  // Enough entries that the row being corrected is well down a phone-sized window.
  for (let day = 1; day <= 6; day++)
    expect((await logTime(server, partner, id, itemId, { day: `2026-11-0${day}`, hours: "1" })).status).toBe(
      302,
    );
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("a stale correction without JavaScript", () => {
  it("says why it was not saved where the page opens", async () => {
    const context = await newContext(browser, {
      javaScriptEnabled: false,
      viewport: { width: 390, height: 800 },
    });
    await context.addCookies([
      { name: "finishline_session", value: partner.cookies.get("finishline_session")!, url: server.url },
    ]);
    const page = await context.newPage();
    await page.goto(`${server.url}/engagements/${id}/plan/${itemId}`);
    await settled(page, { javaScript: false });
    await page.getByRole("link", { name: "Edit 1 h on 1 Nov 2026" }).click();
    await page.waitForURL(/\?edit=[^#]+#time-edit$/);
    const form = page.getByRole("form", { name: "Correct 1 h on 1 Nov 2026" });
    await form.getByLabel("Hours").fill("1.5");
    // Meanwhile another partner corrects that entry's note: the form no longer shows it as it is.
    const entry = query<{ id: string; hours: number; day: string; note: string }>(
      server,
      "select id, hours, day, note from time_entries where item_id = ? and day = '2026-11-01'",
      itemId,
    )[0]!;
    const other = await addMember(server, founder, id, "partner");
    expect(
      (
        await other.post(`/engagements/${id}/plan/${itemId}?edit=${entry.id}`, {
          intent: "edit-time",
          itemId,
          entryId: entry.id,
          shown: entryShown(entry),
          day: entry.day,
          hours: "1",
          note: "Set up the staging database",
        })
      ).status,
    ).toBe(302);
    await form.getByRole("button", { name: "Save" }).click();
    await page.waitForLoadState("load");
    const message = page.getByText(/your correction was not saved/);
    expect(await message.count()).toBe(1);
    // The page opens at the form, with what was typed; the reason has to be in sight there too.
    expect(await form.getByLabel("Hours").inputValue()).toBe("1.5");
    const inView = await message.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight;
    });
    expect(inView).toBe(true);
    await context.close();
  }, 60_000);
});
