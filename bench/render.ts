// npm run bench:render — server CPU per page, without HTTP: the production build's request handler
// called in process, one request at a time, on a seeded database of realistic size.
// Steadier than requests/s on a shared machine (no client on the other core, no scheduling between
// two processes), so it is the number to compare two builds with; `npm run bench` is the one that
// includes the HTTP stack and concurrency.
import { execSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { median } from "./stats";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const ENGAGEMENTS = 20;

async function main() {
  console.log("Building the production server…");
  execSync("npx remix build", { stdio: "ignore" });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-render-"));
  const dbFile = path.join(dir, "bench.db");
  process.env.DATABASE_URL = dbFile;
  process.env.NODE_ENV = "production";
  process.env.LOG_LEVEL = "warn";
  try {
    const { initDb, runMigrations } = await import("../db/connection.server");
    runMigrations(initDb(dbFile));
    const { seedLarge } = await import("./seed-large");
    const seeded = await seedLarge();
    const { createSession } = await import("../app/models/session.server");
    const cookie = async (userId: string) =>
      `finishline_session=${await createSession({ userId, userAgent: "bench" })}`;
    const founder = await cookie(seeded.founder.id);
    const partner = await cookie(seeded.partner.id);

    const { createRequestHandler } = await import("@remix-run/node");
    const build = await import(path.resolve("build/index.js"));
    const handle = createRequestHandler(build, "production");
    const ids = seeded.engagementIds.slice(0, ENGAGEMENTS);
    let n = 0;
    const get = async (suffix: string, who: string) => {
      const url = suffix === "/ping" ? suffix : `/engagements/${ids[n++ % ids.length]}${suffix}`;
      const res = await handle(new Request(`http://localhost${url}`, { headers: { cookie: who } }), {
        cspNonce: "bench",
        clientIp: "127.0.0.1",
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    };
    const pages = [
      { name: "floor: /ping", suffix: "/ping", who: founder },
      { name: "questionnaire page", suffix: "/assess/auth", who: founder },
      { name: "results page", suffix: "/results", who: founder },
      { name: "plan page", suffix: "/plan", who: founder },
      { name: "plan page, partner's editing view", suffix: "/plan", who: partner },
      { name: "review page, partner", suffix: "/assess/review", who: partner },
    ];
    // Warm-up: fill the per-engagement caches and let the JIT settle.
    for (const p of pages) for (let i = 0; i < 200; i++) await get(p.suffix, p.who);

    const micros = new Map(pages.map((p) => [p.name, [] as number[]]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const p of pages) {
        const start = process.cpuUsage();
        for (let i = 0; i < REQUESTS; i++) await get(p.suffix, p.who);
        const used = process.cpuUsage(start);
        micros.get(p.name)!.push((used.user + used.system) / REQUESTS);
      }
    }
    const floor = micros.get(pages[0].name)!;
    console.log(`\n${ROUNDS} rounds of ${REQUESTS} requests per page, one at a time; CPU µs per request`);
    console.log(`${"page".padEnd(36)}${"median".padStart(8)}${"÷floor".padStart(9)}`);
    for (const p of pages) {
      const us = micros.get(p.name)!;
      // Paired with the floor of the same round, like `npm run bench`.
      const ratio = median(us.map((u, i) => floor[i] / u));
      console.log(
        `${p.name.padEnd(36)}${median(us).toFixed(0).padStart(8)}${`${(ratio * 100).toFixed(0)}%`.padStart(9)}`,
      );
    }
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
