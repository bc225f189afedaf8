// Browser quality on every main page: axe-core finds no serious or critical accessibility violations,
// a phone-sized screen (390×844) has no horizontal scroll and usable controls, and each page renders a
// useful first view without JavaScript.
import Database from "better-sqlite3";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO } from "../../db/seed.server";
import { demoEngagementId, login } from "../support/demo-server";
import { Client, confirmationLink, signup, startServer, type TestServer } from "../support/server";

import { axeProblems } from "./axe";
import { collectConsoleErrors, launchBrowser, screenshotter, settled } from "./browser";

let server: TestServer;
let browser: Browser;
let cookie: string;
let partnerCookie: string;
let partnerPages: string[];
let pages: Array<{ name: string; path: string; heading: RegExp; anonymous?: boolean }>;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  browser = await launchBrowser();
  const id = demoEngagementId(server);
  const partner = await login(server, DEMO.partner.email);
  await partner.post(`/engagements/${id}/plan`, { intent: "generate" });
  await partner.post(`/engagements/${id}/proposals`, {
    assumptions: "Access in week one",
    exclusions: "Redesign",
  });
  const founder = await login(server, DEMO.founder.email);
  // A pending invitation, so the members page has a Revoke button in a table as well as Remove.
  await founder.post(`/engagements/${id}/members`, { intent: "invite", role: "viewer", note: "Our advisor" });
  // Two-step login being set up: its page then shows the QR code, the key and the form.
  await founder.post("/account/two-step", { intent: "start" });
  // The founder's address unconfirmed, so the account page shows its notice and button (decision 038).
  const db = new Database(server.dbFile);
  db.prepare("update users set email_confirmed_at = null where email = ?").run(DEMO.founder.email);
  db.close();
  // And a link to confirm an address, which only a POST uses up.
  const newcomer = `newcomer-${Date.now()}@example.com`;
  await signup(new Client(server.url), newcomer);
  const confirmLink = await confirmationLink(server, newcomer);
  cookie = founder.cookies.get("finishline_session")!;
  partnerCookie = partner.cookies.get("finishline_session")!;
  const item = /href="(\/engagements\/[^"]+\/plan\/(?!estimates"|new")[A-Za-z0-9_-]+)"/.exec(
    await (await partner.get(`/engagements/${id}/plan`)).text(),
  )![1];
  // Pages only the partner can open, and a plan item.
  partnerPages = [`/engagements/${id}/plan/estimates`, `/engagements/${id}/plan/new`, item];
  pages = [
    { name: "landing", path: "/", heading: /real users/ },
    { name: "login", path: "/login", heading: /Log in/, anonymous: true },
    { name: "signup", path: "/signup", heading: /Create your account/, anonymous: true },
    { name: "projects", path: "/engagements", heading: /My projects/ },
    { name: "overview", path: `/engagements/${id}`, heading: /CartPilot/ },
    { name: "questionnaire", path: `/engagements/${id}/assess/auth`, heading: /Authentication & security/ },
    { name: "review", path: `/engagements/${id}/assess/review`, heading: /Review the answers/ },
    { name: "results", path: `/engagements/${id}/results`, heading: /Launch blockers/ },
    { name: "evidence", path: `/engagements/${id}/assess/code`, heading: /code/i },
    { name: "plan", path: `/engagements/${id}/plan`, heading: /In scope/ },
    { name: "proposals", path: `/engagements/${id}/proposals`, heading: /Proposal/ },
    { name: "proposal", path: `/engagements/${id}/proposals/1`, heading: /Proposal version 1/ },
    { name: "members", path: `/engagements/${id}/members`, heading: /Members|People/ },
    { name: "settings", path: `/engagements/${id}/settings`, heading: /Settings/ },
    { name: "account", path: `/account`, heading: /Account/ },
    {
      name: "delete engagement",
      path: `/engagements/${id}/settings/delete`,
      heading: /Delete this project/,
    },
    { name: "delete account", path: `/account/delete`, heading: /Delete your account/ },
    { name: "two-step login", path: `/account/two-step`, heading: /Two-step login/ },
    { name: "forgot password", path: "/forgot-password", heading: /Reset your password/, anonymous: true },
    { name: "confirm email", path: confirmLink, heading: /Confirm your email/, anonymous: true },
  ];
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(options: Parameters<Browser["newContext"]>[0]): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.addCookies([{ name: "finishline_session", value: cookie, url: server.url }]);
  return context;
}

/** Login and sign-up pages redirect signed-in users, so they are visited signed out. */
async function visit(
  context: BrowserContext,
  page: import("playwright-core").Page,
  p: (typeof pages)[number],
) {
  if (p.anonymous) await context.clearCookies();
  const res = await page.goto(server.url + p.path);
  if (p.anonymous) await context.addCookies([{ name: "finishline_session", value: cookie, url: server.url }]);
  return res;
}

