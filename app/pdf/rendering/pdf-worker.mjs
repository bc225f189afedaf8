// Entry of a PDF render worker thread (see pool.server.ts). Plain JavaScript on purpose: it is
// started by path, not bundled, so it works the same from the built server (build/index.js) and
// from vitest. It registers tsx, then loads the TypeScript renderer from source.
//
// Protocol: the parent posts { id, job }; the worker answers { id, ok: true, pdf } (the PDF bytes,
// transferred, not copied) or { id, ok: false, error }. It posts { ready: true } once loaded.
import { fileURLToPath } from "node:url";
import { parentPort } from "node:worker_threads";

import { register } from "tsx/esm/api";

if (!parentPort) throw new Error("pdf-worker.mjs runs as a worker thread");
const port = parentPort;

register({ tsconfig: fileURLToPath(new URL("../../../tsconfig.json", import.meta.url)) });
const { renderPdf, warmUp } = await import("./render.tsx");
await warmUp();

port.on("message", async ({ id, job }) => {
  try {
    const pdf = await renderPdf(job);
    // Transfer the buffer when the bytes own it whole; otherwise copy once.
    const bytes = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength ? pdf : pdf.slice();
    port.postMessage({ id, ok: true, pdf: bytes }, [bytes.buffer]);
  } catch (error) {
    port.postMessage({
      id,
      ok: false,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
port.postMessage({ ready: true });
