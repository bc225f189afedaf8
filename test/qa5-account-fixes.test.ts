// QA pass 5, findings 3, 4, 6 and 9 (/work/notes/qa5/findings.md), over HTTP against the real server
// and its SQLite file; emails read from the server's output, as without SMTP_URL.
// 3: a new-email link confirmed while signed in as another account names the right account.
// 4: an invitation emailed to an address is taken only by that account, confirmed (decision 050).
// 6: comments refuse control and bidi characters; older ones still render, without them.
// 9: turning two-step login off names the projects that require it first.
import { createHash } from "node:crypto";

import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login, query } from "./support/demo-server";
import {
  Client,
  confirmEmail,
  confirmationLink,
  createEngagement,
  signup,
  startServer,
  type TestServer,
} from "./support/server";
import { turnOnTwoStep } from "./support/two-step";

let server: TestServer;
const PASSWORD = "correct horse battery";
let n = 0;
const address = (tag: string) => `${tag}-${Date.now()}-${++n}@example.com`;

/** Whether a NUL, an ESC or a right-to-left override is in the text as it is. */
const hasRaw = (text: string) => ["\u0000", "\u001b", "\u202e"].some((c) => text.includes(c));

function write(sql: string, ...params: unknown[]) {
  const db = new Database(server.dbFile);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

/** The page's text without tags and React's text separators, entities decoded. */
async function pageText(res: Response) {
  return (await res.text())
    .replace(/<!-- -->/g, "")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

/** A new account; with `confirmed`, its address confirmed through the emailed link. */
async function account(tag: string, { confirmed = true } = {}) {
  const email = address(tag);
  const client = new Client(server.url);
  await signup(client, email, PASSWORD);
  if (confirmed) await confirmEmail(server, email);
  else await confirmationLink(server, email);
  return { email, client };
}

function userId(email: string) {
  return query<{ id: string }>(server, "select id from users where email = ?", email)[0]!.id;
}

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", SIGNUP_RATE_LIMIT: "1000" });
});
afterAll(async () => {
  await server?.stop();
});

describe("a new-email link opened while signed in as another account (finding 3)", () => {
  it("names the account the link is for, and after confirming never says the signed-in one changed", async () => {
    const paula = await account("paula");
    const victor = await account("victor");
    const next = address("paula-new");
    expect(
      (
        await paula.client.post("/account", {
          intent: "change-email",
          newEmail: next,
          emailPassword: PASSWORD,
        })
      ).status,
    ).toBe(200);
    await expect.poll(() => server.output().includes(`To: ${next}`), { timeout: 5000 }).toBe(true);
    const block = server.output().slice(server.output().lastIndexOf(`To: ${next}`));
    const link = /\/account\/email\/[A-Za-z0-9_-]{22}\b/.exec(block)![0];

    const page = await pageText(await victor.client.get(link));
    expect(page).toContain(
      `This link is for the account ${paula.email}, not for the one signed in here (${victor.email}).`,
    );
    expect(page).toContain(`The Finishline account ${paula.email} will use ${next} instead`);
    expect(page).not.toContain("Your Finishline account");

    const done = await victor.client.post(link, {});
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe(`${link}?done`);
    const after = await victor.client.get(`${link}?done`);
    expect(after.status).toBe(200);
    const text = await pageText(after);
    expect(text).toContain(`The Finishline account this link was for now uses ${next}`);
    expect(text).toContain(`Your own account, ${victor.email}, did not change.`);
    expect(text).not.toContain("Your email is now");
    // Nobody else learns anything from "?done": signed out, or as the account itself, it is the
    // used link's page.
    expect((await new Client(server.url).get(`${link}?done`)).status).toBe(410);
    // The change went to the account that asked for it; Victor's stays.
    expect(query(server, "select email from users where id = ?", userId(next))).toEqual([{ email: next }]);
    expect(await pageText(await victor.client.get("/account"))).toContain(`Signed in as ${victor.email}`);
  });

  it("speaks to the owner as before when it is their own account", async () => {
    const owner = await account("owner");
    const next = address("owner-new");
    await owner.client.post("/account", { intent: "change-email", newEmail: next, emailPassword: PASSWORD });
    await expect.poll(() => server.output().includes(`To: ${next}`), { timeout: 5000 }).toBe(true);
    const block = server.output().slice(server.output().lastIndexOf(`To: ${next}`));
    const link = /\/account\/email\/[A-Za-z0-9_-]{22}\b/.exec(block)![0];
    const page = await pageText(await owner.client.get(link));
    expect(page).toContain(`Your Finishline account, ${owner.email}, will use ${next} instead`);
    expect(page).not.toContain("This link is for the account");
    const done = await owner.client.post(link, {});
    expect(done.headers.get("Location")).toBe("/account?email=changed");
  });
});

