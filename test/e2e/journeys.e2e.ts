// The two journeys of issue 13, end to end in a real browser, at desktop size and on a phone (390×844):
// the founder from sign-up (the intake, the quick path's essentials and a first result, then every
// area) to an accepted proposal; the engineering partner from the invitation to a published proposal.
// Every action goes through accessible roles and labels (answers are picked by their labels in the
// content, so copy edits do not break the journey), and a full-page screenshot is saved at each step
// (artifacts/screenshots/journeys-<viewport>/). Along the way axe-core checks the pages of the
// journey for serious or critical violations, and on the phone no page may scroll sideways or put
// anything past the edges of the screen. Finally results and the proposal are printed (page.pdf,
// print styles) and must come out without the site around them.
//
// The older collaboration.e2e.ts (demo data, one viewport) and the partner half of members.e2e.ts walk
// parts of the same path; these journeys start from an empty server instead.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import type { Browser, Page } from "playwright-core";
import { extractText } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Area, Question } from "../../app/engine/content/types";
import { realContent } from "../support/content";
import { runOrThrow } from "../support/run";
import { startServer, type TestServer } from "../support/server";

import {
  collectConsoleErrors,
  launchBrowser,
  newContext,
  SCREENSHOT_DIR,
  screenshotter,
  settled,
} from "./browser";

const axeSource = (createRequire(import.meta.url)("axe-core") as { source: string }).source;
const content = realContent();

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "false" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

type Viewport = { name: "desktop" | "phone"; width: number; height: number };
const VIEWPORTS: Viewport[] = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 390, height: 844 },
];

// What the founder says about the product, by question and option id (labels come from the content,
// so copy edits do not break the journey). The answers make every area apply.
const INTAKE: Record<string, string | string[] | number> = {
  "intake.builder": "lovable",
  "intake.backend": "supabase",
  "intake.app-kind": "store",
  "intake.screens": "6-15",
  "intake.data-kinds": "4-8",
  "intake.takes-payments": "yes",
  "intake.payment-provider": "stripe",
  "intake.platforms": ["web"],
  "intake.has-accounts": "yes",
  "intake.user-roles": "users-admins",
  "intake.stage": "beta",
  "intake.expected-users": 500,
  "intake.ai-features": "no",
  "intake.outside-services": 2,
};

/**
 * An area's answers, varied but predictable: the second question is "I'm not sure" (the review filter
 * needs some), the others walk through the options from the riskiest, so there are blockers, risks
 * and good answers alike.
 */
function areaAnswer(q: Question, index: number): "unsure" | string | string[] | number {
  if (index === 1) return "unsure";
  if (q.kind === "number") return Math.max(q.min ?? 0, 2);
  if (q.kind === "text") return "Answered on the journey.";
  if (q.kind === "multi") return [q.options.find((o) => !o.exclusive)!.id];
  return q.options[index % q.options.length]!.id;
}

