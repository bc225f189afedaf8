// Where a worker thread's entry file is. A production server runs the compiled entries that
// `npm run build` writes to build/server/ (scripts/build-server.mjs), so no TypeScript compiler loads
// at run time: a scan or import worker is ready in a quarter of the CPU time
// (docs/decisions/027-compiled-server.md). Everything else (development, unit tests, the
// command-line scripts) starts the source entry next to the module, `x-worker.mjs`, which registers
// tsx and loads `x-worker.ts`.
import path from "node:path";

/** `source` is the .mjs entry from the project root, e.g. "app/evidence/scan-worker.mjs". */
export function workerFile(source: string): string {
  if (process.env.NODE_ENV !== "production") return path.resolve(source);
  return path.resolve("build/server", `${path.basename(source, ".mjs")}.js`);
}
