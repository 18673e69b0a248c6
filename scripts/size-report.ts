/**
 * `npm run size`: prints the gzipped JavaScript every built page ships on
 * load. Run `npm run build` first. The budget it reports against lives in
 * scripts/size-budget.json and is enforced by tests/e2e/size.e2e.ts.
 */
import { existsSync } from "node:fs";
import { measureSite } from "./page-js.ts";
import { pageLimit, readBudget } from "./size-budget.ts";

const dist = new URL("../dist/", import.meta.url).pathname;
if (!existsSync(dist)) {
  console.error("size: no dist/ folder; run `npm run build` first.");
  process.exit(1);
}
const budget = readBudget();
const pages = measureSite(dist);
const width = Math.max(...pages.map((p) => p.page.length));
console.log(`${"page".padEnd(width)}  JS gzip   limit  widget`);
for (const p of pages) {
  const limit = pageLimit(budget, p);
  const flag =
    p.gzipBytes > limit.bytes ? "  over budget" : limit.rule.includes("ceiling") ? "  (recorded ceiling)" : "";
  console.log(
    `${p.page.padEnd(width)}  ${String(p.gzipBytes).padStart(7)} ${String(limit.bytes).padStart(7)}  ${p.hasWidget ? "yes" : "no "}${flag}`,
  );
}
const base = budget.starlightBaselineGzip;
console.log(
  `\nBudget: Starlight baseline ${base} B; plain pages + ${budget.plainPageMarginGzip} B = ${base + budget.plainPageMarginGzip} B; ` +
    `widget pages + ${budget.widgetPageMarginGzip} B = ${base + budget.widgetPageMarginGzip} B gzip, ` +
    `except the recorded ceilings in scripts/size-budget.json.`,
);