describe("an invitation emailed to an address (finding 4, decision 050)", () => {
  async function emailedInvite(founder: Client, id: string, to: string, role = "founder") {
    const res = await founder.post(`/engagements/${id}/members`, { intent: "invite", role, email: to });
    expect(res.status).toBe(200);
    return /\/invite\/([A-Za-z0-9_-]{22})/.exec(await res.text())![1]!;
  }
  const membersOf = (id: string) =>
    query<{ email: string; role: string }>(
      server,
      "select u.email, m.role from memberships m join users u on u.id = m.user_id where m.engagement_id = ? order by u.email",
      id,
    );
  const unused = (token: string) =>
    query<{ used_at: number | null }>(
      server,
      "select used_at from invitations where token_hash = ?",
      createHash("sha256").update(token).digest("hex"),
    )[0]!.used_at === null;

  it("is refused to another account, which the page tells whose it is and how to switch", async () => {
    const alice = await account("alice");
    const { id } = await createEngagement(alice.client, "Alpha App");
    const paula = address("paula-invited");
    const token = await emailedInvite(alice.client, id, paula);
    const bob = await account("bob");

    const page = await pageText(await bob.client.get(`/invite/${token}`));
    expect(page).toContain(`This invitation was sent to ${paula}; you are signed in as ${bob.email}.`);
    expect(page).toContain(`Sign out and log in as ${paula}`);
    expect(page).toContain("Ask");
    expect(page).toContain("for a link without an address");
    expect(page).not.toContain("Join Alpha App</button>");

    // A hand-made POST is refused as well: no membership, and the link stays usable for Paula.
    const forced = await bob.client.post(`/invite/${token}`, {});
    expect(forced.status).toBe(403);
    expect(membersOf(id).map((m) => m.email)).toEqual([alice.email]);
    expect(unused(token)).toBe(true);

    // Switching signs Bob out and sends him to log in, coming back to the invitation.
    const switched = await bob.client.post(`/invite/${token}`, { intent: "switch-account" });
    expect(switched.status).toBe(302);
    expect(switched.headers.get("Location")).toBe(
      `/login?${new URLSearchParams({ redirectTo: `/invite/${token}` })}`,
    );
    expect((await bob.client.get("/account")).status).toBe(302);

    // The addressee, once her address is confirmed, joins through it.
    const invited = new Client(server.url);
    await signup(invited, paula, PASSWORD);
    const before = await pageText(await invited.get(`/invite/${token}`));
    expect(before).toContain(`This invitation was sent to ${paula}. Before it lets you join, confirm`);
    expect((await invited.post(`/invite/${token}`, {})).status).toBe(403);
    expect(membersOf(id).map((m) => m.email)).toEqual([alice.email]);
    await confirmEmail(server, paula);
    const joined = await invited.post(`/invite/${token}`, {});
    expect(joined.status).toBe(302);
    expect(joined.headers.get("Location")).toBe(`/engagements/${id}`);
    expect(membersOf(id)).toContainEqual({ email: paula, role: "founder" });
  });

  it("matches the address whatever its case, and a link without an address still works for anyone", async () => {
    const founder = await account("founder");
    const { id } = await createEngagement(founder.client, "Case App");
    const sam = await account("sam");
    const token = await emailedInvite(founder.client, id, sam.email.toUpperCase(), "viewer");
    expect((await sam.client.post(`/invite/${token}`, {})).status).toBe(302);

    const open = await founder.client.post(`/engagements/${id}/members`, {
      intent: "invite",
      role: "viewer",
    });
    const openToken = /\/invite\/([A-Za-z0-9_-]{22})/.exec(await open.text())![1]!;
    const anyone = await account("anyone", { confirmed: false });
    const page = await pageText(await anyone.client.get(`/invite/${openToken}`));
    expect(page).not.toContain("This invitation was sent to");
    expect((await anyone.client.post(`/invite/${openToken}`, {})).status).toBe(302);
    expect(
      membersOf(id)
        .map((m) => m.email)
        .sort(),
    ).toEqual([founder.email, sam.email, anyone.email].sort());
  });
});

