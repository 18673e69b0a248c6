/**
 * The JavaScript size budget (scripts/size-budget.json) as one function, so
 * `npm run size` and tests/e2e/size.e2e.ts judge pages the same way.
 */
import { readFileSync } from "node:fs";
import type { PageJs } from "./page-js.ts";

export interface SizeBudget {
  readonly starlightBaselineGzip: number;
  readonly plainPageMarginGzip: number;
  readonly widgetPageMarginGzip: number;
  /** Widget pages over baseline + widget margin today: their measured figure, which they may not exceed. */
  readonly widgetPageCeilings: Readonly<Record<string, number>>;
}

export function readBudget(): SizeBudget {
  return JSON.parse(readFileSync(new URL("./size-budget.json", import.meta.url), "utf8")) as SizeBudget;
}

/** The page's path in English: both languages ship the same code. */
function englishPath(page: string): string {
  return page.replace(/^\/zh-cn\//, "/");
}

/** The most gzipped JS `page` may ship before any interaction, and why. */
export function pageLimit(budget: SizeBudget, page: PageJs): { bytes: number; rule: string } {
  if (!page.hasWidget) {
    return { bytes: budget.starlightBaselineGzip + budget.plainPageMarginGzip, rule: "plain page" };
  }
  const ceiling = budget.widgetPageCeilings[englishPath(page.page)];
  if (ceiling !== undefined) return { bytes: ceiling, rule: "widget page, recorded ceiling" };
  return { bytes: budget.starlightBaselineGzip + budget.widgetPageMarginGzip, rule: "widget page" };
}
