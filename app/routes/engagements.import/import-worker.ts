// The import-validation worker thread (see import-check.server.ts). JSON.parse and the schema's
// checks of a multi-megabyte file take a few hundred milliseconds: here they hold this thread, not
// the server's.
// Protocol: the parent posts { id, bytes } (the file); the worker says { started: id } as it begins
// on it (so the parent knows which file a crash came from) and answers { id, result } where result is
// { ok: true, data, rawSnapshots } or { ok: false, message }. It posts { ready: true } once loaded.
// A production server starts the compiled copy (build/server/import-worker.js); everything else
// starts import-worker.mjs, which loads this file through tsx (app/utils/worker-file.server.ts).
import { parentPort } from "node:worker_threads";

import { checkExport, type ExportCheck } from "~/utils/export-schema";

if (!parentPort) throw new Error("import-worker runs as a worker thread");
const port = parentPort;

const utf8 = new TextDecoder();

port.on("message", ({ id, bytes }: { id: number; bytes: Uint8Array }) => {
  port.postMessage({ started: id });
  let result: ExportCheck;
  try {
    result = checkExport(utf8.decode(bytes));
  } catch (error) {
    result = {
      ok: false,
      message: `That file could not be read (${error instanceof Error ? error.message : error}).`,
    };
  }
  port.postMessage({ id, result });
});
port.postMessage({ ready: true });
