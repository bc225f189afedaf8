// Comment emails that cannot be turned against an inbox (security review 2, #3 and #6), through the
// real server with plain forms, emails read from its output (no SMTP_URL):
// - every line of a quoted comment starts "> ", whichever line break a mail client may break it on;
// - besides one email per recipient and thread every ten minutes, at most COMMENT_MAIL_LIMIT (10)
//   comment emails per recipient an hour, across threads; the last one says so; comments past it are
//   still posted;
// - at most COMMENT_RATE_LIMIT (30) comments per author per ten minutes: the next is refused beside
//   the comment box with 429, its text kept, nothing stored, on plan items and proposals alike, and
//   other authors are not held up.
// The counters are rows of `rate_limits`; "an hour passes" expires them by hand instead of waiting.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { startServer, type Client, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;
let items: Array<{ id: string; title: string }>;

/** The emails written to the server's output so far: recipient and whole text. */
function emails() {
  return server
    .output()
    .split("--- email")
    .slice(1)
    .flatMap((block) => {
      const to = /\nTo: (.+)\n/.exec(block)?.[1];
      return to ? [{ to, text: block }] : [];
    });
}
const toPartner = () => emails().filter((e) => e.to === DEMO.partner.email);

async function settle(count: () => number, expected: number) {
  await expect.poll(count, { timeout: 5000 }).toBe(expected);
  // And nothing more on its way.
  await new Promise((r) => setTimeout(r, 300));
  expect(count()).toBe(expected);
}

/** The counters whose key starts with `prefix` expire now (their window passes). */
function expire(prefix: string) {
  const db = new Database(server.dbFile);
  try {
    db.prepare("update rate_limits set expire = ? where key like ?").run(Date.now() - 1, `${prefix}:%`);
  } finally {
    db.close();
  }
}

const commentOn = (who: Client, item: { id: string }, body: string) =>
  who.post(`/engagements/${id}/plan/${item.id}`, { intent: "comment", itemId: item.id, body });
const stored = (body: string) => query(server, "select 1 from comments where body = ?", body).length;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
  items = query<{ id: string; title: string }>(
    server,
    "select id, title from plan_items where engagement_id = ? order by position limit 40",
    id,
  );
  expect(items.length).toBeGreaterThanOrEqual(20);
});
afterAll(async () => {
  await server?.stop();
});

/** Every line break the quoting splits on, as the review listed them. */
const BREAK = /\r\n?|[\n\v\f\u0085\u2028\u2029]/;

describe("the quote of a comment in its email", () => {
  it("starts every line with “> ”, whatever line break the comment uses", async () => {
    // Next-line, vertical tab and form feed are control characters, which a comment no longer
    // takes (QA pass 5, finding 6): refused beside the box, nothing emailed.
    for (const control of ["\u0085", "\v", "\f"]) {
      expect((await commentOn(founder, items[0]!, `one${control}two`)).status).toBe(400);
    }
    const lines = [
      "Thanks, the plan looks right.",
      "ACTION REQUIRED: confirm your account at https://evil.example/login",
      "after a paragraph separator",
      "after a CRLF",
      "after a CR",
    ];
    const body = [lines[0], "\u2028", lines[1], "\u2029", lines[2], "\r\n", lines[3], "\r", lines[4]].join(
      "",
    );
    const before = toPartner().length;
    expect((await commentOn(founder, items[0]!, body)).status).toBe(302);
    await settle(() => toPartner().length, before + 1);
    const mail = toPartner().at(-1)!.text.split(BREAK);
    const start = mail.indexOf(`> ${lines[0]}`);
    expect(start, mail.join("\n")).toBeGreaterThan(0);
    expect(mail.slice(start, start + lines.length)).toEqual(lines.map((l) => `> ${l}`));
    // Nowhere in the email does the comment's text start a line of its own.
    expect(mail.filter((l) => l.startsWith("ACTION REQUIRED"))).toEqual([]);
  });
});

