// The founder starts a question's thread from the questionnaire page (the partner starts one from
// the review page: test/question-comments.test.ts). Under each question without a thread, a link
// (?ask=<question>#q-<question>) has the page rendered with that one question's thread form: never a
// form per question (issue 14's page budget). The first comment goes through the thread's existing
// action, limits and emails. Real server and SQLite file; emails read from the server's output.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { addMember, DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { realContent } from "./support/content";
import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;
let viewer: Client;
let stranger: Client;

// The demo founder answered this one (db/demo-answers.ts); nobody has commented on it. "data" page.
const QUESTION = "data.growth";
// On the same engagement, another page's question.
const ELSEWHERE = "auth.cross-account";

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

/** The questions a page offers to start a thread on, by the link's words. */
function askLinks(html: string, words: string) {
  const escaped = words.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return [
    ...html.matchAll(new RegExp(`<a [^>]*href="[^"]*\\?ask=([^"#]+)#q-[^"]+"[^>]*>${escaped}</a>`, "g")),
  ].map(([, q]) => decodeURIComponent(q!));
}

const commentForms = (html: string) =>
  [...html.matchAll(/<form [^>]*id="comment-([^"]+)"/g)].map(([, q]) => q);

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

describe("the founder starts a thread on a question", () => {
  it("offers a link under each shown question without a thread, and no form until one is asked for", async () => {
    const html = await (await founder.get(area())).text();
    const offered = askLinks(html, "Ask your partner about this");
    expect(offered).toContain(QUESTION);
    expect(html).toContain(`href="${area()}?ask=${QUESTION}#q-${QUESTION}"`);
    // One link per shown question (those the page marks hidden have none), placed under its question.
    const shown = [...html.matchAll(/<fieldset [^>]*id="q-([^"]+)"(?![^>]*hidden)/g)].map(([, q]) => q);
    expect(offered).toEqual(shown);
    expect(html.indexOf(`?ask=${QUESTION}#`)).toBeGreaterThan(html.indexOf(`id="q-${QUESTION}"`));
    // No thread on this page yet, so no comment form at all.
    expect(commentForms(html)).toEqual([]);
    expect(html).not.toContain('form="comment-');
  });

  it("renders that one question's thread form for ?ask=, outside the answers' form", async () => {
    const res = await founder.get(`${area()}?ask=${QUESTION}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const thread = html.indexOf(`id="thread-${QUESTION}"`);
    expect(thread).toBeGreaterThan(html.indexOf(`id="q-${QUESTION}"`));
    expect(html.slice(thread)).toContain("Ask your partner about this question");
    expect(html).toMatch(
      new RegExp(`<textarea id="thread-${QUESTION}-body" name="body"[^>]*form="comment-${QUESTION}"`),
    );
    expect(html.includes(`name="questionId" form="comment-${QUESTION}" value="${QUESTION}"`)).toBe(true);
    expect(commentForms(html)).toEqual([QUESTION]);
    expect(formDepth(html)).toBe(1);
    // Its own link gives way to the form; the others stay links.
    const offered = askLinks(html, "Ask your partner about this");
    expect(offered).not.toContain(QUESTION);
    expect(offered.length).toBeGreaterThan(3);
    // Cancel: the page without the form, at the question.
    expect(html).toContain(`href="${area()}#q-${QUESTION}"`);
  });

  it("opens nothing for a question of another page, a made-up one, or an overlong one", async () => {
    for (const ask of [ELSEWHERE, "data.made-up", "x".repeat(500)]) {
      const res = await founder.get(`${area()}?ask=${encodeURIComponent(ask)}`);
      expect(res.status).toBe(200);
      expect(commentForms(await res.text())).toEqual([]);
    }
  });

  it("refuses an empty first comment beside its box, the form still open without ?ask", async () => {
    const count = () => query(server, "select 1 from comments where target_id = ?", QUESTION).length;
    const res = await founder.post(area(), { intent: "comment", questionId: QUESTION, body: "  " });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(`id="thread-${QUESTION}-body-error"`);
    expect(html).toContain("Write a comment first.");
    expect(commentForms(html)).toEqual([QUESTION]);
    expect(count()).toBe(0);
  });

  it("founder asks → back at the question with its thread, and the partner is emailed a link to it", async () => {
    const before = emails().length;
    const body = "Should we plan for the launch campaign traffic here? About 5,000 sign-ups in a week.";
    const res = await founder.post(area(), { intent: "comment", questionId: QUESTION, body });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`${area()}#q-${QUESTION}`);
    expect(
      query(
        server,
        "select 1 from comments where engagement_id = ? and target_type = 'question' and target_id = ?",
        id,
        QUESTION,
      ),
    ).toHaveLength(1);

    // The partner and the viewer; never the founder who wrote it.
    await settle(before + 2);
    const sent = emails().slice(before);
    expect(sent.map((m) => m.to)).not.toContain(DEMO.founder.email);
    const mail = sent.find((m) => m.to === DEMO.partner.email)!;
    const prompt = realContent()
      .areas.flatMap((a) => a.questions)
      .find((q) => q.id === QUESTION)!.prompt;
    expect(mail.subject).toContain(`${DEMO.founder.name} commented on the question “`);
    expect(mail.text).toContain(`the question “${prompt}”`);
    expect(mail.text).toContain(`> ${body}`);
    expect(mail.link).toBe(`${server.url}${area()}#q-${QUESTION}`);

    // Now a thread like any other: the comment and a reply box under the question, no link.
    const html = await (await founder.get(area())).text();
    const thread = html.indexOf(`id="thread-${QUESTION}"`);
    expect(html.slice(thread)).toContain("launch campaign traffic");
    expect(html.slice(thread)).toContain(">Reply<");
    expect(askLinks(html, "Ask your partner about this")).not.toContain(QUESTION);
    // The partner sees it on the review page, and on the questionnaire page.
    const review = await (await partner.get(`/engagements/${id}/assess/review?thread=${QUESTION}`)).text();
    expect(review).toContain("launch campaign traffic");
  });

  it("refuses an outsider (404) with ?ask and on posting", async () => {
    expect((await stranger.get(`${area()}?ask=${QUESTION}`)).status).toBe(404);
    const res = await stranger.post(area(), { intent: "comment", questionId: "data.growth", body: "hi" });
    expect(res.status).toBe(404);
    expect(query(server, "select 1 from comments where target_id = ?", QUESTION)).toHaveLength(1);
  });

  it("offers the partner “Ask the founder about this” and a viewer “Leave a note”, who may post it", async () => {
    const partners = await (await partner.get(area())).text();
    expect(askLinks(partners, "Ask the founder about this")).toContain("data.backups");
    const viewers = await (await viewer.get(`${area()}?ask=data.backups`)).text();
    expect(askLinks(viewers, "Leave a note")).toContain("data.schema-changes");
    expect(viewers).toContain("Leave a note on this question");
    // The founder's thread has its reply form; the one asked for, its first.
    expect(commentForms(viewers)).toEqual([QUESTION, "data.backups"]);
    const res = await viewer.post(area(), { intent: "comment", questionId: "data.backups", body: "Noted." });
    expect(res.status).toBe(302);
  });
});

describe("on an engagement without a partner", () => {
  it("offers nothing to a founder alone, and “Leave a note” once someone else is a member", async () => {
    const owner = new Client(server.url);
    await signup(owner, `owner-${Date.now()}@example.com`);
    const { id: own } = await createEngagement(owner);
    const intake = `/engagements/${own}/assess`;
    const alone = await (await owner.get(intake)).text();
    expect(alone).toContain('id="q-');
    expect(alone).not.toContain("?ask=");
    await addMember(server, owner, own, "viewer");
    const shared = await (await owner.get(intake)).text();
    expect(askLinks(shared, "Leave a note").length).toBeGreaterThan(0);
    expect(askLinks(shared, "Ask your partner about this")).toEqual([]);
    expect(shared).toMatch(new RegExp(`href="${intake}\\?ask=[^"]+#q-`));
  });
});
