// Losing a project is told (decision 049, QA 5 findings 2 and 10): deleting a project, or an account
// that alone owns projects, emails every other member with a confirmed address who deleted which
// project and when, whatever their "Email me" tick; never the one who deleted it, never an
// unconfirmed address. A member a founder removes is told who removed them; one who leaves is not.
// The delete pages say who is emailed. Emails are read from the server's output (no SMTP_URL).
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { addMember, DEMO, demoEngagementId, join, login, query } from "./support/demo-server";
import { unescape } from "./support/html";
import { Client, confirmEmail, createEngagement, startServer, type TestServer } from "./support/server";

let server: TestServer;
let maya: Client; // the demo founder
let jonas: Client; // the demo partner
let cartPilot: string;
let quietViewer: string; // confirmed, "Email me" unticked
let unconfirmed: Client;
let unconfirmedEmail: string;

/** Every email written to the server's output so far. */
function emails() {
  return server
    .output()
    .split("--- email")
    .slice(1)
    .flatMap((block) => {
      const to = /\nTo: (.+)\n/.exec(block)?.[1];
      const subject = /\nSubject: (.+)\n/.exec(block)?.[1];
      return to && subject ? [{ to, subject, text: block.split("\n---")[0]! }] : [];
    });
}

/** The emails with `subject` sent since `from` (an index into emails()), once they are all out. */
async function sent(from: number, subject: string, count: number) {
  const matching = () =>
    emails()
      .slice(from)
      .filter((e) => e.subject === subject);
  await expect.poll(() => matching().length, { timeout: 5000 }).toBe(count);
  // And nothing more on its way.
  await new Promise((r) => setTimeout(r, 300));
  expect(matching()).toHaveLength(count);
  return matching();
}

const emailOf = (engagementId: string, role: string) =>
  query<{ email: string }>(
    server,
    "select u.email from users u join memberships m on m.user_id = u.id where m.engagement_id = ? and m.role = ? order by m.created_at",
    engagementId,
    role,
  ).map((r) => r.email);

/** A new account, its address confirmed unless told otherwise. */
async function newAccount(name: string, { confirmed = true } = {}) {
  const client = new Client(server.url);
  const email = `${name.toLowerCase().replace(/\W+/g, "-")}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  const res = await client.post("/signup", { name, email, password: "correct horse battery" });
  expect(res.status).toBe(302);
  if (confirmed) await confirmEmail(server, email);
  return { client, email };
}

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", SIGNUP_RATE_LIMIT: "1000" });
  cartPilot = demoEngagementId(server);
  maya = await login(server, DEMO.founder.email);
  jonas = await login(server, DEMO.partner.email);
  // A confirmed viewer who wants no email: the deletion notice reaches them all the same.
  const viewer = await addMember(server, maya, cartPilot, "viewer");
  expect((await viewer.post("/account", { intent: "notifications" })).status).toBe(200);
  [quietViewer] = emailOf(cartPilot, "viewer");
  expect(
    query<{ n: number }>(server, "select notify_by_email as n from users where email = ?", quietViewer)[0]!.n,
  ).toBe(0);
  // A viewer who never confirmed their address: told nothing (decision 038).
  ({ client: unconfirmed, email: unconfirmedEmail } = await newAccount("Una Unconfirmed", {
    confirmed: false,
  }));
  await join(maya, cartPilot, "viewer", unconfirmed);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe("deleting a project", () => {
  it("says on its page who is emailed, who is not and why, and advises the export for anyone who needs a record", async () => {
    const html = unescape(await (await maya.get(`/engagements/${cartPilot}/settings/delete`)).text());
    expect(html).toMatch(
      new RegExp(`These people lose access too: .*${DEMO.partner.name} \\(Engineering partner\\)`),
    );
    expect(html).toContain(
      `We email them that you deleted it, except Una Unconfirmed, whose email address is not confirmed.`,
    );
    expect(html).toContain(`href="/engagements/${cartPilot}/export.json"`);
    expect(html).toContain("If anyone on it needs a record of it");
  });

  it("emails every other confirmed member who deleted which project and when, whatever their tick; not the founder, not the unconfirmed", async () => {
    const from = emails().length;
    const before = Date.now();
    const res = await maya.post(`/engagements/${cartPilot}/settings/delete`, { confirm: "CartPilot" });
    expect(res.status).toBe(302);
    const notices = await sent(from, "CartPilot was deleted from Finishline", 2);
    expect(notices.map((e) => e.to).sort()).toEqual([DEMO.partner.email, quietViewer].sort());
    const all = emails().slice(from);
    expect(all.some((e) => e.to === DEMO.founder.email)).toBe(false);
    expect(all.some((e) => e.to === unconfirmedEmail)).toBe(false);

    const toJonas = notices.find((e) => e.to === DEMO.partner.email)!.text;
    expect(toJonas).toContain(`Hello ${DEMO.partner.name},`);
    expect(toJonas).toContain(
      `${DEMO.founder.name} (${DEMO.founder.email}) deleted the project CartPilot from Finishline on `,
    );
    expect(toJonas).toContain("You were on it as engineering partner.");
    expect(toJonas).toContain(
      "plan, proposals (an accepted one too), comments and logged hours are no longer in Finishline",
    );
    expect(toJonas).toContain(`ask ${DEMO.founder.name} for a copy`);
    // When, to the minute, in UTC.
    const when = /on (\d{4}-\d\d-\d\d \d\d:\d\d) UTC\./.exec(toJonas)?.[1];
    expect(when).toBeDefined();
    expect(Math.abs(Date.parse(`${when!.replace(" ", "T")}:00Z`) - before)).toBeLessThan(2 * 60_000);
    // No link: there is nothing left to open.
    expect(toJonas).not.toContain(`/engagements/${cartPilot}`);
    expect(notices.find((e) => e.to === quietViewer)!.text).toContain("You were on it as viewer.");
  });

  it("emails nobody when the founder was alone on it", async () => {
    const { id } = await createEngagement(maya, "Solo sketch");
    const html = unescape(await (await maya.get(`/engagements/${id}/settings/delete`)).text());
    expect(html).toContain("Nobody else has access to it.");
    expect(html).not.toContain("If anyone on it needs a record");
    const from = emails().length;
    expect((await maya.post(`/engagements/${id}/settings/delete`, { confirm: "Solo sketch" })).status).toBe(
      302,
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(
      emails()
        .slice(from)
        .filter((e) => e.subject.includes("Solo sketch")),
    ).toHaveLength(0);
  });
});

describe("deleting an account that alone owns projects", () => {
  let rosa: { client: Client; email: string };
  let rosaApp: string;
  let shared: string;
  let cofounder: { client: Client; email: string };
  let stranger: { client: Client; email: string };

  beforeAll(async () => {
    rosa = await newAccount("Rosa Founder");
    rosaApp = (await createEngagement(rosa.client, "Rosa's app")).id;
    await join(rosa.client, rosaApp, "partner", jonas);
    stranger = await newAccount("Sam Unconfirmed", { confirmed: false });
    await join(rosa.client, rosaApp, "viewer", stranger.client);
    // A project Rosa shares with a co-founder: it stays, and its members are told nothing.
    shared = (await createEngagement(rosa.client, "Shared app")).id;
    cofounder = await newAccount("Cleo Cofounder");
    await join(rosa.client, shared, "founder", cofounder.client);
  }, 60_000);

  it("names, for each project deleted with the account, who else loses it, in what role, and who is emailed", async () => {
    const html = unescape(await (await rosa.client.get("/account/delete")).text());
    const deletedPart = html.slice(html.indexOf("Deleted with your account"), html.indexOf("You leave"));
    expect(deletedPart).toContain(`href="/engagements/${rosaApp}/settings/delete">Rosa's app</a>`);
    expect(deletedPart).toContain(
      `These people lose access too: ${DEMO.partner.name} (Engineering partner), Sam Unconfirmed (Viewer).`,
    );
    expect(deletedPart).toContain(
      "We email them that it was deleted with your account, except Sam Unconfirmed, whose email address is not confirmed.",
    );
    expect(deletedPart).not.toContain("Cleo Cofounder");
    const leftPart = html.slice(html.indexOf("You leave"));
    expect(leftPart).toContain("Shared app");
  });

  it("emails the confirmed members of the projects it deletes, naming who and why; not the unconfirmed, not the co-founder of one that stays", async () => {
    const from = emails().length;
    const res = await rosa.client.post("/account/delete", { password: "correct horse battery" });
    expect(res.status).toBe(302);
    const notices = await sent(from, "Rosa's app was deleted from Finishline", 1);
    expect(notices[0]!.to).toBe(DEMO.partner.email);
    expect(notices[0]!.text).toContain(`Rosa Founder (${rosa.email}) deleted their Finishline account on `);
    expect(notices[0]!.text).toContain(
      "and with it the project Rosa's app, of which they were the only founder. You were on it as engineering partner.",
    );
    const all = emails().slice(from);
    expect(all.some((e) => e.to === stranger.email)).toBe(false);
    expect(all.some((e) => e.to === cofounder.email)).toBe(false);
    expect(all.some((e) => e.to === rosa.email)).toBe(false);
    // The shared project stays, with Cleo on it.
    expect(emailOf(shared, "founder")).toEqual([cofounder.email]);
  });
});

