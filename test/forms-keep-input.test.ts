// The forms a person fills in by hand, posted as a browser without JavaScript posts them: when the
// server refuses one, the page that comes back shows the message beside the field and every field
// as it was typed (escaped once, as React writes an attribute), except passwords and codes, which
// never come back in the page, not even in the data Remix sends along for hydration.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { turnOnTwoStep } from "./support/two-step";
import { Client, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ SIGNUP_RATE_LIMIT: "1000", LOGIN_RATE_LIMIT: "1000" });
});
afterAll(async () => {
  await server?.stop();
});

const PASSWORD = "correct horse battery";
/** Too short for a new password, and found nowhere else in a page. */
const SHORT_PASSWORD = "tiny7pw";
const WRONG_PASSWORD = "wrong-horse-battery-9";

/** What React writes for text in an attribute or an element. */
function escaped(s: string): string {
  return s
    .replaceAll("&", "&amp;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#x27;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");
}

/** The `<input>` tag named `name` in the page. */
function inputTag(html: string, name: string): string {
  const tag = [...html.matchAll(/<input[^>]*>/g)].map((m) => m[0]).find((t) => t.includes(` name="${name}"`));
  expect(tag, `an input named ${name}`).toBeDefined();
  return tag!;
}

/** The page holds `value="…"` for what was typed, on the input it was typed in. */
function expectKept(html: string, name: string, typed: string) {
  expect(html).toContain(`value="${escaped(typed)}"`);
  expect(inputTag(html, name)).toContain(`value="${escaped(typed)}"`);
}

/** A refused post: a 400 with the page, showing `message`. */
async function refused(res: Response, message: string): Promise<string> {
  expect(res.status).toBe(400);
  const html = await res.text();
  expect(html.replaceAll("<!-- -->", "")).toContain(escaped(message));
  return html;
}

let n = 0;
const freshEmail = () => `keep-${Date.now()}-${++n}@example.com`;

describe("signup, refused", () => {
  const name = `Ann & "Bo" O'Neil <ceo>`;

  it("keeps the name and email after a too-short password, and not the password", async () => {
    const email = `o'neil+${Date.now()}@example.com`;
    const res = await new Client(server.url).post("/signup", { name, email, password: SHORT_PASSWORD });
    const html = await refused(res, "Use at least 8 characters.");
    expectKept(html, "name", name);
    expectKept(html, "email", email);
    expect(inputTag(html, "password")).not.toContain("value=");
    expect(html).not.toContain(SHORT_PASSWORD);
  });

  it("keeps the name and email when the email already has an account", async () => {
    const email = freshEmail();
    await signup(new Client(server.url), email, PASSWORD);
    const res = await new Client(server.url).post("/signup", { name, email, password: "another long one" });
    const html = await refused(res, "An account with this email already exists. Log in instead.");
    expectKept(html, "name", name);
    expectKept(html, "email", email);
    expect(html).not.toContain("another long one");
  });
});

describe("login, refused", () => {
  it("keeps the email after a wrong password, and not the password", async () => {
    const email = freshEmail();
    await signup(new Client(server.url), email, PASSWORD);
    const res = await new Client(server.url).post("/login", { email, password: WRONG_PASSWORD });
    const html = await refused(res, "Email or password is wrong.");
    expectKept(html, "email", email);
    expect(inputTag(html, "password")).not.toContain("value=");
    expect(html).not.toContain(WRONG_PASSWORD);
  });

  it("keeps the email when the password is missing", async () => {
    const email = `a&b-${Date.now()}@example.com`;
    const html = await refused(
      await new Client(server.url).post("/login", { email }),
      "Enter your password.",
    );
    expectKept(html, "email", email);
  });
});

describe("forgot password, refused", () => {
  it("keeps an address it cannot read", async () => {
    const email = `"sam" & co at example`;
    const res = await new Client(server.url).post("/forgot-password", { email });
    const html = await refused(res, "Enter a valid email address, like name@company.com.");
    expectKept(html, "email", email);
  });
});