/** Answers one question through its fieldset (role "group", named by the prompt) and waits for the save. */
async function answer(page: Page, q: Question, value: string | string[] | number) {
  const group = page.getByRole("group", { name: q.prompt, exact: true });
  // Numbers are typed into a text box with a numeric keypad, like free text.
  if (typeof value === "number" || q.kind === "text")
    await group.getByRole("textbox").first().fill(String(value));
  else if (value === "unsure")
    await group.getByRole(q.kind === "multi" ? "checkbox" : "radio", { name: /^I'm not sure/ }).check();
  else
    for (const id of Array.isArray(value) ? value : [value]) {
      const label = q.options.find((o) => o.id === id)!.label;
      await group.getByRole(q.kind === "multi" ? "checkbox" : "radio", { name: label, exact: true }).check();
    }
  await group.getByText("Saved", { exact: true }).waitFor();
}

/** Whether a question shows that it was answered (on the essentials page, say). */
const answered = (page: Page, q: Question) =>
  page
    .getByRole("group", { name: q.prompt, exact: true })
    .getByText(/^Answered by /)
    .isVisible();

/** Whether the page shows a question now (conditions follow the answers given so far). */
const shown = (page: Page, q: Question) =>
  page.getByRole("group", { name: q.prompt, exact: true }).isVisible();

/** Problems on a phone: sideways scrolling, or anything outside the screen that does not scroll into it. */
async function offScreen(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > width)
      problems.push(`scrolls sideways: ${document.documentElement.scrollWidth}px wide in ${width}px`);
    const scrolls = (el: Element) => ["auto", "scroll", "hidden"].includes(getComputedStyle(el).overflowX);
    for (const el of document.querySelectorAll<HTMLElement>(".site-header *, main *")) {
      let inside = false;
      for (let a = el.parentElement; a && a !== document.body && !inside; a = a.parentElement)
        inside = scrolls(a);
      const box = el.getBoundingClientRect();
      if (inside || box.width === 0 || box.height === 0) continue;
      if (box.left < -0.5 || box.right > width + 0.5)
        problems.push(
          `${el.tagName.toLowerCase()} "${(el.textContent ?? "").trim().slice(0, 40)}" spans ${Math.round(box.left)}–${Math.round(box.right)}px`,
        );
    }
    return problems.slice(0, 5);
  });
}

type AxeResult = {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }>;
};

