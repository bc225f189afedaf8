// WEB_CONCURRENCY: the real server as a node:cluster of two processes. What must hold across them is
// what lives outside a process: limits, sessions, the demo seeded once (decision 022).
import http from "node:http";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO } from "./support/demo-server";
import { startServer, type TestServer } from "./support/server";

/** One request on a connection of its own (no keep-alive), so the cluster deals it to the next process. */
function request(
  server: TestServer,
  method: "GET" | "POST",
  pathname: string,
  { body = "", cookie = "" }: { body?: string; cookie?: string } = {},
): Promise<{ status: number; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${server.url}${pathname}`,
      {
        method,
        agent: false,
        headers: {
          Origin: server.url,
          Cookie: cookie,
          ...(method === "POST"
            ? {
                "Content-Type": "application/x-www-form-urlencoded",
                "Content-Length": Buffer.byteLength(body),
              }
            : {}),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, setCookie: res.headers["set-cookie"] ?? [] }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The pids that logged a completed request for this path; waits for `count` of them (logs arrive after answers). */
async function servedBy(server: TestServer, pathname: string, count: number): Promise<number[]> {
  const read = () =>
    server
      .output()
      .split("\n")
      .filter((line) => line.includes('"request completed"') && line.includes(`"url":"${pathname}"`))
      .map((line) => (JSON.parse(line) as { pid: number }).pid);
  const deadline = Date.now() + 5_000;
  while (read().length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return read();
}

describe("two server processes (WEB_CONCURRENCY=2)", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({
      WEB_CONCURRENCY: "2",
      SEED_DEMO: "true",
      SIGNUP_RATE_LIMIT: "3",
      LOG_LEVEL: "info",
    });
    // /healthz answers once the first process listens; the second may still be starting.
    const deadline = Date.now() + 30_000;
    while ((server.output().match(/Finishline listening/g) ?? []).length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }, 60_000);
  afterAll(() => server?.stop());

  it("seeds the demo once, and both processes serve", async () => {
    expect(server.output().match(/Demo data created/g)).toHaveLength(1);
    expect(server.output().match(/Finishline listening/g)).toHaveLength(2);
    for (let i = 0; i < 4; i++) expect((await request(server, "GET", "/login")).status).toBe(200);
    const pids = await servedBy(server, "/login", 4);
    expect(pids).toHaveLength(4);
    expect(new Set(pids).size).toBe(2);
    expect(pids).not.toContain(server.pid);
  });

  it("counts a limit once across processes: the fourth signup in the hour is refused wherever it lands", async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await request(server, "POST", "/signup", { body: "email=" })).status);
    // Counted per process, each of the two would have let three through.
    expect(statuses).toEqual([400, 400, 400, 429]);
    expect(new Set(await servedBy(server, "/signup", 4)).size).toBe(2);
  });

  it("keeps a session made in one process in the other", async () => {
    const login = await request(server, "POST", "/login", {
      body: new URLSearchParams({ email: DEMO.founder.email, password: "finishline-demo" }).toString(),
    });
    expect(login.status).toBe(302);
    const cookie = login.setCookie.map((c) => c.split(";")[0]).join("; ");
    for (let i = 0; i < 2; i++)
      expect((await request(server, "GET", "/engagements", { cookie })).status).toBe(200);
    const pids = [
      ...(await servedBy(server, "/login", 5)).slice(4),
      ...(await servedBy(server, "/engagements", 2)),
    ];
    expect(new Set(pids).size).toBe(2);
  });

  it("stops every process on SIGTERM", async () => {
    const workers = [...new Set(await servedBy(server, "/login", 5))];
    await server.stop();
    // each worker, then the primary
    expect(server.output().match(/"msg":"Shut down cleanly"/g)).toHaveLength(3);
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
  });
});
