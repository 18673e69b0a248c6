import { defineConfig } from "vitest/config";

/**
 * `npm run test:deep`: the full seed and property sweeps. The files below
 * read TCP_LAB_DEEP through tests/unit/support/depth.ts and run a small
 * sample under `npm test`, the whole sweep here. CI runs both.
 */
export default defineConfig({
  test: {
    include: [
      "tests/unit/quiz/generators.test.ts",
      "tests/unit/sim/properties.test.ts",
      "tests/unit/sim/fastpath.test.ts",
      "tests/unit/sim/bad-input.test.ts",
    ],
    env: { TCP_LAB_DEEP: "1" },
    testTimeout: 600_000,
    hookTimeout: 60_000,
  },
});
