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
  },
});