describe("new engagement, refused", () => {
  let founder: Client;
  beforeAll(async () => {
    founder = new Client(server.url);
    await signup(founder, freshEmail(), PASSWORD);
  });

  it("keeps the description when the name is missing", async () => {
    const description = `Bookings for "Tom & Jerry's" <salon>; payments fail.`;
    const res = await founder.post("/engagements/new", { name: "", description });
    const html = await refused(res, "Give your product a name.");
    const textarea = /<textarea[^>]*name="description"[^>]*>([\s\S]*?)<\/textarea>/.exec(html);
    expect(textarea?.[1]).toBe(escaped(description));
  });

  it("keeps a name that is too long", async () => {
    const name = `Acme & "Sons" `.repeat(7);
    const res = await founder.post("/engagements/new", { name, description: "" });
    const html = await refused(res, "Use at most 80 characters.");
    expectKept(html, "name", name);
  });
});

describe("account: change of email, refused", () => {
  let user: Client;
  let email: string;
  beforeAll(async () => {
    user = new Client(server.url);
    email = freshEmail();
    await signup(user, email, PASSWORD);
  });

  it("keeps the new email after a wrong password, and not the password", async () => {
    const newEmail = `o'hara+${Date.now()}@example.com`;
    const res = await user.post("/account", {
      intent: "change-email",
      newEmail,
      emailPassword: WRONG_PASSWORD,
    });
    const html = await refused(res, "That is not your password.");
    expectKept(html, "newEmail", newEmail);
    expect(inputTag(html, "emailPassword")).not.toContain("value=");
    expect(html).not.toContain(WRONG_PASSWORD);
  });

  it("keeps a new email it cannot read", async () => {
    const newEmail = `"jo" & me`;
    const res = await user.post("/account", { intent: "change-email", newEmail, emailPassword: PASSWORD });
    const html = await refused(res, "Enter a valid email address, like name@company.com.");
    expectKept(html, "newEmail", newEmail);
    expect(html).not.toContain(PASSWORD);
  });

  it("sends no password back from the change-password form", async () => {
    const res = await user.post("/account", {
      intent: "change-password",
      currentPassword: WRONG_PASSWORD,
      newPassword: "a new long password",
    });
    const html = await refused(res, "That is not your current password.");
    expect(html).not.toContain(WRONG_PASSWORD);
    expect(html).not.toContain("a new long password");
    expect(inputTag(html, "newEmail")).not.toContain("value=");
  });

  it("refuses one of the most common passwords as a new one, at sign-up and on the account page", async () => {
    const email = freshEmail();
    const res = await new Client(server.url).post("/signup", { email, password: "Password123" });
    const html = await refused(res, "This is one of the most common passwords");
    expectKept(html, "email", email);
    expect(html).not.toContain("Password123");
    const changed = await user.post("/account", {
      intent: "change-password",
      currentPassword: PASSWORD,
      newPassword: "qwertyuiop",
    });
    await refused(changed, "This is one of the most common passwords");
    // A passphrase of the same length is not on the list.
    const fine = await new Client(server.url).post("/signup", { email, password: "teal kettle uphill" });
    expect(fine.status).toBe(302);
  });
});

describe("two-step code, refused", () => {
  it("keeps “Don't ask for a code on this browser” ticked after a wrong code", async () => {
    const email = freshEmail();
    const owner = new Client(server.url);
    await signup(owner, email, PASSWORD);
    await turnOnTwoStep(owner, PASSWORD);
    const client = new Client(server.url);
    expect((await client.post("/login", { email, password: PASSWORD })).status).toBe(302);
    const html = await refused(
      await client.post("/login/code", { code: "000000", remember: "on" }),
      "That code is wrong or was already used.",
    );
    expect(inputTag(html, "remember")).toContain('checked=""');
    expect(inputTag(html, "code")).not.toContain("value=");
    // Unticked, it stays unticked.
    const again = await refused(
      await client.post("/login/code", { code: "000000" }),
      "That code is wrong or was already used.",
    );
    expect(inputTag(again, "remember")).not.toContain("checked");
  });
});
