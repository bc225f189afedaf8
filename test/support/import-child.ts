// Child process for test/import-chunks.test.ts: imports the file given as its argument into the
// database in DATABASE_URL, slowly enough to be killed in the middle: here every turn of the event
// loop the import yields (setImmediate) waits 40 ms.
import fs from "node:fs";

const immediate = globalThis.setImmediate;
globalThis.setImmediate = ((fn: (...args: unknown[]) => void, ...args: unknown[]) =>
  setTimeout(fn, 40, ...args)) as unknown as typeof immediate;

const { importEngagement } = await import("../../app/models/export.server");
const { userId, data, rawSnapshots } = JSON.parse(fs.readFileSync(process.argv[2]!, "utf8"));
await importEngagement({ userId, data, rawSnapshots });
