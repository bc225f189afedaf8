// Kills test/support/crash-writer.ts with SIGKILL at random moments, restarts it on the same file,
// and checks that every write it acknowledged survived. Used by test/durability.test.ts (a few
// kills) and bench/crash.ts (hundreds).
//
// What a SIGKILL proves: a process crash at any instruction (mid-transaction, mid-fsync, between the
// commit and the ACK) loses no acknowledged write and leaves a database SQLite calls intact. It does
// not simulate power loss: the OS page cache survives a killed process. synchronous=FULL is what
// covers power loss (see db/connection.server.ts).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import Database from "better-sqlite3";

import { questionsOf } from "./crash-keys";
import { realContent } from "./content";

const WRITER = path.resolve("test/support/crash-writer.ts");

type AnswerAck = { version: number; value: string; note: string };
type ItemAck = { version: number; field: string; value: string };

type LaneResult = {
  file: string;
  kills: number;
  /** kills that landed before the writer was ready (while migrating or creating its user, engagement, items) */
  killsDuringStartup: number;
  acks: number;
  /** writes the database holds (every write bumps a version by one) */
  committed: number;
  /** committed but never acknowledged: the process died between COMMIT and printing; at most one per kill */
  unacknowledged: number;
  lost: string[];
  integrity: string;
  foreignKeyProblems: number;
};

export type CrashRunResult = {
  lanes: LaneResult[];
  kills: number;
  killsDuringStartup: number;
  acks: number;
  committed: number;
  unacknowledged: number;
  lost: string[];
  integrityOk: boolean;
  elapsedMs: number;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the writer once and SIGKILLs it; returns the complete lines it printed. */
async function runOnce(
  file: string,
  questionsJson: string,
  kill: { afterReadyMs: number } | { afterSpawnMs: number },
): Promise<{ lines: string[]; ready: boolean; readyAfterMs: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", WRITER], {
    env: { ...process.env, DATABASE_URL: file, CRASH_QUESTIONS: questionsJson },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  let readyAt = 0;
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    out += chunk;
    if (!readyAt && /^READY /m.test(out)) {
      readyAt = Date.now();
      onReady();
    }
  });
  child.stderr.on("data", (chunk) => (err += chunk));
  const closed = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const exitedEarly = closed.then((code) => {
    throw new Error(`crash writer exited by itself (code ${code}) before it was killed:\n${err}`);
  });
  exitedEarly.catch(() => {});

  if ("afterSpawnMs" in kill) {
    await Promise.race([sleep(kill.afterSpawnMs), exitedEarly]);
  } else {
    await Promise.race([ready, exitedEarly]);
    await Promise.race([sleep(kill.afterReadyMs), exitedEarly]);
  }
  child.kill("SIGKILL");
  await closed; // 'close': the process is gone and every byte it wrote to the pipe has been read
  // A trailing line without its newline was cut mid-print; leaving it out only checks less.
  const lines = out.split("\n").slice(0, -1);
  return { lines, ready: readyAt > 0, readyAfterMs: readyAt ? readyAt - started : 0 };
}

