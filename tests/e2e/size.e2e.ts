/** Pages without widgets must ship no more JavaScript than Starlight itself plus a small margin. */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { measureSite } from "../../scripts/page-js.ts";

const budget = JSON.parse(readFileSync("scripts/size-budget.json", "utf8")) as {
  starlightBaselineGzip: number;
  plainPageMarginGzip: number;
};

test("plain pages stay within Starlight's JavaScript baseline plus margin", () => {
  const limit = budget.starlightBaselineGzip + budget.plainPageMarginGzip;
  const pages = measureSite("dist");
  expect(pages.length).toBeGreaterThan(10);
  // The budget below applies to pages without widgets: there must be some, or the check is empty.
  expect(pages.filter((p) => !p.hasWidget).length).toBeGreaterThan(0);
  const over = pages.filter((p) => !p.hasWidget && p.gzipBytes > limit).map((p) => `${p.page}: ${p.gzipBytes} B`);
  expect(over, `limit ${limit} B gzip`).toEqual([]);
});
