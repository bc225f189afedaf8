// Changing one's email over HTTP against the real server (decision 024): asked for on the account page
// with the password, done only by the link sent to the new address (read from the server's output,
// as without SMTP_URL), with the old address told at both steps.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { Client, confirmationLink, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;
const PASSWORD = "correct horse battery";
let n = 0;
const address = (tag: string) => `${tag}-${Date.now()}-${++n}@example.com`;

/**
 * The emails written to the output for an address: subject and body, oldest first; not the link
 * sign-up sends to confirm it (decision 038; account() waits for that one before a test starts).
 */
function mails(to: string) {
  return server
    .output()
    .split("--- email")
    .filter((block) => block.includes(`\nTo: ${to}\n`))
    .map((block) => ({ subject: /\nSubject: (.+)\n/.exec(block)![1]!, body: block }))
    .filter((mail) => mail.subject !== "Confirm your email for Finishline");
}

/** The newest confirmation link sent to `to`, waiting for it (emails go out after the answer). */
async function linkTo(to: string, count = 1): Promise<string> {
  await expect.poll(() => mails(to).length).toBe(count);
  return /\/account\/email\/([A-Za-z0-9_-]{22})\b/.exec(mails(to).at(-1)!.body)![1]!;
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
  await confirmationLink(server, email);
  return { email, client };
}

const ask = (client: Client, newEmail: string, password = PASSWORD) =>
  client.post("/account", { intent: "change-email", newEmail, emailPassword: password });

const loginStatus = async (email: string) =>
  (await new Client(server.url).post("/login", { email, password: PASSWORD })).status;

beforeAll(async () => {
  server = await startServer({ SIGNUP_RATE_LIMIT: "1000" });
});
afterAll(async () => {
  await server?.stop();
});