describe("removing a member", () => {
  let founder: { client: Client; email: string };
  let project: string;

  beforeAll(async () => {
    founder = await newAccount("Fern Founder");
    project = (await createEngagement(founder.client, "Fern's shop")).id;
  });

  const userId = (email: string) =>
    query<{ id: string }>(server, "select id from users where email = ?", email)[0]!.id;

  it("emails the removed member who removed them from which project, and says so on the page", async () => {
    const member = await addMember(server, founder.client, project, "partner");
    const [memberEmail] = emailOf(project, "partner");
    const from = emails().length;
    const res = await founder.client.post(`/engagements/${project}/members`, {
      intent: "remove",
      userId: userId(memberEmail!),
    });
    expect(res.status).toBe(200);
    expect(unescape(await res.text())).toContain("We emailed them that you removed them.");
    const notices = await sent(from, "You were removed from Fern's shop on Finishline", 1);
    expect(notices[0]!.to).toBe(memberEmail);
    expect(notices[0]!.text).toContain(
      `Fern Founder (${founder.email}) removed you from the project Fern's shop on Finishline on `,
    );
    expect(
      emails()
        .slice(from)
        .some((e) => e.to === founder.email),
    ).toBe(false);
    expect((await member.get(`/engagements/${project}`)).status).toBe(404);
  });

  it("emails nobody when a member leaves, or when the one removed never confirmed their address", async () => {
    const leaver = await addMember(server, founder.client, project, "viewer");
    const quiet = await newAccount("Quinn Unconfirmed", { confirmed: false });
    await join(founder.client, project, "viewer", quiet.client);
    const from = emails().length;
    expect((await leaver.post(`/engagements/${project}/members`, { intent: "leave" })).status).toBe(302);
    const res = await founder.client.post(`/engagements/${project}/members`, {
      intent: "remove",
      userId: userId(quiet.email),
    });
    expect(res.status).toBe(200);
    expect(unescape(await res.text())).toContain(
      "Their email address is not confirmed, so we did not email them.",
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(
      emails()
        .slice(from)
        .filter((e) => e.subject.startsWith("You were removed")),
    ).toHaveLength(0);
  });
});
