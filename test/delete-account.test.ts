// Deleting an account (Account → Delete your account): asks for the password; deletes the
// engagements the user alone owns (rows and cached PDFs), takes the user off every other one, ends
// every session, and removes name and email, while the others keep the work, shown as by a
// "Deleted account". The email can sign up again, as a new account with nothing.
import fs from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { acceptedProposal, DEMO, demoEngagementId, join, login, query } from "./support/demo-server";
import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";
import { pdfCacheDir } from "./support/pdf-cache";

let server: TestServer;
let maya: Client; // the demo founder, who deletes her account
let mayaElsewhere: Client; // another of her sessions
let jonas: Client; // the demo partner
let cofounder: Client;
let mayaId: string;
let cartPilot: string; // Maya is its only founder: deleted with her account
let shared: string; // Maya and a co-founder: stays
let agency: string; // Jonas's own, Maya a viewer: stays

const count = (sql: string, ...params: unknown[]) => query<{ n: number }>(server, sql, ...params)[0]!.n;
const memberRoles = (engagementId: string) =>
  query<{ email: string; role: string }>(
    server,
    "select u.email, m.role from memberships m join users u on u.id = m.user_id where m.engagement_id = ? order by u.email",
    engagementId,
  );
const resetLink = () => /\/reset-password\/[A-Za-z0-9_-]{22}\b/.exec(server.output())?.[0];
const cacheDir = (engagementId: string) => pdfCacheDir(path.dirname(server.dbFile), engagementId);

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", SIGNUP_RATE_LIMIT: "1000" });
  cartPilot = demoEngagementId(server);
  maya = await login(server, DEMO.founder.email);
  mayaElsewhere = await login(server, DEMO.founder.email);
  jonas = await login(server, DEMO.partner.email);
  mayaId = query<{ id: string }>(server, "select id from users where email = ?", DEMO.founder.email)[0]!.id;
  await acceptedProposal(server, maya, jonas, cartPilot);
  const pdf = await maya.get(`/engagements/${cartPilot}/proposals/1.pdf`);
  expect(pdf.status).toBe(200);
  await pdf.arrayBuffer();
  // Cached on disk, so deleting the account below has a folder of PDFs to remove.
  expect(fs.readdirSync(cacheDir(cartPilot)).filter((f) => f.endsWith(".pdf"))).toHaveLength(1);

  shared = (await createEngagement(maya, "Shared app")).id;
  cofounder = new Client(server.url);
  await signup(cofounder, `cofounder-${Date.now()}@example.com`);
  await join(maya, shared, "founder", cofounder);
  agency = (await createEngagement(jonas, "Agency app")).id;
  await join(jonas, agency, "viewer", maya);
  // An answer of Maya's on the shared app, which stays with it.
  const saved = await maya.post(`/engagements/${shared}/assess?index`, {
    intent: "autosave",
    q: "intake.builder",
    "a:intake.builder": "lovable",
    "note:intake.builder": "",
    "v:intake.builder": "0",
  });
  expect(saved.status).toBe(200);
  // A password-reset link for Maya, asked for before she deletes the account.
  expect((await new Client(server.url).post("/forgot-password", { email: DEMO.founder.email })).status).toBe(
    200,
  );
  for (const deadline = Date.now() + 5000; !resetLink();) {
    if (Date.now() > deadline) throw new Error("no reset email");
    await new Promise((r) => setTimeout(r, 20));
  }
  // An invitation Maya made on the shared app that nobody used yet.
  expect(
    (await maya.post(`/engagements/${shared}/members`, { intent: "invite", role: "viewer" })).status,
  ).toBe(200);
}, 90_000);
afterAll(async () => {
  await server?.stop();
});

