// Compiles the server entry and the worker threads' entries to build/server/, after `remix build`
// has written the app itself to build/index.js. A production server then runs plain JavaScript,
// with no TypeScript compiler loaded at run time (docs/decisions/027-compiled-server.md).
//
// Every package stays external, as in the Remix build (remix.config.js says why); `~/` is the app
// (tsconfig.json's paths), so it is bundled. The app code an entry imports is bundled into it, so
// the server entry and the Remix build each have their own copy of a module, as before: state they
// share lives on globalThis.
// Plain JavaScript on purpose: it is part of `npm run build`, which `npm start` runs first.
import fs from "node:fs";

import { build } from "esbuild";

const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));

await build({
  entryPoints: {
    index: "server/index.ts",
    "pdf-worker": "app/pdf/rendering/pdf-worker.ts",
    "scan-worker": "app/evidence/scan-worker.ts",
    "import-worker": "app/routes/engagements.import/import-worker.ts",
  },
  outdir: "build/server",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // A package's subpaths ("react-dom/server") are external with it.
  external: [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)],
  // With the map, `node --enable-source-maps` (npm start) logs stack traces with source files and lines.
  sourcemap: "linked",
  logLevel: "warning",
});
