// npm run bench — the production server under load, with numbers anyone can rerun.
// Builds, seeds a database of realistic size (100 engagements, complete answers, 60+ item plans, a
// published proposal each), starts the real server, and drives every page (bench/pages.ts: the
// founder's and the partner's) and the autosave POST with autocannon at 10 and 50 connections. Each
// page twice: as a document (first page of a visit, reload, no JavaScript) and as a click inside the
// app, "(click)": the `.data` request Remix makes for it (bench/pages.ts, navigationPath).
// Prints p50/p99/errors per page against the issue 14 budgets (p99 < 100 ms at 10 connections,
// < 300 ms at 50, zero errors); `/ping` through the whole stack is printed as the floor. Asserts
// nothing. BENCH_SECONDS (default 3) per round, BENCH_ROUNDS (default 2): medians of the rounds.
// BENCH_ONLY="results,results (click)" drives only those pages; BENCH_PROFILE=<dir> profiles the server.
import { execSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import autocannon from "autocannon";

import { realContent } from "../test/support/content";
import { startServer, Client, type TestServer } from "../test/support/server";

import { BUDGET, firstItems, label, navigationPath, PAGES, type Page } from "./pages";
import { median } from "./stats";

const DURATION = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = [10, 50];

type Row = { p50: number; p99: number; rps: number; errors: number };

async function run(connections: number, opts: Partial<autocannon.Options> & { url: string }): Promise<Row> {
  const result = await autocannon({ duration: DURATION, connections, ...opts });
  if (result.errors + result.timeouts + result.non2xx > 0) {
    // What went wrong, so an error can be told from a conflict or a refusal.
    const codes = Object.entries(result.statusCodeStats ?? {})
      .map(([code, { count }]) => `${count}×${code}`)
      .join(" ");
    console.error(
      `  ${opts.url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx (${codes})`,
    );
  }
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

function rss(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function main() {
  if (!process.env.BENCH_NO_BUILD) {
    console.log("Building the production server…");
    execSync("npx remix build", { stdio: "ignore" });
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-bench-"));
  const dbFile = path.join(dir, "bench.db");
  process.env.DATABASE_URL = dbFile;
  const { initDb, runMigrations, closeDb, db } = await import("../db/connection.server");
  runMigrations(initDb(dbFile));
  const { seedLarge, BENCH_PASSWORD } = await import("./seed-large");
  const t = Date.now();
  const seeded = await seedLarge();
  const counts = db()
    .$client.prepare(
      "select (select count(*) from engagements) e, (select count(*) from answers) a, (select count(*) from plan_items) p",
    )
    .get() as { e: number; a: number; p: number };
  console.log(
    `Seeded ${counts.e} engagements, ${counts.a} answers, ${counts.p} plan items in ${((Date.now() - t) / 1000).toFixed(1)} s`,
  );
  const engagements = firstItems(db().$client, seeded.engagementIds);
  closeDb();

  let server: TestServer | undefined;
  try {
    const app = await startServer(
      {
        DATABASE_URL: dbFile,
        SEED_DEMO: "false",
        LOG_LEVEL: "warn",
        PDF_RATE_LIMIT: "100000",
        LOGIN_RATE_LIMIT: "10000",
      },
      // BENCH_PROFILE=<dir>: the server writes a CPU profile there when it stops.
      process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [],
    );
    server = app;
    const founder = new Client(server.url);
    const login = await founder.post("/login", { email: seeded.founder.email, password: BENCH_PASSWORD });
    if (login.status !== 302) throw new Error(`login failed: ${login.status}`);
    // What a browser sends: its session, and (for every request) the compressions it accepts, so the
    // server's brotli/gzip work is part of what is measured, as it is for real users.
    const browser = { "accept-encoding": "gzip, deflate, br, zstd", origin: server.url };
    const headers = {
      cookie: `finishline_session=${founder.cookies.get("finishline_session")}`,
      ...browser,
    };
    const partner = new Client(server.url);
    await partner.post("/login", { email: seeded.partner.email, password: BENCH_PASSWORD });
    const partnerHeaders = {
      cookie: `finishline_session=${partner.cookies.get("finishline_session")}`,
      ...browser,
    };
    // Autosave keys: every answered choice question of every engagement, each written by one request
    // at a time with the version it expects, alternating between two options.
    const content = realContent();
    const { default: Database } = await import("better-sqlite3");
    const reader = new Database(dbFile, { readonly: true });
    const stored = reader
      .prepare("select engagement_id e, question_id q, version v, value from answers")
      .all() as Array<{ e: string; q: string; v: number; value: string }>;
    // Only questions the founder can see: the server ignores answers to hidden ones.
    const { visibleAnswers } = await import("../app/engine/conditions");
    const { visibilityOf } = await import("../app/questionnaire/questionnaire");
    const byEngagement = new Map<string, Record<string, string | string[] | number>>();
    for (const r of stored)
      byEngagement.set(r.e, { ...(byEngagement.get(r.e) ?? {}), [r.q]: JSON.parse(r.value) });
    // Questions other questions depend on (intake answers, mostly) stay fixed: changing them would
    // hide questions whose saves the server then ignores, and the bench's version tracking would drift.
    const { conditionQuestions } = await import("../app/engine/conditions");
    const controlling = new Set(
      [...content.questionsById.values()].flatMap((q) => (q.showIf ? conditionQuestions(q.showIf) : [])),
    );
    for (const area of content.areas)
      if (area.applicability) for (const id of conditionQuestions(area.applicability)) controlling.add(id);
    const shown = new Map([...byEngagement].map(([e, a]) => [e, visibleAnswers(visibilityOf(content), a)]));
    const keys = stored
      .map((r) => ({ ...r, question: content.questionsById.get(r.q)! }))
      .filter(
        (r) =>
          r.question &&
          ["single", "scale", "yes-no"].includes(r.question.kind) &&
          r.question.area !== "intake" &&
          !controlling.has(r.q) &&
          r.q in shown.get(r.e)!,
      );
    // Before each autosave run, the versions the server holds: autocannon ends a run by closing its
    // connections, and a save cut off then may or may not have landed, so the bench's own count of a
    // key's version can be one ahead (the server then rightly answers 409).
    const current = reader.prepare(
      "select version v, value from answers where engagement_id = ? and question_id = ?",
    );
    const refreshVersions = () => {
      for (const key of keys) {
        const row = current.get(key.e, key.q) as { v: number; value: string };
        key.v = row.v;
        key.value = row.value;
      }
    };
    let next = 0;
    const autosave = {
      method: "POST" as const,
      setupRequest: (req: autocannon.Request) => {
        const key = keys[next++ % keys.length];
        // Always a different option than the stored one, so every save is a real write (version + 1).
        const current = JSON.parse(key.value) as string;
        const options = key.question.options.filter((o) => o.id !== current);
        const option = options[key.v % options.length].id;
        key.value = JSON.stringify(option);
        // The browser's autosave is a fetcher: it posts to the route's single-fetch data URL.
        const target = key.question.area === "intake" ? ".data?index" : `/${key.question.area}.data`;
        key.v += 1;
        return {
          ...req,
          path: `/engagements/${key.e}/assess${target}`,
          headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            intent: "autosave",
            q: key.q,
            [`a:${key.q}`]: option,
            [`v:${key.q}`]: String(key.v - 1),
          }).toString(),
        };
      },
    };
    // Each request of a page scenario goes to the next engagement, so caches keyed per engagement
    // see 100 of them, not one.
    let turn = 0;
    // Each page twice: as a document (the first page of a visit, a reload, a browser without
    // JavaScript: loaders, React's render, compression) and as a click inside the app (the one
    // `.data` request Remix makes for it: loaders and their data only, the browser renders).
    const page = (p: Page, url: (path: string) => string, name: string) => ({
      name,
      budget: (connections: number) => BUDGET.p99Ms[connections],
      opts: {
        url: app.url,
        requests: [
          {
            setupRequest: (req: autocannon.Request) => ({
              ...req,
              path: url(p.path(engagements[turn++ % engagements.length])),
              headers: p.who === "partner" ? partnerHeaders : headers,
            }),
          },
        ],
      },
    });
    const scenarios = [
      ...PAGES.map((p) => page(p, (path) => path, label(p))),
      ...PAGES.map((p) => page(p, navigationPath, `${label(p)} (click)`)),
      {
        name: "autosave POST",
        budget: () => BUDGET.autosaveP99Ms,
        opts: { url: server.url, requests: [autosave] },
      },
    ];
    // BENCH_ONLY="results,plan": only those pages (names as printed), the floor always.
    const only = process.env.BENCH_ONLY?.split(",");
    if (only) scenarios.splice(0, scenarios.length, ...scenarios.filter((sc) => only.includes(sc.name)));
    const floor = { name: "floor: /ping through the stack", opts: { url: `${server.url}/ping`, headers } };

    // Results and plans are derived once per engagement state; the autosaves make the next view of
    // an engagement recompute (tens of ms, see bench:engine). View both for every engagement first so
    // a scenario measures serving pages, not 100 first-time estimates in a few seconds.
    const warm = async () => {
      for (const x of engagements)
        for (const suffix of ["/results", "/plan"])
          await (await founder.get(`/engagements/${x.id}${suffix}`)).arrayBuffer();
    };
    // Warm-up, not reported: the first seconds of a fresh process run unoptimized code.
    await warm();
    for (const sc of [floor, ...scenarios]) {
      if (sc.name === "autosave POST") refreshVersions();
      await autocannon({ duration: 1, connections: 10, ...sc.opts });
    }

    const results = new Map<string, Row[]>();
    for (const connections of CONNECTIONS)
      for (let round = 0; round < ROUNDS; round++) {
        // Every round's autosaves change every engagement: warm again, so pages are measured serving,
        // not recomputing (the first view after a change costs one assessment: npm run bench:engine).
        await warm();
        for (const sc of [floor, ...scenarios]) {
          if (sc.name === "autosave POST") refreshVersions();
          const key = `${sc.name}@${connections}`;
          results.set(key, [...(results.get(key) ?? []), await run(connections, sc.opts)]);
        }
      }
    reader.close();

    const pad = (v: string | number, n: number) => String(v).padStart(n);
    console.log(
      `\n${ROUNDS} rounds of ${DURATION} s per page and connection count; req/s, p50 and p99 are medians of the rounds, ` +
        `p99max the worst round's; latency in ms; load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(" ")} on ${os.cpus().length} CPUs`,
    );
    console.log(
      `${"page".padEnd(44)}${pad("conn", 5)}${pad("req/s", 8)}${pad("p50", 7)}${pad("p99", 7)}${pad("p99max", 8)}${pad("errors", 8)}${pad("budget", 8)}`,
    );
    let failed = 0;
    for (const connections of CONNECTIONS)
      for (const sc of [floor, ...scenarios]) {
        const rows = results.get(`${sc.name}@${connections}`)!;
        const p99 = median(rows.map((r) => r.p99));
        const errors = rows.reduce((n, r) => n + r.errors, 0);
        const budget = "budget" in sc ? sc.budget(connections) : null;
        // A round in which no request finished has no latency to speak of: that is a failure.
        const finished = rows.every((r) => r.rps > 0);
        const pass = budget === null ? null : finished && p99 < budget && errors === 0;
        if (pass === false) failed++;
        console.log(
          `${sc.name.padEnd(44)}${pad(connections, 5)}${pad(median(rows.map((r) => r.rps)).toFixed(0), 8)}${pad(median(rows.map((r) => r.p50)), 7)}${pad(p99, 7)}${pad(Math.max(...rows.map((r) => r.p99)), 8)}${pad(errors, 8)}${pad(budget === null ? "" : `< ${budget}`, 8)}  ${pass === null ? "" : pass ? "PASS" : "FAIL"}`,
        );
      }
    console.log(
      `\nBudgets (p99 < ${BUDGET.p99Ms[10]} ms at 10 connections, < ${BUDGET.p99Ms[50]} ms at 50, zero errors; autosave POST < ${BUDGET.autosaveP99Ms} ms): ${failed === 0 ? "all met" : `${failed} not met`}`,
    );
    console.log(`Server memory after the run: ${rss(server.pid).toFixed(0)} MB RSS`);
  } finally {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
