// The source entry of the import-validation worker thread, for everything but a production server
// (development, unit tests): it registers tsx, then loads the worker from TypeScript. A production
// server starts the compiled build/server/import-worker.js instead (app/utils/worker-file.server.ts).
import { fileURLToPath } from "node:url";

import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../../../tsconfig.json", import.meta.url)) });
await import("./import-worker.ts");
