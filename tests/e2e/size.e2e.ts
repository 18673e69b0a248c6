/**
 * JavaScript each page ships before any interaction (gzip): a page without
 * widgets no more than Starlight itself plus a small margin; a widget page no
 * more than Starlight plus 20 KB, except the pages recorded in
 * scripts/size-budget.json with their measured figure (they may not grow).
 */
import { expect, test } from "vitest";
import { measureSite } from "../../scripts/page-js.ts";
import { pageLimit, readBudget } from "../../scripts/size-budget.ts";

const budget = readBudget();
const pages = measureSite("dist");

test("plain pages stay within Starlight's JavaScript baseline plus margin", () => {
  expect(pages.length).toBeGreaterThan(10);
  // The budget applies to pages without widgets: there must be some, or the check is empty.
  const plain = pages.filter((p) => !p.hasWidget);
  expect(plain.length).toBeGreaterThan(0);
  const over = plain.filter((p) => p.gzipBytes > pageLimit(budget, p).bytes).map((p) => `${p.page}: ${p.gzipBytes} B`);
  expect(over, `limit ${budget.starlightBaselineGzip + budget.plainPageMarginGzip} B gzip`).toEqual([]);
});

test("widget pages ship at most 20 KB gzip beyond Starlight before any interaction (or their recorded ceiling)", () => {
  expect(budget.widgetPageMarginGzip).toBe(20 * 1024);
  const widgets = pages.filter((p) => p.hasWidget);
  expect(widgets.length).toBeGreaterThan(10);
  const over = widgets
    .map((p) => ({ p, limit: pageLimit(budget, p) }))
    .filter(({ p, limit }) => p.gzipBytes > limit.bytes)
    .map(({ p, limit }) => `${p.page}: ${p.gzipBytes} B > ${limit.bytes} B (${limit.rule})`);
  expect(over).toEqual([]);
});

test("every recorded ceiling names a built widget page that still needs it", () => {
  const margin = budget.starlightBaselineGzip + budget.widgetPageMarginGzip;
  for (const [path, ceiling] of Object.entries(budget.widgetPageCeilings)) {
    const page = pages.find((p) => p.page === path);
    expect(page?.hasWidget, `${path} is a built widget page`).toBe(true);
    expect(ceiling, `${path}: a ceiling only for pages over the margin`).toBeGreaterThan(margin);
    expect(page?.gzipBytes ?? 0, `${path} fits the 20 KB margin now: delete its ceiling`).toBeGreaterThan(margin);
  }
});
