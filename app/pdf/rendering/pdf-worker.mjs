// The source entry of a PDF render worker thread, for everything but a production server
// (development, unit tests): it registers tsx, then loads the worker from TypeScript. A production
// server starts the compiled build/server/pdf-worker.js instead (app/utils/worker-file.server.ts).
import { fileURLToPath } from "node:url";

import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../../../tsconfig.json", import.meta.url)) });
await import("./pdf-worker.ts");
