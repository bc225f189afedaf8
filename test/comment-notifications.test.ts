// Comment emails (partner audit #11): a comment on a plan item or a proposal version is emailed to
// every other member who has "Email me" ticked, quoting it, with the link to the thread; at most one
// email per recipient per thread every ten minutes (a counter row in `rate_limits`, expired here by
// hand instead of waiting). Read from the server's output (no SMTP_URL), as test/notifications.test.ts.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { addMember, DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { startServer, type Client, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;
let viewerEmail: string;
let item: { id: string; title: string };

/** The emails written to the server's output so far: recipient, subject, link and whole text. */
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
  // And nothing more on its way.
  await new Promise((r) => setTimeout(r, 300));
  expect(emails()).toHaveLength(count);
}

const commentOnItem = (who: Client, body: string) =>
  who.post(`/engagements/${id}/plan/${item.id}`, { intent: "comment", itemId: item.id, body });

/** Ten minutes pass for the comment-email counters: each counter row expires now. */
function windowPasses() {
  const db = new Database(server.dbFile);
  try {
    db.prepare("update rate_limits set expire = ? where key like 'comment-mail:%'").run(Date.now() - 1);
  } finally {
    db.close();
  }
}

const short = (title: string) => (title.length > 60 ? `${title.slice(0, 59).trimEnd()}…` : title);

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", SIGNUP_RATE_LIMIT: "1000" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  await addMember(server, founder, id, "viewer");
  [{ email: viewerEmail }] = query<{ email: string }>(
    server,
    "select u.email from users u join memberships m on m.user_id = u.id where m.engagement_id = ? and m.role = 'viewer'",
    id,
  );
  expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
  [item] = query<{ id: string; title: string }>(
    server,
    "select id, title from plan_items where engagement_id = ? order by length(title) desc limit 1",
    id,
  );
});
afterAll(async () => {
  await server?.stop();
});

describe("comment emails", () => {
  it("emails the founder (and the viewer) a partner's comment on an item, with its title, text and link; never the partner", async () => {
    const before = emails().length;
    const body = "Maya, can you give me read access to the Supabase project this week?";
    expect((await commentOnItem(partner, body)).status).toBe(302);
    await settle(before + 2);
    const sent = emails().slice(before);
    expect(sent.map((m) => m.to).sort()).toEqual([DEMO.founder.email, viewerEmail].sort());
    const mail = sent.find((m) => m.to === DEMO.founder.email)!;
    expect(mail.subject).toBe(`${DEMO.partner.name} commented on “${short(item.title)}” (CartPilot)`);
    expect(mail.link).toBe(`${server.url}/engagements/${id}/plan/${item.id}#comments`);
    expect(mail.text).toContain(`the plan item “${item.title}”`);
    expect(mail.text).toContain(`> ${body}`);
  });

  it("sends no second email for another comment in the same thread within ten minutes, and one after", async () => {
    const before = emails().length;
    expect((await commentOnItem(partner, "And the Stripe dashboard, please.")).status).toBe(302);
    await settle(before);

    windowPasses();
    expect((await commentOnItem(partner, "Ten minutes later: still waiting.")).status).toBe(302);
    await settle(before + 2);
    expect(emails().at(-1)?.text).toContain("> Ten minutes later: still waiting.");
  });

  it("emails nobody who unticked “Email me”", async () => {
    windowPasses();
    expect((await founder.post("/account", { intent: "notifications" })).status).toBe(200);
    const before = emails().length;
    expect((await commentOnItem(partner, "Anyone there?")).status).toBe(302);
    await settle(before + 1);
    expect(emails().at(-1)?.to).toBe(viewerEmail);
    expect((await founder.post("/account", { intent: "notifications", notify: "on" })).status).toBe(200);
  });

  it("emails the partner a founder's comment on a proposal version, cut to 500 characters", async () => {
    expect(
      (await partner.post(`/engagements/${id}/proposals`, { assumptions: "a", exclusions: "b" })).status,
    ).toBe(302);
    await new Promise((r) => setTimeout(r, 300));
    const before = emails().length;
    const body = `Why is this so much? ${"x".repeat(1000)}`;
    expect((await founder.post(`/engagements/${id}/proposals/1`, { intent: "comment", body })).status).toBe(
      302,
    );
    await settle(before + 2);
    const mail = emails()
      .slice(before)
      .find((m) => m.to === DEMO.partner.email)!;
    expect(mail.subject).toBe(`${DEMO.founder.name} commented on proposal version 1 (CartPilot)`);
    expect(mail.link).toBe(`${server.url}/engagements/${id}/proposals/1#comments`);
    expect(mail.text).toContain(`> ${body.slice(0, 499)}…\n`);
    expect(mail.text).not.toContain(body.slice(0, 500));
    expect(
      emails()
        .slice(before)
        .map((m) => m.to),
    ).not.toContain(DEMO.founder.email);
  });

  it("still takes the comment when the email cannot be counted", async () => {
    const db = new Database(server.dbFile);
    try {
      db.exec("alter table rate_limits rename to rate_limits_away");
      const res = await commentOnItem(founder, "Posted while the counters are gone");
      expect(res.status).toBe(302);
      await expect.poll(() => server.output(), { timeout: 5000 }).toMatch(/comment email failed/);
    } finally {
      db.exec("alter table rate_limits_away rename to rate_limits");
      db.close();
    }
    expect(
      query(server, "select 1 from comments where body = ?", "Posted while the counters are gone"),
    ).toHaveLength(1);
  });
});

describe("recent activity", () => {
  it("links comments to their item's thread and a version to its page; other entries stay text", async () => {
    const html = await (await founder.get(`/engagements/${id}`)).text();
    const feed = /<ol class="activity-list">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? "";
    const lines = [...feed.matchAll(/<li>([\s\S]*?)<\/li>/g)].map(([, li]) => ({
      href: /<a [^>]*href="([^"]+)"/.exec(li!)?.[1],
      text: li!
        .replace(/<span[\s\S]*$/, "")
        .replace(/<[^>]+>/g, "")
        .trim(),
    }));
    // Newest first: the founder's two comments, on the item and on version 1 (one line, two
    // threads: no link), version 1 published, the partner's four comments on the item.
    expect(lines.slice(0, 3)).toEqual([
      { href: undefined, text: `${DEMO.founder.name} left 2 comments` },
      { href: `/engagements/${id}/proposals/1`, text: `${DEMO.partner.name} published proposal version 1` },
      { href: `/engagements/${id}/plan/${item.id}#comments`, text: `${DEMO.partner.name} left 4 comments` },
    ]);
    expect(lines).toContainEqual({ href: undefined, text: `${viewerEmail} joined` });
  });
});
