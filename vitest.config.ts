import os from "node:os";
import { fileURLToPath } from "node:url";

import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "test/**/*.test.ts", "scripts/**/*.test.ts"],
    exclude: ["test/e2e/**", "test/fixtures/**", "node_modules/**"],
    environment: "node",
    setupFiles: ["test/support/setup-db.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core CI box. Most files
    // wait on a real server child process, so two workers there take the suite from about 400 s to
    // about 300 s (measured twice, no test near its timeout).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
  },
});
