// A member removed from a project (or the project deleted) while their tab is open: the save they
// then send answers 404 "no longer have access", and the page shows again the free text that save
// carried, to copy, so what they typed is not lost. Over the real server, without JavaScript (plain
// form posts); test/e2e/no-access-typed.e2e.ts does it in a browser. Only the sender's own post is
// echoed, so a stranger's identical post gets the identical page, and a GET's 404 is as it was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { typedIn, TYPED_MAX_CHARS, TYPED_MAX_FIELDS } from "~/utils/gone";

import { addMember, query } from "./support/demo-server";
import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;
let founder: Client;
let member: Client;
let stranger: Client;
let memberEmail: string;
let strangerEmail: string;
let project: string;
let itemPath: string;

/** The error page's markup: the page's <main>, exactly as sent. */
const main = (html: string) => {
  const start = html.indexOf('<main id="main"');
  return start === -1 ? "" : html.slice(start, html.indexOf("</main>", start) + "</main>".length);
};
const decode = (html: string) =>
  html
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&");
/** What the page shows again to copy: each box's label and text. */
const boxes = (html: string) =>
  [
    ...main(html).matchAll(
      /<label for="(typed-not-saved-\d+)">([^<]*)<\/label><textarea id="\1" readonly=""[^>]*>([^<]*)<\/textarea>/g,
    ),
  ].map((m) => ({ label: decode(m[2]!), text: decode(m[3]!) }));

// The 404 a GET gets, as it was before a save's text was ever shown again (QA 6, finding 5).
const NO_ACCESS_MAIN =
  '<main id="main" class="site-main"><div class="container narrow error-page"><p class="eyebrow">Error 404</p>' +
  '<h1>No access to this project</h1><p class="muted">You no longer have access to this project, or it was deleted.<!-- -->' +
  ' If you were removed by mistake, a founder of the project can invite you again.</p><p><a class="button button--secondary"' +
  ' data-discover="true" href="/engagements">My projects</a></p></div></main>';

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "false", SIGNUP_RATE_LIMIT: "1000" });
  founder = new Client(server.url);
  await signup(founder, `founder-${Date.now()}@example.com`);
  project = (await createEngagement(founder, "Vanished Bakery")).id;
  member = await addMember(server, founder, project, "partner");
  const created = await member.post(`/engagements/${project}/plan/new`, {
    intent: "custom",
    title: "Rate limits on login",
    description: "",
    area: "auth",
    phase: "hardening",
    "estimate.optimistic": "2",
    "estimate.likely": "4",
    "estimate.pessimistic": "8",
  });
  expect(created.status).toBe(302);
  const item = query<{ id: string }>(
    server,
    "select id from plan_items where engagement_id = ?",
    project,
  )[0]!;
  itemPath = `/engagements/${project}/plan/${item.id}`;
  const memberRow = query<{ user_id: string; email: string }>(
    server,
    "select m.user_id, u.email from memberships m join users u on u.id = m.user_id where m.engagement_id = ? and m.role = 'partner'",
    project,
  )[0]!;
  memberEmail = memberRow.email;
  const removed = await founder.post(`/engagements/${project}/members`, {
    intent: "remove",
    userId: memberRow.user_id,
  });
  expect(removed.status).toBe(200);
  stranger = new Client(server.url);
  strangerEmail = `stranger-${Date.now()}@example.com`;
  await signup(stranger, strangerEmail);
});
afterAll(async () => {
  await server?.stop();
});

const COMMENT = 'Ship the fix <script>alert("gone")</script> & tell Sam\nSecond line\u0007 of it';

/** The plan item's comment form, as the page sends it, with `body` typed. */
const commentForm = (body: string) => ({ intent: "comment", itemId: "x", body });

