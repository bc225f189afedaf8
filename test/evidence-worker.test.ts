// The scan worker: the same findings as scanning in process, and a scan that overruns its time
// budget, hangs or crashes ends in a clear message with the thread terminated.
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { scanArchiveBytes } from "../app/evidence/scan-job.server";
import { ScanBusyError, claimUserScan, scanInWorker, scansRunning } from "../app/evidence/scanner.server";

import { fixtureZip, zip } from "./support/archives";
import { realRules } from "./support/evidence";

const rules = realRules();
const hanging = path.resolve("test/fixtures/hanging-scan-worker.mjs");
const crashing = path.resolve("test/fixtures/crashing-scan-worker.mjs");

afterAll(() => {
  expect(scansRunning()).toBe(0);
});

describe("scanning in a worker thread", () => {
  it("finds exactly what an in-process scan finds", async () => {
    const archive = fixtureZip("ai-built");
    const outcome = await scanInWorker(archive, rules);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const direct = await scanArchiveBytes(archive, rules);
    expect(outcome.job.result).toEqual(direct.result);
    expect(outcome.job.read).toEqual(direct.read);
    // The caller's buffer is copied, not handed over: it is still readable.
    expect(archive.length).toBeGreaterThan(0);
  }, 60_000);

  it("a refused archive comes back as its message", async () => {
    const outcome = await scanInWorker(zip([{ name: "../x", data: "x" }]), rules);
    expect(outcome).toEqual({
      ok: false,
      code: "path-traversal",
      message: 'The archive contains a path that points outside it ("../x"), so it was not read.',
    });
  }, 60_000);

  it("a scan over its time budget stops itself", async () => {
    const outcome = await scanInWorker(fixtureZip("ai-built"), rules, { budgetMs: 0 });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.code).toBe("timeout");
    expect(outcome.message).toMatch(
      /^Scanning this code took longer than the time allowed, so it was stopped and nothing was kept\./,
    );
  }, 60_000);

  it("a worker that never answers is terminated at the budget", async () => {
    const outcome = await scanInWorker(fixtureZip("clean"), rules, { budgetMs: 100, workerFile: hanging });
    expect(outcome).toMatchObject({ ok: false, code: "timeout" });
  }, 60_000);

  it("a worker that dies gives a plain message (details only in the log)", async () => {
    const outcome = await scanInWorker(fixtureZip("clean"), rules, { workerFile: crashing });
    expect(outcome).toEqual({
      ok: false,
      code: "failed",
      message: "The scan failed unexpectedly and nothing was kept.",
      detail: "worker exited with code 3",
    });
  }, 60_000);

  it("a user has at most one scan going; other users are not affected", () => {
    const release = claimUserScan("user-a");
    expect(release).toBeTypeOf("function");
    expect(claimUserScan("user-a")).toBeUndefined();
    const other = claimUserScan("user-b");
    expect(other).toBeTypeOf("function");
    release!();
    release!(); // giving it back twice does not give back someone else's
    other!();
    const again = claimUserScan("user-a");
    expect(again).toBeTypeOf("function");
    again!();
  });

  it("at most two scans run at once; a third is refused, not queued", async () => {
    const first = scanInWorker(fixtureZip("clean"), rules, { budgetMs: 1500, workerFile: hanging });
    const second = scanInWorker(fixtureZip("clean"), rules, { budgetMs: 1500, workerFile: hanging });
    expect(scansRunning()).toBe(2);
    await expect(scanInWorker(fixtureZip("clean"), rules)).rejects.toBeInstanceOf(ScanBusyError);
    expect(await first).toMatchObject({ code: "timeout" });
    expect(await second).toMatchObject({ code: "timeout" });
    expect(scansRunning()).toBe(0);
  }, 60_000);
});
