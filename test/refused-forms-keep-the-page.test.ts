// QA pass 5, findings 5, 7 and 11. A rate limit on sign-up, forgot-password, login and import
// answers 429 with Retry-After and the page itself: the form, what was typed (never the password)
// and how long to wait in plain words, where it was a bare "Too many attempts" error page. A form
// no page of ours could send reads "This form could not be read" instead of zod's wording. A used
// reset link answers a posted password 410 as it answers a GET, and an item page of another
// project answers a post 404. Over HTTP against the real server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO } from "../db/seed.server";

import { demoEngagementId, login, query } from "./support/demo-server";
import { unescape } from "./support/html";
import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

// `limited`: one sign-up and one reset link per IP an hour, the IP taken from X-Forwarded-For so
// each test has its own. `main`: the demo, with limits out of the way.
let limited: TestServer;
let main: TestServer;
beforeAll(async () => {
  [limited, main] = await Promise.all([
    startServer({ SIGNUP_RATE_LIMIT: "1", TRUST_PROXY: "1" }),
    startServer({ SEED_DEMO: "true", SIGNUP_RATE_LIMIT: "1000" }),
  ]);
});
afterAll(async () => {
  await Promise.all([limited?.stop(), main?.stop()]);
});

let seq = 0;
const uniqueEmail = (label: string) => `${label}-${Date.now()}-${++seq}@example.com`;
const from = (ip: string) => ({ "X-Forwarded-For": ip });
const PASSWORD = "correct horse battery";
const UNREADABLE = "This form could not be read. Reload the page and try again.";

/** The alert a refused form shows inside it, at its top (FormError), as its text reads. */
function formAlert(html: string): string | undefined {
  for (const [form] of html.matchAll(/<form[^>]*method="post"[\s\S]*?<\/form>/g)) {
    const alert =
      /<div[^>]*class="alert alert--error form-error"[^>]*role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(
        unescape(form),
      )?.[1];
    if (alert !== undefined) return alert.replace(/<[^>]+>/g, "");
  }
  return undefined;
}

async function expectLimitPage(res: Response, wait: RegExp) {
  expect(res.status).toBe(429);
  expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
  const html = await res.text();
  // The page, not the error page: no "ERROR 429", no "Please wait".
  expect(html).not.toContain("Too many attempts. Please wait");
  expect(html).not.toMatch(/Go to the home page/);
  expect(formAlert(html)).toMatch(wait);
  return html;
}

describe("a rate limit keeps the page and its form (finding 5)", () => {
  it("sign-up: 429 with the name and email typed, no password, and 'in about an hour'", async () => {
    const ip = "10.5.0.1";
    const first = await new Client(limited.url).post(
      "/signup",
      { email: uniqueEmail("first"), password: PASSWORD },
      from(ip),
    );
    expect(first.status).toBe(302);
    const email = uniqueEmail("second");
    const res = await new Client(limited.url).post(
      "/signup",
      { name: "Ada Lovelace", email, password: "a typed secret passphrase" },
      from(ip),
    );
    expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(3000);
    const html = await expectLimitPage(
      res,
      /^Too many accounts were created from your internet address in the last hour\. Try again in about an hour\.$/,
    );
    expect(html).toContain('value="Ada Lovelace"');
    expect(html).toContain(`value="${email}"`);
    expect(html).not.toContain("a typed secret passphrase");
    expect(html).toContain('name="password"');
    expect(query(limited, "select 1 from users where email = ?", email)).toEqual([]);
  });

  it("forgot-password: 429 with the email typed and 'in about an hour'", async () => {
    const ip = "10.5.0.2";
    const first = await new Client(limited.url).post(
      "/forgot-password",
      { email: uniqueEmail("a") },
      from(ip),
    );
    expect(first.status).toBe(200);
    await first.arrayBuffer();
    const email = uniqueEmail("again");
    const res = await new Client(limited.url).post("/forgot-password", { email }, from(ip));
    const html = await expectLimitPage(
      res,
      /^Too many reset links were asked for from your internet address in the last hour\. Try again in about an hour\.$/,
    );
    expect(html).toContain(`value="${email}"`);
    expect(html).toContain("Send the link");
  });

  it("login: 429 with the email typed, no password, and 'in a few seconds'", async () => {
    const ip = "10.5.0.3";
    const email = uniqueEmail("victim");
    for (let i = 0; i < 5; i++) {
      const res = await new Client(limited.url).post(
        "/login",
        { email, password: `guess-${i}-guess` },
        from(ip),
      );
      expect(res.status).toBe(400);
      await res.arrayBuffer();
    }
    const res = await new Client(limited.url).post(
      "/login",
      { email, password: "the sixth guess" },
      from(ip),
    );
    const html = await expectLimitPage(
      res,
      /^Too many wrong passwords in a row\. Try again in a few seconds\.$/,
    );
    expect(html).toContain(`value="${email}"`);
    expect(html).not.toContain("the sixth guess");
    expect(html).toContain("Forgot your password?");
  });

  it("import: 429 on the import page, signed in, with 'in about an hour'", async () => {
    const user = new Client(limited.url);
    const email = uniqueEmail("importer");
    const signed = await user.post("/signup", { email, password: PASSWORD }, from("10.5.0.4"));
    expect(signed.status).toBe(302);
    for (let i = 0; i < 10; i++) {
      const res = await user.importFile("not json");
      expect(res.status).toBe(400);
      await res.arrayBuffer();
    }
    const html = await expectLimitPage(
      await user.importFile("not json"),
      /^You have tried 10 imports in the last hour, the most there can be\. Try again in about an hour\.$/,
    );
    expect(html).toContain('type="file"');
    expect(html).toContain("Import a project");
    // The header is a signed-in one, not "Log in / Sign up".
    expect(html).toContain("Log out");
    expect(html).not.toContain('href="/login"');
  });
});

