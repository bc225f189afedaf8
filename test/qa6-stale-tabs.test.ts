// QA pass 6, findings 5 and 8, over the real server (no JavaScript: plain form posts).
// 8: a partner's review refused because the answer changed meanwhile says who changed what and
//    when (not "the founder" whoever it was), and the form keeps the correction and the note.
// 5: a member removed, or a project deleted, while a tab is open: the 404 says they no longer have
//    access and leads to My projects, exactly as it answers a stranger (nothing leaks); a plan item
//    deleted meanwhile says it is no longer in the plan and leads to the plan.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { addMember, DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;
let founder: Client;
let partner: Client;
let second: Client;
let id: string;

const text = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/&amp;/g, "&")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"');

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", SIGNUP_RATE_LIMIT: "1000" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  second = await addMember(server, founder, id, "partner");
});
afterAll(async () => {
  await server?.stop();
});

type Row = { version: number; review: string | null; corrected_value: string | null };
const answer = (q: string) =>
  query<Row>(
    server,
    "select version, review, corrected_value from answers where engagement_id = ? and question_id = ?",
    id,
    q,
  )[0]!;
const nameOf = (email: string) =>
  query<{ name: string | null; email: string }>(
    server,
    "select name, email from users where email = ?",
    email,
  )[0]!;