describe("a removed member's comment", () => {
  it("answers 404 'no longer have access' and shows the comment again, escaped, to copy", async () => {
    const res = await member.post(itemPath, commentForm(COMMENT));
    expect(res.status).toBe(404);
    const html = await res.text();
    const page = main(html);
    expect(page).toContain("You no longer have access to this project, or it was deleted.");
    expect(page).toContain('href="/engagements"');
    expect(page).toContain("What you typed (not saved)");
    // Nothing of the project: not its name, not the item's title.
    expect(html).not.toContain("Vanished Bakery");
    expect(html).not.toContain("Rate limits on login");
    // The text as typed, but as text: escaped in the box, and nowhere in the page a tag.
    expect(page).toContain(
      "Ship the fix &lt;script&gt;alert(&quot;gone&quot;)&lt;/script&gt; &amp; tell Sam",
    );
    expect(html).not.toContain('<script>alert("gone")');
    expect(html).not.toContain("<script>alert");
    // The control character is gone, the line break kept.
    expect(boxes(html)).toEqual([
      { label: "Comment", text: 'Ship the fix <script>alert("gone")</script> & tell Sam\nSecond line of it' },
    ]);
  });

  it("a stranger posting the same gets the very same page", async () => {
    const normalize = (html: string, email: string) =>
      html.replace(/nonce="[^"]+"/g, 'nonce=""').replaceAll(email, "EMAIL");
    const theirs = await member.post(itemPath, commentForm(COMMENT));
    const strangers = await stranger.post(itemPath, commentForm(COMMENT));
    expect(strangers.status).toBe(404);
    const a = normalize(await theirs.text(), memberEmail);
    const b = normalize(await strangers.text(), strangerEmail);
    expect(main(b)).toBe(main(a));
    expect(b).toBe(a);
  });

  it("a GET's 404 is unchanged, and so is a post with nothing typed", async () => {
    const get = await member.get(itemPath);
    expect(get.status).toBe(404);
    expect(main(await get.text())).toBe(NO_ACCESS_MAIN);
    const strangers = await stranger.get(itemPath);
    expect(main(await strangers.text())).toBe(NO_ACCESS_MAIN);
    const none = await member.post(itemPath, { intent: "comment", itemId: "x", version: "3", body: "ok" });
    expect(none.status).toBe(404);
    expect(main(await none.text())).toBe(NO_ACCESS_MAIN);
  });

  it("does not echo the form's hidden bookkeeping, even when it looks like text", async () => {
    const res = await member.post(itemPath, {
      intent: "details",
      itemId: "item_Q2x9Lm3Zr8",
      version: "Version twelve of the plan",
      basis: "as shown on Monday",
      returnTo: "/engagements/elsewhere and back",
      title: "Rate limits on login, and on signup",
      description: "Five attempts a minute per address.",
    });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(boxes(html)).toEqual([
      { label: "Title", text: "Rate limits on login, and on signup" },
      { label: "Description", text: "Five attempts a minute per address." },
    ]);
    expect(html).not.toContain("Version twelve");
    expect(html).not.toContain("as shown on Monday");
    expect(html).not.toContain("elsewhere and back");
  });

  it("caps what it shows again: 20 fields, 20,000 characters; a post over 256 KB shows nothing", async () => {
    const para = (i: number) => `Paragraph ${i}: ${"lorem ipsum ".repeat(50)}`.trim();
    const many = await member.post(itemPath, {
      intent: "comment",
      body: Array.from({ length: 40 }, (_, i) => para(i)),
    });
    expect(many.status).toBe(404);
    const shown = boxes(await many.text());
    expect(shown).toHaveLength(TYPED_MAX_FIELDS);
    const total = shown.reduce((n, b) => n + b.text.length, 0);
    expect(total).toBeLessThanOrEqual(TYPED_MAX_CHARS + 1);
    expect(total).toBeGreaterThan(TYPED_MAX_CHARS / 2);
    expect(shown[0]!.text).toBe(para(0));

    const long = await member.post(itemPath, commentForm(`A long story. ${"x y ".repeat(20_000)}`));
    const [one] = boxes(await long.text());
    expect(one!.text.length).toBe(TYPED_MAX_CHARS + 1);
    expect(one!.text.endsWith("…")).toBe(true);

    const huge = await member.post(itemPath, commentForm(`Huge. ${"z ".repeat(150_000)}`));
    expect(huge.status).toBe(404);
    const hugeHtml = await huge.text();
    expect(main(hugeHtml)).toBe(NO_ACCESS_MAIN);
    expect(hugeHtml.length).toBeLessThan(60_000);
  });
});

