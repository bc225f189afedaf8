// A scan worker thread (see scanner.server.ts). Each worker scans exactly one upload and is then
// terminated, so the archive's bytes and everything read from them go away with the thread. Once
// loaded it says { ready: true } and waits for its one job:
//   { bytes (transferred ArrayBuffer), rules, limits, budgetMs }
// and answers { ok: true, job } or { ok: false, code, message }.
// A production server starts the compiled copy (build/server/scan-worker.js); everything else starts
// scan-worker.mjs, which loads this file through tsx (app/utils/worker-file.server.ts).
import { parentPort } from "node:worker_threads";

import { ScanTimeoutError } from "~/engine/evidence/scan";
import type { EvidenceRuleSet } from "~/engine/evidence/types";

import { ArchiveError, type ReadLimits } from "./limits";
import { scanArchiveBytes } from "./scan-job.server";

if (!parentPort) throw new Error("scan-worker runs as a worker thread");
const port = parentPort;

type Job = { bytes: ArrayBuffer; rules: EvidenceRuleSet; limits?: ReadLimits; budgetMs?: number };

port.once("message", async ({ bytes, rules, limits, budgetMs }: Job) => {
  try {
    const job = await scanArchiveBytes(new Uint8Array(bytes), rules, { limits, budgetMs });
    port.postMessage({ ok: true, job });
  } catch (error) {
    if (error instanceof ArchiveError) {
      port.postMessage({ ok: false, code: error.code, message: error.message });
    } else if (error instanceof ScanTimeoutError) {
      port.postMessage({ ok: false, code: "timeout", message: error.message });
    } else {
      port.postMessage({
        ok: false,
        code: "failed",
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
  }
});
port.postMessage({ ready: true });