describe("asking for a new email", () => {
  it("takes the password and a new, free, valid address, and says which field is wrong", async () => {
    const { email, client } = await account("asker");
    const other = await account("other");
    expect(await (await client.get("/account")).text()).toContain("Email address");

    const wrongPassword = await ask(client, address("new"), "not it");
    expect(wrongPassword.status).toBe(400);
    expect(await wrongPassword.text()).toContain("That is not your password.");
    const invalid = await ask(client, "not an email");
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain("Enter a valid email address");
    const same = await ask(client, email.toUpperCase());
    expect(await same.text()).toContain("That is already your email.");
    const taken = await ask(client, other.email);
    expect(taken.status).toBe(400);
    expect(await taken.text()).toContain("Another account uses that email.");
    await new Promise((r) => setTimeout(r, 200));
    expect(mails(email)).toEqual([]);
  });

  it("sends the link to the new address and tells the old one; nothing changes until the link is used", async () => {
    const { email, client } = await account("changer");
    const next = address("changed");
    const res = await ask(client, next);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`We sent a link to ${next}.`);
    const token = await linkTo(next);
    expect(mails(next)[0]!.subject).toBe("Confirm your new email for Finishline");
    await expect
      .poll(() => mails(email).map((m) => m.subject))
      .toEqual(["A new email was given for your Finishline account"]);
    expect(mails(email)[0]!.body).toContain(`change its email to ${next}`);
    expect(await loginStatus(email)).toBe(302);

    // Opening the link changes nothing (a mail scanner may open it); the button does.
    const page = await new Client(server.url).get(`/account/email/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(next);
    expect(await loginStatus(next)).toBe(400);

    const done = await new Client(server.url).post(`/account/email/${token}`, {});
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/account?email=changed");
    expect(await (await client.get("/account?email=changed")).text()).toContain(`Your email is now ${next}.`);
    expect(await loginStatus(next)).toBe(302);
    expect(await loginStatus(email)).toBe(400);
    await expect
      .poll(() => mails(email).map((m) => m.subject))
      .toContain("Your Finishline account has a new email");

    // Once only.
    expect((await new Client(server.url).get(`/account/email/${token}`)).status).toBe(410);
    expect((await new Client(server.url).post(`/account/email/${token}`, {})).status).toBe(410);
  });

  it("keeps only the newest link working, for an hour", async () => {
    const { client } = await account("twice");
    const first = address("first");
    const second = address("second");
    await ask(client, first);
    const old = await linkTo(first);
    await ask(client, second);
    const fresh = await linkTo(second);
    expect((await new Client(server.url).get(`/account/email/${old}`)).status).toBe(410);
    write("UPDATE email_changes SET expires_at = ? WHERE new_email = ?", Date.now() - 1, second);
    expect((await new Client(server.url).post(`/account/email/${fresh}`, {})).status).toBe(410);
    expect((await new Client(server.url).get("/account/email/not-a-token")).status).toBe(410);
  });

  it("refuses the change when another account took the address meanwhile", async () => {
    const { email, client } = await account("raced");
    const wanted = address("wanted");
    await ask(client, wanted);
    const token = await linkTo(wanted);
    await signup(new Client(server.url), wanted, PASSWORD);
    const res = await new Client(server.url).post(`/account/email/${token}`, {});
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("Another account started using");
    expect(await loginStatus(email)).toBe(302);
  });

  it("ends the reset links sent to the old address", async () => {
    const { email, client } = await account("reset-old");
    await new Client(server.url).post("/forgot-password", { email });
    await expect.poll(() => mails(email).length).toBe(1);
    const reset = /\/reset-password\/([A-Za-z0-9_-]{22})\b/.exec(mails(email)[0]!.body)![1]!;
    const next = address("reset-new");
    await ask(client, next);
    expect((await new Client(server.url).post(`/account/email/${await linkTo(next)}`, {})).status).toBe(302);
    expect((await new Client(server.url).get(`/reset-password/${reset}`)).status).toBe(410);
  });

  it("is cancelled when the owner resets the password, changes it, or signs out other sessions", async () => {
    // Someone else with the password asks to move the account; the owner takes it back each way.
    const reset = await account("taken-back");
    const thief = address("thief-a");
    await ask(reset.client, thief);
    const stolen = await linkTo(thief);
    await new Client(server.url).post("/forgot-password", { email: reset.email });
    await expect.poll(() => mails(reset.email).filter((m) => /reset-password/.test(m.body)).length).toBe(1);
    const resetToken = /\/reset-password\/([A-Za-z0-9_-]{22})\b/.exec(
      mails(reset.email).find((m) => /reset-password/.test(m.body))!.body,
    )![1]!;
    const NEW = "a much better passphrase";
    const done = await new Client(server.url).post(`/reset-password/${resetToken}`, {
      password: NEW,
      confirmPassword: NEW,
    });
    expect(done.status).toBe(302);
    expect((await new Client(server.url).post(`/account/email/${stolen}`, {})).status).toBe(410);
    expect((await new Client(server.url).post("/login", { email: reset.email, password: NEW })).status).toBe(
      302,
    );
    expect((await new Client(server.url).post("/login", { email: thief, password: NEW })).status).toBe(400);

    const changed = await account("changed-back");
    const thief2 = address("thief-b");
    await ask(changed.client, thief2);
    const stolen2 = await linkTo(thief2);
    const res = await changed.client.post("/account", {
      intent: "change-password",
      currentPassword: PASSWORD,
      newPassword: NEW,
      confirmPassword: NEW,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("The change of email waiting for its link was cancelled");
    expect((await new Client(server.url).post(`/account/email/${stolen2}`, {})).status).toBe(410);

    const signedOut = await account("signed-out");
    const thief3 = address("thief-c");
    await ask(signedOut.client, thief3);
    const stolen3 = await linkTo(thief3);
    const out = await signedOut.client.post("/account", { intent: "revoke-others" });
    expect(out.status).toBe(200);
    expect(await out.text()).toContain("The change of email waiting for its link was cancelled");
    expect((await new Client(server.url).post(`/account/email/${stolen3}`, {})).status).toBe(410);
    expect(await loginStatus(signedOut.email)).toBe(302);
  });

  it("is limited to five asks an hour per user", async () => {
    const { client } = await account("limited");
    for (let i = 0; i < 5; i++) expect((await ask(client, address(`try${i}`))).status).toBe(200);
    const refused = await ask(client, address("sixth"));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("goes with a deleted account: its link no longer works", async () => {
    const { client } = await account("leaver");
    const next = address("leaver-new");
    await ask(client, next);
    const token = await linkTo(next);
    expect((await client.post("/account/delete", { password: PASSWORD })).status).toBe(302);
    expect((await new Client(server.url).post(`/account/email/${token}`, {})).status).toBe(410);
    expect(await loginStatus(next)).toBe(400);
  });
});
