import { defineConfig } from "vitest/config";

// The real-browser suite: Debian's Chromium driven by playwright-core against `wrangler dev`.
export default defineConfig({
  test: {
    name: "e2e",
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
