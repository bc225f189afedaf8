// A thread per question (partner audit #11): the partner may not answer for the founder (decision
// 005), so on an "I'm not sure" question they ask in its thread from the review page; the founder
// reads and answers it under the question on the questionnaire page, and each side is emailed with a
// link to that page at the question. Real server and SQLite file; emails read from the server's
// output, as test/comment-notifications.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { addMember, DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { realContent } from "./support/content";
import { Client, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;
let viewer: Client;
let stranger: Client;

// The demo founder answered this one "I'm not sure" (db/demo-answers.ts); it is on the "data" page.
const QUESTION = "data.backups";
const PROMPT = "If your database were deleted tonight, what could you get back tomorrow?";

function emails() {
  return server
    .output()
    .split("--- email")
    .slice(1)
    .flatMap((block) => {
      const to = /\nTo: (.+)\n/.exec(block)?.[1];
      const subject = /\nSubject: (.+)\n/.exec(block)?.[1];
      const link = /^(http\S+)$/m.exec(block)?.[1];
      return to && subject && link ? [{ to, subject, link, text: block }] : [];
    });
}

async function settle(count: number) {
  await expect.poll(() => emails().length, { timeout: 5000 }).toBe(count);
  await new Promise((r) => setTimeout(r, 300));
  expect(emails()).toHaveLength(count);
}

/** The deepest nesting of <form> elements in a page: HTML forbids more than 1. */
function formDepth(html: string) {
  let depth = 0;
  let max = 0;
  for (const [tag] of html.matchAll(/<\/?form\b/g)) {
    depth += tag === "<form" ? 1 : -1;
    max = Math.max(max, depth);
  }
  return max;
}

const review = () => `/engagements/${id}/assess/review`;
const area = () => `/engagements/${id}/assess/data`;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", SIGNUP_RATE_LIMIT: "1000" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  viewer = await addMember(server, founder, id, "viewer");
  stranger = new Client(server.url);
  await signup(stranger, `stranger-${Date.now()}@example.com`);
});
afterAll(async () => {
  await server?.stop();
});

