// Entry of a scan worker thread (see scanner.server.ts). Each worker scans exactly one upload and
// is then terminated, so the archive's bytes and everything read from them go away with the
// thread. Plain JavaScript on purpose: it is started by path, not bundled; it registers tsx and
// loads the scanner from source, then says { ready: true } and waits for its one job:
//   { bytes (transferred ArrayBuffer), rules, limits, budgetMs }
// and answers { ok: true, job } or { ok: false, code, message }.
import { fileURLToPath } from "node:url";
import { parentPort } from "node:worker_threads";

import { register } from "tsx/esm/api";

if (!parentPort) throw new Error("scan-worker.mjs runs as a worker thread");
const port = parentPort;

register({ tsconfig: fileURLToPath(new URL("../../tsconfig.json", import.meta.url)) });
const { scanArchiveBytes } = await import("./scan-job.server.ts");
const { ArchiveError } = await import("./limits.ts");
const { ScanTimeoutError } = await import("../engine/evidence/scan.ts");

port.once("message", async ({ bytes, rules, limits, budgetMs }) => {
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
