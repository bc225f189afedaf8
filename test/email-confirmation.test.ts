// Confirming the address an account signed up with (decision 038; security review 2, #3): sign-up
// emails a one-time link, and until it is used the address gets no notifications, so nobody can sign
// up with a stranger's address and have the app mail them. Against the real server; the emails are
// read from its output (no SMTP_URL), the links followed as a person would.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { addMember, DEMO, demoEngagementId, join, login, query } from "./support/demo-server";
import {
  Client,
  confirmationLink,
  confirmEmail,
  signup,
  startServer,
  type TestServer,
} from "./support/server";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;
const PASSWORD = "correct horse battery";
let n = 0;
const address = (tag: string) => `${tag}-${Date.now()}-${++n}@example.com`;

/** The emails written to the server's output so far: recipient, subject and whole text. */
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
const to = (email: string) => emails().filter((m) => m.to === email);

function confirmedAt(email: string): number | null {
  return query<{ at: number | null }>(
    server,
    "select email_confirmed_at as at from users where email = ?",
    email,
  )[0]!.at;
}

function write(sql: string, ...params: unknown[]) {
  const db = new Database(server.dbFile);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

async function account(tag: string) {
  const email = address(tag);
  const client = new Client(server.url);
  await signup(client, email, PASSWORD);
  return { email, client };
}

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", SIGNUP_RATE_LIMIT: "1000" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
});
afterAll(async () => {
  await server?.stop();
});

describe("signing up", () => {
  it("emails a link to the address, signs the user in, and the account page says the address is not confirmed", async () => {
    const { email, client } = await account("new");
    const link = await confirmationLink(server, email);
    expect(link).toMatch(/^\/account\/confirm\/[A-Za-z0-9_-]{22}$/);
    const [mail] = to(email);
    expect(mail!.subject).toBe("Confirm your email for Finishline");
    expect(mail!.text).toContain(`${server.url}${link}`);
    expect(mail!.text).toContain("The link works once, for 24 hours.");
    // Only the token's hash is stored.
    const token = link.split("/").at(-1)!;
    expect(query(server, "select 1 from email_confirmations where token_hash = ?", token)).toEqual([]);
    const hash = crypto.createHash("sha256").update(token).digest("hex");
    expect(query(server, "select email from email_confirmations where token_hash = ?", hash)).toEqual([
      { email },
    ]);
    expect(confirmedAt(email)).toBeNull();

    const page = await client.get("/account");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Your email address is not confirmed yet: we send no notifications until it is.");
    expect(html).toContain("Send the link again");
    // Everything else works unconfirmed.
    expect((await client.get("/engagements")).status).toBe(200);
  });

  it("confirms on the button, not on opening the link (a mail scanner may open it); once only", async () => {
    const { email, client } = await account("confirm");
    const link = await confirmationLink(server, email);
    const opened = await new Client(server.url).get(link);
    expect(opened.status).toBe(200);
    const page = await opened.text();
    expect(page).toContain(email);
    expect(page).toContain("Confirm my email");
    expect(confirmedAt(email)).toBeNull();

    const done = await new Client(server.url).post(link, {});
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/account?email=confirmed");
    expect(confirmedAt(email)).toEqual(expect.any(Number));
    const html = await (await client.get("/account?email=confirmed")).text();
    expect(html).toContain(`Your email ${email} is confirmed.`);
    expect(html).not.toContain("is not confirmed yet");

    for (const res of [await new Client(server.url).get(link), await new Client(server.url).post(link, {})]) {
      expect(res.status).toBe(410);
      expect(await res.text()).toContain("This link no longer works");
    }
  });

  it("says a wrong, expired or replaced link no longer works (410), and confirms nothing", async () => {
    const { email, client } = await account("stale");
    const first = await confirmationLink(server, email);
    for (const wrong of ["/account/confirm/not-a-token", `/account/confirm/${"A".repeat(22)}`]) {
      const res = await new Client(server.url).get(wrong);
      expect(res.status).toBe(410);
      expect(await res.text()).toContain("This link no longer works");
      expect((await new Client(server.url).post(wrong, {})).status).toBe(410);
    }
    // A new link replaces the first.
    expect((await client.post("/account", { intent: "resend-confirmation" })).status).toBe(200);
    await expect.poll(() => to(email).length).toBe(2);
    const second = await confirmationLink(server, email);
    expect(second).not.toBe(first);
    expect((await new Client(server.url).post(first, {})).status).toBe(410);
    // And expires after a day.
    write(
      "update email_confirmations set expires_at = ? where user_id = (select id from users where email = ?)",
      Date.now() - 1,
      email,
    );
    expect((await new Client(server.url).get(second)).status).toBe(410);
    expect((await new Client(server.url).post(second, {})).status).toBe(410);
    expect(confirmedAt(email)).toBeNull();
  });
});

