// PDF benchmark: render times in a worker (cold and warm) for the demo proposal and a 150-item
// proposal, the time to serve a cached proposal over HTTP, and what PDF rendering does to the rest
// of the server: the p99 of a plain page while 4 PDFs render at once, against the same page idle.
//
//   npm run bench:pdf        (needs a build: it runs `npm run build` first)
//
// Targets: warm demo proposal < 600 ms; cached serve < 10 ms; page p99 under PDF load <= 2x idle.
import { execSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import Database from "better-sqlite3";

import type { PdfJob } from "../app/pdf/types";
import { DEMO, demoEngagementId, login } from "../test/support/demo-server";
import { Client, startServer, type TestServer } from "../test/support/server";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 3);
/** A plain server-rendered page (Express, Remix loader, React SSR), fetched by a visitor. */
const PAGE = "/login";
const PAGE_SECONDS = Number(process.env.BENCH_PAGE_SECONDS ?? 8);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;

async function renderTimes(job: PdfJob, label: string) {
  const { PdfPool } = await import("../app/pdf/rendering/pool.server");
  const cold: number[] = [];
  const firstRequest: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    // A fresh worker each time: what the first download after a (re)start costs.
    const pool = new PdfPool({ size: 1 });
    let t = performance.now();
    await pool.ready();
    const boot = performance.now() - t;
    t = performance.now();
    await pool.render(job);
    cold.push(performance.now() - t);
    firstRequest.push(boot + cold.at(-1)!);
    await pool.close();
  }
  const pool = new PdfPool({ size: 1 });
  await pool.ready();
  await pool.render(job);
  const warm: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    bytes = (await pool.render(job)).byteLength;
    warm.push(performance.now() - t);
  }
  await pool.close();
  console.log(
    `${label.padEnd(28)} cold ${ms(median(cold)).padStart(8)} (first request incl. worker start ${ms(median(firstRequest))})   warm ${ms(median(warm)).padStart(8)} (min ${ms(Math.min(...warm))}, max ${ms(Math.max(...warm))})   ${(bytes / 1024).toFixed(0)} KB`,
  );
  return { cold: median(cold), warm: median(warm) };
}

/** Resident memory of a process in MB (Linux), or null where /proc is not available. */
function rssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return null;
  }
}

async function timed(
  client: Client,
  url: string,
): Promise<{ ms: number; status: number; cache: string | null }> {
  const t = performance.now();
  const res = await client.get(url);
  await res.arrayBuffer();
  return { ms: performance.now() - t, status: res.status, cache: res.headers.get("X-Cache") };
}

/** Back-to-back requests for `seconds`, one at a time: the latency one visitor sees. */
async function pageLatencies(server: TestServer, seconds: number): Promise<number[]> {
  const client = new Client(server.url);
  const out: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const r = await timed(client, PAGE);
    if (r.status !== 200) throw new Error(`${PAGE} answered ${r.status}`);
    out.push(r.ms);
  }
  return out;
}

function insertProposal(server: TestServer, engagementId: string, snapshot: unknown): void {
  const db = new Database(server.dbFile);
  try {
    const partner = db.prepare("select id from users where email = ?").get(DEMO.partner.email) as {
      id: string;
    };
    const json = JSON.stringify(snapshot);
    db.prepare(
      "insert into proposals (id, engagement_id, number, snapshot, snapshot_hash, published_by, published_at) values (?, ?, 1, ?, ?, ?, ?)",
    ).run(
      crypto.randomUUID(),
      engagementId,
      json,
      crypto.createHash("sha256").update(json).digest("hex"),
      partner.id,
      Date.now(),
    );
  } finally {
    db.close();
  }
}