describe("before the account is deleted", () => {
  it("is offered on the account page and needs a signed-in user", async () => {
    expect(await (await maya.get("/account")).text()).toContain('href="/account/delete"');
    const anonymous = await new Client(server.url).get("/account/delete");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("names the engagements deleted with the account and those the user only leaves", async () => {
    const html = (await (await maya.get("/account/delete")).text()).replace(/<!-- -->/g, "");
    const deletedPart = html.slice(html.indexOf("Deleted with your account"), html.indexOf("You leave"));
    expect(deletedPart).toContain(`href="/engagements/${cartPilot}/settings/delete">CartPilot</a>`);
    expect(deletedPart).not.toContain("Shared app");
    const leftPart = html.slice(html.indexOf("You leave"), html.indexOf("Your answers, comments"));
    expect(leftPart).toContain("Shared app <span");
    expect(leftPart).toContain("(Founder)");
    expect(leftPart).toContain("Agency app <span");
    expect(leftPart).toContain("(Viewer)");
    expect(leftPart).not.toContain("CartPilot");
  });

  it("shows the co-founder who answered, by name (the page the deletion must change)", async () => {
    const review = (await (await cofounder.get(`/engagements/${shared}/assess/review`)).text()).replace(
      /<!-- -->/g,
      "",
    );
    expect(review).toContain(`Answered by ${DEMO.founder.name}`);
  });

  it("asks for the password, refuses a wrong one or a post from another site, and changes nothing", async () => {
    const before = JSON.stringify(query(server, "select * from users where id = ?", mayaId));
    const empty = await maya.post("/account/delete", { password: "" });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Enter your password to delete your account.");
    const wrong = await maya.post("/account/delete", { password: "not it" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("That is not your password.");
    const crossSite = await maya.post(
      "/account/delete",
      { password: DEMO.password },
      { Origin: "https://evil.example" },
    );
    expect(crossSite.status).toBe(403);
    expect(JSON.stringify(query(server, "select * from users where id = ?", mayaId))).toBe(before);
    expect(count("select count(*) n from engagements where id = ?", cartPilot)).toBe(1);
    expect(count("select count(*) n from memberships where user_id = ?", mayaId)).toBe(3);
  });
});

describe("deleting the account", () => {
  let redirect: Response;
  beforeAll(async () => {
    redirect = await maya.post("/account/delete", { password: DEMO.password });
  });

  it("signs the user out and says so on the landing page", async () => {
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("Location")).toBe("/?account-deleted=1");
    expect(redirect.headers.get("Set-Cookie")).toMatch(/finishline_session=;.*Max-Age=0/i);
    const landing = await new Client(server.url).get("/?account-deleted=1");
    expect(await landing.text()).toContain("Your account was deleted, with the projects you alone owned.");
  });

  it("deletes the engagement the user alone owned, with every row and its cached PDFs", () => {
    for (const table of ["answers", "plan_items", "proposals", "memberships", "activity", "milestones"]) {
      expect(count(`select count(*) n from ${table} where engagement_id = ?`, cartPilot), table).toBe(0);
    }
    expect(count("select count(*) n from engagements where id = ?", cartPilot)).toBe(0);
    expect(fs.existsSync(cacheDir(cartPilot))).toBe(false);
  });

  it("takes the user off the others, which keep their members, and revokes the invitation the user made", () => {
    expect(memberRoles(shared).map((m) => m.role)).toEqual(["founder"]);
    expect(memberRoles(agency).map((m) => m.role)).toEqual(["founder"]);
    expect(count("select count(*) n from memberships where user_id = ?", mayaId)).toBe(0);
    expect(
      count(
        "select count(*) n from invitations where engagement_id = ? and created_by = ? and revoked_at is null and used_at is null",
        shared,
        mayaId,
      ),
    ).toBe(0);
  });

  it("removes name and email, keeps the row the others' history points at, and shows it as a deleted account", async () => {
    const [row] = query<{ email: string; name: string }>(
      server,
      "select email, name from users where id = ?",
      mayaId,
    );
    expect(row).toEqual({ email: `deleted:${mayaId}`, name: "Deleted account" });
    expect(
      count("select count(*) n from activity where engagement_id = ? and user_id = ?", shared, mayaId),
    ).toBe(
      5, // created it, invited the co-founder, answered, made the viewer invitation, left
    );
    for (const page of ["", "/assess/review"]) {
      const html = (await (await cofounder.get(`/engagements/${shared}${page}`)).text()).replace(
        /<!-- -->/g,
        "",
      );
      expect(html, page).toContain("Deleted account");
      expect(html, page).not.toContain(DEMO.founder.name);
      expect(html, page).not.toContain(DEMO.founder.email);
    }
    expect(
      count("select count(*) n from answers where engagement_id = ? and answered_by = ?", shared, mayaId),
    ).toBe(1);
  });

  it("ends every session of the account, not only the one that deleted it", async () => {
    expect(count("select count(*) n from sessions where user_id = ?", mayaId)).toBe(0);
    const res = await mayaElsewhere.get("/engagements");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login/);
  });

  it("cannot be brought back: the reset link sent before is dead, and the new address is no address", async () => {
    expect((await new Client(server.url).get(resetLink()!)).status).toBe(410);
    const ask = await new Client(server.url).post("/forgot-password", { email: `deleted:${mayaId}` });
    expect(ask.status).toBe(400);
  });

  it("no longer logs in, and the email signs up again as a new account with nothing in it", async () => {
    const again = new Client(server.url);
    const login = await again.post("/login", { email: DEMO.founder.email, password: DEMO.password });
    expect(login.status).toBe(400);
    await signup(again, DEMO.founder.email, "a brand new password");
    const list = await (await again.get("/engagements")).text();
    for (const id of [cartPilot, shared, agency]) expect(list).not.toContain(`/engagements/${id}`);
    expect((await again.get(`/engagements/${shared}`)).status).toBe(404);
  });
});
