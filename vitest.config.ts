import { defineConfig } from "vitest/config";

/**
 * Unit and property tests (`npm run test:unit`). Timeouts are sized for a
 * loaded 2-core machine (a build running beside the tests), not for an idle
 * one: the slowest test needs about 5 s idle. The long seed sweeps run a
 * sample here and in full under `npm run test:deep` (vitest.deep.config.ts).
 */
export default defineConfig({
  test: {
    include: ["tests/unit/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
