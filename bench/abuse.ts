// npm run bench:abuse — replays the attacks of issue 12 against the production build and prints the
// worst /healthz latency during each (how long any other request would have waited). Target: under
// 100 ms. Numbers, not assertions: this machine's speed drifts, and tests never assert timings.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";

import { postStream } from "../test/support/raw-http";
import { DEMO, addMember, demoEngagementId, login } from "../test/support/demo-server";
import { Client, signup, startServer, type TestServer } from "../test/support/server";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MB = 1024 * 1024;
const LAG_FILE = path.join(os.tmpdir(), `finishline-loop-lag-${process.pid}.txt`);

// The poller runs in its own thread: this process is busy building and sending the attacks, and
// its own event loop must not count as the server's latency.
const POLLER = `
const { parentPort, workerData } = require("node:worker_threads");
const latencies = [];
let running = true;
parentPort.on("message", () => { running = false; });
(async () => {
  // One request first: a new thread's first fetch sets up its HTTP client, which is not the server's time.
  await (await fetch(workerData.url + "/healthz")).arrayBuffer();
  parentPort.postMessage("ready");
  while (running) {
    const t = performance.now();
    try { await (await fetch(workerData.url + "/healthz")).arrayBuffer(); } catch {}
    latencies.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 10));
  }
  parentPort.postMessage(latencies);
})();
`;

/** The longest the server's main thread was late (bench/loop-lag.mjs) between two wall-clock times. */
function longestLag(from: number, to: number): number {
  if (!fs.existsSync(LAG_FILE)) return 0;
  return fs
    .readFileSync(LAG_FILE, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => line.split(" ").map(Number) as [number, number])
    .filter(([at]) => at >= from && at <= to)
    .reduce((max, [, late]) => Math.max(max, late), 0);
}

/**
 * Polls /healthz every 10 ms while `attack` runs; returns the worst and the 99th percentile latency,
 * and the longest the server's event loop was blocked meanwhile (the server's own view: a slow poll
 * with a short block means the two cores were busy, not that a request held the loop).
 */
async function watch(server: TestServer, attack: () => Promise<unknown>) {
  const poller = new Worker(POLLER, { eval: true, workerData: { url: server.url } });
  await new Promise((resolve) => poller.once("message", resolve));
  const done = new Promise<number[]>((resolve) => poller.once("message", resolve));
  const started = performance.now();
  const from = Date.now();
  let outcome = "ok";
  try {
    const result = await attack();
    if (typeof result === "string") outcome = result;
  } catch (error) {
    // fetch() says only "fetch failed"; the reason (a reset, a closed keep-alive socket) is its cause.
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
    outcome = `error: ${error instanceof Error ? error.message : error}${cause}`;
  }
  const took = performance.now() - started;
  poller.postMessage("stop");
  const latencies = await done;
  await poller.terminate();
  // The lag file is written when the late timer finally fires: give it a moment.
  await new Promise((r) => setTimeout(r, 50));
  const blocked = longestLag(from, Date.now());
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    worst: sorted.at(-1) ?? 0,
    p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
    samples: sorted.length,
    took,
    blocked,
    outcome,
  };
}