/** What makes a page hard to use on a 390 px phone: sideways scrolling, small controls, hidden buttons. */
async function phoneProblems(page: import("playwright-core").Page, name: string): Promise<string[]> {
  const problems: string[] = [];
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) problems.push(`${name}: scrolls sideways by ${overflow}px`);
  const small = await page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>(
        "main button, main .button, main input:not([type=hidden]), main select, header button, header .button",
      ),
    ]
      .filter((el) => el.offsetParent !== null)
      // A radio or checkbox inside its label is tapped through the whole label.
      .map((el) => ({
        el,
        box: (el.matches("input[type=radio], input[type=checkbox]")
          ? (el.closest("label") ?? el)
          : el
        ).getBoundingClientRect(),
      }))
      .filter(({ box }) => box.height < 24 || box.width < 24)
      .map(({ el }) => el.outerHTML.slice(0, 80)),
  );
  if (small.length > 0) problems.push(`${name}: controls under 24×24 px: ${small.slice(0, 3).join(" | ")}`);
  // No table scrolls sideways inside its box either (the wide ones read as cards on a phone), let
  // alone hides a row's button there.
  const hidden = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("main .table-wrap")].flatMap((wrap) => {
      const box = wrap.getBoundingClientRect();
      const out = [...wrap.querySelectorAll<HTMLElement>("button, .button, input:not([type=hidden])")]
        .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().right > box.right + 1)
        .map((el) => `button "${el.textContent?.trim().slice(0, 40)}" is off to the side`);
      if (wrap.scrollWidth > wrap.clientWidth)
        out.push(
          `table "${(wrap.querySelector("caption, h2, h3")?.textContent ?? wrap.textContent ?? "").slice(0, 40)}" scrolls by ${wrap.scrollWidth - wrap.clientWidth}px`,
        );
      return out;
    }),
  );
  for (const h of hidden) problems.push(`${name}: ${h}`);
  return problems;
}

describe("browser quality", () => {
  it("has no serious or critical axe violations, with text contrast measured inside the scroll shadows, on any main page", async () => {
    // axe is injected as an inline script, which our CSP (rightly) forbids; this context bypasses it.
    const context = await signedIn({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    for (const p of pages) {
      await visit(context, page, p);
      await settled(page);
      problems.push(...(await axeProblems(page, p.name)));
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it("works on a phone: no horizontal scroll, controls big enough to tap", async () => {
    const shot = screenshotter("phone");
    const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
    const context = await signedIn(phone);
    const page = await context.newPage();
    const problems: string[] = [];
    for (const p of pages) {
      await visit(context, page, p);
      await settled(page);
      await shot(page, p.name);
      problems.push(...(await phoneProblems(page, p.name)));
    }
    await context.close();
    // The partner's own pages, and the pages that give the partner more controls per row.
    const partnerContext = await browser.newContext(phone);
    await partnerContext.addCookies([{ name: "finishline_session", value: partnerCookie, url: server.url }]);
    const partnerPage = await partnerContext.newPage();
    const review = pages.find((p) => p.name === "review")!.path;
    const plan = pages.find((p) => p.name === "plan")!.path;
    for (const path of [...partnerPages, review, plan]) {
      await partnerPage.goto(server.url + path);
      await settled(partnerPage);
      const name = `partner ${path.split("/").slice(3).join("/")}`;
      await shot(partnerPage, name.replaceAll("/", "-"));
      problems.push(...(await phoneProblems(partnerPage, name)));
    }
    await partnerContext.close();
    expect(problems).toEqual([]);
  });

  it("renders a useful first view without JavaScript", async () => {
    const shot = screenshotter("no-js");
    const context = await signedIn({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    for (const p of pages) {
      const res = await visit(context, page, p);
      expect(res?.status(), p.name).toBe(200);
      const text = await page.locator("main").innerText();
      expect(text, p.name).toMatch(p.heading);
      await shot(page, p.name);
    }
    await context.close();
  });
  // A route module that calls server-only code at its top level (a `.server` import is empty in the
  // browser build) renders on the server but throws in the browser: the page never becomes
  // interactive, and a click to it reloads the page you were on. Every page must start its
  // JavaScript without an error.
  it("starts its JavaScript on every main page without an error", async () => {
    const context = await signedIn({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    const problems: string[] = [];
    for (const p of pages) {
      errors.length = 0;
      await visit(context, page, p);
      // A page whose JavaScript fails never marks itself hydrated.
      const hydrated = await settled(page, { timeout: 10_000 }).then(
        () => true,
        () => false,
      );
      if (!hydrated || errors.length > 0)
        problems.push(`${p.name}: ${hydrated ? "" : "not hydrated; "}${errors.join(" | ")}`);
    }
    const partnerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await partnerContext.addCookies([{ name: "finishline_session", value: partnerCookie, url: server.url }]);
    const partnerPage = await partnerContext.newPage();
    const partnerErrors = collectConsoleErrors(partnerPage);
    for (const path of partnerPages) {
      partnerErrors.length = 0;
      expect((await partnerPage.goto(server.url + path))?.status(), path).toBe(200);
      const hydrated = await settled(partnerPage, { timeout: 10_000 }).then(
        () => true,
        () => false,
      );
      if (!hydrated || partnerErrors.length > 0)
        problems.push(`partner ${path}: ${partnerErrors.join(" | ") || "not hydrated"}`);
    }
    expect(problems).toEqual([]);
    await context.close();
    await partnerContext.close();
  });
});
