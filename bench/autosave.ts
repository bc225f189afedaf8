// npm run bench:autosave — 50 founders autosaving at once against the production build.
//
// A founder's autosave is what the browser does when an answer changes: the fetcher POSTs the
// question to the section's single-fetch data URL, and then Remix revalidates the page's loaders
// with a GET of the same data URL (only the routes whose `shouldRevalidate` lets them). The field
// says "Saving…" until both are done, so "what the user feels" is the pair, and that is the number
// held to the budget; the POST alone is printed beside it.
//
// Each writer is a closed loop (one save at a time, like one browser tab), owns its questions and
// tracks their versions, so every save is a real write (version + 1) and a 409 is an error.
// Two scenarios: 50 writers on 50 engagements (50 sessions), and 50 writers on one engagement.
//
// BENCH_SECONDS (default 5) per round, BENCH_ROUNDS (default 3); medians of the rounds.
// AUTOSAVE_PROFILE=dir runs the server with --cpu-prof into that directory.
import { execSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

import { decode } from "turbo-stream";

import { startServer, type TestServer } from "../test/support/server";

import { median } from "./stats";

const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 50);
const PROFILE_DIR = process.env.AUTOSAVE_PROFILE;
const BUDGET_P99_MS = 250;

/** The routes a questionnaire section page matches, outermost first. */
const SECTION_ROUTES = [
  "root",
  "routes/engagements.$id",
  "routes/engagements.$id.assess",
  "routes/engagements.$id.assess.$areaId",
];

type Key = {
  engagementId: string;
  questionId: string;
  area: string;
  kind: string;
  /** what the form sends, one at a time */
  options: string[];
  /** the stored value as JSON */
  value: string;
  version: number;
};
type Writer = { cookie: string; keys: Key[]; next: number };

const agent = new http.Agent({ keepAlive: true, maxSockets: 1000 });

function request(
  base: URL,
  method: "GET" | "POST",
  pathname: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: base.hostname, port: base.port, method, path: pathname, headers },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

type RoundResult = {
  saves: number;
  errors: number;
  post: number[];
  total: number[];
  /** saves after which the browser reloads loaders, and which */
  reloads: number;
  reloaded: Set<string>;
  /** server CPU time (user + system) during the round, ms */
  cpu: number;
};

/** CPU time a process has used so far, ms (Linux: utime + stime in /proc, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/**
 * Which loaders the browser reloads after an autosave: those whose route module has no
 * `shouldRevalidate`, or whose `shouldRevalidate` says yes to this submission (the client's rule in
 * @remix-run/react single-fetch.js: a `_routes` parameter only when some route opted out).
 */
function revalidationQuery(
  build: {
    routes: Record<string, { module: { shouldRevalidate?: (a: unknown) => boolean; loader?: unknown } }>;
  },
  url: string,
  form: URLSearchParams,
  actionResult: unknown,
): string | null {
  const current = new URL(url, "http://localhost");
  const args = {
    currentUrl: current,
    currentParams: {},
    nextUrl: current,
    nextParams: {},
    formMethod: "POST",
    formAction: current.pathname,
    formEncType: "application/x-www-form-urlencoded",
    formData: form,
    actionStatus: 200,
    actionResult,
    defaultShouldRevalidate: true,
  };
  const withLoader = SECTION_ROUTES.filter((id) => build.routes[id]?.module.loader);
  const load = withLoader.filter((id) => {
    const should = build.routes[id].module.shouldRevalidate;
    return should ? should(args) : true;
  });
  if (load.length === 0) return null;
  return load.length === withLoader.length ? "" : `?_routes=${load.join(",")}`;
}