describe("comments with control and bidi characters (finding 6)", () => {
  let id: string;
  let founder: Client;
  let partner: Client;
  let itemId: string;

  beforeAll(async () => {
    id = demoEngagementId(server);
    founder = await login(server, DEMO.founder.email);
    partner = await login(server, DEMO.partner.email);
    expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
    itemId = query<{ id: string }>(
      server,
      "select id from plan_items where engagement_id = ? limit 1",
      id,
    )[0]!.id;
    expect(
      (await partner.post(`/engagements/${id}/proposals`, { assumptions: "a", exclusions: "b" })).status,
    ).toBe(302);
  });

  const count = () => query(server, "select 1 from comments where engagement_id = ?", id).length;
  const threads = () => [
    {
      what: "a plan item",
      post: (body: string) =>
        founder.post(`/engagements/${id}/plan/${itemId}`, { intent: "comment", itemId, body }),
      page: `/engagements/${id}/plan/${itemId}`,
    },
    {
      what: "a question",
      post: (body: string) =>
        partner.post(`/engagements/${id}/assess/review?thread=data.backups`, {
          intent: "comment",
          questionId: "data.backups",
          body,
        }),
      page: `/engagements/${id}/assess/review?thread=data.backups`,
    },
    {
      what: "a proposal version",
      post: (body: string) => founder.post(`/engagements/${id}/proposals/1`, { intent: "comment", body }),
      page: `/engagements/${id}/proposals/1`,
    },
  ];

  it("refuses NUL, ESC and a right-to-left override on every thread, with the message beside the box", async () => {
    for (const thread of threads()) {
      const before = count();
      for (const [body, message] of [
        ["ctrl\u0000here", "Remove the control characters from the comment (line breaks and tabs are fine)."],
        ["\u001b[31mred", "Remove the control characters from the comment (line breaks and tabs are fine)."],
        ["abc\u202Ertl", "Remove the invisible formatting characters (such as text-direction marks)."],
      ] as const) {
        const res = await thread.post(body);
        expect(res.status, `${thread.what}: ${JSON.stringify(body)}`).toBe(400);
        const html = await pageText(res);
        expect(html, thread.what).toMatch(/id="[^"]*-body-error"/);
        expect(html, thread.what).toContain(message);
      }
      expect(count(), thread.what).toBe(before);
      // Line breaks and tabs stay allowed.
      expect((await thread.post("first line\n\tindented")).status, thread.what).toBe(302);
      expect(count(), thread.what).toBe(before + 1);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(hasRaw(server.output())).toBe(false);
  });

  it("shows an older comment that holds them without them", async () => {
    const [{ user_id }] = query<{ user_id: string }>(
      server,
      "select user_id from memberships where engagement_id = ? and role = 'founder' limit 1",
      id,
    );
    write(
      "insert into comments (id, engagement_id, user_id, target_type, target_id, body, created_at) values (?, ?, ?, 'plan-item', ?, ?, ?)",
      "oldcomment0001",
      id,
      user_id,
      itemId,
      "ctrl\u0000\u001b[31mred\u202Ertl\ttab",
      Date.now(),
    );
    const res = await partner.get(`/engagements/${id}/plan/${itemId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("ctrl[31mredrtl\ttab");
    expect(hasRaw(html)).toBe(false);
  });
});

describe("turning two-step login off (finding 9)", () => {
  const disableSection = (html: string) => html.slice(html.indexOf('id="disable-heading"'));

  it("names the projects that require it, and says when the user is their only founder with it on", async () => {
    const alice = await account("alice-2fa");
    const { recoveryCodes } = await turnOnTwoStep(alice.client, PASSWORD);
    const { id } = await createEngagement(alice.client, "Strict App");
    await createEngagement(alice.client, "Relaxed App");
    const before = disableSection(await pageText(await alice.client.get("/account/two-step")));
    expect(before).not.toContain("requires two-step login");

    expect(
      (await alice.client.post(`/engagements/${id}/members`, { intent: "require-two-step", required: "on" }))
        .status,
    ).toBeLessThan(400);
    const page = disableSection(await pageText(await alice.client.get("/account/two-step")));
    expect(page).toContain("Strict App requires two-step login: without it you cannot open it.");
    expect(page).toContain(
      "You are its only founder with two-step login on, so nobody could lift the requirement until one of its founders sets it up again.",
    );
    expect(page).not.toContain("Relaxed App");

    // A co-founder with it on can lift it: only the first sentence stays.
    const carol = await account("carol-2fa");
    await turnOnTwoStep(carol.client, PASSWORD);
    const invite = await alice.client.post(`/engagements/${id}/members`, {
      intent: "invite",
      role: "founder",
    });
    const token = /\/invite\/([A-Za-z0-9_-]{22})/.exec(await invite.text())![1]!;
    expect((await carol.client.post(`/invite/${token}`, {})).status).toBe(302);
    const shared = disableSection(await pageText(await alice.client.get("/account/two-step")));
    expect(shared).toContain("Strict App requires two-step login: without it you cannot open it.");
    expect(shared).not.toContain("only founder");

    // A warning, not a refusal.
    const off = await alice.client.post("/account/two-step", {
      intent: "disable",
      code: recoveryCodes[0]!,
      password: PASSWORD,
    });
    expect(off.status).toBe(302);
    expect(off.headers.get("Location")).toBe("/account?two-step=off");
  });
});
