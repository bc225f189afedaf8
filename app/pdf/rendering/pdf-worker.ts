// A PDF render worker thread (see pool.server.ts).
// Protocol: the parent posts { id, job }; the worker answers { id, ok: true, pdf } (the PDF bytes,
// transferred, not copied) or { id, ok: false, error }. It posts { ready: true } once loaded.
// A production server starts the compiled copy (build/server/pdf-worker.js); everything else starts
// pdf-worker.mjs, which loads this file through tsx (app/utils/worker-file.server.ts).
import { parentPort } from "node:worker_threads";

import type { PdfJob } from "../types";

import { renderPdf, warmUp } from "./render";

if (!parentPort) throw new Error("pdf-worker runs as a worker thread");
const port = parentPort;

await warmUp();

port.on("message", async ({ id, job }: { id: number; job: PdfJob }) => {
  try {
    const pdf = await renderPdf(job);
    // Transfer the buffer when the bytes own it whole; otherwise copy once.
    const bytes = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength ? pdf : pdf.slice();
    // Never a SharedArrayBuffer: the renderer makes a plain Buffer.
    port.postMessage({ id, ok: true, pdf: bytes }, [bytes.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({
      id,
      ok: false,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
port.postMessage({ ready: true });