async function runRound(
  server: TestServer,
  writers: Writer[],
  revalidate: (k: Key, f: URLSearchParams, actionResult: unknown) => string | null,
) {
  const base = new URL(server.url);
  const result: RoundResult = {
    saves: 0,
    errors: 0,
    post: [],
    total: [],
    reloads: 0,
    reloaded: new Set(),
    cpu: 0,
  };
  const cpuBefore = cpuMs(server.pid);
  const deadline = performance.now() + DURATION * 1000;
  const loop = async (w: Writer) => {
    while (performance.now() < deadline) {
      const key = w.keys[w.next++ % w.keys.length];
      // Always a different value than the stored one, so every save is a real write.
      const json = (o: string) =>
        JSON.stringify(key.kind === "multi" ? [o] : key.kind === "number" ? Number(o) : o);
      const choices = key.options.filter((o) => json(o) !== key.value);
      const option = choices[key.version % choices.length];
      const form = new URLSearchParams({
        intent: "autosave",
        q: key.questionId,
        [`a:${key.questionId}`]: option,
        [`v:${key.questionId}`]: String(key.version),
      });
      const page = `/engagements/${key.engagementId}/assess/${key.area}`;
      const headers = { cookie: w.cookie, origin: server.url };
      const started = performance.now();
      try {
        const saved = await request(
          base,
          "POST",
          `${page}.data`,
          {
            ...headers,
            "content-type": "application/x-www-form-urlencoded",
          },
          form.toString(),
        );
        const posted = performance.now();
        if (saved.status !== 200) {
          result.errors++;
          if (process.env.BENCH_VERBOSE) console.log("POST", saved.status, saved.body.slice(0, 300));
          // Resynchronise: the next round's saves would all conflict otherwise.
          if (saved.status === 409) key.version++;
          continue;
        }
        key.value = json(option);
        key.version++;
        // What the action returned, decoded as the browser does (single fetch: turbo-stream).
        const decoded = await decode(new Blob([saved.body]).stream());
        await decoded.done;
        const actionResult = (decoded.value as { data?: unknown }).data;
        const query = revalidate(key, form, actionResult);
        if (query !== null) {
          result.reloads++;
          result.reloaded.add(query || "all loaders");
          const reloaded = await request(base, "GET", `${page}.data${query}`, headers);
          if (reloaded.status !== 200) {
            result.errors++;
            if (process.env.BENCH_VERBOSE) console.log("GET", reloaded.status, reloaded.body.slice(0, 300));
          }
        }
        result.saves++;
        result.post.push(posted - started);
        result.total.push(performance.now() - started);
      } catch (error) {
        result.errors++;
        if (process.env.BENCH_VERBOSE) console.log(error);
      }
    }
  };
  await Promise.all(writers.map(loop));
  result.cpu = cpuMs(server.pid) - cpuBefore;
  return result;
}

