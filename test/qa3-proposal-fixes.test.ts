// QA pass 3, findings 6, 9, 13 and 14, over HTTP against the real server: the publish form says
// why publishing emails nobody (an unconfirmed address is not "emails off"); the "Withdraw this
// version" link opens the withdraw form without JavaScript; the sign-up and login pages reached
// from an invitation speak to someone joining that project in that role; the proposals page offers
// no publish form before the plan has an item in scope.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, join, login, query } from "./support/demo-server";
import { unescape } from "./support/html";
import { Client, confirmEmail, signup, startServer, type TestServer } from "./support/server";
import { addMember } from "./support/demo-server";
import { turnOnTwoStep } from "./support/two-step";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", SIGNUP_RATE_LIMIT: "1000" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

/** The page's text as a reader sees it, without the inline data script. */
const text = (html: string) =>
  unescape(html.slice(0, html.indexOf("<script")))
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");
const html = async (client: Client, path: string) => (await client.get(path)).text();
const page = async (client: Client, path: string) => text(await html(client, path));

const email = (who: string) => `${who}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;

/** Signs up a named account, its email not confirmed (as after any sign-up). */
async function newAccount(name: string, address: string): Promise<Client> {
  const client = new Client(server.url);
  const res = await client.post("/signup", { name, email: address, password: "correct horse battery" });
  expect(res.status).toBe(302);
  return client;
}

/** A live invitation link's token to `engagementId` in `role`, made by `by` (a founder). */
async function invite(by: Client, engagementId: string, role: string, to?: string): Promise<string> {
  const res = await by.post(`/engagements/${engagementId}/members`, {
    intent: "invite",
    role,
    ...(to ? { email: to } : {}),
  });
  const token = /\/invite\/([A-Za-z0-9_-]{22})/.exec(await res.text())?.[1];
  if (!token) throw new Error(`no invite link (${res.status})`);
  return token;
}

describe("the proposals page before there is anything to publish (finding 14)", () => {
  it("says to create the plan first instead of a form that would freeze €0", async () => {
    const before = await html(partner, `/engagements/${id}/proposals`);
    const shown = text(before);
    expect(shown).toContain(
      "Create the plan first: a proposal is published from a plan with items in scope. The plan is not created yet: it starts from the work the answers call for.",
    );
    expect(before).toMatch(new RegExp(`<a[^>]*href="/engagements/${id}/plan"[^>]*>Create the plan</a>`));
    expect(shown).not.toContain("What version 1 freezes");
    expect(before).not.toContain('name="priceAmount"');
    expect(shown).not.toContain("Publish proposal");
    // The server still refuses a post made without the form (or from a form left open meanwhile);
    // the page it answers with says what to do.
    const refused = await partner.post(`/engagements/${id}/proposals`, { assumptions: "a", number: "1" });
    expect(refused.status).toBe(400);
    expect(text(await refused.text())).toContain("Create the plan first");
    expect(query(server, "select 1 from proposals where engagement_id = ?", id)).toEqual([]);
    // The founder, who cannot publish, is told who does, as before.
    expect(await page(founder, `/engagements/${id}/proposals`)).not.toContain("Create the plan first");

    // Once the plan exists, the form is back.
    expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
    const after = await html(partner, `/engagements/${id}/proposals`);
    expect(text(after)).toContain("What version 1 freezes");
    expect(after).toContain('name="priceAmount"');
    expect(text(after)).not.toContain("Create the plan first");
  });
});

// Fran's project, made in the finding 6 test (a copy of the demo, with a plan), and her partner.
let own: string;
let herPartner: Client;

describe("whom publishing emails, when it is nobody (finding 6)", () => {
  it("names the founder and the true reason: an address not confirmed yet, emails off, or both", async () => {
    // Fran, a founder whose email is not confirmed yet ("Email me" is on by default), with a plan of
    // her own (the demo, imported) and a partner.
    const franEmail = email("fran");
    const fran = await newAccount("Fran Founder", franEmail);
    const exported = await (await founder.get(`/engagements/${id}/export.json`)).text();
    const imported = await fran.importFile(exported);
    expect(imported.status).toBe(302);
    own = imported.headers.get("Location")!.split("/").pop()!;
    herPartner = await addMember(server, fran, own, "partner");
    const form = () => page(herPartner, `/engagements/${own}/proposals`);

    const unconfirmed = await form();
    expect(unconfirmed).toContain(
      "Publishing emails no one: Fran Founder has not confirmed their email address yet, so tell them yourself.",
    );
    expect(unconfirmed).not.toContain("no founder has proposal emails on");

    // Both reasons at once: ticking "Email me" alone would not do.
    expect((await fran.post("/account", { intent: "notifications" })).status).toBe(200);
    expect(await form()).toContain(
      "Publishing emails no one: Fran Founder has proposal emails off and has not confirmed their email address yet, so tell them yourself.",
    );

    // Two founders, neither confirmed: said once for both.
    expect((await fran.post("/account", { intent: "notifications", notify: "on" })).status).toBe(200);
    const sam = await newAccount("Sam Cofounder", email("sam"));
    await join(fran, own, "founder", sam);
    expect(await form()).toContain(
      "Publishing emails no one: no founder has confirmed their email address yet, so tell them yourself.",
    );

    // Fran confirms hers: she is emailed, and the form says so.
    await confirmEmail(server, franEmail);
    expect(await form()).toContain(`Publishing emails Fran Founder (${franEmail}) that version`);

    // Emails off on an address confirmed: that reason alone, named.
    expect((await founder.post("/account", { intent: "notifications" })).status).toBe(200);
    expect(await page(partner, `/engagements/${id}/proposals`)).toContain(
      `Publishing emails no one: ${DEMO.founder.name} has proposal emails off, so tell them yourself.`,
    );
    expect((await founder.post("/account", { intent: "notifications", notify: "on" })).status).toBe(200);
  }, 60_000);
});

describe("whom publishing emails on a project that requires two-step login (finding 6)", () => {
  it("names the founder left out for not having it, beside another's reason", async () => {
    // Gil, founder with two-step on, and Hal, a cofounder without it, both confirmed; the project
    // (the demo, imported, with a plan) then requires two-step, and its partner turns it on too.
    const gilEmail = email("gil");
    const gil = await newAccount("Gil Founder", gilEmail);
    await confirmEmail(server, gilEmail);
    const imported = await gil.importFile(await (await founder.get(`/engagements/${id}/export.json`)).text());
    expect(imported.status).toBe(302);
    const locked = imported.headers.get("Location")!.split("/").pop()!;
    const itsPartner = await addMember(server, gil, locked, "partner");
    const halEmail = email("hal");
    const hal = await newAccount("Hal Cofounder", halEmail);
    await confirmEmail(server, halEmail);
    await join(gil, locked, "founder", hal);
    await turnOnTwoStep(gil, "correct horse battery");
    await turnOnTwoStep(itsPartner, "correct horse battery");
    const required = await gil.post(`/engagements/${locked}/members`, {
      intent: "require-two-step",
      required: "on",
    });
    expect(required.status).toBe(200);
    const form = () => page(itsPartner, `/engagements/${locked}/proposals`);

    // Gil is emailed; Hal, without two-step, is not.
    expect(await form()).toContain(`Publishing emails Gil Founder (${gilEmail}) that version`);
    // Gil turns emails off: nobody is, each for their own reason.
    expect((await gil.post("/account", { intent: "notifications" })).status).toBe(200);
    expect(await form()).toContain(
      "Publishing emails no one: Gil Founder has proposal emails off and Hal Cofounder has not turned on two-step login, which this project requires for emails, so tell them yourself.",
    );
  }, 60_000);
});

describe("the proposals page with a plan but nothing in scope (finding 14)", () => {
  it("says to put an item in scope first, with a link to the plan", async () => {
    const items = query<{ id: string; version: number }>(
      server,
      "select id, version from plan_items where engagement_id = ?",
      own,
    );
    expect(items.length).toBeGreaterThan(0);
    const excluded = await herPartner.post(`/engagements/${own}/plan`, {
      intent: "bulk-scope",
      target: "ticked",
      item: items.map((i) => `${i.id}:${i.version}`),
      scope: "excluded",
    });
    expect(excluded.status).toBe(302);
    const shown = await html(herPartner, `/engagements/${own}/proposals`);
    expect(text(shown)).toContain(
      "Put an item in scope first: a proposal is published from a plan with items in scope, and none of the plan's items is.",
    );
    expect(shown).toMatch(new RegExp(`<a[^>]*href="/engagements/${own}/plan"[^>]*>Open the plan</a>`));
    expect(text(shown)).not.toContain("What version 1 freezes");
    expect(shown).not.toContain('name="priceAmount"');
  });
});

describe("the 'Withdraw this version' link (finding 9)", () => {
  it("opens the withdraw form with its reason focused, without JavaScript", async () => {
    const published = await partner.post(`/engagements/${id}/proposals`, {
      assumptions: "a",
      exclusions: "b",
      number: "1",
    });
    expect(published.status).toBe(302);
    const version = `/engagements/${id}/proposals/1`;

    const plain = await html(partner, version);
    // The link at the top asks for the form, open, by the URL (the server cannot see a #hash).
    expect(plain).toMatch(new RegExp(`<a[^>]*href="${version}\\?withdraw"[^>]*>Withdraw this version</a>`));
    const details = (h: string) => /<details[^>]*>\s*<summary>Withdraw this version/.exec(h)?.[0] ?? "";
    const reason = (h: string) => /<input[^>]*id="withdraw-reason"[^>]*>/.exec(h)?.[0] ?? "";
    expect(details(plain)).not.toContain("open");
    expect(reason(plain)).not.toContain("autofocus");

    const asked = await html(partner, `${version}?withdraw`);
    expect(details(asked)).toMatch(/ open=""/);
    expect(reason(asked)).toContain('autofocus=""');

    // Not offered to the founder, and nothing opens for them.
    const founderView = await html(founder, `${version}?withdraw`);
    expect(founderView).not.toContain("Withdraw this version");
  });
});

describe("signing up or logging in from an invitation (finding 13)", () => {
  const FOUNDER_TEXT = "Assess your app, see what blocks launch, and scope the work with your engineer.";
  const LOGIN_TEXT = "Welcome back. Pick up where you left off.";

  it("speaks to someone joining that project in that role", async () => {
    const visitor = new Client(server.url);
    const to = email("invited-partner");
    const token = await invite(founder, id, "partner", to);
    const redirectTo = encodeURIComponent(`/invite/${token}`);

    const signupHtml = await html(visitor, `/signup?redirectTo=${redirectTo}`);
    const signupPage = text(signupHtml);
    expect(signupPage).toContain(
      "To join CartPilot as engineering partner, create your account here: you come straight back to the invitation afterwards.",
    );
    expect(signupPage).not.toContain(FOUNDER_TEXT);
    // The address the link was emailed to still starts the form.
    expect(signupHtml).toMatch(new RegExp(`<input[^>]*name="email"[^>]*value="${to}"`));

    const loginPage = await page(visitor, `/login?redirectTo=${redirectTo}`);
    expect(loginPage).toContain(
      "To join CartPilot as engineering partner, log in: you come straight back to the invitation afterwards.",
    );
    expect(loginPage).not.toContain(LOGIN_TEXT);

    // The role in the invitation's own words.
    const viewer = await invite(founder, id, "viewer");
    expect(await page(visitor, `/signup?redirectTo=${encodeURIComponent(`/invite/${viewer}`)}`)).toContain(
      "To join CartPilot as viewer,",
    );
    const cofounder = await invite(founder, id, "founder");
    expect(await page(visitor, `/login?redirectTo=${encodeURIComponent(`/invite/${cofounder}`)}`)).toContain(
      "To join CartPilot as co-founder,",
    );

    // Without an invitation, the pages are as they were.
    expect(await page(visitor, "/signup")).toContain(FOUNDER_TEXT);
    expect(await page(visitor, "/login?redirectTo=/engagements")).toContain(LOGIN_TEXT);
  });

  it("says nothing of an invitation that can no longer be accepted, or of none at all", async () => {
    const visitor = new Client(server.url);
    const check = async (redirectTo: string) => {
      const q = encodeURIComponent(redirectTo);
      const signupPage = await page(visitor, `/signup?redirectTo=${q}`);
      expect(signupPage).toContain(FOUNDER_TEXT);
      expect(signupPage).not.toContain("CartPilot");
      const loginPage = await page(visitor, `/login?redirectTo=${q}`);
      expect(loginPage).toContain(LOGIN_TEXT);
      expect(loginPage).not.toContain("CartPilot");
    };
    await check("/invite/AAAAAAAAAAAAAAAAAAAAAA");
    await check("/invite/not-a-token");

    // Used.
    const used = await invite(founder, id, "viewer");
    const member = new Client(server.url);
    await signup(member, email("used"));
    expect((await member.post(`/invite/${used}`, {})).status).toBe(302);
    await check(`/invite/${used}`);

    // Revoked.
    const revoked = await invite(founder, id, "partner");
    const row = query<{ id: string }>(
      server,
      "select id from invitations where engagement_id = ? and used_by is null and revoked_at is null order by created_at desc limit 1",
      id,
    )[0]!;
    expect(
      (await founder.post(`/engagements/${id}/members`, { intent: "revoke", invitationId: row.id })).status,
    ).toBeLessThan(400);
    await check(`/invite/${revoked}`);
  });
});
