// Password-reset links under abuse (security audit, finding 4): a made-up or spent token is refused
// without hashing the password that came with it (a hash waits in the queue every login waits in),
// and one address may post only so many new passwords an hour. Asking for links is counted before
// the form is read. Over HTTP against the real server.
import fs from "node:fs";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { Client, signup, startServer, type TestServer } from "./support/server";

const email = `reset-abuse-${Date.now()}@example.com`;
const PASSWORD = "correct horse battery";

/** CPU seconds the server process has used so far, all its threads (argon2 runs off the main one). */
function cpuSeconds(pid: number): number {
  // /proc/<pid>/stat: utime and stime are fields 14 and 15, in clock ticks (100 a second on Linux).
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Runs `count` calls of `task`, `width` at a time. */
async function inParallel(count: number, width: number, task: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

describe.runIf(fs.existsSync("/proc/self/stat"))("a made-up or spent token costs no password hash", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ RESET_RATE_LIMIT: "100000" });
    await signup(new Client(server.url), email, PASSWORD);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("100 posts to made-up links use less CPU than a third as many password checks", async () => {
    // What one password check costs this server on this machine: successful logins, each one hash.
    const logins = 10;
    let before = cpuSeconds(server.pid);
    for (let i = 0; i < logins; i++)
      expect((await new Client(server.url).post("/login", { email, password: PASSWORD })).status).toBe(302);
    const perHash = (cpuSeconds(server.pid) - before) / logins;
    expect(perHash).toBeGreaterThan(0);

    const junk = 100;
    const statuses = new Set<number>();
    before = cpuSeconds(server.pid);
    await inParallel(junk, 10, async (i) => {
      // A token of the right format that was never issued, with a valid new password.
      const token = `${String(i).padStart(4, "0")}${"A".repeat(18)}`;
      const res = await new Client(server.url).post(`/reset-password/${token}`, {
        password: "whatever-long-1",
      });
      statuses.add(res.status);
      await res.arrayBuffer();
    });
    const junkCpu = cpuSeconds(server.pid) - before;
    expect([...statuses]).toEqual([400]);
    // Hashing each would cost about junk × perHash; a lookup each costs a small part of that.
    expect(junkCpu).toBeLessThan((junk * perHash) / 3);
  });
});

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
      expect(res.status, `post ${i + 1}`).toBe(400);
    }
    const refused = await c.post(`/reset-password/${"B".repeat(22)}`, { password: "whatever-long-1" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    // Showing a link's page is not limited (it costs a lookup).
    expect((await c.get(`/reset-password/${"B".repeat(22)}`)).status).toBe(410);
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