async function main() {
  if (!process.env.BENCH_NO_BUILD) {
    console.log("Building the production server…");
    execSync("npx remix build", { stdio: "ignore" });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-autosave-"));
  const dbFile = path.join(dir, "bench.db");
  process.env.DATABASE_URL = dbFile;
  const { initDb, runMigrations, closeDb, db } = await import("../db/connection.server");
  runMigrations(initDb(dbFile));
  const { seedLarge } = await import("./seed-large");
  let t = performance.now();
  // One engagement per writer, and one more that all writers share in the second scenario.
  const seeded = await seedLarge({ engagementsCount: WRITERS + 1 });
  console.log(
    `Seeded ${WRITERS + 1} engagements (full answers, 60+ item plans) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  // One session per writer, as 50 browsers would have.
  const { createSession } = await import("../app/models/session.server");
  const cookies: string[] = [];
  for (let i = 0; i < WRITERS; i++)
    cookies.push(
      `finishline_session=${await createSession({ userId: seeded.founder.id, userAgent: `writer ${i}` })}`,
    );

  // Questions a writer may flip: visible single-choice questions no condition depends on (changing
  // those would hide questions, and the server ignores saves to hidden ones).
  const { getContent } = await import("../app/models/content.server");
  const { conditionQuestions, visibleAnswers } = await import("../app/engine/conditions");
  const { visibilityOf } = await import("../app/questionnaire/questionnaire");
  const content = getContent();
  const controlling = new Set(
    [...content.questionsById.values()].flatMap((q) => (q.showIf ? conditionQuestions(q.showIf) : [])),
  );
  for (const area of content.areas)
    if (area.applicability) for (const id of conditionQuestions(area.applicability)) controlling.add(id);
  const rows = db()
    .$client.prepare("select engagement_id e, question_id q, version v, value from answers")
    .all() as Array<{ e: string; q: string; v: number; value: string }>;
  const byEngagement = new Map<string, Array<(typeof rows)[number]>>();
  for (const r of rows) byEngagement.set(r.e, [...(byEngagement.get(r.e) ?? []), r]);
  const keysOf = (engagementId: string): Key[] => {
    const stored = byEngagement.get(engagementId) ?? [];
    const shown = visibleAnswers(
      visibilityOf(content),
      Object.fromEntries(stored.map((r) => [r.q, JSON.parse(r.value)])),
    );
    return stored.flatMap((r) => {
      const q = content.questionsById.get(r.q);
      if (!q || q.area === "intake" || controlling.has(r.q) || !(r.q in shown)) return [];
      // Every kind: a multi-choice question gets one option at a time, a number two values in range.
      const options =
        q.kind === "number"
          ? [String(q.min ?? 0), String((q.min ?? 0) + 1)]
          : q.kind === "text"
            ? ["Written by the autosave bench", "Rewritten by the autosave bench"]
            : q.options.map((o) => o.id);
      if (options.length < 2) return [];
      return [
        {
          engagementId,
          questionId: r.q,
          area: q.area,
          kind: q.kind,
          options,
          value: r.value,
          version: r.v,
        },
      ];
    });
  };
  closeDb();

  // The engagement with the most questions to go round is the shared one; the others get a writer each.
  const byKeys = seeded.engagementIds.map((id) => ({ id, keys: keysOf(id) }));
  const sharedId = byKeys.sort((a, b) => b.keys.length - a.keys.length)[0].id;
  const own = seeded.engagementIds.filter((id) => id !== sharedId);
  const distinct: Writer[] = own.map((id, i) => ({
    cookie: cookies[i],
    keys: keysOf(id),
    next: 0,
  }));
  const shared = keysOf(sharedId);
  if (shared.length < WRITERS)
    throw new Error(`only ${shared.length} questions to share among ${WRITERS} writers`);
  const oneEngagement: Writer[] = cookies.map((cookie, i) => ({
    cookie,
    // Writer i owns every WRITERS-th question, so no two writers ever edit the same answer.
    keys: shared.filter((_, k) => k % WRITERS === i),
    next: 0,
  }));

  const build = (await import(path.resolve("build/index.js"))) as Parameters<typeof revalidationQuery>[0];
  const revalidate = (k: Key, form: URLSearchParams, actionResult: unknown) =>
    revalidationQuery(build, `/engagements/${k.engagementId}/assess/${k.area}`, form, actionResult);

  if (PROFILE_DIR) fs.mkdirSync(PROFILE_DIR, { recursive: true });
  const server = await startServer(
    { DATABASE_URL: dbFile, SEED_DEMO: "false", LOG_LEVEL: "warn" },
    PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(PROFILE_DIR)}`] : [],
  );
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
  const loadBefore = load();
  try {
    const scenarios = [
      { name: `${WRITERS} writers, ${WRITERS} engagements`, writers: distinct },
      { name: `${WRITERS} writers, one engagement`, writers: oneEngagement },
    ];
    // Warm-up: a fresh process runs unoptimized code for its first seconds.
    for (const sc of scenarios) await runRound(server, sc.writers.slice(0, 10), revalidate);
    const results = new Map<string, RoundResult[]>(scenarios.map((sc) => [sc.name, []]));
    for (let round = 0; round < ROUNDS; round++)
      for (const sc of scenarios) results.get(sc.name)!.push(await runRound(server, sc.writers, revalidate));

    const pad = (s: string | number, n: number) => String(s).padStart(n);
    console.log(
      `\n${ROUNDS} rounds of ${DURATION} s per scenario; medians of the rounds, latency in ms; load average before ${loadBefore}, after ${load()} (${os.cpus().length} CPUs)`,
    );
    for (const [name, rounds] of results) {
      const saves = rounds.reduce((n, r) => n + r.saves, 0);
      const reloads = rounds.reduce((n, r) => n + r.reloads, 0);
      const which = [...new Set(rounds.flatMap((r) => [...r.reloaded]))].join("; ") || "-";
      console.log(`${name}: loaders reloaded after ${reloads} of ${saves} saves (${which})`);
    }
    console.log(
      `${"scenario".padEnd(34)}${pad("saves/s", 9)}${pad("POST p50", 10)}${pad("POST p99", 10)}${pad("save+reload p50", 17)}${pad("p99", 7)}${pad("errors", 8)}${pad("CPU/save", 10)}  budget p99 < ${BUDGET_P99_MS} ms`,
    );
    for (const sc of scenarios) {
      const rounds = results.get(sc.name)!;
      const m = (f: (r: RoundResult) => number) => median(rounds.map(f));
      const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
      const p99 = m((r) => percentile(sorted(r.total), 0.99));
      const errors = rounds.reduce((n, r) => n + r.errors, 0);
      console.log(
        `${sc.name.padEnd(34)}${pad(m((r) => r.saves / DURATION).toFixed(0), 9)}${pad(m((r) => percentile(sorted(r.post), 0.5)).toFixed(0), 10)}${pad(m((r) => percentile(sorted(r.post), 0.99)).toFixed(0), 10)}${pad(m((r) => percentile(sorted(r.total), 0.5)).toFixed(0), 17)}${pad(p99.toFixed(0), 7)}${pad(errors, 8)}${pad(m((r) => r.cpu / r.saves).toFixed(1), 10)}  ${p99 < BUDGET_P99_MS && errors === 0 ? "PASS" : "FAIL"}`,
      );
    }
  } finally {
    agent.destroy();
    await server.stop();
    if (PROFILE_DIR) console.log(`CPU profile of the server written to ${PROFILE_DIR}`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  t = 0;
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
