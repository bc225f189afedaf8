// Worker threads start from two kinds of entry: a production server runs the ones `npm run build`
// compiled into build/server/, everything else the source entries that load TypeScript through tsx
// (app/utils/worker-file.server.ts). Both kinds must exist and start. The compiled ones also serve
// every integration test's server; the source ones serve development.
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";

import { afterEach, describe, expect, it } from "vitest";

import { workerFile } from "../app/utils/worker-file.server";

const SOURCES = [
  "app/pdf/rendering/pdf-worker.mjs",
  "app/evidence/scan-worker.mjs",
  "app/routes/engagements.import/import-worker.mjs",
];

const nodeEnv = process.env.NODE_ENV;
afterEach(() => {
  process.env.NODE_ENV = nodeEnv;
});

/** Starts a worker and resolves with its first message (each says { ready: true } once loaded). */
async function firstMessage(file: string): Promise<unknown> {
  const worker = new Worker(file, { stdout: true, stderr: true });
  try {
    return await new Promise((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`${file} exited with code ${code}`)));
    });
  } finally {
    await worker.terminate();
  }
}

describe("worker entries", () => {
  it("are the compiled files in production and the source files otherwise", () => {
    process.env.NODE_ENV = "production";
    const built = SOURCES.map(workerFile);
    expect(built.map((f) => path.relative(process.cwd(), f))).toEqual([
      "build/server/pdf-worker.js",
      "build/server/scan-worker.js",
      "build/server/import-worker.js",
    ]);
    for (const file of built) expect(fs.existsSync(file), file).toBe(true);
    process.env.NODE_ENV = "test";
    expect(SOURCES.map(workerFile)).toEqual(SOURCES.map((s) => path.resolve(s)));
  });

  it.each([...SOURCES, ...SOURCES.map((s) => `build/server/${path.basename(s, ".mjs")}.js`)])(
    "%s starts and says it is ready",
    async (file) => {
      expect(await firstMessage(path.resolve(file))).toEqual({ ready: true });
    },
    60_000,
  );
});
