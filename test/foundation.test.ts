import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { INTAKE_AREA } from "~/engine/intake-ids";
import { sectionProgress } from "~/questionnaire/questionnaire";
import { minutesToAnswer } from "~/questionnaire/time-to-answer";

import { realContent } from "./support/content";
import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe("the running server", () => {
  it("answers /healthz with JSON after checking the database", async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok" });
  });

  it("serves a landing page that says what Finishline does", async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("production");
    expect(html).toMatch(/href="\/signup"/);
    expect(html).toMatch(/href="\/login"/);
  });

  it("states the times a new assessment shows, taken from the content", async () => {
    const text = (html: string) =>
      html
        .replace(/<!-- -->/g, "")
        .replace(/<[^>]+>/g, "")
        .replace(/&#x27;/g, "'")
        .replace(/\s+/g, " ");
    const landing = text(await (await fetch(server.url)).text());
    const said = /about (\d+) minutes, saved as you go.*?first result in about (\d+) minutes/.exec(landing);
    expect(said, landing).not.toBeNull();
    const [minutes, quickMinutes] = said!.slice(1).map(Number);

    // What the content asks before any answer: shown questions per section, the essentials among
    // the areas' (the intake has none of its own).
    const sections = sectionProgress(realContent(), {});
    const intake = sections.find((s) => s.id === INTAKE_AREA)!.total;
    const total = sections.reduce((n, s) => n + s.total, 0);
    const essentials = sections.reduce((n, s) => n + s.essentials.total, 0);
    expect(minutes).toBe(minutesToAnswer(total));
    expect(quickMinutes).toBe(minutesToAnswer(intake + essentials));

    // The same figures as a new engagement's own pages: the sidebar and the founder's first step.
    const founder = new Client(server.url);
    await signup(founder, `landing-${Date.now()}@example.com`);
    const { id } = await createEngagement(founder, "Landing figures");
    const assess = await (await founder.get(`/engagements/${id}/assess`)).text();
    const sidebar = text(assess);
    expect(sidebar).toContain(`0 of ${total} questions`);
    expect(sidebar).toContain(`About ${minutes} minutes to go.`);
    expect(/Quick path: the essentials.*?aria-label="0 of (\d+) answered"/s.exec(assess)?.[1]).toBe(
      String(essentials),
    );
    const overview = text(await (await founder.get(`/engagements/${id}`)).text());
    expect(overview).toContain(`${total} questions, about ${minutes} minutes`);
    expect(overview).toContain(
      `a first result in ${intake + essentials} questions, about ${quickMinutes} minutes`,
    );
  });

  it("sends security headers with an enforcing, nonce-based CSP", async () => {
    const res = await fetch(server.url);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("x-powered-by")).toBeNull();
    // Plain http: no HSTS.
    expect(res.headers.get("strict-transport-security")).toBeNull();
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    const html = await res.text();
    expect(html).toContain(`nonce="${nonce}"`);
  });

  it("renders a 404 page for unknown routes", async () => {
    const res = await fetch(`${server.url}/no/such/page`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("find that page");
  });
});