describe("comment emails to one person, across threads", () => {
  it("are at most 10 an hour; the 10th says so, later comments are still posted, and the next hour emails again", async () => {
    expire("comment-mail-cap");
    const before = toPartner().length;
    // One comment on each of 11 threads the partner has not been emailed about.
    const threads = items.slice(1, 12);
    for (const [n, item] of threads.entries()) {
      expect((await commentOn(founder, item, `Across threads, number ${n + 1}`)).status).toBe(302);
    }
    await settle(() => toPartner().length, before + 10);
    const sent = toPartner().slice(before);
    expect(sent.map((m) => /> (Across threads, number \d+)/.exec(m.text)?.[1])).toEqual(
      Array.from({ length: 10 }, (_, n) => `Across threads, number ${n + 1}`),
    );
    const capped =
      "You have now been sent 10 comment emails within the hour, the most there can be: comments for the rest of the hour are not emailed. They are all on Finishline.";
    expect(sent[9]!.text.replace(/\s+/g, " ")).toContain(capped);
    expect(sent.slice(0, 9).filter((m) => m.text.includes("the most there can be"))).toEqual([]);
    // The 11th comment was posted, only not emailed.
    expect(stored("Across threads, number 11")).toBe(1);

    // An hour later (and a new thread): emailed again.
    expire("comment-mail-cap");
    expect((await commentOn(founder, items[12]!, "An hour later")).status).toBe(302);
    await settle(() => toPartner().length, before + 11);
    expect(toPartner().at(-1)!.text).toContain("> An hour later");
  });
});

describe("comments per author", () => {
  it("refuses the 31st in ten minutes beside the box, with 429 and the text kept; stores nothing of it", async () => {
    // The founder posted 13 comments above: 17 more reach 30.
    const posted = query<{ n: number }>(
      server,
      "select count(*) as n from comments c join users u on u.id = c.user_id where u.email = ?",
      DEMO.founder.email,
    )[0]!.n;
    expect(posted).toBe(13);
    for (let n = posted; n < 30; n++) {
      expect((await commentOn(founder, items[13 + (n % 20)]!, `Comment ${n + 1}`)).status).toBe(302);
    }
    const body = "Number thirty-one, <b>kept</b> & shown again";
    const refused = await commentOn(founder, items[0]!, body);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    const page = await refused.text();
    // Beside the comment box, and the box holds what was typed.
    expect(page).toMatch(
      /id="comments-body-error"[^>]*>[^<]*You have posted 30 comments in the last 10 minutes, the most there can be\. Your comment was not posted: it is still in the box, so post it again in (a minute|\d+ minutes)\./,
    );
    expect(page).toMatch(
      /<textarea[^>]*name="body"[^>]*>Number thirty-one, &lt;b&gt;kept&lt;\/b&gt; &amp; shown again<\/textarea>/,
    );
    expect(stored(body)).toBe(0);

    // The same limit on a proposal version's comments.
    expect(
      (await partner.post(`/engagements/${id}/proposals`, { assumptions: "a", exclusions: "b" })).status,
    ).toBe(302);
    const onProposal = await founder.post(`/engagements/${id}/proposals/1`, { intent: "comment", body });
    expect(onProposal.status).toBe(429);
    const proposalPage = await onProposal.text();
    expect(proposalPage).toContain("You have posted 30 comments in the last 10 minutes");
    expect(proposalPage).toMatch(/<textarea[^>]*name="body"[^>]*>Number thirty-one/);
    expect(stored(body)).toBe(0);

    // Someone else is not held up by it.
    expect((await commentOn(partner, items[0]!, "The partner still can")).status).toBe(302);
    expect(stored("The partner still can")).toBe(1);

    // Ten minutes later the founder can again.
    expire("comment-user");
    expect((await commentOn(founder, items[0]!, body)).status).toBe(302);
    expect(stored(body)).toBe(1);
  });
});
