// @ts-check
import { defineConfig } from "eslint/config";
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";
import astro from "eslint-plugin-astro";
import globals from "globals";

/** Things the simulation core must never touch: it takes time as input and uses the seeded RNG. */
const impureInCore = [
  { object: "Date", property: "now", message: "The core never reads a clock: pass time in." },
  { object: "Math", property: "random", message: "Use the run's seeded RNG (src/sim/rng.ts)." },
  { object: "performance", property: "now", message: "The core never reads a clock: pass time in." },
];

export default defineConfig(
  { ignores: ["dist/", ".astro/", "node_modules/", "public/"] },
  eslint.configs.recommended,
  ...tseslint.configs.strict,
  ...astro.configs.recommended,
  // Config files, scripts and tests run on Node.
  {
    files: ["*.{js,mjs,ts}", "scripts/**", "tests/**", "bench/**", "lab/**"],
    languageOptions: { globals: globals.node },
  },
  {
    files: ["src/**/*.ts"],
    ignores: ["src/content.config.ts"],
    rules: {
      "no-restricted-properties": ["error", ...impureInCore],
      "no-restricted-syntax": [
        "error",
        { selector: "NewExpression[callee.name='Date']", message: "The core never reads a clock: pass time in." },
      ],
      "no-restricted-globals": [
        "error",
        ...["window", "document", "localStorage", "sessionStorage", "navigator", "fetch"].map((name) => ({
          name,
          message: "src/ is pure TypeScript: no DOM, storage or network. Views belong in components/.",
        })),
      ],
    },
  },
  // One front door: outside src/sim, the core is imported only through src/sim/index.ts.
  // (Tests of the core's internals under tests/ may reach inside; MDX is checked by tests/unit/front-door.test.ts.)
  {
    files: ["**/*.{ts,js,mjs,astro}"],
    ignores: ["src/sim/**", "tests/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "(^|/)sim/(?!index\\.ts$).+",
              message: "Import the simulation core from src/sim/index.ts (the front door); export what you need there.",
            },
          ],
        },
      ],
    },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