describe("a form no page could send reads plainly (finding 7)", () => {
  it("sign-up with the email twice", async () => {
    const res = await new Client(main.url).post("/signup", {
      email: [uniqueEmail("twice"), uniqueEmail("twice")],
      password: PASSWORD,
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(formAlert(html)).toBe(UNREADABLE);
    expect(html).not.toContain("Expected string");
  });

  it("login with email[0]", async () => {
    const res = await new Client(main.url).post("/login", {
      "email[0]": "a@example.com",
      password: PASSWORD,
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(formAlert(html)).toBe(UNREADABLE);
    expect(html).not.toContain("received");
  });

  it("members with an intent that is not one, and settings with name[0]", async () => {
    const founder = new Client(main.url);
    await signup(founder, uniqueEmail("founder"));
    const { id } = await createEngagement(founder);
    const members = await founder.post(`/engagements/${id}/members`, { intent: "role" });
    expect(members.status).toBe(400);
    const membersHtml = await members.text();
    expect(formAlert(membersHtml) ?? unescape(membersHtml)).toContain(UNREADABLE);
    expect(membersHtml).not.toContain("Invalid discriminator");
    expect(membersHtml).not.toContain("require-two-step'");

    const settings = await founder.post(`/engagements/${id}/settings`, { "name[0]": "Renamed" });
    expect(settings.status).toBe(400);
    const settingsHtml = await settings.text();
    // Settings say it above their form (its FormError sits before it).
    expect(unescape(settingsHtml)).toMatch(
      new RegExp(`role="alert"[^>]*>${UNREADABLE.replaceAll(".", "\\.")}<`),
    );
    expect(settingsHtml).not.toMatch(/Expected \w+, received/);
  });

  it("keeps our own messages: a wrong address on sign-up says what to fix", async () => {
    const res = await new Client(main.url).post("/signup", { email: "not-an-email", password: PASSWORD });
    expect(res.status).toBe(400);
    const html = unescape(await res.text());
    expect(html).not.toContain(UNREADABLE);
    expect(html).toMatch(/Email: [A-Z][^<]+/);
  });
});

describe("statuses that match the page (finding 11)", () => {
  it("a used reset link answers a new password 410, as it answers a GET", async () => {
    const email = uniqueEmail("forgetful");
    await signup(new Client(main.url), email);
    const before = main.output().length;
    const asked = await new Client(main.url).post("/forgot-password", { email });
    expect(asked.status).toBe(200);
    let token: string | undefined;
    for (const deadline = Date.now() + 5000; !token && Date.now() < deadline;) {
      token = /\/reset-password\/([A-Za-z0-9_-]{22})\b/.exec(main.output().slice(before))?.[1];
      if (!token) await new Promise((r) => setTimeout(r, 20));
    }
    expect(token).toBeDefined();
    const used = await new Client(main.url).post(`/reset-password/${token}`, {
      password: "a brand new passphrase",
    });
    expect(used.status).toBe(302);
    expect((await new Client(main.url).get(`/reset-password/${token}`)).status).toBe(410);
    const again = await new Client(main.url).post(`/reset-password/${token}`, {
      password: "another new passphrase",
    });
    expect(again.status).toBe(410);
    expect(unescape(await again.text())).toContain("This link no longer works");
  });

  it("a post to an item page of another project answers 404", async () => {
    const cartPilot = demoEngagementId(main);
    const partner = await login(main, DEMO.partner.email);
    const generated = await partner.post(`/engagements/${cartPilot}/plan`, { intent: "generate" });
    expect(generated.status).toBe(302);
    const [other] = query<{ id: string; version: number }>(
      main,
      "select id, version from plan_items where engagement_id = ? limit 1",
      cartPilot,
    );
    expect(other).toBeDefined();

    const founder = new Client(main.url);
    await signup(founder, uniqueEmail("own-project"));
    const { id } = await createEngagement(founder);
    // A form its own checks refuse (an empty comment) answered 400 under the loader's 404 page.
    const refused = await founder.post(`/engagements/${id}/plan/${other!.id}`, {
      intent: "comment",
      itemId: other!.id,
      body: "",
    });
    expect(refused.status).toBe(404);
    expect(unescape(await refused.text())).toContain("We can't find that");
    const res = await founder.post(`/engagements/${id}/plan/${other!.id}`, {
      intent: "comment",
      itemId: other!.id,
      body: "Hello",
    });
    expect(res.status).toBe(404);
    await res.arrayBuffer();
    expect(query(main, "select 1 from comments where target_id = ? and body = 'Hello'", other!.id)).toEqual(
      [],
    );
  });
});
