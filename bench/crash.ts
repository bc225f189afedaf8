// npm run bench:crash — crash durability at scale: a writer that saves answers and edits plan items
// through the app's models is SIGKILLed at random moments (CRASH_KILLS, default 200) and restarted
// on the same file, in CRASH_LANES parallel files (default 4). At the end every acknowledged write
// must be in the database and `PRAGMA integrity_check` must say ok. Exits 1 otherwise.
//
//   npm run bench:crash
//   CRASH_KILLS=500 CRASH_LANES=2 CRASH_MAX_DELAY_MS=1000 npm run bench:crash
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { runCrashTest } from "../test/support/crash-harness";

const KILLS = Number(process.env.CRASH_KILLS ?? 200);
const LANES = Number(process.env.CRASH_LANES ?? 4);
const MAX_DELAY_MS = Number(process.env.CRASH_MAX_DELAY_MS ?? 400);

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-bench-crash-"));
  console.log(
    `Killing the crash writer ${KILLS} times (${LANES} files in parallel, up to ${MAX_DELAY_MS} ms of writing between kills)…`,
  );
  let done = 0;
  const result = await runCrashTest({
    dir,
    kills: KILLS,
    lanes: LANES,
    maxDelayMs: MAX_DELAY_MS,
    onKill: () => {
      done++;
      if (done % 25 === 0) process.stdout.write(`  ${done}/${KILLS} kills\n`);
    },
  });
  const lost = result.lost.length;
  const ok = lost === 0 && result.integrityOk;
  const rows: Array<[string, string | number]> = [
    ["kills (SIGKILL)", result.kills],
    ["  of which during start-up", result.killsDuringStartup],
    ["acknowledged writes", result.acks],
    ["committed writes", result.committed],
    ["committed, not yet acknowledged", `${result.unacknowledged} (at most 1 per kill)`],
    ["lost acknowledged writes", lost],
    ["integrity_check", result.lanes.map((l) => l.integrity).join(", ")],
    ["foreign_key_check problems", result.lanes.reduce((n, l) => n + l.foreignKeyProblems, 0)],
    ["elapsed", `${(result.elapsedMs / 1000).toFixed(1)} s`],
  ];
  console.log("");
  for (const [name, value] of rows) console.log(`${name.padEnd(34)} ${value}`);
  for (const problem of result.lost.slice(0, 20)) console.log(`  LOST ${problem}`);
  console.log(
    `\n${ok ? "PASS" : "FAIL"}: ${ok ? "no acknowledged write lost, database intact" : "see above"}`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(ok && result.unacknowledged <= result.kills ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
