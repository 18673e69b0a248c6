/**
 * `npm run size`: prints the gzipped JavaScript every built page ships on
 * load. Run `npm run build` first. The budget it reports against lives in
 * scripts/size-budget.json and is enforced by tests/e2e/size.e2e.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { measureSite } from "./page-js.ts";

const dist = new URL("../dist/", import.meta.url).pathname;
if (!existsSync(dist)) {
  console.error("size: no dist/ folder; run `npm run build` first.");
  process.exit(1);
}
const budget = JSON.parse(readFileSync(new URL("./size-budget.json", import.meta.url), "utf8")) as {
  starlightBaselineGzip: number;
  plainPageMarginGzip: number;
};
const limit = budget.starlightBaselineGzip + budget.plainPageMarginGzip;
const pages = measureSite(dist);
const width = Math.max(...pages.map((p) => p.page.length));
console.log(`${"page".padEnd(width)}  JS gzip  widget`);
for (const p of pages) {
  const flag = !p.hasWidget && p.gzipBytes > limit ? "  over budget" : "";
  console.log(`${p.page.padEnd(width)}  ${String(p.gzipBytes).padStart(7)}  ${p.hasWidget ? "yes" : "no "}${flag}`);
}
console.log(
  `\nPlain-page budget: Starlight baseline ${budget.starlightBaselineGzip} B + margin ${budget.plainPageMarginGzip} B = ${limit} B gzip.`,
);