describe("signup → login → engagement → logout", () => {
  it("walks the whole journey over HTTP", async () => {
    const alice = new Client(server.url);
    const email = `alice-${Date.now()}@example.com`;

    const signed = await signup(alice, email);
    expect(signed.headers.get("Location")).toBe("/engagements");
    const cookie = signed.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^finishline_session=[A-Za-z0-9_-]{22};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");

    const list = await alice.get("/engagements");
    expect(list.status).toBe(200);
    expect(await list.text()).toContain("Create your first project");

    const { id, location } = await createEngagement(alice, "Checkout Rescue");
    // Creating an engagement goes straight to the intake, where builder and stage are asked.
    expect(location).toBe(`/engagements/${id}/assess`);
    const page = await alice.get(location);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Checkout Rescue");
    const listed = await (await alice.get("/engagements")).text();
    expect(listed).toContain("Checkout Rescue");
    expect(listed).toContain("Founder");

    // Another user cannot see it, and cannot tell it exists.
    const bob = new Client(server.url);
    await signup(bob, `bob-${Date.now()}@example.com`);
    expect((await bob.get(location)).status).toBe(404);
    expect((await bob.get(`/engagements/does-not-exist`)).status).toBe(404);

    // Log out, then log back in: the session id rotates and the old one is dead.
    const oldCookie = alice.cookies.get("finishline_session");
    const out = await alice.post("/logout", {});
    expect(out.status).toBe(302);
    expect(alice.cookies.has("finishline_session")).toBe(false);
    const stale = new Client(server.url);
    stale.cookies.set("finishline_session", oldCookie ?? "");
    const staleRes = await stale.get("/engagements");
    expect(staleRes.status).toBe(302);
    // A cookie that no longer opens a session: the login page is told it ended (`ended`).
    expect(staleRes.headers.get("Location")).toBe("/login?redirectTo=%2Fengagements&ended=1");
    expect(await (await stale.get("/login?redirectTo=%2Fengagements&ended=1")).text()).toContain(
      "You were signed out: a session ends after a while without activity",
    );

    const login = await alice.post("/login", {
      email,
      password: "correct horse battery",
      redirectTo: location,
    });
    expect(login.status).toBe(302);
    expect(login.headers.get("Location")).toBe(location);
    expect(alice.cookies.get("finishline_session")).not.toBe(oldCookie);
    expect((await alice.get(location)).status).toBe(200);
  });

  it("redirects anonymous visitors to login with a local redirectTo, and ignores foreign ones", async () => {
    const anon = new Client(server.url);
    const res = await anon.get("/engagements/new");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Fengagements%2Fnew");

    const c = new Client(server.url);
    const email = `redir-${Date.now()}@example.com`;
    await signup(c, email);
    await c.post("/logout", {});
    const login = await c.post("/login", {
      email,
      password: "correct horse battery",
      redirectTo: "//evil.example",
    });
    expect(login.headers.get("Location")).toBe("/engagements");
  });
});

describe("bad input", () => {
  it("gives field-level messages with 400 on signup", async () => {
    const c = new Client(server.url);
    const res = await c.post("/signup", { email: "not-an-email", password: "short" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Enter a valid email address");
    expect(html).toContain("Use at least 8 characters.");

    const missing = await c.post("/signup", {});
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("Enter your email address.");

    const long = await c.post("/signup", { email: "x@example.com", password: "a".repeat(129) });
    expect(long.status).toBe(400);
    expect(await long.text()).toContain("Use at most 128 characters.");
  });

  it("says clearly when an email is already registered", async () => {
    const email = `dupe-${Date.now()}@example.com`;
    await signup(new Client(server.url), email);
    const res = await new Client(server.url).post("/signup", {
      email: email.toUpperCase(),
      password: "another password",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("An account with this email already exists");
  });

  it("validates the new engagement form field by field", async () => {
    const c = new Client(server.url);
    await signup(c, `form-${Date.now()}@example.com`);
    const res = await c.post("/engagements/new", { name: "  ", description: "x".repeat(1001) });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Give your product a name.");
    expect(html).toContain("Use at most 1,000 characters.");
  });

  it("keeps login errors generic", async () => {
    const email = `generic-${Date.now()}@example.com`;
    await signup(new Client(server.url), email);
    const wrongPassword = await new Client(server.url).post("/login", { email, password: "wrong password" });
    const noAccount = await new Client(server.url).post("/login", {
      email: `nobody-${email}`,
      password: "wrong password",
    });
    expect(wrongPassword.status).toBe(400);
    expect(noAccount.status).toBe(400);
    expect(await wrongPassword.text()).toContain("Email or password is wrong.");
    expect(await noAccount.text()).toContain("Email or password is wrong.");
  });
});

describe("CSRF and rate limits", () => {
  it("refuses cross-origin POSTs with 403", async () => {
    const evil = new Client(server.url, "https://evil.example");
    const res = await evil.post("/signup", { email: "csrf@example.com", password: "long enough password" });
    expect(res.status).toBe(403);
    const fetchSite = await new Client(server.url, null).post(
      "/signup",
      { email: "csrf2@example.com", password: "long enough password" },
      { "Sec-Fetch-Site": "cross-site" },
    );
    expect(fetchSite.status).toBe(403);
  });
});
