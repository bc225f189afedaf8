// Password-reset links under abuse (security audit, finding 4): a made-up or spent token is refused
// without hashing the password that came with it (a hash waits in the queue every login waits in),
// and one address may post only so many new passwords an hour. Asking for links is counted before
// the form is read. Over HTTP against the real server; whether a hash ran is counted in
// test/password-reset-hashes.test.ts, in process.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { Client, signup, startServer, type TestServer } from "./support/server";

describe("limits per address", () => {
  let server: TestServer;
  beforeAll(async () => {
    // Defaults: RESET_RATE_LIMIT and SIGNUP_RATE_LIMIT are 20 an hour.
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("answers the 21st new password posted from one address in an hour with 429 and Retry-After", async () => {
    const c = new Client(server.url);
    for (let i = 0; i < 20; i++) {
      const res = await c.post(`/reset-password/${"B".repeat(22)}`, { password: "whatever-long-1" });
      // A made-up link: 410, as for its page.
      expect(res.status, `post ${i + 1}`).toBe(410);
    }
    const refused = await c.post(`/reset-password/${"B".repeat(22)}`, { password: "whatever-long-1" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    // Showing a link's page is not limited (it costs a lookup).
    expect((await c.get(`/reset-password/${"B".repeat(22)}`)).status).toBe(410);
  });

  it("keeps the new-password form on a live link past the limit, and says how long to wait", async () => {
    const limited = await startServer({ RESET_RATE_LIMIT: "2" });
    try {
      const email = `limited-${Date.now()}@example.com`;
      await signup(new Client(limited.url), email);
      expect((await new Client(limited.url).post("/forgot-password", { email })).status).toBe(200);
      let token: string | undefined;
      for (const deadline = Date.now() + 5000; !token && Date.now() < deadline;)
        token =
          /\/reset-password\/([A-Za-z0-9_-]{22})\b/.exec(limited.output())?.[1] ??
          (await new Promise<undefined>((r) => setTimeout(() => r(undefined), 20)));
      expect(token).toBeDefined();
      const c = new Client(limited.url);
      for (let i = 0; i < 2; i++)
        expect((await c.post(`/reset-password/${token}`, { password: "short" })).status).toBe(400);
      const refused = await c.post(`/reset-password/${token}`, { password: "a much better passphrase" });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(3000);
      const page = (await refused.text()).replaceAll("<!-- -->", "");
      // The link still works: its form, not "This link no longer works".
      expect(page).toContain("Choose a new password");
      expect(page).not.toContain("This link no longer works");
      expect(page).toContain(
        "Too many new passwords were sent from your internet address in the last hour. Try again in about an hour.",
      );
    } finally {
      await limited.stop();
    }
  });

  it("counts asks for a link before reading the form, so refused addresses count too", async () => {
    const c = new Client(server.url);
    for (let i = 0; i < 20; i++)
      expect((await c.post("/forgot-password", { email: "not-an-email" })).status).toBe(400);
    const refused = await c.post("/forgot-password", { email: "someone@example.com" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
  });
});