describe("which posted fields are shown again", () => {
  it("free text with readable labels; no secrets, ids, choices, numbers or bits", () => {
    expect(
      typedIn([
        ["intent", "comment"],
        ["_csrf", "abc def ghi"],
        ["password", "correct horse battery"],
        ["token", "Q2x9Lm3Zr8Q2x9Lm3Zr8"],
        ["questionId", "intake platforms"],
        ["v:intake.platforms", "12"],
        ["a:intake.platforms", "web"],
        ["a:intake.stack", "Remix on Fly.io, Postgres"],
        ["note:intake.stack", "Moving to RDS"],
        ["note:auth.password-reset", "Emails a link, valid an hour"],
        ["na:auth.sso", "Only staff log in"],
        ["s:auth.sso", "shown with the old wording"],
        ["phase", "hardening"],
        ["hours", "12.5"],
        ["validUntil", "2026-05-01"],
        ["body", "ok"],
        ["assumptions", "Staging exists\r\nwith real data\u0000"],
        ["somethingElse", "Words someone typed"],
      ]),
    ).toEqual([
      { label: "Answer to intake.stack", text: "Remix on Fly.io, Postgres" },
      { label: "Note on intake.stack", text: "Moving to RDS" },
      { label: "Note on auth.password-reset", text: "Emails a link, valid an hour" },
      { label: "Why it does not apply to auth.sso", text: "Only staff log in" },
      { label: "Assumptions", text: "Staging exists\nwith real data" },
      { label: "somethingElse", text: "Words someone typed" },
    ]);
  });
});

// The actions whose intent decides the permission they ask for read the form before requireMember
// (postedForm): the 404 still shows what the post carried.
describe("forms read before the membership check", () => {
  const typedAfter = async (path: string, form: Record<string, string>) => {
    const res = await member.post(path, form);
    expect(res.status).toBe(404);
    return boxes(await res.text());
  };

  it("a question's comment in the questionnaire, labelled with the question's words", async () => {
    expect(
      await typedAfter(`/engagements/${project}/assess/data`, {
        intent: "comment",
        questionId: "data.backups",
        body: "Do nightly dumps count as backups?",
      }),
    ).toEqual([{ label: "Comment", text: "Do nightly dumps count as backups?" }]);
  });

  it("a note saved with an answer names the question it was on", async () => {
    const [box] = await typedAfter(`/engagements/${project}/assess/data`, {
      intent: "save",
      "a:data.backups": "no",
      "note:data.backups": "Supabase takes daily snapshots, never restored",
    });
    expect(box!.text).toBe("Supabase takes daily snapshots, never restored");
    expect(box!.label).toMatch(/^Note on “.+”$/);
    expect(box!.label).not.toContain("data.backups");
  });

  it("a comment on the review page, a proposal comment, and an invitation's note", async () => {
    expect(
      await typedAfter(`/engagements/${project}/assess/review`, {
        intent: "comment",
        questionId: "data.backups",
        body: "Checked the Supabase dashboard",
      }),
    ).toEqual([{ label: "Comment", text: "Checked the Supabase dashboard" }]);
    expect(
      await typedAfter(`/engagements/${project}/proposals/1`, {
        intent: "comment",
        body: "Can week one start on Monday?",
      }),
    ).toEqual([{ label: "Comment", text: "Can week one start on Monday?" }]);
    const invited = await typedAfter(`/engagements/${project}/members`, {
      intent: "invite",
      role: "founder",
      note: "For Sam, our new CTO",
    });
    expect(invited.map((b) => b.text)).toEqual(["For Sam, our new CTO"]);
  });
});
