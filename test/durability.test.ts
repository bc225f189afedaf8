// Crash durability: a writer using the app's models is SIGKILLed at random moments and restarted
// on the same file; every write it acknowledged must survive and the database must stay intact.
// `npm run bench:crash` runs the same check with hundreds of kills.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { runCrashTest } from "./support/crash-harness";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-crash-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("crash durability", () => {
  it("keeps every acknowledged write and an intact database across 20 SIGKILLs", async () => {
    // Four files killed five times each, in parallel, to keep the wall time down.
    const result = await runCrashTest({ dir, kills: 20, lanes: 4, maxDelayMs: 300 });
    expect(result.lost).toEqual([]);
    expect(result.lanes.map((l) => l.integrity)).toEqual(["ok", "ok", "ok", "ok"]);
    expect(result.lanes.map((l) => l.foreignKeyProblems)).toEqual([0, 0, 0, 0]);
    expect(result.kills).toBe(20);
    // The writer really wrote between kills, and at most the one write in flight per kill was
    // committed without its acknowledgement.
    expect(result.acks).toBeGreaterThan(50);
    expect(result.unacknowledged).toBeGreaterThanOrEqual(0);
    expect(result.unacknowledged).toBeLessThanOrEqual(result.kills);
  }, 60_000);
});
