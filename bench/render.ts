// npm run bench:render — server CPU per page, without HTTP: the production build's request handler
// called in process, one request at a time, on a seeded database of realistic size. Every page, as
// the founder and as the partner sees it, against the issue 14 budgets (≤ 8 ms founder, ≤ 15 ms
// partner). Also prints each page's HTML size (the partner's 60-item plan page against 60 KB) and
// the JavaScript the questionnaire page loads (gzip, against 120 KB). "click": the same page reached
// by a link inside the app, the `.data` request Remix makes for it (loaders and data, no render).
// Steadier than requests/s on a shared machine (no client on the other core, no scheduling between
// two processes), so it is the number to compare two builds with; `npm run bench` is the one that
// includes the HTTP stack and concurrency. Prints; asserts nothing.
import { execSync } from "node:child_process";
import fs from "node:fs";
import inspector from "node:inspector";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

import { BUDGET, firstItems, label, navigationPath, PAGES, type Page } from "./pages";
import { median } from "./stats";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const ENGAGEMENTS = 20;

async function main() {
  if (!process.env.BENCH_NO_BUILD) {
    console.log("Building the production server…");
    execSync("npx remix build", { stdio: "ignore" });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-render-"));
  const dbFile = path.join(dir, "bench.db");
  process.env.DATABASE_URL = dbFile;
  process.env.NODE_ENV = "production";
  process.env.LOG_LEVEL = "warn";
  try {
    const { db, initDb, runMigrations } = await import("../db/connection.server");
    runMigrations(initDb(dbFile));
    const { seedLarge } = await import("./seed-large");
    const seeded = await seedLarge({ engagementsCount: ENGAGEMENTS });
    const { createSession } = await import("../app/models/session.server");
    const cookie = async (userId: string) =>
      `finishline_session=${await createSession({ userId, userAgent: "bench" })}`;
    const cookies = { founder: await cookie(seeded.founder.id), partner: await cookie(seeded.partner.id) };
    const engagements = firstItems(db().$client, seeded.engagementIds);

    const { createRequestHandler } = await import("@remix-run/node");
    const build = await import(path.resolve("build/index.js"));
    const handle = createRequestHandler(build, "production");
    const fetchPage = async (url: string, who: Page["who"]) => {
      const res = await handle(new Request(`http://localhost${url}`, { headers: { cookie: cookies[who] } }), {
        cspNonce: "bench",
        clientIp: "127.0.0.1",
      });
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
      return body;
    };
    let n = 0;
    const get = (p: Page) => fetchPage(p.path(engagements[n++ % engagements.length]), p.who);
    // The same page reached by a click inside the app: its `.data` request (bench/pages.ts).
    const click = (p: Page) =>
      fetchPage(navigationPath(p.path(engagements[n++ % engagements.length])), p.who);
    const floor: Page = { name: "floor: /ping", who: "founder", path: () => "/ping" };
    // BENCH_ONLY=<label> measures one page; BENCH_PROFILE=<file.cpuprofile> also records a CPU
    // profile of the measured rounds only (not the seeding or the warm-up), for Chrome DevTools.
    const only = process.env.BENCH_ONLY;
    const kind = process.env.BENCH_KIND;
    const pages = [floor, ...PAGES.filter((p) => !only || label(p) === only)];

    // Warm-up: fill the per-engagement caches and let the JIT settle.
    for (const p of pages)
      for (let i = 0; i < 2 * ENGAGEMENTS; i++) {
        await get(p);
        await click(p);
      }

    const profiler = process.env.BENCH_PROFILE ? new inspector.Session() : null;
    const post = (method: string, params?: object) =>
      new Promise<unknown>((resolve, reject) =>
        profiler!.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))),
      );
    if (profiler) {
      profiler.connect();
      await post("Profiler.enable");
      await post("Profiler.start");
    }
    const micros = new Map(pages.map((p) => [p, [] as number[]]));
    const clickMicros = new Map(pages.map((p) => [p, [] as number[]]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const p of pages) {
        for (const [fetch, into] of [
          [get, micros],
          [click, clickMicros],
        ] as const) {
          // BENCH_KIND=document|click measures (and profiles) only that one of the two.
          if (kind && kind !== (fetch === get ? "document" : "click")) continue;
          const start = process.cpuUsage();
          for (let i = 0; i < REQUESTS; i++) await fetch(p);
          const used = process.cpuUsage(start);
          into.get(p)!.push((used.user + used.system) / REQUESTS);
        }
      }
    }
    if (profiler) {
      const { profile } = (await post("Profiler.stop")) as { profile: object };
      fs.writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(profile));
      profiler.disconnect();
    }

    // Sizes: one engagement's pages (the one whose plan is closest to 60 items, for the plan budget).
    const counts = db()
      .$client.prepare("select engagement_id e, count(*) n from plan_items group by engagement_id")
      .all() as Array<{ e: string; n: number }>;
    const items = new Map(counts.map((c) => [c.e, c.n]));
    // The first seeded engagement with the count nearest 60, so two runs measure the same one.
    const one = engagements.reduce((best, x) =>
      Math.abs(items.get(x.id)! - 60) < Math.abs(items.get(best.id)! - 60) ? x : best,
    );
    const sized = { e: one.id, n: items.get(one.id)! };
    const sizes = new Map<Page, number>();
    const clickSizes = new Map<Page, number>();
    for (const p of pages) {
      const body = await fetchPage(p.path(one), p.who);
      sizes.set(p, body.byteLength);
      clickSizes.set(p, (await fetchPage(navigationPath(p.path(one)), p.who)).byteLength);
      // BENCH_DUMP=dir writes each page's HTML there, to see where the bytes go.
      if (process.env.BENCH_DUMP) {
        fs.mkdirSync(process.env.BENCH_DUMP, { recursive: true });
        fs.writeFileSync(
          path.join(process.env.BENCH_DUMP, `${label(p).replace(/[^a-z0-9]+/gi, "-")}.html`),
          body,
        );
      }
    }

    console.log(
      `\n${ROUNDS} rounds of ${REQUESTS} requests per page, one at a time, ${ENGAGEMENTS} engagements; ` +
        `CPU ms per request (median of rounds; budget ${BUDGET.cpuMs.founder} ms founder, ${BUDGET.cpuMs.partner} ms partner); ` +
        `HTML KB of one engagement's page (${sized.n} plan items); load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(" ")}`,
    );
    const pad = (s: string | number, w: number) => String(s).padStart(w);
    console.log(
      `${"page".padEnd(34)}${pad("CPU ms", 8)}${pad("budget", 8)}${pad("HTML KB", 9)}      ${pad("click: CPU ms", 13)}${pad("data KB", 9)}`,
    );
    for (const p of pages) {
      // A kind not measured (BENCH_KIND) prints "–" and no verdict.
      const cpu = (m: number[]) => (m.length ? (median(m) / 1000).toFixed(2) : "–");
      const ms = median(micros.get(p)!) / 1000;
      const budget = p === floor ? null : BUDGET.cpuMs[p.who];
      const verdict = budget === null || !micros.get(p)!.length ? "    " : ms <= budget ? "PASS" : "FAIL";
      console.log(
        `${label(p).padEnd(34)}${pad(cpu(micros.get(p)!), 8)}${pad(budget ?? "", 8)}${pad((sizes.get(p)! / 1024).toFixed(1), 9)}  ${verdict}${pad(cpu(clickMicros.get(p)!), 13)}${pad((clickSizes.get(p)! / 1024).toFixed(1), 9)}`,
      );
    }

    const partnerPlan = PAGES.find((p) => p.who === "partner" && p.name === "plan")!;
    // With BENCH_ONLY naming another page, the plan page was not sized above.
    const planKb =
      (sizes.get(partnerPlan) ?? (await fetchPage(partnerPlan.path(one), "partner")).byteLength) / 1024;
    console.log(
      `\nPartner plan page HTML, ${sized.n} items: ${planKb.toFixed(1)} KB (${((planKb / sized.n) * 60).toFixed(1)} KB per 60 items); budget < ${BUDGET.partnerPlanHtmlKb} KB for 60 items: ${(planKb / sized.n) * 60 < BUDGET.partnerPlanHtmlKb ? "PASS" : "FAIL"}`,
    );

    // The JavaScript the questionnaire page makes the browser load: every module script and
    // modulepreload in its HTML (entry, root, the page's route chunks, shared chunks), from
    // public/build, gzip level 6 as the server's compression sends it.
    const area = PAGES.find((p) => p.who === "founder" && p.name === "questionnaire: area")!;
    const html = (await fetchPage(area.path(one), "founder")).toString("utf8");
    const scripts = [...new Set([...html.matchAll(/\/build\/[^"'\s)]+\.js/g)].map((m) => m[0]))];
    let gzip = 0;
    for (const src of scripts)
      gzip += zlib.gzipSync(fs.readFileSync(path.join("public", src)), { level: 6 }).length;
    console.log(
      `Questionnaire page JavaScript: ${scripts.length} files, ${(gzip / 1024).toFixed(1)} KB gzip; budget < ${BUDGET.questionnaireJsGzipKb} KB: ${gzip / 1024 < BUDGET.questionnaireJsGzipKb ? "PASS" : "FAIL"}`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
