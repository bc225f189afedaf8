// Entry of the import-validation worker thread (see import-check.server.ts). JSON.parse and the
// schema's checks of a multi-megabyte file take a few hundred milliseconds: here they hold this
// thread, not the server's. Plain JavaScript, started by path, like app/pdf/rendering/pdf-worker.mjs.
//
// Protocol: the parent posts { id, bytes } (the file, transferred); the worker answers { id, result } where result is
// { ok: true, data, rawSnapshots } or { ok: false, message }. It posts { ready: true } once loaded.
import { fileURLToPath } from "node:url";
import { parentPort } from "node:worker_threads";

import { register } from "tsx/esm/api";

if (!parentPort) throw new Error("import-worker.mjs runs as a worker thread");
const port = parentPort;

register({ tsconfig: fileURLToPath(new URL("../../../tsconfig.json", import.meta.url)) });
const { checkExport } = await import("../../utils/export-schema.ts");

const utf8 = new TextDecoder();

port.on("message", ({ id, bytes }) => {
  let result;
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
