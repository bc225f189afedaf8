// Two-step login over HTTP against the real server (decision 023): setting it up with the key the
// page shows, logging in with a code from the app or a recovery code, the limits on wrong codes, and
// turning it off. Codes are made the way an authenticator app makes them, from the key on the page.

import Database from "better-sqlite3";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { addMember, query } from "./support/demo-server";
import { run as runCommand } from "./support/run";
import {
  Client,
  confirmEmail,
  createEngagement,
  signup,
  startServer,
  type TestServer,
} from "./support/server";
import { turnOnTwoStep } from "./support/two-step";

let server: TestServer;
const PASSWORD = "correct horse battery";

/** Writes to the server's database: what time would do (expire a login, let a code step pass). */
function write(sql: string, ...params: unknown[]) {
  const db = new Database(server.dbFile);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

type Account = { email: string; client: Client; app: TOTP; recoveryCodes: string[] };

/** A new account, its email confirmed, with two-step login set up through its pages. */
async function accountWithTwoStep(): Promise<Account> {
  const email = `two-step-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  const client = new Client(server.url);
  await signup(client, email, PASSWORD);
  await confirmEmail(server, email);
  const { app, recoveryCodes } = await turnOnTwoStep(client, PASSWORD);
  expect(recoveryCodes).toHaveLength(10);
  return { email, client, app, recoveryCodes };
}

/** The code the app shows next; the one of the current step was spent turning two-step login on. */
const nextCode = (app: TOTP) => app.generate({ timestamp: Date.now() + 30_000 });
/** Forgets which step was used last, as if the next one had come round. */
const letStepPass = (email: string) => write("UPDATE users SET totp_last_step = NULL WHERE email = ?", email);

/** Logs in with the password: the answer sends to the code page with a challenge cookie, no session. */
async function passPassword(email: string, form: Record<string, string> = {}) {
  const client = new Client(server.url);
  const res = await client.post("/login", { email, password: PASSWORD, ...form });
  expect(res.status).toBe(302);
  expect(res.headers.get("Location")).toBe("/login/code");
  expect([...client.cookies.keys()]).toEqual(["finishline_login"]);
  return client;
}

beforeAll(async () => {
  server = await startServer({ SIGNUP_RATE_LIMIT: "1000" });
});
afterAll(async () => {
  await server?.stop();
});

describe("setting up two-step login", () => {
  it("is offered on the account page, and is off until a code from the app confirms it", async () => {
    const client = new Client(server.url);
    const email = `setup-${Date.now()}@example.com`;
    await signup(client, email, PASSWORD);
    const account = await (await client.get("/account")).text();
    expect(account).toContain("Two-step login");
    expect(account).toContain("Set up two-step login");

    await client.post("/account/two-step", { intent: "start" });
    const page = await (await client.get("/account/two-step")).text();
    const key = /class="two-step-key">([A-Z2-7 ]+)</.exec(page)![1]!.replace(/ /g, "");
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    const app = new TOTP({ secret: Secret.fromBase32(key) });

    const wrongCode = await client.post("/account/two-step", {
      intent: "confirm",
      code: "000000",
      password: PASSWORD,
    });
    expect(wrongCode.status).toBe(400);
    expect(await wrongCode.text()).toContain("That code does not match");
    const wrongPassword = await client.post("/account/two-step", {
      intent: "confirm",
      code: app.generate(),
      password: "not my password",
    });
    expect(wrongPassword.status).toBe(400);
    expect(await wrongPassword.text()).toContain("That is not your password.");
    // Still off: the password alone logs in.
    const other = new Client(server.url);
    expect((await other.post("/login", { email, password: PASSWORD })).headers.get("Location")).toBe(
      "/engagements",
    );

    // Reloading the setup page keeps the key; only "start" makes a new one.
    expect(await (await client.get("/account/two-step")).text()).toContain(
      page.match(/two-step-key">[^<]+/)![0],
    );
    const [row] = query<{ secret: string; enabled: number | null }>(
      server,
      "SELECT totp_secret AS secret, totp_enabled_at AS enabled FROM users WHERE email = ?",
      email,
    );
    expect(row).toEqual({ secret: key, enabled: null });

    const on = await client.post("/account/two-step", {
      intent: "confirm",
      code: app.generate(),
      password: PASSWORD,
    });
    expect(on.status).toBe(200);
    expect(await on.text()).toContain("they are not shown again");
    // Only hashes of the recovery codes are kept.
    const hashes = query<{ code_hash: string }>(
      server,
      "SELECT code_hash FROM recovery_codes JOIN users ON users.id = user_id WHERE email = ?",
      email,
    );
    expect(hashes).toHaveLength(10);
    for (const { code_hash } of hashes) expect(code_hash).toMatch(/^[0-9a-f]{64}$/);
    const after = await (await client.get("/account")).text();
    expect(after).toContain("Manage two-step login");
    expect(await (await client.get("/account/two-step")).text()).toContain("10 of 10 recovery codes left.");
  });

  it("can be cancelled before it is confirmed", async () => {
    const client = new Client(server.url);
    const email = `cancel-${Date.now()}@example.com`;
    await signup(client, email, PASSWORD);
    await client.post("/account/two-step", { intent: "start" });
    expect((await client.post("/account/two-step", { intent: "cancel" })).status).toBe(302);
    expect(query(server, "SELECT 1 FROM users WHERE email = ? AND totp_secret IS NULL", email)).toHaveLength(
      1,
    );
    expect(await (await client.get("/account/two-step")).text()).toContain("Set up two-step login");
  });

  it("is only for the signed-in user, and refuses forms from another site", async () => {
    const anonymous = new Client(server.url);
    expect((await anonymous.get("/account/two-step")).headers.get("Location")).toMatch(
      /^\/login\?redirectTo=/,
    );
    const { client } = await accountWithTwoStep();
    const crossSite = new Client(server.url, "https://evil.example");
    crossSite.cookies = new Map(client.cookies);
    expect((await crossSite.post("/account/two-step", { intent: "start" })).status).toBe(403);
    expect(
      (await new Client(server.url, "https://evil.example").post("/login/code", { code: "123456" })).status,
    ).toBe(403);
  });
});

describe("logging in with two-step login on", () => {
  it("asks for the code after the password, and the code from the app finishes the login where it was going", async () => {
    const { email, app } = await accountWithTwoStep();
    const client = await passPassword(email, { redirectTo: "/account" });
    // The password alone is no session.
    expect((await client.get("/engagements")).headers.get("Location")).toMatch(/^\/login/);
    const page = await client.get("/login/code");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(email);

    // What cannot be a code at all (too short, a stray letter) is said so, and costs no try.
    for (const typo of ["123", "1234567", "12345x"]) {
      const refused = await client.post("/login/code", { code: typo });
      expect(refused.status, typo).toBe(400);
      expect(await refused.text()).toContain("Enter the 6-digit code from your app, or a recovery code");
    }
    const wrong = await client.post("/login/code", { code: "123456" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("4 more tries");

    const done = await client.post("/login/code", { code: nextCode(app) });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/account");
    expect(client.cookies.has("finishline_login")).toBe(false);
    expect(client.cookies.has("finishline_session")).toBe(true);
    expect((await client.get("/engagements")).status).toBe(200);
  });

  it("takes each code from the app once", async () => {
    const { email, app } = await accountWithTwoStep();
    const code = nextCode(app);
    const first = await passPassword(email);
    expect((await first.post("/login/code", { code })).status).toBe(302);
    const second = await passPassword(email);
    const replay = await second.post("/login/code", { code });
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("wrong or was already used");
  });

  it("takes each recovery code once, in place of a code from the app", async () => {
    const { email, recoveryCodes, client: owner } = await accountWithTwoStep();
    const first = await passPassword(email);
    // Typed back as people do: upper case, spaces.
    const typed = recoveryCodes[0]!.toUpperCase().replace("-", " ");
    expect((await first.post("/login/code", { code: typed })).status).toBe(302);
    const again = await passPassword(email);
    expect((await again.post("/login/code", { code: recoveryCodes[0]! })).status).toBe(400);
    expect(await (await owner.get("/account/two-step")).text()).toContain("9 of 10 recovery codes left.");
  });

  it("ends the login after five wrong codes, even sent all at once", async () => {
    const { email, app } = await accountWithTwoStep();
    const client = await passPassword(email);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => client.post("/login/code", { code: "000000" })),
    );
    // Exactly five codes were checked: the account's count of wrong codes says so.
    const [user] = query(server, "SELECT id FROM users WHERE email = ?", email) as { id: string }[];
    expect(
      query(server, "SELECT points FROM rate_limits WHERE key = ?", `two-step-user:${user!.id}`),
    ).toEqual([{ points: 5 }]);
    // Four wrong codes are answered with the form again, at most: a try answered with the form re-runs
    // the page's loader, which sends to the login instead once the fifth try has ended the challenge.
    // Every other answer sends back to the password, and none gives a session.
    expect(answers.filter((r) => r.status === 400).length).toBeLessThanOrEqual(4);
    const sentBack = answers.filter((r) => r.status !== 400).map((r) => r.headers.get("Location"));
    expect(sentBack.length).toBeGreaterThanOrEqual(4);
    expect(sentBack).toContain("/login?step=tries");
    for (const to of sentBack) expect(["/login?step=tries", "/login?step=expired"]).toContain(to);
    expect(client.cookies.has("finishline_session")).toBe(false);
    // The challenge is gone: even the right code needs the password again.
    const late = await new Client(server.url).post("/login/code", { code: nextCode(app) });
    expect(late.headers.get("Location")).toBe("/login?step=expired");
    const afterTries = await client.post("/login/code", { code: nextCode(app) });
    expect(afterTries.headers.get("Location")).toBe("/login?step=expired");
  });

  it("limits wrong codes per account across logins: ten an hour", async () => {
    const { email, app } = await accountWithTwoStep();
    for (let login = 0; login < 2; login++) {
      const client = await passPassword(email);
      for (let i = 0; i < 5; i++) await client.post("/login/code", { code: "000000" });
    }
    const client = await passPassword(email);
    const refused = await client.post("/login/code", { code: nextCode(app) });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("lets a login wait ten minutes for its code, no longer", async () => {
    const { email } = await accountWithTwoStep();
    const client = await passPassword(email);
    write(
      "UPDATE login_challenges SET expires_at = ? WHERE user_id = (SELECT id FROM users WHERE email = ?)",
      Date.now() - 1,
      email,
    );
    const res = await client.get("/login/code");
    expect(res.headers.get("Location")).toBe("/login?step=expired");
    expect(client.cookies.has("finishline_login")).toBe(false);
    expect(await (await client.get("/login?step=expired")).text()).toContain("waited too long for its code");
  });

  it("is not skipped by resetting the password", async () => {
    const { email, app } = await accountWithTwoStep();
    const waiting = await passPassword(email);
    await new Client(server.url).post("/forgot-password", { email });
    let token: string | undefined;
    for (const deadline = Date.now() + 5000; !token && Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 20));
      token = new RegExp(`To: ${email}[\\s\\S]*?/reset-password/([A-Za-z0-9_-]{22})`).exec(
        server.output(),
      )?.[1];
    }
    expect(token).toBeDefined();
    const NEW = "a new and longer passphrase";
    expect((await new Client(server.url).post(`/reset-password/${token}`, { password: NEW })).status).toBe(
      302,
    );
    await expect
      .poll(() => server.output().includes(`To: ${email}\nSubject: Your Finishline password was reset`))
      .toBe(true);
    // The login that waited with the old password is over.
    expect((await waiting.post("/login/code", { code: nextCode(app) })).headers.get("Location")).toBe(
      "/login?step=expired",
    );
    const client = new Client(server.url);
    expect((await client.post("/login", { email, password: NEW })).headers.get("Location")).toBe(
      "/login/code",
    );
  });
});

describe("remembering a browser at the code (decision 025)", () => {
  /** Finishes a login waiting for its code in `browser`, ticking "Don't ask … on this browser" or not. */
  async function giveCode(account: Account, browser: Client, remember: boolean) {
    letStepPass(account.email);
    const res = await browser.post("/login/code", {
      code: nextCode(account.app),
      ...(remember ? { remember: "on" } : {}),
    });
    expect(res.status).toBe(302);
    expect(browser.cookies.has("finishline_session")).toBe(true);
  }

  /** Logs `browser` out, then in with the password alone; returns where the login sends it. */
  async function logInAgain(account: Account, browser: Client, password = PASSWORD) {
    await browser.post("/logout", {});
    expect(browser.cookies.has("finishline_session")).toBe(false);
    const res = await browser.post("/login", { email: account.email, password });
    return res.headers.get("Location");
  }

  /** A browser that logged in with a code and asked to be remembered. */
  async function rememberedBrowser(account: Account) {
    const browser = await passPassword(account.email);
    await giveCode(account, browser, true);
    return browser;
  }

  const until = (email: string) =>
    query<{ until: number | null }>(
      server,
      "SELECT skip_code_until AS until FROM trusted_devices JOIN users ON users.id = user_id WHERE email = ? ORDER BY until DESC",
      email,
    ).map((r) => r.until);

  it("is offered at the code, and then the password alone logs in on that browser for thirty days", async () => {
    const account = await accountWithTwoStep();
    const browser = await passPassword(account.email);
    const page = await (await browser.get("/login/code")).text();
    expect(page).toMatch(/<input type="checkbox" name="remember"[^>]*\/>/);
    expect(page).toContain("on this browser for 30 days");

    const before = Date.now();
    await giveCode(account, browser, true);
    const [stored] = until(account.email);
    expect(stored).toBeGreaterThanOrEqual(before + 30 * 24 * 3600_000);
    expect(stored).toBeLessThanOrEqual(Date.now() + 30 * 24 * 3600_000);

    expect(await logInAgain(account, browser)).toBe("/engagements");
    expect(browser.cookies.has("finishline_login")).toBe(false);
    expect((await browser.get("/engagements")).status).toBe(200);
    // The password is still checked.
    await browser.post("/logout", {});
    const wrong = await browser.post("/login", { email: account.email, password: "not my password" });
    expect(wrong.status).toBe(400);
    expect(browser.cookies.has("finishline_session")).toBe(false);

    // Any other browser still asks (passPassword checks it is sent to the code).
    await passPassword(account.email);

    // Thirty days on, this one asks again.
    write(
      "UPDATE trusted_devices SET skip_code_until = ? WHERE user_id = (SELECT id FROM users WHERE email = ?)",
      Date.now() - 1,
      account.email,
    );
    expect(await logInAgain(account, browser)).toBe("/login/code");
  });

  it("is only for a browser whose owner ticked the box, and only for that account", async () => {
    const account = await accountWithTwoStep();
    const browser = await passPassword(account.email);
    await giveCode(account, browser, false);
    expect(until(account.email).every((u) => u === null)).toBe(true);
    expect(await logInAgain(account, browser)).toBe("/login/code");

    // Remembered for one account, the browser still asks another account's code.
    const remembered = await rememberedBrowser(account);
    const other = await accountWithTwoStep();
    await remembered.post("/logout", {});
    const res = await remembered.post("/login", { email: other.email, password: PASSWORD });
    expect(res.headers.get("Location")).toBe("/login/code");
    expect(await logInAgain(account, remembered)).toBe("/engagements");
  });

  it("is listed on the two-step page, and every browser asks again when the owner says so", async () => {
    const account = await accountWithTwoStep();
    const owner = account.client;
    expect(await (await owner.get("/account/two-step")).text()).toContain("Every login asks for a code.");
    const first = await rememberedBrowser(account);
    const second = await rememberedBrowser(account);
    expect(await (await second.get("/account/two-step")).text()).toContain(
      "2 browsers log in with your password alone, for 30 days from the code given there (this one among them).",
    );
    expect(await (await owner.get("/account/two-step")).text()).not.toContain("this one among them");

    const forgot = await owner.post("/account/two-step", { intent: "forget-browsers" });
    expect(forgot.status).toBe(200);
    expect(await forgot.text()).toContain("2 browsers will ask for the code again at the next login.");
    expect(until(account.email).every((u) => u === null)).toBe(true);
    expect(await logInAgain(account, first)).toBe("/login/code");
    expect(await logInAgain(account, second)).toBe("/login/code");
  });

  it("ends for the other browsers when the owner signs out the other sessions, changes the password, or turns two-step login off", async () => {
    const account = await accountWithTwoStep();
    // Signing out the other sessions: the browser doing it stays remembered.
    const here = await rememberedBrowser(account);
    const elsewhere = await rememberedBrowser(account);
    const signedOut = await here.post("/account", { intent: "revoke-others" });
    expect(await signedOut.text()).toContain("Other browsers will ask for the two-step code again.");
    expect(await logInAgain(account, elsewhere)).toBe("/login/code");
    expect(await logInAgain(account, here)).toBe("/engagements");

    // Changing the password: only the browser that changed it stays known.
    const again = await rememberedBrowser(account);
    const NEW = "a different long password";
    const changed = await here.post("/account", {
      intent: "change-password",
      currentPassword: PASSWORD,
      newPassword: NEW,
    });
    expect(changed.status).toBe(200);
    expect(await logInAgain(account, again, NEW)).toBe("/login/code");
    expect(await logInAgain(account, here, NEW)).toBe("/engagements");
    const back = await here.post("/account", {
      intent: "change-password",
      currentPassword: NEW,
      newPassword: PASSWORD,
    });
    expect(back.status).toBe(200);

    // Turning two-step login off, then on with a new app: every browser asks for the new app's code.
    letStepPass(account.email);
    const off = await here.post("/account/two-step", {
      intent: "disable",
      code: nextCode(account.app),
      password: PASSWORD,
    });
    expect(off.headers.get("Location")).toBe("/account?two-step=off");
    expect(until(account.email).every((u) => u === null)).toBe(true);
    const { app } = await turnOnTwoStep(here, PASSWORD);
    expect(await logInAgain({ ...account, app }, here)).toBe("/login/code");
  });
});

describe("turning two-step login off", () => {
  it("takes the password and a code, and then the password alone logs in", async () => {
    const { email, app, client } = await accountWithTwoStep();
    const wrong = await client.post("/account/two-step", {
      intent: "disable",
      code: "000000",
      password: PASSWORD,
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("wrong or was already used");
    const noPassword = await client.post("/account/two-step", {
      intent: "disable",
      code: nextCode(app),
      password: "wrong",
    });
    expect(noPassword.status).toBe(400);
    letStepPass(email);
    const off = await client.post("/account/two-step", {
      intent: "disable",
      code: nextCode(app),
      password: PASSWORD,
    });
    expect(off.headers.get("Location")).toBe("/account?two-step=off");
    expect(await (await client.get("/account?two-step=off")).text()).toContain("Two-step login is off.");
    expect(
      query(server, "SELECT 1 FROM recovery_codes JOIN users ON users.id = user_id WHERE email = ?", email),
    ).toHaveLength(0);
    expect(
      (await new Client(server.url).post("/login", { email, password: PASSWORD })).headers.get("Location"),
    ).toBe("/engagements");
  });

  it("makes new recovery codes on request; the old ones stop working", async () => {
    const { email, client, recoveryCodes } = await accountWithTwoStep();
    const res = await client.post("/account/two-step", { intent: "renew", password: PASSWORD });
    expect(res.status).toBe(200);
    const fresh = [...(await res.text()).matchAll(/<code>([2-9a-z]{5}-[2-9a-z]{5})<\/code>/g)].map(
      (m) => m[1]!,
    );
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(recoveryCodes[0]);
    expect((await (await passPassword(email)).post("/login/code", { code: recoveryCodes[0]! })).status).toBe(
      400,
    );
    expect((await (await passPassword(email)).post("/login/code", { code: fresh[0]! })).status).toBe(302);
  });
});

describe("npm run account:two-step-off", () => {
  const run = (...args: string[]) =>
    runCommand(process.execPath, ["--import", "tsx", "scripts/two-step-off.ts", ...args], {
      env: { ...process.env, DATABASE_URL: server.dbFile },
    });

  it("turns two-step login off for an owner who lost the phone and the codes", async () => {
    const { email } = await accountWithTwoStep();
    const out = await run(email.toUpperCase());
    expect(out.stderr).toBe("");
    expect(out.stdout).toContain(`Two-step login is off for ${email}`);
    expect(out.status).toBe(0);
    expect(
      (await new Client(server.url).post("/login", { email, password: PASSWORD })).headers.get("Location"),
    ).toBe("/engagements");
    expect((await run(email)).stdout).toContain("was already off");
  });

  it("names an email no account has, and explains its usage", async () => {
    const unknown = await run("nobody@example.com");
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("no account has the email nobody@example.com");
    const usage = await run();
    expect(usage.status).toBe(2);
    expect(usage.stdout).toContain("usage: npm run account:two-step-off -- EMAIL");
  });
});

describe("emails about the account's security", () => {
  /**
   * Subjects of the emails the server wrote out for this address, oldest first; not the link
   * sign-up sends to confirm it (decision 038).
   */
  const subjects = (email: string) =>
    server
      .output()
      .split("--- email")
      .filter((block) => block.includes(`\nTo: ${email}\n`))
      .map((block) => /\nSubject: (.+)\n/.exec(block)![1]!)
      .filter((subject) => subject !== "Confirm your email for Finishline");
  const body = (email: string, subject: string) =>
    server
      .output()
      .split("--- email")
      .find((block) => block.includes(`\nTo: ${email}\n`) && block.includes(`Subject: ${subject}\n`))!;

  it("tells the owner when two-step login goes on or off, codes are renewed, or the password changes", async () => {
    const { email, client, app } = await accountWithTwoStep();
    await expect.poll(() => subjects(email)).toEqual(["Two-step login is on for your Finishline account"]);
    const on = body(email, "Two-step login is on for your Finishline account");
    expect(on).toContain("from the address 127.0.0.1");
    expect(on).toContain(`reset your password now at ${server.url}/forgot-password`);
    expect(on).toContain("cannot be turned off");

    await client.post("/account/two-step", { intent: "renew", password: PASSWORD });
    letStepPass(email);
    await client.post("/account/two-step", { intent: "disable", code: nextCode(app), password: PASSWORD });
    const changed = await client.post("/account", {
      intent: "change-password",
      currentPassword: PASSWORD,
      newPassword: "another long passphrase",
    });
    expect(changed.status).toBe(200);
    await expect
      .poll(() => subjects(email))
      .toEqual([
        "Two-step login is on for your Finishline account",
        "New recovery codes for your Finishline account",
        "Two-step login is off for your Finishline account",
        "Your Finishline password was changed",
      ]);
  });

  it("tells the owner of a sign-in from a browser never used with the account, once per browser", async () => {
    const email = `sign-in-${Date.now()}@example.com`;
    // The browser that signs up is known to the account from then on. Confirmed: an address nobody
    // confirmed is not told of sign-ins (decision 038, test/email-confirmation.test.ts).
    await signup(new Client(server.url), email, PASSWORD);
    await confirmEmail(server, email);
    const chrome = {
      "User-Agent":
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    };
    const laptop = new Client(server.url);
    expect((await laptop.post("/login", { email, password: PASSWORD }, chrome)).status).toBe(302);
    await expect.poll(() => subjects(email)).toEqual(["New sign-in to your Finishline account"]);
    expect(body(email, "New sign-in to your Finishline account")).toContain(
      "from a browser it had not been used in before (Chrome on macOS)",
    );
    // The same browser again (it kept its device cookie), and a wrong password from another: no email.
    laptop.cookies.delete("finishline_session");
    expect((await laptop.post("/login", { email, password: PASSWORD }, chrome)).status).toBe(302);
    expect((await new Client(server.url).post("/login", { email, password: "wrong" })).status).toBe(400);
    await new Promise((r) => setTimeout(r, 300));
    expect(subjects(email)).toHaveLength(1);
  });

  it("tells of a new browser's sign-in with two-step login once the code is given, not at the password", async () => {
    const { email, app } = await accountWithTwoStep();
    const client = await passPassword(email);
    await new Promise((r) => setTimeout(r, 300));
    expect(subjects(email)).toEqual(["Two-step login is on for your Finishline account"]);
    expect((await client.post("/login/code", { code: nextCode(app) })).status).toBe(302);
    await expect
      .poll(() => subjects(email))
      .toEqual([
        "Two-step login is on for your Finishline account",
        "New sign-in to your Finishline account",
      ]);
  });

  it("says nothing when a change is refused", async () => {
    const { email, client } = await accountWithTwoStep();
    await expect.poll(() => subjects(email)).toHaveLength(1);
    expect((await client.post("/account/two-step", { intent: "renew", password: "wrong" })).status).toBe(400);
    expect(
      (await client.post("/account/two-step", { intent: "disable", code: "000000", password: PASSWORD }))
        .status,
    ).toBe(400);
    await new Promise((r) => setTimeout(r, 300));
    expect(subjects(email)).toHaveLength(1);
  });
});

describe("an engagement that requires two-step login", () => {
  it("opens only for members who have it on; the others are sent to set it up and come back", async () => {
    const founder = await accountWithTwoStep();
    const { id } = await createEngagement(founder.client, "Locked Co");
    const partner = await addMember(server, founder.client, id, "partner");
    const stranger = new Client(server.url);
    await signup(stranger, `stranger-${Date.now()}@example.com`, PASSWORD);
    const setup = `/account/two-step?for=${id}`;

    const on = await founder.client.post(`/engagements/${id}/members`, {
      intent: "require-two-step",
      required: "on",
    });
    expect(on.status).toBe(200);
    expect(await on.text()).toContain("Two-step login is now required");
    expect(query(server, "SELECT 1 FROM engagements WHERE id = ? AND require_two_step = 1", id)).toHaveLength(
      1,
    );
    expect((await founder.client.get(`/engagements/${id}`)).status).toBe(200);

    // Every page, download and form of the engagement sends the partner to set it up first.
    for (const path of [`/engagements/${id}`, `/engagements/${id}/plan`, `/engagements/${id}/report.pdf`]) {
      const res = await partner.get(path);
      expect(res.status, path).toBe(302);
      expect(res.headers.get("Location"), path).toBe(setup);
    }
    const before = query(server, "SELECT name, version FROM engagements WHERE id = ?", id);
    const post = await partner.post(`/engagements/${id}/settings`, {
      version: "1",
      name: "Renamed",
      description: "",
      currency: "USD",
      hourlyRate: "100",
      teamSize: "1",
      weeklyCapacity: "30",
    });
    expect(post.headers.get("Location")).toBe(setup);
    expect(query(server, "SELECT name, version FROM engagements WHERE id = ?", id)).toEqual(before);
    // Someone who is not on it still learns nothing, not even that it requires anything.
    expect((await stranger.get(`/engagements/${id}`)).status).toBe(404);
    expect(await (await stranger.get(`/account/two-step?for=${id}`)).text()).not.toContain("Locked Co");

    const page = await (await partner.get(setup)).text();
    expect(page).toContain("Locked Co asks everyone on it to use two-step login.");
    // Its forms post back to the same address, so after setting up the page still knows where to return.
    expect(page).toContain(`action="/account/two-step?for=${id}"`);
    await turnOnTwoStep(partner, PASSWORD);
    expect(await (await partner.get(setup)).text()).toContain(`href="/engagements/${id}"`);
    expect((await partner.get(`/engagements/${id}/plan`)).status).toBe(200);

    const off = await founder.client.post(`/engagements/${id}/members`, { intent: "require-two-step" });
    expect(await off.text()).toContain("no longer required");
    expect(query(server, "SELECT 1 FROM engagements WHERE id = ? AND require_two_step = 0", id)).toHaveLength(
      1,
    );
  });

  it("travels in the engagement's export file, and an imported copy asks for it too", async () => {
    const founder = await accountWithTwoStep();
    const { id } = await createEngagement(founder.client, "Carried Co");
    await founder.client.post(`/engagements/${id}/members`, { intent: "require-two-step", required: "on" });
    const file = (await (await founder.client.get(`/engagements/${id}/export.json`)).json()) as {
      engagement: Record<string, unknown>;
    };
    expect(file.engagement.requireTwoStep).toBe(true);

    /** Imports `data` as a new account without two-step login; the new engagement's id. */
    const importAs = async (importer: Client, data: unknown) => {
      const res = await importer.importFile(JSON.stringify(data));
      expect(res.status).toBe(302);
      return res.headers.get("Location")!.split("/").pop()!;
    };
    const importer = new Client(server.url);
    await signup(importer, `importer-${Date.now()}@example.com`, PASSWORD);
    const copy = await importAs(importer, file);
    expect(query(server, "SELECT require_two_step AS on_ FROM engagements WHERE id = ?", copy)).toEqual([
      { on_: 1 },
    ]);
    const opened = await importer.get(`/engagements/${copy}`);
    expect(opened.status).toBe(302);
    expect(opened.headers.get("Location")).toBe(`/account/two-step?for=${copy}`);

    // A file from before the setting existed imports with it off, as every engagement was then.
    const { requireTwoStep: _dropped, ...older } = file.engagement;
    const old = await importAs(importer, { ...file, engagement: older });
    expect(query(server, "SELECT require_two_step AS on_ FROM engagements WHERE id = ?", old)).toEqual([
      { on_: 0 },
    ]);
    expect((await importer.get(`/engagements/${old}`)).status).toBe(200);
  });

  it("is for founders to set, and only once their own account has it", async () => {
    const client = new Client(server.url);
    await signup(client, `founder-${Date.now()}@example.com`, PASSWORD);
    const { id } = await createEngagement(client, "Open Co");
    const refused = await client.post(`/engagements/${id}/members`, {
      intent: "require-two-step",
      required: "on",
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Turn on two-step login for your own account first");
    expect(query(server, "SELECT 1 FROM engagements WHERE id = ? AND require_two_step = 0", id)).toHaveLength(
      1,
    );

    const partner = await addMember(server, client, id, "partner");
    await turnOnTwoStep(partner, PASSWORD);
    const notTheirs = await partner.post(`/engagements/${id}/members`, {
      intent: "require-two-step",
      required: "on",
    });
    expect(notTheirs.status).toBe(403);
    expect(query(server, "SELECT 1 FROM engagements WHERE id = ? AND require_two_step = 0", id)).toHaveLength(
      1,
    );
  });
});
