import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { Client, startServer, type TestServer } from "./support/server";

// Its own server: the per-IP counters must not be shared with other tests' failed logins.
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe("login rate limit", () => {
  it("answers the 6th rapid bad login from one client with 429 and Retry-After (default settings)", async () => {
    const c = new Client(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await c.post("/login", { email: `victim@example.com`, password: `guess-${i}-guess` });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
    }
    expect(statuses.slice(0, 5)).toEqual(Array(5).fill(400));
    expect(statuses[5]).toBe(429);
  });
});
