import crypto from "node:crypto";

import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  Client,
  confirmEmail,
  createEngagement,
  signup,
  startServer,
  type TestServer,
} from "./support/server";
import { turnOnTwoStep } from "./support/two-step";

// Its own server: the per-user invite limiter and the database are not shared with other files.
// These tests sign up many users from one IP, so the per-IP signup limit is raised.
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ SIGNUP_RATE_LIMIT: "1000" });
});
afterAll(async () => {
  await server?.stop();
});

let seq = 0;
const email = (label: string) => `${label}-${Date.now()}-${++seq}@example.com`;

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(server.dbFile, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

function write(sql: string, ...params: unknown[]) {
  const db = new Database(server.dbFile);
  db.pragma("busy_timeout = 5000");
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

type InvitationRow = {
  id: string;
  token_hash: string;
  role: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  used_by: string | null;
  revoked_at: number | null;
  note: string | null;
  email: string | null;
};
const invitationsOf = (engagementId: string) =>
  query<InvitationRow>("select * from invitations where engagement_id = ? order by created_at", engagementId);
const membersOf = (engagementId: string) =>
  query<{ user_id: string; role: string; email: string }>(
    "select m.user_id, m.role, u.email from memberships m join users u on u.id = m.user_id where m.engagement_id = ? order by u.email",
    engagementId,
  );
const activityOf = (engagementId: string) =>
  query<{ kind: string; user_id: string | null; detail: string }>(
    "select kind, user_id, detail from activity where engagement_id = ? order by id",
    engagementId,
  ).map((a) => ({ ...a, detail: JSON.parse(a.detail) as Record<string, unknown> }));
const userId = (address: string) =>
  query<{ id: string }>("select id from users where email = ?", address)[0].id;

/** The page as a reader sees its text: React's `<!-- -->` separators gone, common entities decoded. */
async function pageText(res: Response): Promise<string> {
  return (await res.text())
    .replaceAll("<!-- -->", "")
    .replaceAll("&#x27;", "'")
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&");
}

async function founderWithEngagement(name = "Invite Co") {
  const founder = new Client(server.url);
  const address = email("founder");
  await signup(founder, address);
  const { id } = await createEngagement(founder, name);
  return { founder, id, founderEmail: address };
}

async function invite(client: Client, engagementId: string, role: string) {
  const res = await client.post(`/engagements/${engagementId}/members`, { intent: "invite", role });
  expect(res.status).toBe(200);
  const html = await pageText(res);
  const token = html.match(/\/invite\/([A-Za-z0-9_-]{22})/)?.[1];
  if (!token) throw new Error(`no invite link in the page:\n${html}`);
  return { token, html };
}

/** A new user who joined through an invitation with `role`. */
async function member(founder: Client, engagementId: string, role: string) {
  const { token } = await invite(founder, engagementId, role);
  const client = new Client(server.url);
  const address = email(role);
  await signup(client, address);
  expect((await client.post(`/invite/${token}`, {})).status).toBe(302);
  return { client, email: address };
}

describe("inviting people", () => {
  it("creates a link shown once, stores only its sha256, and lets a NEW user sign up and join", async () => {
    const { founder, id } = await founderWithEngagement("Acme Checkout");
    const { token, html } = await invite(founder, id, "partner");
    expect(html).toContain(`${server.url}/invite/${token}`);
    expect(html).toContain("this link is shown only once");
    expect(html).toContain("in 7 days");

    const [stored] = invitationsOf(id);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.token_hash).toBe(crypto.createHash("sha256").update(token).digest("hex"));
    expect(stored.token_hash).not.toContain(token);
    expect(JSON.stringify(query("select * from invitations"))).not.toContain(token);
    expect(stored.role).toBe("partner");
    expect(stored.expires_at - stored.created_at).toBe(7 * 24 * 60 * 60 * 1000);

    // The members page never shows the link again.
    const page = await pageText(await founder.get(`/engagements/${id}/members`));
    expect(page).not.toContain(token);
    expect(page).toContain("Pending invitations");

    const visitor = new Client(server.url);
    const landing = await visitor.get(`/invite/${token}`);
    expect(landing.status).toBe(200);
    const landingHtml = await pageText(landing);
    expect(landingHtml).toContain("Join Acme Checkout");
    expect(landingHtml).toContain("Engineering partner");
    const redirectTo = encodeURIComponent(`/invite/${token}`);
    expect(landingHtml).toContain(`/signup?redirectTo=${redirectTo}`);
    expect(landingHtml).toContain(`/login?redirectTo=${redirectTo}`);

    // Posting while anonymous goes to login and back.
    const anonymous = await visitor.post(`/invite/${token}`, {});
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe(`/login?redirectTo=${redirectTo}`);

    const partnerEmail = email("new-partner");
    const signed = await visitor.post("/signup", {
      email: partnerEmail,
      password: "correct horse battery",
      redirectTo: `/invite/${token}`,
    });
    expect(signed.status).toBe(302);
    expect(signed.headers.get("Location")).toBe(`/invite/${token}`);
    const joinPage = await pageText(await visitor.get(`/invite/${token}`));
    expect(joinPage).toContain("Join Acme Checkout</button>");

    const joined = await visitor.post(`/invite/${token}`, {});
    expect(joined.status).toBe(302);
    expect(joined.headers.get("Location")).toBe(`/engagements/${id}`);
    expect(membersOf(id).find((m) => m.email === partnerEmail)?.role).toBe("partner");
    expect(invitationsOf(id)[0]).toMatchObject({ used_by: userId(partnerEmail) });
    expect(activityOf(id).map((a) => a.kind)).toEqual([
      "engagement.created",
      "invitation.created",
      "member.joined",
    ]);
    expect((await visitor.get(`/engagements/${id}`)).status).toBe(200);

    // The partner sees the list read-only.
    const partnerView = await visitor.get(`/engagements/${id}/members`);
    expect(partnerView.status).toBe(200);
    const partnerHtml = await pageText(partnerView);
    expect(partnerHtml).toContain("Leave project");
    expect(partnerHtml).not.toContain("Create invite link");
    expect(partnerHtml).not.toContain('value="remove"');

    // Single use: nobody else gets in with the same link, and the joiner cannot reuse it.
    const late = new Client(server.url);
    await signup(late, email("late"));
    const second = await late.post(`/invite/${token}`, {});
    expect(second.status).toBe(410);
    expect(await pageText(second)).toContain("already been used");
    expect((await visitor.post(`/invite/${token}`, {})).status).toBe(410);
    expect((await late.get(`/invite/${token}`)).status).toBe(410);
    expect(membersOf(id)).toHaveLength(2);
  });

  it("lets an EXISTING user log in and join", async () => {
    const { founder, id } = await founderWithEngagement("Existing Co");
    const existingEmail = email("existing");
    await signup(new Client(server.url), existingEmail);
    const { token } = await invite(founder, id, "viewer");

    const c = new Client(server.url);
    const login = await c.post("/login", {
      email: existingEmail,
      password: "correct horse battery",
      redirectTo: `/invite/${token}`,
    });
    expect(login.status).toBe(302);
    expect(login.headers.get("Location")).toBe(`/invite/${token}`);
    expect(await pageText(await c.get(`/invite/${token}`))).toContain("Join Existing Co</button>");
    const joined = await c.post(`/invite/${token}`, {});
    expect(joined.status).toBe(302);
    expect(joined.headers.get("Location")).toBe(`/engagements/${id}`);
    expect(membersOf(id).find((m) => m.email === existingEmail)?.role).toBe("viewer");
  });

  it("lets exactly one of two concurrent accepts succeed", async () => {
    const { founder, id } = await founderWithEngagement();
    const { token } = await invite(founder, id, "partner");
    const a = new Client(server.url);
    const b = new Client(server.url);
    await signup(a, email("race-a"));
    await signup(b, email("race-b"));
    const results = await Promise.all([a.post(`/invite/${token}`, {}), b.post(`/invite/${token}`, {})]);
    expect(results.map((r) => r.status).sort()).toEqual([302, 410]);
    expect(membersOf(id)).toHaveLength(2);
    expect(activityOf(id).filter((x) => x.kind === "member.joined")).toHaveLength(1);
  });

  it("refuses an expired link with 410", async () => {
    const { founder, id } = await founderWithEngagement("Expiry Co");
    const { token } = await invite(founder, id, "partner");
    write("update invitations set expires_at = ? where engagement_id = ?", Date.now() - 1000, id);

    const res = await new Client(server.url).get(`/invite/${token}`);
    expect(res.status).toBe(410);
    expect(await pageText(res)).toContain("This invitation has expired");
    const c = new Client(server.url);
    await signup(c, email("too-late"));
    expect((await c.post(`/invite/${token}`, {})).status).toBe(410);
    expect(membersOf(id)).toHaveLength(1);
    expect(invitationsOf(id)[0].used_at).toBeNull();
    // Expired invitations drop out of the pending list.
    expect(await pageText(await founder.get(`/engagements/${id}/members`))).toContain("No open invitations.");
  });

  it("refuses a revoked link with 410", async () => {
    const { founder, id } = await founderWithEngagement("Revoke Co");
    const { token } = await invite(founder, id, "viewer");
    const [stored] = invitationsOf(id);
    const revoked = await founder.post(`/engagements/${id}/members`, {
      intent: "revoke",
      invitationId: stored.id,
    });
    expect(revoked.status).toBe(200);
    expect(await pageText(revoked)).toContain("Invitation revoked");
    expect(invitationsOf(id)[0].revoked_at).not.toBeNull();

    const res = await new Client(server.url).get(`/invite/${token}`);
    expect(res.status).toBe(410);
    expect(await pageText(res)).toContain("withdrawn");
    const c = new Client(server.url);
    await signup(c, email("revoked"));
    expect((await c.post(`/invite/${token}`, {})).status).toBe(410);
    expect(membersOf(id)).toHaveLength(1);
    // A second revoke has nothing left to do.
    expect(
      (await founder.post(`/engagements/${id}/members`, { intent: "revoke", invitationId: stored.id }))
        .status,
    ).toBe(400);
  });

  it("answers unknown tokens with 404 and reveals nothing", async () => {
    const { founder, id } = await founderWithEngagement("Secret Co");
    await invite(founder, id, "partner");
    for (const token of [crypto.randomBytes(16).toString("base64url"), "not-a-token", "x".repeat(300)]) {
      const res = await new Client(server.url).get(`/invite/${token}`);
      expect(res.status).toBe(404);
      const html = await pageText(res);
      expect(html).toContain("This invitation link doesn't work");
      expect(html).not.toContain("Secret Co");
    }
    const c = new Client(server.url);
    await signup(c, email("guesser"));
    expect((await c.post(`/invite/${crypto.randomBytes(16).toString("base64url")}`, {})).status).toBe(404);
  });

  it("refuses a role outside the allowed set with a 400 field error", async () => {
    const { founder, id } = await founderWithEngagement();
    for (const role of ["owner", "admin", ""]) {
      const res = await founder.post(`/engagements/${id}/members`, { intent: "invite", role });
      expect(res.status).toBe(400);
      expect(await pageText(res)).toContain("Choose a role: engineering partner, viewer or co-founder.");
    }
    expect(
      (await founder.post(`/engagements/${id}/members`, { intent: "promote", role: "founder" })).status,
    ).toBe(400);
    expect(invitationsOf(id)).toHaveLength(0);
  });

  it("tells two pending invitations of the same role apart by the note they were made with", async () => {
    const { founder, id } = await founderWithEngagement("Two Links Co");
    const created = await founder.post(`/engagements/${id}/members`, {
      intent: "invite",
      role: "partner",
      note: "  Sam at Acme Dev ",
    });
    expect(created.status).toBe(200);
    expect(await pageText(created)).toContain("For: <strong>Sam at Acme Dev</strong>");
    await founder.post(`/engagements/${id}/members`, {
      intent: "invite",
      role: "partner",
      note: "Priya (backup)",
    });
    await founder.post(`/engagements/${id}/members`, { intent: "invite", role: "partner" });
    // Spaces only: no note.
    await founder.post(`/engagements/${id}/members`, { intent: "invite", role: "partner", note: "   " });
    expect(
      invitationsOf(id)
        .map((i) => i.note)
        .sort(),
    ).toEqual(["Priya (backup)", "Sam at Acme Dev", null, null]);

    const page = await pageText(await founder.get(`/engagements/${id}/members`));
    const rows = [
      ...page.matchAll(/<tr><td>((?:(?!<td>).)*?)<\/td><td data-label="Role">Engineering partner<\/td>/g),
    ].map((m) => m[1]);
    // The ones made without a note say so. (Made in the same millisecond, their order is not fixed.)
    const none = '<span class="muted">No note</span>';
    expect(rows.sort()).toEqual([none, none, "Priya (backup)", "Sam at Acme Dev"].sort());
    // Each Revoke button names the link it revokes.
    expect(page).toMatch(/engineering partner invitation for Sam at Acme Dev created \d/);
    // The activity says whom the founder invited.
    const overview = await pageText(await founder.get(`/engagements/${id}`));
    expect(overview).toContain("invited an engineering partner (“Sam at Acme Dev”)");
  });

  it("refuses a note that is too long or not one line, keeping what was typed", async () => {
    const { founder, id } = await founderWithEngagement("Note Co");
    const long = "x".repeat(81);
    const tooLong = await founder.post(`/engagements/${id}/members`, {
      intent: "invite",
      role: "viewer",
      note: long,
    });
    expect(tooLong.status).toBe(400);
    const html = await pageText(tooLong);
    expect(html).toContain('id="invite-note-error"');
    expect(html).toContain("Use at most 80 characters.");
    // Without JavaScript the page is rendered afresh: the note and the role chosen come back.
    expect(html).toContain(`value="${long}"`);
    expect(html).toMatch(/<input type="radio" name="role" checked="" value="viewer"/);
    const twoLines = await founder.post(`/engagements/${id}/members`, {
      intent: "invite",
      role: "viewer",
      note: "Sam\nat Acme",
    });
    expect(twoLines.status).toBe(400);
    expect(await pageText(twoLines)).toContain("Use one line of plain text.");
    expect(invitationsOf(id)).toHaveLength(0);
  });

  it("emails the link too when given an address, and the emailed link is the one shown", async () => {
    const { founder, id } = await founderWithEngagement("Mail Co");
    const to = email("invitee");
    const res = await founder.post(`/engagements/${id}/members`, {
      intent: "invite",
      role: "partner",
      note: "Sam at Acme Dev",
      email: to,
    });
    expect(res.status).toBe(200);
    const html = await pageText(res);
    expect(html).toContain(`We also emailed it to <strong>${to}</strong>.`);
    const shown = html.match(/\/invite\/([A-Za-z0-9_-]{22})/)![1];
    await expect.poll(() => server.output().includes(`To: ${to}`), { timeout: 5000 }).toBe(true);
    const mail = server.output().slice(server.output().indexOf(`To: ${to}`));
    expect(mail).toContain("Subject: ");
    expect(mail).toContain("invited you to Mail Co on Finishline");
    expect(mail).toContain("as engineering partner (“Sam at Acme Dev”)");
    expect(mail.match(/\/invite\/([A-Za-z0-9_-]{22})/)![1]).toBe(shown);
    // The sign-up and login pages opened from the link start with the address it went to, so the
    // invited person need not type it; from a link shown only, or for another path, they start empty.
    const fromLink = new URLSearchParams({ redirectTo: `/invite/${shown}` });
    const emailField = (html: string) => /<input[^>]*name="email"[^>]*>/.exec(html)?.[0] ?? "";
    for (const page of ["/signup", "/login"]) {
      const field = emailField(await pageText(await new Client(server.url).get(`${page}?${fromLink}`)));
      expect(field).toContain(`value="${to}"`);
    }
    const shownOnly = (await invite(founder, id, "viewer")).token;
    const plain = new URLSearchParams({ redirectTo: `/invite/${shownOnly}` });
    expect(emailField(await pageText(await new Client(server.url).get(`/signup?${plain}`)))).not.toContain(
      "value=",
    );
    const elsewhere = new URLSearchParams({ redirectTo: `/invite/${shown}/x` });
    expect(
      emailField(await pageText(await new Client(server.url).get(`/signup?${elsewhere}`))),
    ).not.toContain("value=");
    // And the emailed link works like the shown one; used, it keeps no address.
    const invitee = new Client(server.url);
    await signup(invitee, to);
    // An emailed link is taken only by its address, confirmed (decision 050).
    await confirmEmail(server, to);
    expect(query("select email from invitations where email = ?", to)).toHaveLength(1);
    expect((await invitee.post(`/invite/${shown}`, {})).status).toBe(302);
    expect(query("select email from invitations where email = ?", to)).toEqual([]);
    expect(membersOf(id).find((m) => m.email === to)?.role).toBe("partner");
    // A used link no longer fills in anyone's address.
    expect(emailField(await pageText(await new Client(server.url).get(`/signup?${fromLink}`)))).not.toContain(
      "value=",
    );
  });

  it("keeps names on one line: the forms refuse a line break, and an email folds one an older row holds", async () => {
    const { founder, id } = await founderWithEngagement("Fold Co");
    const renamed = await founder.post("/engagements/new", {
      name: "Fold Co\n\nACTION REQUIRED: verify your account at http://evil.test",
      description: "",
    });
    expect(renamed.status).toBe(400);
    expect(await pageText(renamed)).toContain("Keep the name on one line.");
    const signupRes = await new Client(server.url).post("/signup", {
      name: "Sam\nACTION REQUIRED",
      email: email("two-line"),
      password: "correct horse battery",
    });
    expect(signupRes.status).toBe(400);
    expect(await pageText(signupRes)).toContain("Keep your name on one line.");

    // A name stored before the rule, as an import or an older version could have left it.
    write("UPDATE engagements SET name = ? WHERE id = ?", "Fold Co\n\nACTION REQUIRED: click here", id);
    const to = email("folded");
    expect(
      (await founder.post(`/engagements/${id}/members`, { intent: "invite", role: "viewer", email: to }))
        .status,
    ).toBe(200);
    await expect.poll(() => server.output().includes(`To: ${to}`), { timeout: 5000 }).toBe(true);
    const mail = server.output().slice(server.output().indexOf(`To: ${to}`));
    expect(mail).toContain("invited you to Fold Co ACTION REQUIRED: click here on Finishline");
    expect(mail).not.toMatch(/\nACTION REQUIRED/);
  });

  it("refuses an address that is not one, creating no invitation and keeping what was typed", async () => {
    const { founder, id } = await founderWithEngagement("Bad Mail Co");
    const res = await founder.post(`/engagements/${id}/members`, {
      intent: "invite",
      role: "viewer",
      email: "sam at acme",
    });
    expect(res.status).toBe(400);
    const html = await pageText(res);
    expect(html).toContain('id="invite-email-error"');
    expect(html).toContain("Enter a valid email address, like name@company.com.");
    expect(html).toContain('value="sam at acme"');
    expect(invitationsOf(id)).toHaveLength(0);
    expect(server.output()).not.toContain("To: sam at acme");
  });

  it("shows founders the address each pending link was emailed to, so two links are told apart", async () => {
    const { founder, id } = await founderWithEngagement("Two Mails Co");
    const sam = email("sam");
    const priya = email("priya");
    const post = (form: Record<string, string>) =>
      founder.post(`/engagements/${id}/members`, { intent: "invite", role: "partner", ...form });
    expect((await post({ email: ` ${sam} `, note: "Sam at Acme Dev" })).status).toBe(200);
    expect((await post({ email: priya })).status).toBe(200);
    await expect
      .poll(() => server.output().includes(`To: ${sam}`) && server.output().includes(`To: ${priya}`), {
        timeout: 5000,
      })
      .toBe(true);
    // Kept as it was emailed (trimmed); the activity, kept for good and shown to all, leaves it out.
    expect(
      invitationsOf(id)
        .map((i) => [i.email, i.note])
        .sort(),
    ).toEqual(
      [
        [priya, null],
        [sam, "Sam at Acme Dev"],
      ].sort(),
    );
    expect(JSON.stringify(activityOf(id))).not.toContain(sam);

    const page = await pageText(await founder.get(`/engagements/${id}/members`));
    const rows = [
      ...page.matchAll(/<tr><td>((?:(?!<td>).)*?)<\/td><td data-label="Role">Engineering partner<\/td>/g),
    ].map((m) => m[1]);
    expect(rows.sort()).toEqual(
      [
        `Sam at Acme Dev<span class="cell-note">Emailed to ${sam}</span>`,
        // Emailed without a note: the address is what tells it apart, not "No note".
        `<span class="cell-note">Emailed to ${priya}</span>`,
      ].sort(),
    );
    // Each Revoke button names the address too.
    expect(page).toMatch(
      new RegExp(`engineering partner invitation for Sam at Acme Dev emailed to ${sam} created \\d`),
    );
    expect(page).toMatch(new RegExp(`engineering partner invitation emailed to ${priya} created \\d`));

    // Revoking Priya's link leaves Sam's, still named.
    const priyas = invitationsOf(id).find((i) => i.email === priya)!;
    expect(
      (await founder.post(`/engagements/${id}/members`, { intent: "revoke", invitationId: priyas.id }))
        .status,
    ).toBe(200);
    const after = await pageText(await founder.get(`/engagements/${id}/members`));
    expect(after).toContain(`Emailed to ${sam}`);
    expect(after).not.toContain(`Emailed to ${priya}`);
    // A revoked link keeps no address: it only told pending links apart.
    expect(query("select email from invitations where id = ?", priyas.id)).toEqual([{ email: null }]);

    // Members who do not manage access see the note, not the address.
    const partner = await member(founder, id, "partner");
    const theirs = await pageText(await partner.client.get(`/engagements/${id}/members`));
    expect(theirs).toContain("Sam at Acme Dev");
    expect(theirs).not.toContain(sam);

    // Deleting the engagement deletes its invitations, and the addresses with them.
    expect(
      (await founder.post(`/engagements/${id}/settings/delete`, { confirm: "Two Mails Co" })).status,
    ).toBe(302);
    expect(query("select id from invitations where email in (?, ?)", sam, priya)).toEqual([]);
  });

  it("refuses to invite an address that already belongs to a member, at the field, creating and emailing nothing", async () => {
    const { founder, id, founderEmail } = await founderWithEngagement("Member Mail Co");
    const partner = await member(founder, id, "partner");
    const before = { invitations: invitationsOf(id), activity: activityOf(id) };

    const res = await founder.post(`/engagements/${id}/members`, {
      intent: "invite",
      role: "viewer",
      note: "Sam again",
      email: partner.email,
    });
    expect(res.status).toBe(400);
    const html = await pageText(res);
    expect(html).toContain('id="invite-email-error"');
    expect(html).toContain(`${partner.email} is already a member of this project as engineering partner.`);
    // What was typed comes back.
    expect(html).toContain(`value="${partner.email}"`);
    expect(html).toContain('value="Sam again"');
    expect(html).toMatch(/<input type="radio" name="role" checked="" value="viewer"/);
    expect(html).not.toMatch(/\/invite\/[A-Za-z0-9_-]{22}/);

    // Accounts keep their address in lower case; the one typed need not be.
    const shouted = founderEmail.toUpperCase();
    const own = await founder.post(`/engagements/${id}/members`, {
      intent: "invite",
      role: "founder",
      email: ` ${shouted} `,
    });
    expect(own.status).toBe(400);
    expect(await pageText(own)).toContain(`${shouted} is already a member of this project as founder.`);

    expect({ invitations: invitationsOf(id), activity: activityOf(id) }).toEqual(before);
    // Give a mail that was wrongly sent time to show up.
    await new Promise((resolve) => setTimeout(resolve, 300));
    // (Other mail may go out meanwhile, such as the notice of the partner joining: not this one.)
    expect(server.output()).not.toContain("invited you to Member Mail Co");
  });

  it("answers the 31st invite in an hour with 429", async () => {
    const { founder, id } = await founderWithEngagement();
    for (let i = 0; i < 30; i++) {
      const res = await founder.post(`/engagements/${id}/members`, { intent: "invite", role: "viewer" });
      expect(res.status).toBe(200);
    }
    const refused = await founder.post(`/engagements/${id}/members`, { intent: "invite", role: "viewer" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(invitationsOf(id)).toHaveLength(30);
  });
});

describe("invisible formatting characters (right-to-left overrides) in names and notes", () => {
  const RLO = "\u202E";
  const PDF = "\u202C";
  const MESSAGE = "Remove the invisible formatting characters (such as text-direction marks).";
  /** Unicode format characters except the zero-width joiner and non-joiner. */
  const FORMAT = /(?![\u200C\u200D])\p{Cf}/u;
  const errorOf = (html: string, id: string) => {
    const at = html.indexOf(`id="${id}"`);
    expect(at, id).toBeGreaterThan(-1);
    return html.slice(at, html.indexOf("</p>", at));
  };

  it("are refused in a sign-up name, at the field, keeping what was typed; a zero-width joiner is fine", async () => {
    const name = `Alice${RLO}fdp.exe${PDF} Support`;
    const res = await new Client(server.url).post("/signup", {
      name,
      email: email("bidi"),
      password: "correct horse battery",
    });
    expect(res.status).toBe(400);
    const html = await pageText(res);
    expect(errorOf(html, "field-name-error")).toContain(MESSAGE);
    expect(html).toMatch(new RegExp(`<input[^>]*name="name"[^>]*value="${name}"`, "u"));
    // An emoji made of several joined by U+200D.
    const joined = "Ana \u{1F469}\u200D\u{1F4BB}";
    const ok = await new Client(server.url).post("/signup", {
      name: joined,
      email: email("zwj"),
      password: "correct horse battery",
    });
    expect(ok.status).toBe(302);
  });

  it("are refused in an engagement name and an invitation note, at the field", async () => {
    const { founder, id } = await founderWithEngagement("Plain Co");
    const name = `Pay${RLO}gnp.exe${PDF} now`;
    const created = await founder.post("/engagements/new", { name, description: "" });
    expect(created.status).toBe(400);
    const html = await pageText(created);
    expect(errorOf(html, "field-name-error")).toContain(MESSAGE);
    expect(html).toContain(`value="${name}"`);
    const noted = await founder.post(`/engagements/${id}/members`, {
      intent: "invite",
      role: "partner",
      note: `Verify at https://evil.example/login${RLO}`,
    });
    expect(noted.status).toBe(400);
    expect(errorOf(await pageText(noted), "invite-note-error")).toContain(MESSAGE);
    expect(invitationsOf(id)).toHaveLength(0);
  });

  it("an invitation email made from older rows that hold them has none in its subject or text", async () => {
    const { founder, id, founderEmail } = await founderWithEngagement("Old Rows Co");
    // Written before the forms refused them.
    write("update users set name = ? where email = ?", `Alice${RLO}fdp.exe${PDF} Support`, founderEmail);
    write("update engagements set name = ? where id = ?", `Pay${RLO}gnp.exe${PDF} now`, id);
    const to = email("bidi-invitee");
    const res = await founder.post(`/engagements/${id}/members`, {
      intent: "invite",
      role: "partner",
      email: to,
    });
    expect(res.status).toBe(200);
    await expect.poll(() => server.output().includes(`To: ${to}`), { timeout: 5000 }).toBe(true);
    const mail = server.output().slice(server.output().indexOf(`To: ${to}`));
    const text = mail.slice(0, mail.indexOf("\n---"));
    const subject = /^Subject: (.*)$/m.exec(text)![1]!;
    expect(subject).toBe("Alicefdp.exe Support invited you to Paygnp.exe now on Finishline");
    expect(FORMAT.test(text)).toBe(false);
  });
});

describe("the invite form", () => {
  it("comes first for a founder alone on the engagement, with the anchor the invite links use", async () => {
    const { founder, id } = await founderWithEngagement("Alone Co");
    const alone = await pageText(await founder.get(`/engagements/${id}/members`));
    expect(alone).toContain('<section id="invite"');
    // "Invite someone" before the list and the two-step setting (it was the 4th card).
    expect(alone.indexOf('id="invite-heading"')).toBeLessThan(alone.indexOf('id="members-heading"'));
    expect(alone.indexOf('id="invite-heading"')).toBeLessThan(alone.indexOf('id="require-two-step-heading"'));
    // The address field says first what it is for: we email the link.
    expect(alone).toContain(
      "We email them the link. It also shows beside the pending invitation, to tell links apart.",
    );

    // Once someone has joined, the people come first.
    await member(founder, id, "partner");
    const together = await pageText(await founder.get(`/engagements/${id}/members`));
    expect(together).toContain('<section id="invite"');
    expect(together.indexOf('id="invite-heading"')).toBeGreaterThan(together.indexOf('id="pending-heading"'));
  });
});

describe("who may manage members", () => {
  it("refuses invite, revoke and remove to partners and viewers with 403 and changes nothing", async () => {
    const { founder, id } = await founderWithEngagement();
    const partner = await member(founder, id, "partner");
    const viewer = await member(founder, id, "viewer");
    await invite(founder, id, "viewer");
    const pending = invitationsOf(id).find((i) => i.used_at === null)!;
    const founderId = query<{ user_id: string }>(
      "select user_id from memberships where engagement_id = ? and role = 'founder'",
      id,
    )[0].user_id;
    const before = { invitations: invitationsOf(id), members: membersOf(id), activity: activityOf(id) };

    for (const { client } of [partner, viewer]) {
      const attempts: Record<string, string>[] = [
        { intent: "invite", role: "founder" },
        { intent: "invite", role: "owner" },
        { intent: "revoke", invitationId: pending.id },
        { intent: "remove", userId: founderId },
        { intent: "remove", userId: userId(viewer.email) },
      ];
      for (const form of attempts) {
        expect((await client.post(`/engagements/${id}/members`, form)).status).toBe(403);
      }
      const page = await pageText(await client.get(`/engagements/${id}/members`));
      expect(page).not.toContain("Create invite link");
      expect(page).not.toContain('value="revoke"');
    }
    expect({ invitations: invitationsOf(id), members: membersOf(id), activity: activityOf(id) }).toEqual(
      before,
    );
  });

  it("gives non-members 404 on GET and on every POST", async () => {
    const { founder, id } = await founderWithEngagement();
    await invite(founder, id, "partner");
    const stranger = new Client(server.url);
    await signup(stranger, email("stranger"));
    const before = { invitations: invitationsOf(id), members: membersOf(id) };

    expect((await stranger.get(`/engagements/${id}/members`)).status).toBe(404);
    const attempts: Record<string, string>[] = [
      { intent: "invite", role: "partner" },
      { intent: "revoke", invitationId: invitationsOf(id)[0].id },
      { intent: "remove", userId: membersOf(id)[0].user_id },
      { intent: "leave" },
      { intent: "bogus" },
    ];
    for (const form of attempts) {
      expect((await stranger.post(`/engagements/${id}/members`, form)).status).toBe(404);
    }
    expect({ invitations: invitationsOf(id), members: membersOf(id) }).toEqual(before);

    const anonymous = await new Client(server.url).get(`/engagements/${id}/members`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("never lets the last founder leave or be removed", async () => {
    const { founder, id, founderEmail } = await founderWithEngagement();
    const founderId = userId(founderEmail);
    // The page explains and offers no button the server would refuse.
    const page = await pageText(await founder.get(`/engagements/${id}/members`));
    expect(page).toContain("You are the only founder.");
    expect(page).not.toContain('value="leave"');
    const leave = await founder.post(`/engagements/${id}/members`, { intent: "leave" });
    expect(leave.status).toBe(400);
    expect(await pageText(leave)).toContain("a project must keep an owner");
    const remove = await founder.post(`/engagements/${id}/members`, { intent: "remove", userId: founderId });
    expect(remove.status).toBe(400);
    expect(await pageText(remove)).toContain("a project must keep an owner");
    expect(membersOf(id)).toEqual([{ user_id: founderId, role: "founder", email: founderEmail }]);
  });

  it("lets a partner leave, ignoring any role sent along", async () => {
    const { founder, id } = await founderWithEngagement();
    const partner = await member(founder, id, "partner");
    const res = await partner.client.post(`/engagements/${id}/members`, { intent: "leave", role: "founder" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/engagements?left=1");
    // The list they land on says what happened.
    expect(await pageText(await partner.client.get("/engagements?left=1"))).toContain(
      "You left the project.",
    );
    expect(membersOf(id).map((m) => m.role)).toEqual(["founder"]);
    expect(activityOf(id).at(-1)).toMatchObject({ kind: "member.left", user_id: userId(partner.email) });
    expect((await partner.client.get(`/engagements/${id}`)).status).toBe(404);
  });

  it("lets a founder remove a member, and a co-founder share ownership", async () => {
    const { founder, id, founderEmail } = await founderWithEngagement();
    const partner = await member(founder, id, "partner");
    const removed = await founder.post(`/engagements/${id}/members`, {
      intent: "remove",
      userId: userId(partner.email),
      role: "founder",
    });
    expect(removed.status).toBe(200);
    expect(await pageText(removed)).toContain("no longer has access");
    expect(membersOf(id).map((m) => m.email)).toEqual([founderEmail]);
    expect(activityOf(id).at(-1)).toMatchObject({
      kind: "member.removed",
      detail: { userId: userId(partner.email), role: "partner" },
    });
    // The overview's activity says whom: the removed member is no longer on the members list.
    expect(await pageText(await founder.get(`/engagements/${id}`))).toContain(
      `removed ${partner.email} (engineering partner)`,
    );
    expect((await partner.client.get(`/engagements/${id}/members`)).status).toBe(404);

    // A co-founder may invite; removing them withdraws the links they handed out.
    const cofounder = await member(founder, id, "founder");
    const { token } = await invite(cofounder.client, id, "viewer");
    expect(
      (
        await founder.post(`/engagements/${id}/members`, {
          intent: "remove",
          userId: userId(cofounder.email),
        })
      ).status,
    ).toBe(200);
    expect((await new Client(server.url).get(`/invite/${token}`)).status).toBe(410);

    // With two founders either may leave; the one who stays is then the last.
    const second = await member(founder, id, "founder");
    expect((await founder.post(`/engagements/${id}/members`, { intent: "leave" })).status).toBe(302);
    expect((await second.client.post(`/engagements/${id}/members`, { intent: "leave" })).status).toBe(400);
    expect(membersOf(id).map((m) => m.role)).toEqual(["founder"]);
  });
});

describe("two-step login of the people with access", () => {
  /** The members table's row of this address, as HTML. */
  const rowOf = (html: string, address: string) =>
    [...html.matchAll(/<tr>[\s\S]*?<\/tr>/g)].map((m) => m[0]).find((row) => row.includes(address)) ?? "";

  it("shows founders who has it on, and who opens the engagement with a password alone", async () => {
    const { founder, id, founderEmail } = await founderWithEngagement();
    const partner = await member(founder, id, "partner");
    let html = await pageText(await founder.get(`/engagements/${id}/members`));
    expect(html).toContain('<th scope="col">Two-step login</th>');
    expect(rowOf(html, partner.email)).toContain('badge--muted">Off');
    expect(rowOf(html, founderEmail)).toContain('badge--muted">Off');
    expect(html).toContain("opens this project with a password alone");

    await turnOnTwoStep(partner.client, "correct horse battery");
    await turnOnTwoStep(founder, "correct horse battery");
    html = await pageText(await founder.get(`/engagements/${id}/members`));
    expect(rowOf(html, partner.email)).toContain('badge--ok">On');
    expect(rowOf(html, founderEmail)).toContain('badge--ok">On');
    expect(html).not.toContain("opens this project with a password alone");

    // Those who do not manage members see the people, not how they log in.
    const theirs = await pageText(await partner.client.get(`/engagements/${id}/members`));
    expect(theirs).toContain(founderEmail);
    expect(theirs).not.toContain("Two-step login");
  });
});

describe("accepting while already a member", () => {
  it("keeps the stronger role and still consumes the link", async () => {
    const { founder, id, founderEmail } = await founderWithEngagement("Already Co");
    const partner = await member(founder, id, "partner");

    // A weaker invitation: the page says so and offers no Join button...
    const { token: weaker } = await invite(founder, id, "viewer");
    const page = await pageText(await partner.client.get(`/invite/${weaker}`));
    expect(page).toContain("You are already a member of Already Co");
    expect(page).not.toContain("Join Already Co</button>");
    // ...and a hand-made accept keeps the partner role but uses up the link.
    expect((await partner.client.post(`/invite/${weaker}`, {})).status).toBe(302);
    expect(membersOf(id).find((m) => m.email === partner.email)?.role).toBe("partner");
    expect(invitationsOf(id).find((i) => i.role === "viewer")?.used_by).toBe(userId(partner.email));

    // The founder opening their own link does not burn it.
    const { token: own } = await invite(founder, id, "partner");
    expect(await pageText(await founder.get(`/invite/${own}`))).toContain("It stays unused");
    expect(membersOf(id).find((m) => m.email === founderEmail)?.role).toBe("founder");

    // A stronger invitation upgrades a viewer.
    const viewer = await member(founder, id, "viewer");
    const { token: stronger } = await invite(founder, id, "partner");
    expect((await viewer.client.post(`/invite/${stronger}`, {})).status).toBe(302);
    expect(membersOf(id).find((m) => m.email === viewer.email)?.role).toBe("partner");
    expect(activityOf(id).at(-1)).toMatchObject({
      kind: "invitation.accepted-by-member",
      detail: { previousRole: "viewer", role: "partner" },
    });
    // The overview's activity says what each use of a link changed, in words.
    const overview = await pageText(await founder.get(`/engagements/${id}`));
    expect(overview).toContain(
      `${viewer.email}</strong> accepted an invitation: now an engineering partner (was a viewer)`,
    );
    expect(overview).toContain(
      `${partner.email}</strong> used an invitation while already a member; still an engineering partner`,
    );
    expect(overview).not.toContain("accepted by member");
  });
});

describe("your name, set on Account", () => {
  // A founder who skipped the name at signup was shown by their email everywhere, with no way to add one.
  it("sets, changes and clears the name others see, refusing a line break and keeping what was typed", async () => {
    const { founder, id, founderEmail } = await founderWithEngagement("Name Co");
    const membersPage = async () => pageText(await founder.get(`/engagements/${id}/members`));
    expect(await membersPage()).toContain(`<strong>${founderEmail}</strong>`);

    const account = await pageText(await founder.get("/account"));
    expect(account).toContain('<h2 id="name-heading">Your name</h2>');
    expect(account).toContain('name="intent" value="change-name"');

    const saved = await founder.post("/account", { intent: "change-name", name: "  Maya Store  " });
    expect(saved.status).toBe(200);
    const savedPage = await pageText(saved);
    expect(savedPage).toContain('<p role="status" class="form-status">Saved.</p>');
    expect(savedPage).toContain('value="Maya Store"');
    expect(query<{ name: string }>("select name from users where email = ?", founderEmail)[0].name).toBe(
      "Maya Store",
    );
    const listed = await membersPage();
    expect(listed).toContain("<strong>Maya Store</strong>");
    expect(listed).toContain(`<div class="muted small">${founderEmail}</div>`);

    // Refused at the field, keeping what was typed (without JavaScript the page is rendered afresh).
    const twoLines = await founder.post("/account", { intent: "change-name", name: "Maya\nACTION REQUIRED" });
    expect(twoLines.status).toBe(400);
    const refusedPage = await pageText(twoLines);
    expect(refusedPage).toContain("Keep your name on one line.");
    expect(refusedPage).toMatch(
      /<input[^>]*aria-invalid="true"[^>]*name="name"|name="name"[^>]*aria-invalid="true"/,
    );
    expect(refusedPage).toContain("Maya\nACTION REQUIRED");
    expect(refusedPage).not.toContain(">Saved.<");
    const tooLong = await founder.post("/account", { intent: "change-name", name: "M".repeat(101) });
    expect(tooLong.status).toBe(400);
    expect(await pageText(tooLong)).toContain("Use at most 100 characters.");
    expect((await membersPage()).includes("<strong>Maya Store</strong>")).toBe(true);

    // Empty is no name: shown by the email address again.
    expect((await founder.post("/account", { intent: "change-name", name: " " })).status).toBe(200);
    expect(await membersPage()).toContain(`<strong>${founderEmail}</strong>`);
  });

  it("refuses a change of name without a login", async () => {
    const anonymous = await new Client(server.url).post("/account", {
      intent: "change-name",
      name: "Mallory",
    });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    expect(query("select 1 from users where name = ?", "Mallory")).toEqual([]);
  });
});