/** One file, `kills` restarts, then the check. */
async function runCrashLane({
  file,
  kills,
  maxDelayMs,
  onKill,
}: {
  file: string;
  kills: number;
  maxDelayMs: number;
  onKill?: () => void;
}): Promise<LaneResult> {
  const questionsJson = JSON.stringify(questionsOf(realContent()));
  const answerAcks = new Map<string, AnswerAck>();
  const itemAcks = new Map<string, ItemAck>();
  const lost: string[] = [];
  let acks = 0;
  let killsDuringStartup = 0;
  let typicalStartup = 800;

  for (let k = 0; k < kills; k++) {
    // Mostly kill while writing; sometimes during start-up (migrations, creating the user,
    // engagement and plan items), which the next run must resume.
    const early = kills > 1 && (k === 0 || (k < kills - 1 && Math.random() < 0.2));
    const run = await runOnce(
      file,
      questionsJson,
      early
        ? { afterSpawnMs: Math.random() * typicalStartup * 1.2 }
        : { afterReadyMs: Math.random() * maxDelayMs },
    );
    onKill?.();
    if (run.ready) typicalStartup = run.readyAfterMs;
    if (!run.ready) killsDuringStartup++;
    for (const line of run.lines) {
      const parts = line.split(" ");
      if (parts[0] !== "ACK") continue;
      acks++;
      if (parts[1] === "answer") {
        const [, , questionId, value, version, note] = parts;
        const previous = answerAcks.get(questionId);
        // Versions continue from the database: an ACKed version seen twice means a write was lost.
        if (previous && Number(version) <= previous.version) {
          lost.push(`answer ${questionId}: v${version} acknowledged again after v${previous.version}`);
        }
        answerAcks.set(questionId, { version: Number(version), value, note });
      } else {
        const [, , itemId, field, value, version] = parts;
        const previous = itemAcks.get(itemId);
        if (previous && Number(version) <= previous.version) {
          lost.push(`item ${itemId}: v${version} acknowledged again after v${previous.version}`);
        }
        itemAcks.set(itemId, { version: Number(version), field, value });
      }
    }
  }

  // Reopen the file the way the app would after a crash (read-write, so SQLite can recover the WAL).
  const conn = new Database(file);
  try {
    const integrity = (conn.pragma("integrity_check") as Array<{ integrity_check: string }>)
      .map((r) => r.integrity_check)
      .join("; ");
    const foreignKeyProblems = (conn.pragma("foreign_key_check") as unknown[]).length;
    const answers = new Map(
      (
        conn.prepare("select question_id, value, note, version from answers").all() as Array<{
          question_id: string;
          value: string;
          note: string;
          version: number;
        }>
      ).map((r) => [r.question_id, r]),
    );
    const items = new Map(
      (
        conn.prepare("select id, phase, likely, scope, version from plan_items").all() as Array<{
          id: string;
          phase: string;
          likely: number;
          scope: string;
          version: number;
        }>
      ).map((r) => [r.id, r]),
    );
    for (const [questionId, ack] of answerAcks) {
      const row = answers.get(questionId);
      if (!row || row.version < ack.version) {
        lost.push(
          `answer ${questionId}: acknowledged v${ack.version}, stored ${row ? `v${row.version}` : "nothing"}`,
        );
      } else if (
        row.version === ack.version &&
        (JSON.parse(row.value) !== ack.value || row.note !== ack.note)
      ) {
        lost.push(
          `answer ${questionId} v${ack.version}: acknowledged ${ack.value}/${ack.note}, stored ${row.value}/${row.note}`,
        );
      }
    }
    for (const [itemId, ack] of itemAcks) {
      const row = items.get(itemId);
      if (!row || row.version < ack.version) {
        lost.push(
          `item ${itemId}: acknowledged v${ack.version}, stored ${row ? `v${row.version}` : "nothing"}`,
        );
      } else if (row.version === ack.version) {
        const stored =
          ack.field === "phase" ? row.phase : ack.field === "likely" ? String(row.likely) : row.scope;
        if (stored !== ack.value) {
          lost.push(
            `item ${itemId} v${ack.version}: acknowledged ${ack.field}=${ack.value}, stored ${stored}`,
          );
        }
      }
    }
    // Every write bumps one version by one and logs one activity row in the same transaction, so
    // the versions count the committed writes, and the activity rows must agree (atomic commits).
    const committed =
      [...answers.values()].reduce((n, r) => n + r.version, 0) +
      [...items.values()].reduce((n, r) => n + r.version - 1, 0);
    const logged = (
      conn
        .prepare(
          "select count(*) as n from activity where kind in ('answers.saved', 'plan.phase', 'plan.estimate', 'plan.scope')",
        )
        .get() as { n: number }
    ).n;
    if (logged !== committed) lost.push(`activity has ${logged} writes, versions count ${committed}`);
    if (committed < acks) lost.push(`${acks} writes acknowledged but only ${committed} committed`);
    return {
      file,
      kills,
      killsDuringStartup,
      acks,
      committed,
      unacknowledged: committed - acks,
      lost,
      integrity,
      foreignKeyProblems,
    };
  } finally {
    conn.close();
  }
}

/** Several lanes (one file each) in parallel: the kills add up, the wall time does not. */
export async function runCrashTest({
  dir,
  kills,
  lanes,
  maxDelayMs = 300,
  onKill,
}: {
  dir: string;
  kills: number;
  lanes: number;
  maxDelayMs?: number;
  onKill?: () => void;
}): Promise<CrashRunResult> {
  const started = Date.now();
  fs.mkdirSync(dir, { recursive: true });
  const perLane = Array.from(
    { length: lanes },
    (_, i) => Math.floor(kills / lanes) + (i < kills % lanes ? 1 : 0),
  );
  const results = await Promise.all(
    perLane.map((n, i) =>
      runCrashLane({ file: path.join(dir, `crash-${i + 1}.db`), kills: n, maxDelayMs, onKill }),
    ),
  );
  const sum = (f: (r: LaneResult) => number) => results.reduce((n, r) => n + f(r), 0);
  return {
    lanes: results,
    kills: sum((r) => r.kills),
    killsDuringStartup: sum((r) => r.killsDuringStartup),
    acks: sum((r) => r.acks),
    committed: sum((r) => r.committed),
    unacknowledged: sum((r) => r.unacknowledged),
    lost: results.flatMap((r) => r.lost.map((l) => `${path.basename(r.file)}: ${l}`)),
    integrityOk: results.every((r) => r.integrity === "ok" && r.foreignKeyProblems === 0),
    elapsedMs: Date.now() - started,
  };
}
