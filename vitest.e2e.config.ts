import { fileURLToPath } from "node:url";

import { defineConfig } from "vitest/config";

// Browser tests: real Chromium (Debian's /usr/bin/chromium, CHROME_PATH overrides) against the
// production build. Run with `npm run test:e2e`; screenshots land in artifacts/ (git-ignored).
export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  test: {
    include: ["test/e2e/**/*.e2e.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One browser and one server per file; files run one at a time to keep a 2-core CI box calm.
    fileParallelism: false,
    // expect.poll gives up after 1 s by default; a busy CI box can take longer to render a page.
    expect: { poll: { timeout: 10_000 } },
  },
});
