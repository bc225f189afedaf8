// Security review 2 (notes/audit-security-2.md, finding 2): an engagement whose founders require
// two-step login opens only for members who have it on (decision 023): the others are sent to set it
// up and see nothing of it. Its emails must not reach them either: a comment quoted with the item's
// title, or a proposal's news, would hand a password alone (and whoever uses it to move the account's
// email to their own address, decision 024) what the pages withhold. The first test is the review's
// (commit 72e5136 of its clone, failing before the fix); the proposal emails are checked alike.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { addMember, DEMO, demoEngagementId, join, login, query } from "./support/demo-server";
import { Client, confirmEmail, signup, startServer, type TestServer } from "./support/server";
import { turnOnTwoStep } from "./support/two-step";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;
let viewerEmail: string;
/** A second partner, with two-step login: may open the engagement, publish, and be emailed. */
let partnerWithCode: Client;
let partnerWithCodeEmail: string;
/** A second founder, without two-step login: refused like the demo partner. */
const founderWithout = `founder-without-${Date.now()}@example.com`;

/** The emails written to the server's output so far (no SMTP_URL): recipient, subject and whole text. */
function emails() {
  return server
    .output()
    .split("--- email")
    .slice(1)
    .flatMap((block) => {
      const to = /\nTo: (.+)\n/.exec(block)?.[1];
      const subject = /\nSubject: (.+)\n/.exec(block)?.[1] ?? "";
      return to ? [{ to, subject, text: block }] : [];
    });
}

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", SIGNUP_RATE_LIMIT: "1000" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
  // A viewer with two-step login on: the engagement stays open to them, and so do its emails.
  const viewer = await addMember(server, founder, id, "viewer");
  await turnOnTwoStep(viewer, "correct horse battery");
  [{ email: viewerEmail }] = query<{ email: string }>(
    server,
    "select u.email from users u join memberships m on m.user_id = u.id where m.engagement_id = ? and m.role = 'viewer'",
    id,
  );
  partnerWithCodeEmail = `partner-with-code-${Date.now()}@example.com`;
  partnerWithCode = new Client(server.url);
  await signup(partnerWithCode, partnerWithCodeEmail);
  // Confirmed, like the members below: an unconfirmed address gets no emails anyway (decision 038).
  await confirmEmail(server, partnerWithCodeEmail);
  await join(founder, id, "partner", partnerWithCode);
  await turnOnTwoStep(partnerWithCode, "correct horse battery");
  const second = new Client(server.url);
  await signup(second, founderWithout);
  await confirmEmail(server, founderWithout);
  await join(founder, id, "founder", second);

  await turnOnTwoStep(founder, DEMO.password);
  const required = await founder.post(`/engagements/${id}/members`, {
    intent: "require-two-step",
    required: "on",
  });
  expect(required.status).toBe(200);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe("comment emails on an engagement that requires two-step login", () => {
  it("are not sent to a member the engagement refuses for lack of it", async () => {
    // The partner (no two-step login) cannot open the engagement or its plan.
    const refused = await partner.get(`/engagements/${id}/plan`);
    expect(refused.status).toBe(302);
    expect(refused.headers.get("Location")).toContain("/account/two-step");

    const [item] = query<{ id: string; title: string }>(
      server,
      "select id, title from plan_items where engagement_id = ? limit 1",
      id,
    );
    const body = "The admin page at /admin-7731 has no login check yet.";
    const posted = await founder.post(`/engagements/${id}/plan/${item!.id}`, {
      intent: "comment",
      itemId: item!.id,
      body,
    });
    expect(posted.status).toBe(302);

    // The viewer, who may open it, is emailed the comment...
    await expect
      .poll(() => emails().some((e) => e.to === viewerEmail && e.text.includes(body)), { timeout: 5000 })
      .toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    // ...and so is the other partner, who has two-step login...
    expect(emails().filter((e) => e.to === partnerWithCodeEmail && e.text.includes(body))).toHaveLength(1);
    // ...but not the partner or the second founder, who may not open it.
    const leaked = emails().filter(
      (e) => (e.to === DEMO.partner.email || e.to === founderWithout) && e.text.includes(body),
    );
    expect(leaked).toHaveLength(0);
  });
});

describe("proposal emails on an engagement that requires two-step login", () => {
  it("a published version is emailed (and announced) only to the founders who may open it", async () => {
    // The publish form names who will be emailed: the founder with two-step login only.
    const form = await (await partnerWithCode.get(`/engagements/${id}/proposals`)).text();
    expect(form).toContain(DEMO.founder.email);
    expect(form).not.toContain(founderWithout);

    const before = emails().length;
    const published = await partnerWithCode.post(`/engagements/${id}/proposals`, {
      assumptions: "a",
      exclusions: "b",
      number: "1",
    });
    expect(published.status).toBe(302);
    const ready = (e: { subject: string }) => e.subject.includes("proposal version 1 is ready");
    await expect.poll(() => emails().slice(before).filter(ready).length, { timeout: 5000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(
      emails()
        .slice(before)
        .filter(ready)
        .map((e) => e.to),
    ).toEqual([DEMO.founder.email]);
  });

  it("an accepted version is emailed only to the partners who may open it", async () => {
    const [{ snapshot_hash: snapshotHash }] = query<{ snapshot_hash: string }>(
      server,
      "select snapshot_hash from proposals where engagement_id = ? and number = 1",
      id,
    );
    const before = emails().length;
    const accepted = await founder.post(`/engagements/${id}/proposals/1`, { snapshotHash, confirm: "on" });
    expect(accepted.status).toBe(302);
    const news = (e: { subject: string }) => e.subject.includes("proposal version 1 was accepted");
    await expect.poll(() => emails().slice(before).filter(news).length, { timeout: 5000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(
      emails()
        .slice(before)
        .filter(news)
        .map((e) => e.to),
    ).toEqual([partnerWithCodeEmail]);
  });
});
