/**
 * console.table for notebook cells: turns the argument into a grid of text,
 * the way browsers and Node lay it out — one row per array item or object
 * key, one column per property seen, primitives in a "Values" column.
 */
import { formatValue } from "./format.ts";

export interface TableModel {
  /** Header row; the first column holds the row keys. */
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Rows left out because of the row limit. */
  readonly omittedRows: number;
}

export const INDEX_COLUMN = "(index)";
export const VALUES_COLUMN = "Values";

function cell(value: unknown): string {
  return formatValue(value, { depth: 1, maxItems: 10, maxString: 200, width: 60 });
}

/** Returns null when the data is not tabular (a primitive), so the caller logs it instead. */
export function toTable(data: unknown, columnFilter?: readonly string[], maxRows = 500): TableModel | null {
  if (data === null || typeof data !== "object") return null;
  let entries: [string, unknown][];
  if (data instanceof Map) entries = [...data.entries()].map(([k, v]) => [cell(k), v]);
  else if (data instanceof Set) entries = [...data.values()].map((v, i) => [String(i), v]);
  else entries = Object.entries(data);
  const shown = entries.slice(0, maxRows);
  const keys: string[] = [];
  let hasValues = false;
  for (const [, row] of shown) {
    if (row !== null && typeof row === "object" && !Array.isArray(row) && !ArrayBuffer.isView(row)) {
      for (const k of Object.keys(row)) if (!keys.includes(k)) keys.push(k);
    } else if (Array.isArray(row)) {
      row.forEach((_, i) => {
        if (!keys.includes(String(i))) keys.push(String(i));
      });
    } else hasValues = true;
  }
  const columns = columnFilter ? keys.filter((k) => columnFilter.includes(k)) : keys;
  const header = [INDEX_COLUMN, ...columns, ...(hasValues && !columnFilter ? [VALUES_COLUMN] : [])];
  const rows = shown.map(([key, row]) => {
    const isRecord = row !== null && typeof row === "object" && !ArrayBuffer.isView(row);
    const cells = columns.map((c) =>
      isRecord && Object.prototype.hasOwnProperty.call(row, c) ? cell((row as Record<string, unknown>)[c]) : "",
    );
    if (hasValues && !columnFilter) cells.push(isRecord ? "" : cell(row));
    return [key, ...cells];
  });
  return { columns: header, rows, omittedRows: entries.length - shown.length };
}