function upload(client: Client, server: TestServer, text: string) {
  const form = new FormData();
  form.set("file", new Blob([text], { type: "application/json" }), "export.json");
  return fetch(`${server.url}/engagements/import`, {
    method: "POST",
    body: form,
    redirect: "manual",
    headers: { Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; "), Origin: server.url },
  });
}

const statuses = (rs: Response[]) => {
  const count: Record<string, number> = {};
  for (const r of rs) count[r.status] = (count[r.status] ?? 0) + 1;
  return Object.entries(count)
    .map(([s, n]) => `${n}×${s}`)
    .join(" ");
};

async function main() {
  fs.rmSync(LAG_FILE, { force: true });
  const server = await startServer(
    {
      SEED_DEMO: "true",
      LOGIN_RATE_LIMIT: "5",
      SIGNUP_RATE_LIMIT: "10000",
      PDF_RATE_LIMIT: "20",
      LOG_LEVEL: "error",
      LOOP_LAG_FILE: LAG_FILE,
    },
    [
      "--import",
      path.resolve("bench/loop-lag.mjs"),
      // BENCH_PROFILE=<dir>: the server writes a CPU profile there when it stops.
      ...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
    ],
  );
  try {
    const id = demoEngagementId(server);
    const founder = await login(server, DEMO.founder.email);
    const partner = await login(server, DEMO.partner.email);
    await partner.post(`/engagements/${id}/plan`, { intent: "generate" });
    await partner.post(`/engagements/${id}/proposals`, { assumptions: "a", exclusions: "b" });
    const exported = (await (await founder.get(`/engagements/${id}/export.json`)).json()) as Json;
    const attacker = new Client(server.url);
    await signup(attacker, `attacker-${Date.now()}@example.com`);

    const rows: Array<[string, Awaited<ReturnType<typeof watch>>]> = [];
    const run = async (name: string, attack: () => Promise<unknown>) => {
      const r = await watch(server, attack);
      rows.push([name, r]);
      console.log(
        `${name.padEnd(58)} worst ${r.worst.toFixed(0).padStart(5)} ms  p99 ${r.p99.toFixed(0).padStart(4)} ms  loop blocked ${r.blocked.toFixed(0).padStart(4)} ms  (${r.samples} polls, ${(r.took / 1000).toFixed(1)} s)  ${r.outcome}`,
      );
    };

    await run("idle (baseline)", () => new Promise((r) => setTimeout(r, 1000)));

    // Form parsing (docs/decisions/032-bounded-form-parsing.md, audit findings 1, 2, 3, 6, 7, 8).
    const said = async (res: Response) => {
      const text = (await res.text()).replace(/<[^>]+>/g, " ");
      const message =
        /(This form[^.]*\.|This is not[^)]*\)|The request is too large[^)]*\)|could not be checked[^.]*\.)/.exec(
          text,
        );
      return `${res.status}${message ? ` ${message[1].slice(0, 90)}` : ""}`;
    };
    const rawPost = (pathname: string, body: string, cookie: string) =>
      fetch(server.url + pathname, {
        method: "POST",
        redirect: "manual",
        body,
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url, Cookie: cookie },
      });
    const madeUpCookie = "finishline_session=AAAAAAAAAAAAAAAAAAAAAA";
    await run("F1. anonymous (made-up cookie) /forgot-password, 30k × a=", async () =>
      said(await rawPost("/forgot-password", "a=&".repeat(30_000), madeUpCookie)),
    );
    await run("F1. signed in /engagements/new, 30k × a=", async () =>
      said(await rawPost("/engagements/new", "a=&".repeat(30_000), attacker.cookieHeader())),
    );
    await run("F2. partner plan dependsOn[300000]=a", async () =>
      said(
        await partner.post(`/engagements/${id}/plan`, {
          intent: "dependencies",
          itemId: "x",
          version: "1",
          "dependsOn[300000]": "a",
        }),
      ),
    );
    await run("F7. __intent__=x on /login", async () => said(await rawPost("/login", "__intent__=x", "")));
    await run("F8. made-up cookie, 100 KB anonymous body", async () =>
      said(await rawPost("/forgot-password", `email=${"a".repeat(100 * 1024)}`, madeUpCookie)),
    );
    await run("F3. scan file with 1M findings", async () => {
      const json = `{"format":"finishline-scan","formatVersion":1,"scannedAt":"2026-01-01T00:00:00Z","rulesVersion":"x","findings":[${new Array(1_000_000).fill("0").join(",")}]}`;
      const form = new FormData();
      form.set("intent", "import");
      form.set("scanFile", new Blob([json], { type: "application/json" }), "scan.json");
      return said(
        await fetch(`${server.url}/engagements/${id}/assess/code`, {
          method: "POST",
          body: form,
          redirect: "manual",
          headers: { Origin: server.url, Cookie: founder.cookieHeader() },
        }),
      );
    });
    await run("F6. import: 2.5M-element answers beside a valid import", async () => {
      const hostileImport = `{"format":"finishline.engagement","version":1,"answers":[${new Array(2_500_000).fill("0").join(",")}]}`;
      const bystander = new Client(server.url);
      await signup(bystander, `bystander-${Date.now()}@example.com`);
      const first = upload(attacker, server, hostileImport);
      await new Promise((r) => setTimeout(r, 1000));
      const second = upload(bystander, server, JSON.stringify(exported));
      const [a, b] = await Promise.all([first, second]);
      return `hostile ${await said(a)}; valid ${await said(b)}`;
    });
    // BENCH_ONLY=forms: these cases only (the others take minutes).
    if (process.env.BENCH_ONLY === "forms") return;

    await run("1. six concurrent 300 MB anonymous posts", async () => {
      const rs = await Promise.all(
        Array.from({ length: 6 }, () =>
          postStream(`${server.url}/signup`, {
            total: 300 * MB,
            upTo: 300 * MB,
            headers: { "Content-Type": "application/x-www-form-urlencoded" },
          }).catch(() => ({ status: 0 })),
        ),
      );
      return rs.map((r) => r.status).join(",");
    });

    await run("1. ten chunked 400 MB uploads, no length", async () => {
      const rs = await Promise.all(
        Array.from({ length: 10 }, () =>
          postStream(`${server.url}/login`, {
            total: 400 * MB,
            upTo: 400 * MB,
            chunked: true,
            headers: { "Content-Type": "application/x-www-form-urlencoded" },
          }).catch(() => ({ status: 0 })),
        ),
      );
      return rs.map((r) => r.status).join(",");
    });

    // The attack file: 2,000 items, each waiting for every earlier one it can (~4 MB).
    const hostile = structuredClone(exported);
    const base = hostile.plan[0];
    hostile.plan = Array.from({ length: 2000 }, (_, i) => ({
      ...base,
      ref: `r${i}`,
      taskId: null,
      dependsOn: Array.from({ length: Math.min(i, 300) }, (_, k) => `r${i - k - 1}`),
    }));
    hostile.comments = [];
    const hostileText = JSON.stringify(hostile);
    if (process.env.BENCH_DUMP)
      (await import("node:fs")).writeFileSync(`${process.env.BENCH_DUMP}.hostile`, hostileText);
    await run(
      `2. import: 2,000 items, ${(hostileText.length / MB).toFixed(1)} MB of dependency links (refused)`,
      async () => `${(await upload(attacker, server, hostileText)).status}`,
    );

    // The largest file within budgets: 200 items, 600 links, 2,000 comments, the demo's proposal.
    const big = structuredClone(exported);
    big.plan = Array.from({ length: 200 }, (_, i) => ({
      ...base,
      ref: `r${i}`,
      taskId: null,
      title: `Item ${i} ${"x".repeat(200)}`,
      description: "d".repeat(1500),
      dependsOn: Array.from({ length: Math.min(i, 3) }, (_, k) => `r${i - k - 1}`),
    }));
    big.comments = Array.from({ length: 2000 }, (_, i) => ({
      targetType: "plan-item",
      target: `r${i % 200}`,
      author: "x",
      body: "c".repeat(1000),
      createdAt: 1,
    }));
    const bigText = JSON.stringify(big);
    if (process.env.BENCH_DUMP) (await import("node:fs")).writeFileSync(process.env.BENCH_DUMP, bigText);
    let bigId = "";
    await run(
      `2. import within budgets (${(bigText.length / MB).toFixed(1)} MB, 200 items, 600 links)`,
      async () => {
        const res = await upload(attacker, server, bigText);
        bigId = res.headers.get("Location")?.split("/").pop() ?? "";
        return `${res.status}`;
      },
    );
    await run("2. first views of that plan (plan, CSV, an item), 5 rounds", async () => {
      for (let i = 0; i < 5; i++) {
        for (const p of ["plan", "plan.csv", "results"]) {
          await (await attacker.get(`/engagements/${bigId}/${p}`)).arrayBuffer();
        }
      }
    });

    await run("4. 60 wrong logins at one account from 3 addresses", async () => {
      const rs = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          new Client(server.url).post("/login", { email: DEMO.founder.email, password: `guess ${i}` }),
        ),
      );
      return statuses(rs);
    });

    const viewer = await addMember(server, founder, id, "viewer");
    const second = await addMember(server, founder, id, "viewer");
    await run("5. PDF burst: two viewers × 20 reports, plus the founder", async () => {
      const burst = (c: Client) => Array.from({ length: 20 }, () => c.get(`/engagements/${id}/report.pdf`));
      const rs = await Promise.all([
        ...burst(viewer),
        ...burst(second),
        founder.get(`/engagements/${id}/report.pdf`),
      ]);
      await Promise.all(rs.map((r) => r.arrayBuffer()));
      return statuses(rs);
    });

    await run("8. 300 forms with prototype names and JSON bodies", async () => {
      const rs = await Promise.all(
        Array.from({ length: 150 }, (_, i) =>
          partner.post(`/engagements/${id}/plan`, {
            intent: "custom",
            title: "x",
            area: ["__proto__", "constructor", "toString"][i % 3]!,
            phase: "scale",
          }),
        ).concat(
          Array.from({ length: 150 }, () =>
            fetch(`${server.url}/login`, {
              method: "POST",
              body: "{}",
              headers: { "Content-Type": "application/json", Origin: server.url },
            }),
          ),
        ),
      );
      return statuses(rs);
    });

    const worst = Math.max(...rows.slice(1).map(([, r]) => r.worst));
    const blocked = Math.max(...rows.slice(1).map(([, r]) => r.blocked));
    console.log(`\nworst /healthz latency under any attack: ${worst.toFixed(0)} ms (target < 100 ms)`);
    console.log(
      `longest the server's event loop was blocked: ${blocked.toFixed(0)} ms (target < 100 ms; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")})`,
    );
  } finally {
    await server.stop();
  }
}

void main();
