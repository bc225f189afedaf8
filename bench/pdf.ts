// PDF benchmark: render times in a worker (cold and warm) for the demo proposal and a 150-item
// proposal, the time to serve a cached proposal over HTTP, and what PDF rendering does to the rest
// of the server: the p99 of a plain page while 4 PDFs render at once, against the same page idle.
//
//   npm run bench:pdf        (needs a build: it runs `npm run build` first)
//
// Targets: warm demo proposal < 600 ms; cached serve < 10 ms; page p99 under PDF load <= 2x idle.
//
// To find and check a speed-up (decision 037), three other modes, each without the build:
//   BENCH_PDF_PROFILE=N   renders the demo proposal N times in this process (under --cpu-prof)
//   BENCH_PDF_AB=a.js,b.js  two compiled workers, renders interleaved, B/A per document
//   BENCH_PDF_OUT=dir     writes the three PDFs, to compare two versions' text and pixels
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

/** The three jobs the bench renders: the demo proposal, 150 items, the demo report. */
async function demoJobs(): Promise<{ proposal: PdfJob; large: PdfJob; report: PdfJob; items: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-bench-pdf-"));
  process.env.DATABASE_URL = path.join(dir, "bench.db");
  process.env.NODE_ENV = "production";
  const { initDb, runMigrations } = await import("../db/connection.server");
  runMigrations(initDb(process.env.DATABASE_URL));
  const { loadDemo } = await import("../test/support/demo");
  const demo = await loadDemo();
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    proposal: {
      kind: "proposal",
      input: { snapshot: demo.snapshot, acceptance: null, snapshotHash: demo.proposal.snapshotHash },
    },
    large: { kind: "proposal", input: { snapshot: demo.large, acceptance: null } },
    report: { kind: "report", input: demo.report },
    items: demo.snapshot.items.length,
  };
}

/**
 * BENCH_PDF_PROFILE=N: renders the demo proposal N times in this process (after two warm-up
 * renders) and prints each time, for a CPU profile of the render alone:
 *   BENCH_PDF_PROFILE=20 node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/pdf.ts
 */
async function profile(runs: number) {
  const jobs = await demoJobs();
  const { renderPdf } = await import("../app/pdf/rendering/render");
  const job = process.env.BENCH_PDF_JOB === "large" ? jobs.large : jobs.proposal;
  for (let i = 0; i < 2; i++) await renderPdf(job);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await renderPdf(job);
    times.push(performance.now() - t);
  }
  console.log(`in process: median ${ms(median(times))} (${times.map((t) => t.toFixed(0)).join(", ")})`);
}

/**
 * BENCH_PDF_AB=a.js,b.js: two compiled PDF workers (copies of build/server/pdf-worker.js kept under
 * the project, in the ignored .scratch/, so they find node_modules), one render each in turn, round after round: on a shared
 * machine the ratio of two variants measured together is the number to trust.
 * BENCH_PDF_AB_ENV=NAME sets NAME=1 in the second worker only (a switch inside a patched library).
 */
async function ab(files: string[]) {
  const jobs = await demoJobs();
  const { PdfPool } = await import("../app/pdf/rendering/pool.server");
  const flag = process.env.BENCH_PDF_AB_ENV;
  const pools = [];
  for (const [i, file] of files.entries()) {
    // A worker copies the environment when it starts.
    if (flag && i === 1) process.env[flag] = "1";
    const pool = new PdfPool({ size: 1, workerFile: path.resolve(file) });
    await pool.ready();
    if (flag) delete process.env[flag];
    pools.push(pool);
  }
  for (const [name, job] of [
    ["demo proposal", jobs.proposal],
    ["150-item proposal", jobs.large],
    ["report", jobs.report],
  ] as const) {
    const times = files.map(() => [] as number[]);
    // CPU time of the process (the worker renders, this thread waits): less moved by other
    // processes on the machine than the wall clock.
    const cpu = files.map(() => [] as number[]);
    const rounds = name === "demo proposal" ? RUNS : Math.ceil(RUNS / 2);
    for (const pool of pools) await pool.render(job);
    for (let r = 0; r < rounds; r++) {
      for (const [i, pool] of pools.entries()) {
        const t = performance.now();
        const c = process.cpuUsage();
        await pool.render(job);
        const used = process.cpuUsage(c);
        times[i]!.push(performance.now() - t);
        cpu[i]!.push((used.user + used.system) / 1000);
      }
    }
    const m = times.map(median);
    const mc = cpu.map(median);
    console.log(
      `${name.padEnd(20)} ${files.map((f, i) => `${path.basename(path.dirname(f))} ${ms(m[i]!)} (cpu ${ms(mc[i]!)})`).join("   ")}   B/A ${(m[1]! / m[0]!).toFixed(3)} (cpu ${(mc[1]! / mc[0]!).toFixed(3)})`,
    );
  }
  await Promise.all(pools.map((p) => p.close()));
}

/** BENCH_PDF_OUT=dir: writes the three PDFs there, to compare two versions' output (pdftotext, pdftoppm). */
async function writeOut(dir: string) {
  const jobs = await demoJobs();
  const { renderPdf } = await import("../app/pdf/rendering/render");
  fs.mkdirSync(dir, { recursive: true });
  // The demo's fingerprint is of a freshly seeded snapshot (new ids every run): a fixed one, so two
  // runs' documents can be compared whole.
  if (jobs.proposal.kind === "proposal") jobs.proposal.input.snapshotHash = "5ca1ab1e".repeat(8);
  for (const name of ["proposal", "large", "report"] as const) {
    fs.writeFileSync(path.join(dir, `${name}.pdf`), await renderPdf(jobs[name]));
  }
  console.log(`wrote ${dir}/proposal.pdf, large.pdf, report.pdf`);
}

async function main() {
  if (process.env.BENCH_PDF_OUT) return writeOut(process.env.BENCH_PDF_OUT);
  if (process.env.BENCH_PDF_PROFILE) return profile(Number(process.env.BENCH_PDF_PROFILE));
  if (process.env.BENCH_PDF_AB) return ab(process.env.BENCH_PDF_AB.split(","));
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