/** The open review form of question `q` on the page, from its tag to its end. */
function reviewForm(html: string, q: string): string {
  const at = html.indexOf(`name="questionId" value="${q}"`);
  expect(at, `review form of ${q}`).toBeGreaterThan(-1);
  const start = html.lastIndexOf("<form", at);
  return html.slice(start, html.indexOf("</form>", at));
}
const checked = (form: string, q: string) =>
  [...form.matchAll(/<input[^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => tag.includes(`name="a:${q}"`) && /\schecked=""/.test(tag))
    .map((tag) => /value="([^"]*)"/.exec(tag)![1]!)
    .sort();

describe("a review refused because the answer changed meanwhile (finding 8)", () => {
  it("names the partner who verified it, with the time, and keeps the ticked options and the note", async () => {
    const q = "intake.platforms";
    const { version } = answer(q);
    // Another partner verifies it first.
    const verified = await second.post(`/engagements/${id}/assess/review?review=${q}`, {
      intent: "verify",
      questionId: q,
      version: String(version),
      note: "A: checked the store listing",
    });
    expect(verified.status).toBe(302);
    // The demo partner's stale form adds iOS.
    const res = await partner.post(`/engagements/${id}/assess/review?review=${q}`, {
      intent: "correct",
      questionId: q,
      version: String(version),
      q,
      note: "B: there is an iPhone app too",
      [`a:${q}`]: ["web", "ios"],
    });
    expect(res.status).toBe(409);
    const html = text(await res.text());
    const form = reviewForm(html, q);
    const who = query<{ name: string | null; email: string }>(
      server,
      "select u.name, u.email from answers a join users u on u.id = a.reviewed_by where a.engagement_id = ? and a.question_id = ?",
      id,
      q,
    )[0]!;
    expect(form).toMatch(
      new RegExp(
        `${who.name || who.email} verified this answer \\(\\d{1,2} \\w{3} \\d{4}, \\d{2}:\\d{2}( UTC)?\\) while you were reviewing it`,
      ),
    );
    expect(form).not.toContain("The founder changed this answer");
    // What the partner chose is still ticked, not the answer as it stands ("web" only).
    expect(checked(form, q)).toEqual(["ios", "web"]);
    expect(form).toContain('value="B: there is an iPhone app too"');
    // The form now carries the version it was refused against, so saving again is possible.
    expect(form).toContain(`name="version" value="${answer(q).version}"`);
    expect(answer(q).review).toBe("verified");
  });

  it("names the founder and the new answer when the founder changed it, and keeps a single choice", async () => {
    const q = "intake.takes-payments";
    const { version } = answer(q);
    const changed = await founder.post(`/engagements/${id}/assess?index`, {
      intent: "autosave",
      q,
      [`a:${q}`]: "planned",
      [`v:${q}`]: String(version),
    });
    expect(changed.status).toBe(200);
    const res = await partner.post(`/engagements/${id}/assess/review?review=${q}`, {
      intent: "correct",
      questionId: q,
      version: String(version),
      q,
      note: "Stripe is live",
      [`a:${q}`]: "yes",
    });
    expect(res.status).toBe(409);
    const form = reviewForm(text(await res.text()), q);
    const maya = nameOf(DEMO.founder.email);
    expect(form).toContain(`${maya.name || maya.email} changed this answer to “`);
    expect(form).toContain("while you were reviewing it");
    expect(checked(form, q)).toEqual(["yes"]);
    expect(form).toContain('value="Stripe is live"');
  });

  it("names the partner who corrected it, and what to", async () => {
    const q = "intake.platforms";
    const { version } = answer(q);
    const corrected = await second.post(`/engagements/${id}/assess/review?review=${q}`, {
      intent: "correct",
      questionId: q,
      version: String(version),
      q,
      note: "",
      [`a:${q}`]: ["web", "android"],
    });
    expect(corrected.status).toBe(302);
    const res = await partner.post(`/engagements/${id}/assess/review?review=${q}`, {
      intent: "verify",
      questionId: q,
      version: String(version),
      note: "Looks right",
    });
    expect(res.status).toBe(409);
    const form = reviewForm(text(await res.text()), q);
    expect(form).toMatch(/ corrected this answer to “[^”]*Android[^”]*” \(/);
    expect(form).toContain('value="Looks right"');
  });

  it("names the partner who cleared the review", async () => {
    const q = "intake.platforms";
    const { version } = answer(q);
    const cleared = await second.post(`/engagements/${id}/assess/review?review=${q}`, {
      intent: "clear",
      questionId: q,
      version: String(version),
      note: "",
    });
    expect(cleared.status).toBe(302);
    const res = await partner.post(`/engagements/${id}/assess/review?review=${q}`, {
      intent: "verify",
      questionId: q,
      version: String(version),
      note: "",
    });
    expect(res.status).toBe(409);
    const form = reviewForm(text(await res.text()), q);
    expect(form).toMatch(/ cleared the review of this answer \(\d{1,2} \w{3} \d{4}, /);
  });
});

/** The error page's heading, text and buttons, as one string. */
const errorPage = (html: string) => {
  const start = html.indexOf("error-page");
  return start === -1 ? "" : html.slice(start, html.indexOf("</main>", start));
};

describe("a tab left open on a project one may no longer open (finding 5)", () => {
  it("a removed member's save: 404, 'no longer have access', My projects, the same page a stranger gets", async () => {
    const project = (await createEngagement(founder, "Gone Shop")).id;
    const member = await addMember(server, founder, project, "partner");
    const memberId = query<{ user_id: string }>(
      server,
      "select user_id from memberships where engagement_id = ? and role = 'partner'",
      project,
    )[0]!.user_id;
    expect(
      (await founder.post(`/engagements/${project}/members`, { intent: "remove", userId: memberId })).status,
    ).toBe(200);
    const res = await member.post(`/engagements/${project}/settings`, { name: "Renamed" });
    expect(res.status).toBe(404);
    const html = text(await res.text());
    expect(html).not.toContain('aria-label="Project"');
    expect(html).not.toContain("Gone Shop");
    const page = errorPage(html);
    expect(page).toContain("You no longer have access to this project, or it was deleted.");
    expect(page).toContain('href="/engagements"');
    expect(page).toContain("My projects");

    // What the save carried is shown again to copy (test/no-access-keeps-typed.test.ts).
    expect(page).toContain("What you typed (not saved)");
    expect(page).toContain(">Renamed</textarea>");

    // A stranger, and a project that never existed, get the very same page for the same post; and
    // the same, without what was typed, for a GET.
    const stranger = new Client(server.url);
    await signup(stranger, `stranger-${Date.now()}@example.com`);
    const post = (client: Client, path: string) => client.post(path, { name: "Renamed" });
    const theirs = errorPage(text(await (await post(stranger, `/engagements/${project}/settings`)).text()));
    const none = errorPage(text(await (await post(member, `/engagements/noSuchProj1/settings`)).text()));
    expect(theirs).toBe(page);
    expect(none).toBe(page);
    const got = errorPage(text(await (await stranger.get(`/engagements/${project}/settings`)).text()));
    expect(got).toBe(page.replace(/<section class="stack typed-not-saved".*<\/section>/s, ""));
  });

  it("a project deleted while a member autosaves: the same page", async () => {
    const project = (await createEngagement(founder, "Short Lived")).id;
    const member = await addMember(server, founder, project, "viewer");
    expect(
      (await founder.post(`/engagements/${project}/settings/delete`, { confirm: "Short Lived" })).status,
    ).toBe(302);
    const res = await member.post(`/engagements/${project}/assess?index`, {
      intent: "autosave",
      q: "intake.platforms",
      "a:intake.platforms": "web",
      "v:intake.platforms": "0",
    });
    expect(res.status).toBe(404);
    const page = errorPage(text(await res.text()));
    expect(page).toContain("You no longer have access to this project, or it was deleted.");
    expect(page).toContain('href="/engagements"');
  });

  it("a plan item deleted in another tab: says it is no longer in the plan and links to the plan", async () => {
    if (query(server, "select 1 from plan_items where engagement_id = ?", id).length === 0)
      expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
    const created = await partner.post(`/engagements/${id}/plan/new`, {
      intent: "custom",
      title: "Short-lived custom item",
      description: "",
      area: "payments",
      phase: "hardening",
      "estimate.optimistic": "2",
      "estimate.likely": "4",
      "estimate.pessimistic": "8",
    });
    expect(created.status).toBe(302);
    const item = query<{ id: string; version: number }>(
      server,
      "select id, version from plan_items where engagement_id = ? and title = 'Short-lived custom item'",
      id,
    )[0]!;
    const deleted = await partner.post(`/engagements/${id}/plan/${item.id}`, {
      intent: "delete",
      itemId: item.id,
      version: String(item.version),
    });
    expect(deleted.status).toBe(302);
    const res = await partner.post(`/engagements/${id}/plan/${item.id}`, {
      intent: "details",
      itemId: item.id,
      version: String(item.version),
      title: "Short-lived custom item",
      description: "Four lines\nof careful\nwords\nlost",
    });
    expect(res.status).toBe(404);
    const html = text(await res.text());
    // The project is still the partner's: its tabs stay, and the way out is the plan.
    expect(html).toContain('aria-label="Project"');
    expect(html).toContain("no longer in the plan");
    expect(html).toContain(`href="/engagements/${id}/plan"`);
    expect(html).toContain("Back to the plan");
  });

  it("any other page not found: says a project may be gone, and leads a signed-in person to My projects", async () => {
    const signedIn = errorPage(text(await (await partner.get("/no-such-page")).text()));
    expect(signedIn).toContain("you may have been removed from the project, or it was deleted");
    expect(signedIn).toContain('href="/engagements"');
    expect(signedIn).toContain("My projects");
    const visitor = errorPage(text(await (await new Client(server.url).get("/no-such-page")).text()));
    expect(visitor).toContain('href="/"');
    expect(visitor).not.toContain("My projects");
  });
});
