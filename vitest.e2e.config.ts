import { defineConfig } from "vitest/config";

/** Browser suite: runs against the production build served by `astro preview`. */
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.e2e.ts"],
    globalSetup: ["tests/e2e/support/preview-server.ts"],
    // One Chromium at a time: CI machines have two cores.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