describe("sending the link again", () => {
  it("sends three an hour, then answers 429 with what to do; sends nothing once confirmed", async () => {
    const { email, client } = await account("resend");
    await confirmationLink(server, email);
    for (let i = 0; i < 3; i++) {
      const res = await client.post("/account", { intent: "resend-confirmation" });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(`We sent a new link to ${email}.`);
    }
    const refused = await client.post("/account", { intent: "resend-confirmation" });
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("We already sent the link 3 times this hour");
    await expect.poll(() => to(email).length).toBe(4);
    await new Promise((r) => setTimeout(r, 300));
    expect(to(email)).toHaveLength(4);

    await confirmEmail(server, email);
    write("delete from rate_limits where key like 'confirm-mail-user:%'");
    const again = await client.post("/account", { intent: "resend-confirmation" });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("is already confirmed");
    await new Promise((r) => setTimeout(r, 300));
    expect(to(email)).toHaveLength(4);
  });
});

describe("notifications", () => {
  it("go to a confirmed member and not to an unconfirmed one, until they confirm", async () => {
    // The demo founder and partner were confirmed by the seed; the viewer here through its link.
    await addMember(server, founder, id, "viewer");
    const [{ email: viewer }] = query<{ email: string }>(
      server,
      "select u.email from users u join memberships m on m.user_id = u.id where m.engagement_id = ? and m.role = 'viewer'",
      id,
    );
    const unconfirmedFounder = address("unconfirmed-founder");
    const stranger = new Client(server.url);
    await signup(stranger, unconfirmedFounder);
    await join(founder, id, "founder", stranger);
    await confirmationLink(server, unconfirmedFounder);
    expect(to(unconfirmedFounder)).toHaveLength(1);

    expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
    const items = query<{ id: string }>(
      server,
      "select id from plan_items where engagement_id = ? limit 2",
      id,
    );
    const comment = (itemId: string, body: string) =>
      partner.post(`/engagements/${id}/plan/${itemId}`, { intent: "comment", itemId, body });

    const before = emails().length;
    expect((await comment(items[0]!.id, "Who has the Stripe keys?")).status).toBe(302);
    await expect.poll(() => emails().length).toBe(before + 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(
      emails()
        .slice(before)
        .map((m) => m.to)
        .sort(),
    ).toEqual([DEMO.founder.email, viewer].sort());

    // A proposal published: the demo founder is told, the unconfirmed one is not.
    const published = await partner.post(`/engagements/${id}/proposals`, {
      assumptions: "a",
      exclusions: "b",
    });
    expect(published.status).toBe(302);
    await expect.poll(() => emails().length).toBe(before + 3);
    await new Promise((r) => setTimeout(r, 300));
    expect(emails().at(-1)).toMatchObject({ to: DEMO.founder.email });
    expect(emails().at(-1)!.subject).toContain("proposal version 1 is ready for your sign-off");
    expect(to(unconfirmedFounder)).toHaveLength(1);

    // Confirmed: the next comment reaches them too.
    await confirmEmail(server, unconfirmedFounder);
    expect((await comment(items[1]!.id, "And the Supabase project?")).status).toBe(302);
    await expect.poll(() => to(unconfirmedFounder).length).toBe(2);
    expect(to(unconfirmedFounder).at(-1)!.subject).toContain("commented on");
  });

  it("do not include news of sign-ins from a new browser to an unconfirmed address", async () => {
    const { email } = await account("sign-ins");
    await confirmationLink(server, email);
    expect((await new Client(server.url).post("/login", { email, password: PASSWORD })).status).toBe(302);
    await new Promise((r) => setTimeout(r, 300));
    expect(to(email).map((m) => m.subject)).toEqual(["Confirm your email for Finishline"]);
    await confirmEmail(server, email);
    expect((await new Client(server.url).post("/login", { email, password: PASSWORD })).status).toBe(302);
    await expect
      .poll(() => to(email).map((m) => m.subject))
      .toContain("New sign-in to your Finishline account");
  });
});

describe("other links that prove the address", () => {
  it("changing the email confirms the new address; the old address's link no longer works", async () => {
    const { email, client } = await account("mover");
    const oldLink = await confirmationLink(server, email);
    const next = address("moved");
    expect(
      (await client.post("/account", { intent: "change-email", newEmail: next, emailPassword: PASSWORD }))
        .status,
    ).toBe(200);
    await expect.poll(() => to(next).length).toBe(1);
    const token = /\/account\/email\/([A-Za-z0-9_-]{22})\b/.exec(to(next)[0]!.text)![1]!;
    expect((await new Client(server.url).post(`/account/email/${token}`, {})).status).toBe(302);
    expect(confirmedAt(next)).toEqual(expect.any(Number));
    expect((await new Client(server.url).get(oldLink)).status).toBe(410);
  });

  it("a password reset from the inbox confirms it", async () => {
    const { email } = await account("resetter");
    await confirmationLink(server, email);
    expect((await new Client(server.url).post("/forgot-password", { email })).status).toBe(200);
    await expect.poll(() => to(email).some((m) => /reset-password/.test(m.text))).toBe(true);
    const token = /\/reset-password\/([A-Za-z0-9_-]{22})\b/.exec(
      to(email).find((m) => /reset-password/.test(m.text))!.text,
    )![1]!;
    expect(confirmedAt(email)).toBeNull();
    const NEW = "a much better passphrase";
    expect(
      (await new Client(server.url).post(`/reset-password/${token}`, { password: NEW, confirmPassword: NEW }))
        .status,
    ).toBe(302);
    expect(confirmedAt(email)).toEqual(expect.any(Number));
  });
});

describe("deleting the account", () => {
  it("deletes its confirmation links, which hold the address", async () => {
    const { email, client } = await account("leaver");
    const link = await confirmationLink(server, email);
    const [{ id: userId }] = query<{ id: string }>(server, "select id from users where email = ?", email);
    expect(query(server, "select 1 from email_confirmations where user_id = ?", userId)).toHaveLength(1);
    expect((await client.post("/account/delete", { password: PASSWORD })).status).toBe(302);
    expect(query(server, "select 1 from email_confirmations where user_id = ?", userId)).toEqual([]);
    expect((await new Client(server.url).get(link)).status).toBe(410);
  });
});

describe("migration 0019", () => {
  it("counts the accounts made before it as confirmed, at the time they were made", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-0019-"));
    try {
      // The migrations up to 0018, as a database of the previous release holds them.
      const before = path.join(dir, "migrations");
      fs.cpSync(path.resolve("db/migrations"), before, { recursive: true });
      const journalFile = path.join(before, "meta/_journal.json");
      const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
      journal.entries = journal.entries.filter((e) => e.tag < "0019");
      fs.writeFileSync(journalFile, JSON.stringify(journal));

      const client = new Database(path.join(dir, "old.db"));
      const db = drizzle(client);
      migrate(db, { migrationsFolder: before });
      client
        .prepare("insert into users (id, email, password_hash, created_at) values (?, ?, ?, ?)")
        .run("u1", "old@example.com", "x", 1_700_000_000_000);
      migrate(db, { migrationsFolder: path.resolve("db/migrations") });
      expect(client.prepare("select email_confirmed_at as at from users where id = 'u1'").get()).toEqual({
        at: 1_700_000_000_000,
      });
      client.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