function journey(viewport: Viewport) {
  const phone = viewport.name === "phone";
  const size = { width: viewport.width, height: viewport.height };
  const contextOptions = phone ? { viewport: size, isMobile: true, hasTouch: true } : { viewport: size };
  const shot = screenshotter(`journeys-${viewport.name}`);
  const problems: string[] = [];
  const stamp = `${viewport.name}-${Date.now()}`;
  const product = phone ? "Roastery Phone" : "Roastery Desk";
  let founder: Page;
  let partner: Page;
  let founderErrors: string[] = [];
  let partnerErrors: string[] = [];
  let base = "";
  let inviteLink = "";

  /** A screenshot, and on a phone the sideways check, of the page as it is now. */
  async function step(page: Page, name: string) {
    await settled(page);
    // From the top, so sticky bars sit where they belong in the full-page picture.
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, name);
    if (phone) for (const p of await offScreen(page)) problems.push(`${name}: ${p}`);
  }

  /**
   * axe on the page the user is on, loaded afresh in a context that lets the axe script in (the CSP
   * rightly keeps inline scripts out of the journey's own pages), signed in as the same user.
   */
  async function audit(page: Page, name: string) {
    const context = await newContext(browser, { ...contextOptions, bypassCSP: true });
    await context.addCookies(await page.context().cookies());
    const probe = await context.newPage();
    await probe.goto(page.url());
    await settled(probe);
    await probe.addScriptTag({ content: axeSource });
    const result = (await probe.evaluate(() =>
      (window as unknown as { axe: { run: (o: object) => Promise<unknown> } }).axe.run({
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      }),
    )) as AxeResult;
    for (const v of result.violations.filter((v) => v.impact === "serious" || v.impact === "critical"))
      problems.push(
        `${name}: axe ${v.id} (${v.impact}) ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(", ")}`,
      );
    await context.close();
  }

  /** Filters the review to one kind of answer, and waits until the list shows it. */
  async function showOnly(page: Page, filter: string) {
    const link = page
      .getByRole("navigation", { name: "Show answers" })
      .getByRole("link", { name: new RegExp(`^${filter} \\d+$`) });
    await link.click();
    // The address changes at once; the filter is marked current once the list has arrived.
    await expect.poll(() => link.getAttribute("aria-current")).toBe("page");
  }

  const tab = (page: Page, name: string) =>
    page.getByRole("navigation", { name: "Project" }).getByRole("link", { name, exact: true });

  describe(`journeys on a ${viewport.name} (${viewport.width}×${viewport.height})`, () => {
    afterAll(async () => {
      await founder?.context().close();
      await partner?.context().close();
    });

    it("the founder signs up, answers the intake and the essentials, and sees a first result", async () => {
      founder = await (await newContext(browser, contextOptions)).newPage();
      founderErrors = collectConsoleErrors(founder);
      await founder.goto(server.url);
      await founder
        .getByRole("link", { name: /sign up/i })
        .first()
        .click();
      await founder.getByLabel("Your name (optional)").fill("Ada Founder");
      await founder.getByLabel("Email").fill(`founder-${stamp}@example.com`);
      await founder.getByLabel("Password").fill("correct horse battery");
      await step(founder, "signup");
      await founder.getByRole("button", { name: "Create account" }).click();
      await founder.waitForURL("**/engagements");
      await founder.getByRole("link", { name: "New project" }).first().click();
      await founder.getByLabel("Product name").fill(product);
      await founder.getByLabel("What does it do? (optional)").fill("Coffee subscriptions with a shop.");
      await step(founder, "new-engagement");
      await founder.getByRole("button", { name: "Create project" }).click();
      await founder.waitForURL(/\/engagements\/[A-Za-z0-9_-]+\/assess$/);
      base = founder.url().replace(/\/assess$/, "");

      // The intake, question by question as the founder would; each answer saves as it is given.
      await founder.getByRole("heading", { level: 2, name: content.intake.title }).waitFor();
      await step(founder, "intake");
      let index = 0;
      for (const q of content.intake.questions)
        if (await shown(founder, q)) await answer(founder, q, INTAKE[q.id] ?? areaAnswer(q, index++));
      await step(founder, "intake-answered");

      // The quick path: the essential questions of every area on one page, then a first result.
      await founder.getByRole("button", { name: "Save and answer the essentials first" }).click();
      await founder.waitForURL(`${base}/assess/essentials`);
      await founder.getByRole("heading", { level: 2, name: "The essentials" }).waitFor();
      index = 0;
      let essentials = 0;
      for (const q of content.areas.flatMap((a) => a.questions).filter((q) => q.essential))
        if (await shown(founder, q)) {
          await answer(founder, q, areaAnswer(q, index++));
          essentials++;
        }
      expect(essentials).toBeGreaterThan(5);
      await step(founder, "essentials-answered");
      await founder.getByRole("button", { name: "Save and see the results" }).click();
      await founder.waitForURL(`${base}/results`);
      await founder.getByText(/^Provisional: \d+ of \d+ questions answered\.$/).waitFor();
      await step(founder, "results-provisional");

      await tab(founder, "Overview").click();
      await founder.getByRole("heading", { name: "Finish the assessment" }).waitFor();
      await founder.getByRole("link", { name: "Invite your engineer" }).waitFor();
      await step(founder, "overview-finish-the-assessment");
    }, 300_000);

    it("the founder answers the rest, area by area", async () => {
      await founder.getByRole("link", { name: "Continue the assessment" }).click();
      await founder.waitForURL(`${base}/assess`);
      const areas = new Map<string, Area>(content.areas.map((a) => [a.id, a]));
      const seen: string[] = [];
      let before = founder.url();
      await founder.getByRole("button", { name: "Save and continue" }).click();
      for (;;) {
        await founder.waitForURL((url) => url.href !== before);
        const area = areas.get(new URL(founder.url()).pathname.split("/").pop()!);
        if (!area) break; // the review page: every section is done
        seen.push(area.id);
        await founder.getByRole("heading", { level: 2, name: area.title }).waitFor();
        if (seen.length === 1) await step(founder, `area-${area.id}`);
        let index = 0;
        for (const q of area.questions)
          if ((await shown(founder, q)) && !(await answered(founder, q)))
            await answer(founder, q, areaAnswer(q, index++));
        if (seen.length === 1) await step(founder, `area-${area.id}-answered`);
        before = founder.url();
        await founder.getByRole("button", { name: /^Save and (continue|review)$/ }).click();
      }
      expect(seen).toEqual(content.areas.map((a) => a.id));
      await founder.waitForURL(`${base}/assess/review`);
      await founder.getByRole("heading", { name: "Review the answers" }).waitFor();
      await founder.getByText("Every question is answered.", { exact: false }).waitFor();
      await step(founder, "review-complete");
    }, 300_000);

    it("the founder sees the results and the next step, and invites the engineering partner", async () => {
      await tab(founder, "Overview").click();
      await founder.waitForURL(base);
      await founder.getByRole("heading", { name: "Bring in your engineer" }).waitFor();
      await step(founder, "overview-next-step");
      await audit(founder, "overview (founder)");

      await founder.getByRole("link", { name: "See full results" }).click();
      await founder.waitForURL(`${base}/results`);
      await founder.getByRole("heading", { name: "Launch blockers", exact: true }).waitFor();
      await founder.getByRole("heading", { name: "Next step: bring in your engineer" }).waitFor();
      await step(founder, "results");
      await audit(founder, "results");

      // Straight to the invite form (members#invite), not the top of Members.
      await founder.getByRole("link", { name: "Invite your engineer" }).click();
      await founder.waitForURL(`${base}/members#invite`);
      const inviteHeading = founder.getByRole("heading", { name: "Invite someone" });
      await expect
        .poll(() =>
          inviteHeading.evaluate((el) => {
            const r = el.getBoundingClientRect();
            return r.top >= 0 && r.bottom <= window.innerHeight;
          }),
        )
        .toBe(true);
      await founder.getByRole("radio", { name: /Engineering partner/ }).check();
      await founder.getByRole("button", { name: "Create invite link" }).click();
      const link = founder.getByRole("textbox", { name: "Invite link" });
      await link.waitFor();
      inviteLink = await link.inputValue();
      expect(inviteLink).toMatch(new RegExp(`^${server.url}/invite/[A-Za-z0-9_-]+$`));
      await step(founder, "members-invite-link");
      await audit(founder, "members");
    });

    it("the partner joins through the invitation and verifies answers from the checklist", async () => {
      partner = await (await newContext(browser, contextOptions)).newPage();
      partnerErrors = collectConsoleErrors(partner);
      await partner.goto(inviteLink);
      await partner.getByRole("heading", { name: `Join ${product}` }).waitFor();
      await step(partner, "invitation");
      await partner.getByRole("link", { name: "Create an account" }).click();
      await partner.getByLabel("Your name (optional)").fill("Piet Partner");
      await partner.getByLabel("Email").fill(`partner-${stamp}@example.com`);
      await partner.getByLabel("Password").fill("correct horse battery");
      await partner.getByRole("button", { name: "Create account" }).click();
      await partner.waitForURL(inviteLink);
      await partner.getByRole("button", { name: `Join ${product}` }).click();
      await partner.waitForURL(base);
      await partner.getByRole("heading", { name: "Your checklist" }).waitFor();
      await step(partner, "partner-checklist");
      await audit(partner, "overview (partner)");

      // Straight from the checklist to the answers still to verify; the unsure ones first.
      await partner.getByRole("link", { name: "Verify answers" }).click();
      await partner.waitForURL(`${base}/assess/review?show=unverified`);
      await showOnly(partner, "Not sure");
      const ticks = partner.locator(".review-list").getByRole("checkbox");
      expect(await ticks.count()).toBeGreaterThanOrEqual(3);
      for (let i = 0; i < 3; i++) await ticks.nth(i).check();
      await step(partner, "review-not-sure-ticked");
      await audit(partner, "review");
      await partner.getByRole("button", { name: "Verify 3 selected" }).click();
      await partner.getByText("3 answers verified.").waitFor();
      await step(partner, "review-verified-three");

      // The rest at once: everything not verified yet.
      await showOnly(partner, "Not verified");
      const rest = await ticks.count();
      await partner.getByRole("button", { name: "Select all" }).click();
      await partner.getByRole("button", { name: `Verify ${rest} selected` }).click();
      await partner.getByText(`${rest} answers verified.`, { exact: true }).waitFor();
      await partner.getByText("Every answer is verified.").waitFor();

      await tab(partner, "Overview").click();
      await partner.waitForURL(base);
      await partner.getByText(/^All \d+ answers verified or corrected\.$/).waitFor();
    });

    it("the partner creates the plan, excludes a phase at once and publishes proposal v1", async () => {
      await partner.getByRole("link", { name: "Create the plan" }).click();
      await partner.waitForURL(`${base}/plan`);
      await partner.getByRole("button", { name: "Create the plan from the assessment" }).click();
      const items = partner.getByLabel("Apply to", { exact: true });
      await items.waitFor();
      await step(partner, "plan-created");

      // The last phase the plan has (scale-later work, usually) goes out in one go.
      const phases = (await items.getByRole("option").allTextContents()).filter((o) =>
        o.startsWith("Phase: "),
      );
      expect(phases.length).toBeGreaterThan(1);
      const excluded = phases.at(-1)!;
      const count = Number(/\((\d+)\)$/.exec(excluded)![1]);
      await items.selectOption({ label: excluded });
      const phaseName = excluded.replace(/^Phase: /, "").replace(/ \(\d+\)$/, "");
      // More than a few items at once: asked first.
      const asked: string[] = [];
      partner.once("dialog", (dialog) => {
        asked.push(dialog.message());
        void dialog.accept();
      });
      await partner
        .getByRole("group", { name: "Change many items at once" })
        .getByRole("button", { name: "Exclude" })
        .click();
      await partner.getByText(count === 1 ? "Excluded 1 item:" : `Excluded ${count} items:`).waitFor();
      expect(asked).toEqual(count > 5 ? [`Exclude all ${count} ${phaseName} items?`] : []);
      const phase = partner.getByRole("region", { name: phaseName, exact: true });
      expect(await phase.locator(".plan-item .badge", { hasText: "Out of scope" }).count()).toBe(count);
      await step(partner, "plan-phase-excluded");
      await audit(partner, "plan");

      await tab(partner, "Overview").click();
      await partner.getByRole("link", { name: "Publish", exact: true }).click();
      await partner.waitForURL(`${base}/proposals#publish`);
      await partner.getByRole("heading", { name: "Publish version 1" }).waitFor();
      await step(partner, "proposals-publish");
      await partner.getByRole("button", { name: "Publish proposal" }).click();
      await partner.waitForURL(`${base}/proposals/1`);
      await partner.getByRole("heading", { name: /Proposal version 1/ }).waitFor();
      await step(partner, "proposal-published");

      await tab(partner, "Overview").click();
      await partner.getByText("Version 1 is waiting for the founder's sign-off.").waitFor();
      await step(partner, "partner-checklist-done");
    });

    it("the founder comments on the proposal and accepts it", async () => {
      await tab(founder, "Overview").click();
      await founder.waitForURL(base);
      await founder.reload();
      await founder
        .getByRole("heading", { name: "Proposal version 1 is waiting for your sign-off" })
        .waitFor();
      await step(founder, "overview-sign-off-waiting");
      // Every question answered and the partner's plan left as the answers made it (scale work put out
      // of scope does not touch the launch minimum): the card says the two launch minimums agree.
      await founder.getByText("The answers alone give the same launch minimum.").waitFor();

      await founder.getByRole("link", { name: "Review and sign off" }).click();
      await founder.waitForURL(`${base}/proposals/1#signoff`);
      await founder.getByRole("heading", { name: /Proposal version 1/ }).waitFor();
      await audit(founder, "proposal");
      await founder.getByLabel("Add a comment").fill("Can the monitoring wait until after the launch?");
      await founder.getByRole("button", { name: "Post comment" }).click();
      await founder.getByText("Can the monitoring wait until after the launch?").waitFor();
      await founder.getByRole("link", { name: "Comments (1)" }).waitFor();
      // Posted, so the box is empty for the next one.
      await expect.poll(() => founder.getByLabel("Add a comment").inputValue()).toBe("");
      await step(founder, "proposal-commented");

      await founder.getByRole("checkbox", { name: /^I accept version 1/ }).check();
      await founder.getByRole("button", { name: "Accept version 1" }).click();
      await founder.getByText(/^Accepted by Ada Founder on /).waitFor();
      const heading = founder.getByRole("heading", { name: /Proposal version 1/ });
      await expect(heading.textContent()).resolves.toContain("Accepted");
      await step(founder, "proposal-accepted");

      await founder.getByRole("link", { name: "All versions" }).click();
      await founder.waitForURL(`${base}/proposals`);
      await founder.getByText("Accepted", { exact: true }).waitFor();
      await tab(founder, "Overview").click();
      await founder.getByRole("heading", { name: "You accepted proposal version 1" }).waitFor();
      await step(founder, "overview-accepted");

      // The partner sees the acceptance too.
      await partner.goto(`${base}/proposals/1`);
      await partner.getByText(/^Accepted by Ada Founder on /).waitFor();
      await step(partner, "partner-sees-acceptance");

      // From here the plan tracks progress against the accepted version, and the overview's
      // checklist asks the partner to deliver it.
      await partner.goto(`${base}/plan`);
      await partner.getByRole("heading", { name: "Progress against the agreed version 1" }).waitFor();
      await step(partner, "plan-tracking");
      await audit(partner, "plan (tracking)");
      await tab(partner, "Overview").click();
      await partner.getByText("Deliver the agreed work").waitFor();
      await step(partner, "partner-delivery-step");
    });

    it(`has no serious or critical axe violations${phone ? ", and nothing off the screen," : ""} along the way`, () => {
      expect(problems).toEqual([]);
      expect(founderErrors).toEqual([]);
      expect(partnerErrors).toEqual([]);
    });

    if (!phone)
      it("prints the results and the proposal without the site around them", async () => {
        const dir = path.join(SCREENSHOT_DIR, "journeys-print");
        fs.mkdirSync(dir, { recursive: true });
        const pages: Record<string, number> = {};
        for (const [name, url, heading] of [
          ["results", `${base}/results`, "The whole estimate, tier by tier"],
          ["proposal", `${base}/proposals/1`, "Proposal version 1"],
        ] as const) {
          await founder.goto(url);
          await settled(founder);
          const file = path.join(dir, `${name}.pdf`);
          // Chrome's print dialog leaves about a centimetre of margin unless the page's @page says more.
          const margin = { top: "10mm", bottom: "10mm", left: "10mm", right: "10mm" };
          await founder.pdf({ path: file, format: "A4", margin });
          const { totalPages, text } = await extractText(new Uint8Array(fs.readFileSync(file)), {
            mergePages: true,
          });
          pages[name] = totalPages;
          await runOrThrow("pdftoppm", [
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            file,
            path.join(dir, name),
          ]);
          // Content only: no site header, tabs, buttons or forms.
          for (const chrome of ["Log out", "My projects", "Download", "Post comment", "Members"])
            expect(text, `${name} prints "${chrome}"`).not.toContain(chrome);
          expect(text).toContain(product);
          expect(text).toContain(heading);
        }
        console.info(`printed pages (A4): results ${pages.results}, proposal ${pages.proposal}`);
        expect(pages.results).toBeLessThanOrEqual(12);
        expect(pages.proposal).toBeLessThanOrEqual(12);
      });
  });
}

for (const viewport of VIEWPORTS) journey(viewport);