describe("a question's thread", () => {
  it("offers the partner “Ask the founder” on an unsure question, and opens its thread form", async () => {
    const list = await (await partner.get(`${review()}?show=unsure`)).text();
    expect(list).toMatch(new RegExp(`name="thread" value="${QUESTION}"[^>]*>Ask the founder<`));
    const open = await (await partner.get(`${review()}?thread=${QUESTION}`)).text();
    expect(open).toContain(`id="thread-${QUESTION}"`);
    expect(open).toContain(`name="questionId" value="${QUESTION}"`);
    expect(open).toContain("No comments yet.");
    // The founder answers on the questionnaire page: no row of their review list starts a thread.
    const founders = await (await founder.get(review())).text();
    expect(founders).not.toContain('form="open-thread"');
  });

  it("partner asks → the founder is emailed a link to the question on its page, and sees it there", async () => {
    const before = emails().length;
    const body = "Maya, does Supabase keep daily backups on your plan? Check Database → Backups.";
    const res = await partner.post(review(), { intent: "comment", questionId: QUESTION, body });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`${review()}?thread=${QUESTION}#thread-${QUESTION}`);
    // Once there is a thread, the founder's review list opens it too.
    expect(await (await founder.get(review())).text()).toMatch(
      new RegExp(`name="thread" value="${QUESTION}"[^>]*>Read the comments<`),
    );
    expect(
      query(server, "select 1 from comments where target_type = 'question' and target_id = ?", QUESTION),
    ).toHaveLength(1);

    // The founder and the viewer; never the partner who wrote it.
    await settle(before + 2);
    const mail = emails()
      .slice(before)
      .find((m) => m.to === DEMO.founder.email)!;
    expect(mail.subject).toBe(
      `${DEMO.partner.name} commented on the question “${PROMPT.slice(0, 59).trimEnd()}…” (CartPilot)`,
    );
    expect(mail.text).toContain(`the question “${PROMPT}”`);
    expect(mail.text).toContain(`> ${body}`);
    expect(mail.link).toBe(`${server.url}${area()}#q-${QUESTION}`);
    expect(
      emails()
        .slice(before)
        .map((m) => m.to),
    ).not.toContain(DEMO.partner.email);

    const page = await founder.get(area());
    expect(page.status).toBe(200);
    const html = await page.text();
    const thread = html.indexOf(`id="thread-${QUESTION}"`);
    // Under its question, with the comment and a reply box; no form inside the answers' form.
    expect(thread).toBeGreaterThan(html.indexOf(`id="q-${QUESTION}"`));
    expect(html.slice(thread)).toContain("does Supabase keep daily backups on your plan?");
    expect(html).toContain(`form="comment-${QUESTION}"`);
    expect(html).toMatch(new RegExp(`<form [^>]*id="comment-${QUESTION}"`));
    expect(formDepth(html)).toBe(1);

    // The review list counts it.
    expect(await (await partner.get(`${review()}?show=unsure`)).text()).toMatch(
      /1 comment(<!-- -->)? · <button[^>]*value="data.backups"/,
    );
  });

  it("founder replies on the questionnaire page → back at the question, and the partner is emailed", async () => {
    const before = emails().length;
    const body = "No idea, I'll look tonight. We're on the free plan.";
    const res = await founder.post(area(), { intent: "comment", questionId: QUESTION, body });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`${area()}#q-${QUESTION}`);
    // The viewer had this thread's email within ten minutes: only the partner gets this one.
    await settle(before + 1);
    const mail = emails().at(-1)!;
    expect(mail.to).toBe(DEMO.partner.email);
    expect(mail.subject).toContain(`${DEMO.founder.name} commented on the question`);
    expect(mail.link).toBe(`${server.url}${area()}#q-${QUESTION}`);
    expect(mail.text).toContain(`> ${body}`);
    // And the partner sees both in the thread on the review page.
    const open = await (await partner.get(`${review()}?thread=${QUESTION}`)).text();
    expect(open).toContain("I&#x27;ll look tonight");
  });

  it("links the overview's activity line to the question on its page", async () => {
    const html = await (await founder.get(`/engagements/${id}`)).text();
    expect(html).toContain(`href="${area()}#q-${QUESTION}"`);
  });

  it("refuses a non-member (404), a made-up question (404), no question (400) and an empty comment (400)", async () => {
    const count = () => query(server, "select 1 from comments where target_type = 'question'").length;
    const before = count();
    expect(
      (await stranger.post(review(), { intent: "comment", questionId: QUESTION, body: "hi" })).status,
    ).toBe(404);
    expect(
      (await stranger.post(area(), { intent: "comment", questionId: QUESTION, body: "hi" })).status,
    ).toBe(404);
    expect(
      (await partner.post(review(), { intent: "comment", questionId: "data.made-up", body: "hi" })).status,
    ).toBe(404);
    expect((await founder.post(area(), { intent: "comment", questionId: "nope", body: "hi" })).status).toBe(
      404,
    );
    expect((await partner.post(review(), { intent: "comment", body: "hi" })).status).toBe(400);
    const empty = await founder.post(area(), { intent: "comment", questionId: QUESTION, body: "   " });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Write a comment first.");
    expect(count()).toBe(before);
  });

  it("refuses a real question this engagement's answers hide (404)", async () => {
    const list = await (await partner.get(review())).text();
    const shown = new Set([...list.matchAll(/id="q-([^"]+)"/g)].map(([, q]) => q));
    expect(shown.has(QUESTION)).toBe(true);
    const content = realContent();
    const hidden = [...content.intake.questions, ...content.areas.flatMap((a) => a.questions)].find(
      (q) => !shown.has(q.id),
    );
    expect(hidden).toBeDefined();
    const res = await partner.post(review(), { intent: "comment", questionId: hidden!.id, body: "Hidden?" });
    expect(res.status).toBe(404);
    expect(query(server, "select 1 from comments where target_id = ?", hidden!.id)).toHaveLength(0);
  });

  it("lets a viewer read and comment, as on plan items, but not answer or review", async () => {
    const page = await (await viewer.get(area())).text();
    expect(page).toContain(`id="thread-${QUESTION}"`);
    expect(page).toContain(`form="comment-${QUESTION}"`);
    const res = await viewer.post(area(), { intent: "comment", questionId: QUESTION, body: "Following." });
    expect(res.status).toBe(302);
    expect((await viewer.get(`${review()}?thread=${QUESTION}`)).status).toBe(200);
    // Reviewing is still the partner's.
    expect(
      (await viewer.post(review(), { intent: "verify", questionId: QUESTION, version: "1", note: "" }))
        .status,
    ).toBe(403);
  });
});
