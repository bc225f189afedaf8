// npm run bench:ab — server CPU per page of two production builds, side by side in one process,
// their rounds interleaved: on a shared machine whose speed drifts by ±25% between runs, the ratio
// of two builds measured together is the number to trust for "did this change help". Usage:
//   npm run build && cp build/index.js build-a.js   (before the change; keep it under the project,
//   npm run build && cp build/index.js build-b.js    so it finds node_modules)
//   AB_A=build-a.js AB_B=build-b.js AB_PAGE="overview,proposal" npm run bench:ab
// AB_ENGAGEMENTS=100 seeds that many engagements (default 20) for pages whose size follows it.
// Page names as bench:render prints them (bench/pages.ts). Prints; asserts nothing.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { label, PAGES, firstItems } from "./pages";
import { median } from "./stats";

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-ab-"));
  const dbFile = path.join(dir, "bench.db");
  process.env.DATABASE_URL = dbFile;
  process.env.NODE_ENV = "production";
  process.env.LOG_LEVEL = "warn";
  const { db, initDb, runMigrations } = await import("../db/connection.server");
  runMigrations(initDb(dbFile));
  const { seedLarge } = await import("./seed-large");
  // AB_ENGAGEMENTS: how many engagements the founder and partner are members of (the list pages).
  const seeded = await seedLarge({ engagementsCount: Number(process.env.AB_ENGAGEMENTS ?? 20) });
  const { createSession } = await import("../app/models/session.server");
  const cookies = {
    founder: `finishline_session=${await createSession({ userId: seeded.founder.id, userAgent: "bench" })}`,
    partner: `finishline_session=${await createSession({ userId: seeded.partner.id, userAgent: "bench" })}`,
  };
  const engagements = firstItems(db().$client, seeded.engagementIds);
  const { createRequestHandler } = await import("@remix-run/node");
  const handlers = {
    A: createRequestHandler(await import(path.resolve(process.env.AB_A!)), "production"),
    B: createRequestHandler(await import(path.resolve(process.env.AB_B!)), "production"),
  };
  const pages = PAGES.filter((p) => (process.env.AB_PAGE ?? "").split(",").includes(label(p)));
  for (const page of pages) {
    let n = 0;
    const get = async (h: keyof typeof handlers) => {
      const url = page.path(engagements[n++ % engagements.length]);
      const res = await handlers[h](
        new Request(`http://localhost${url}`, { headers: { cookie: cookies[page.who] } }),
        {
          cspNonce: "bench",
          clientIp: "127.0.0.1",
        },
      );
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${url} ${res.status}`);
    };
    for (let i = 0; i < 100; i++) {
      await get("A");
      await get("B");
    }
    const t = { A: [] as number[], B: [] as number[] };
    for (let round = 0; round < Number(process.env.AB_ROUNDS ?? 10); round++) {
      for (const h of ["A", "B"] as const) {
        const start = process.cpuUsage();
        for (let i = 0; i < 100; i++) await get(h);
        const u = process.cpuUsage(start);
        t[h].push((u.user + u.system) / 100 / 1000);
      }
    }
    console.log(
      `${label(page).padEnd(30)} A ${median(t.A).toFixed(2)} ms  B ${median(t.B).toFixed(2)} ms  (B/A ${(median(t.B) / median(t.A)).toFixed(2)})`,
    );
  }
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
main();