async function main() {
  console.log(
    `PDF bench on ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), Node ${process.version}\n`,
  );
  // The whole build: the PDF workers run the server bundle (scripts/build-server.mjs), which `remix
  // build` alone leaves as it was, so a layout change went unmeasured.
  execSync("npm run build --silent", { stdio: "ignore" });

  // The demo engagement, loaded through the models into a scratch database.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-bench-pdf-"));
  process.env.DATABASE_URL = path.join(dir, "bench.db");
  process.env.NODE_ENV = "production";
  const { initDb, runMigrations } = await import("../db/connection.server");
  runMigrations(initDb(process.env.DATABASE_URL));
  const { loadDemo } = await import("../test/support/demo");
  const demo = await loadDemo();

  console.log("Render in a worker (median of runs):");
  const proposal = await renderTimes(
    {
      kind: "proposal",
      input: { snapshot: demo.snapshot, acceptance: null, snapshotHash: demo.proposal.snapshotHash },
    },
    `demo proposal (${demo.snapshot.items.length} items)`,
  );
  await renderTimes(
    { kind: "proposal", input: { snapshot: demo.large, acceptance: null } },
    "150-item proposal",
  );
  await renderTimes({ kind: "report", input: demo.report }, "demo assessment report");

  const server = await startServer({ SEED_DEMO: "true", PDF_RATE_LIMIT: "100000", LOG_LEVEL: "warn" });
  try {
    const pid = (server as TestServer & { pid?: number }).pid;
    const rssBefore = rssMb(pid);
    const founder = await login(server, DEMO.founder.email);
    const engagementId = demoEngagementId(server);
    insertProposal(server, engagementId, demo.snapshot);

    const first = await timed(founder, `/engagements/${engagementId}/proposals/1.pdf`);
    const hits: number[] = [];
    for (let i = 0; i < 50; i++) {
      const r = await timed(founder, `/engagements/${engagementId}/proposals/1.pdf`);
      if (r.cache !== "hit") throw new Error(`expected a cache hit, got ${r.cache} (${r.status})`);
      hits.push(r.ms);
    }
    console.log(
      `\nProposal over HTTP: first ${ms(first.ms)} (X-Cache: ${first.cache}), cached median ${ms(median(hits))}, p99 ${ms(percentile(hits, 99))}`,
    );

    // Warm the page and the report path, then measure the page idle.
    await pageLatencies(server, 1);
    await timed(founder, `/engagements/${engagementId}/report.pdf`);
    const idle = await pageLatencies(server, PAGE_SECONDS);

    // Four clients keep a report.pdf render going each (reports are never cached) while the page is
    // measured: two people, two each. One person may have one PDF rendering and two waiting, so four
    // from one person had the fourth refused (429) at once, again and again: thousands of refusals a
    // run that loaded the server in a way no real user does.
    const partner = await login(server, DEMO.partner.email);
    let stop = false;
    let rendered = 0;
    let failed = 0;
    const load = [founder, founder, partner, partner].map(async (client) => {
      while (!stop) {
        const r = await timed(client, `/engagements/${engagementId}/report.pdf`);
        if (r.status === 200) rendered += 1;
        else failed += 1;
      }
    });
    await new Promise((r) => setTimeout(r, 500));
    const t = performance.now();
    const loaded = await pageLatencies(server, PAGE_SECONDS);
    const seconds = (performance.now() - t) / 1000;
    stop = true;
    await Promise.all(load);

    const rssAfter = rssMb(pid);
    if (rssBefore !== null && rssAfter !== null) {
      console.log(
        `\nServer RSS (main thread and PDF workers): ${rssBefore} MB at start, ${rssAfter} MB after the PDF load`,
      );
    }
    const idleP99 = percentile(idle, 99);
    const loadedP99 = percentile(loaded, 99);
    console.log(`\nGET ${PAGE}, back to back for ${PAGE_SECONDS} s each:`);
    console.log(`  idle            p50 ${ms(median(idle))}  p99 ${ms(idleP99)}  (${idle.length} requests)`);
    console.log(
      `  4 PDFs at once  p50 ${ms(median(loaded))}  p99 ${ms(loadedP99)}  (${loaded.length} requests; ${rendered} reports rendered meanwhile, ${(rendered / seconds).toFixed(1)}/s${failed ? `, ${failed} failed` : ""})`,
    );

    const ok = (b: boolean) => (b ? "ok  " : "MISS");
    console.log("\nTargets:");
    console.log(`  ${ok(proposal.warm < 600)} warm demo proposal < 600 ms: ${ms(proposal.warm)}`);
    console.log(`  ${ok(median(hits) < 10)} cached serve < 10 ms: ${ms(median(hits))}`);
    console.log(
      `  ${ok(loadedP99 <= 2 * idleP99)} page p99 under PDF load <= 2x idle: ${(loadedP99 / idleP99).toFixed(2)}x`,
    );
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
