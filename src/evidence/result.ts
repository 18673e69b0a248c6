/**
 * One recorded kernel experiment (`lab/results/<id>.json`, schema in
 * `lab/README.md`) and the pure helpers the Evidence pages use to show it.
 * Parsing checks every field, so a malformed result stops the build with a
 * message naming the file and the field instead of rendering a half-empty page.
 */

export type FigureValue = number | string | boolean | (number | string)[] | null;

export interface Figure {
  name: string;
  label: string;
  labelZh: string;
  unit: string;
  kernel: FigureValue;
  sim: FigureValue;
  tolerance: number;
  agree: boolean;
}

export interface Result {
  id: string;
  claim: string;
  claimZh: string;
  script: string;
  twin: string;
  kernel: string;
  ranAt: string;
  durationS: number;
  figures: Figure[];
  verdict: "agree" | "disagree";
  note: string | null;
  noteZh: string | null;
  pcap: string | null;
}

/** Ids are kebab-case and become URL segments: /evidence/<id>/. */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z$/;

export class ResultError extends Error {
  override name = "ResultError";
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail(source: string, field: string, expected: string, value: unknown): never {
  throw new ResultError(`${source}: "${field}" must be ${expected}, got ${JSON.stringify(value) ?? "nothing"}`);
}

function str(o: Obj, key: string, source: string, prefix = ""): string {
  const v = o[key];
  if (typeof v !== "string" || v.trim() === "") fail(source, prefix + key, "a non-empty string", v);
  return v;
}

function strOrNull(o: Obj, key: string, source: string): string | null {
  const v = o[key];
  if (v === null) return null;
  if (typeof v !== "string" || v.trim() === "") fail(source, key, "a non-empty string or null", v);
  return v;
}

function isFigureValue(v: unknown): v is FigureValue {
  if (v === null || typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v);
  return Array.isArray(v) && v.every((e) => typeof e === "string" || (typeof e === "number" && Number.isFinite(e)));
}

function parseFigure(value: unknown, index: number, source: string): Figure {
  const at = `figures[${index}].`;
  if (!isObj(value)) fail(source, `figures[${index}]`, "an object", value);
  const figure: Figure = {
    name: str(value, "name", source, at),
    label: str(value, "label", source, at),
    labelZh: str(value, "labelZh", source, at),
    unit: str(value, "unit", source, at),
    kernel: null,
    sim: null,
    tolerance: 0,
    agree: false,
  };
  for (const side of ["kernel", "sim"] as const) {
    const v = value[side];
    if (!(side in value) || !isFigureValue(v)) fail(source, at + side, "a number, string, boolean, array or null", v);
    figure[side] = v;
  }
  const tolerance = value["tolerance"];
  if (typeof tolerance !== "number" || !(tolerance >= 0)) fail(source, at + "tolerance", "a number ≥ 0", tolerance);
  figure.tolerance = tolerance;
  const agree = value["agree"];
  if (typeof agree !== "boolean") fail(source, at + "agree", "true or false", agree);
  figure.agree = agree;
  return figure;
}

/** Validates one parsed JSON value; `source` names the file in error messages. */
export function parseResult(value: unknown, source: string): Result {
  if (!isObj(value)) fail(source, "(top level)", "an object", value);
  const id = str(value, "id", source);
  if (!ID_PATTERN.test(id)) fail(source, "id", "kebab-case (a-z, 0-9, single hyphens)", id);
  const ranAt = str(value, "ranAt", source);
  if (!ISO_UTC.test(ranAt)) fail(source, "ranAt", "an ISO 8601 UTC time such as 2026-12-05T09:40:12Z", ranAt);
  const durationS = value["durationS"];
  if (typeof durationS !== "number" || !(durationS >= 0)) fail(source, "durationS", "a number ≥ 0", durationS);
  const figures = value["figures"];
  if (!Array.isArray(figures) || figures.length === 0) fail(source, "figures", "a non-empty array", figures);
  const verdict = value["verdict"];
  if (verdict !== "agree" && verdict !== "disagree") fail(source, "verdict", '"agree" or "disagree"', verdict);
  const pcap = strOrNull(value, "pcap", source);
  if (pcap !== null && !/^[A-Za-z0-9._-]+\.pcap$/.test(pcap))
    fail(source, "pcap", "a file name ending in .pcap (no folder) or null", pcap);
  const result: Result = {
    id,
    claim: str(value, "claim", source),
    claimZh: str(value, "claimZh", source),
    script: str(value, "script", source),
    twin: str(value, "twin", source),
    kernel: str(value, "kernel", source),
    ranAt,
    durationS,
    figures: figures.map((f, i) => parseFigure(f, i, source)),
    verdict,
    note: strOrNull(value, "note", source),
    noteZh: strOrNull(value, "noteZh", source),
    pcap,
  };
  const allAgree = result.figures.every((f) => f.agree);
  if ((verdict === "agree") !== allAgree)
    fail(source, "verdict", `"${allAgree ? "agree" : "disagree"}" (it must follow the figures' "agree")`, verdict);
  return result;
}

/** Results in a stable order (by id), refusing two files with the same id. */
export function sortResults(results: readonly Result[]): Result[] {
  const seen = new Set<string>();
  for (const r of results) {
    if (seen.has(r.id)) throw new ResultError(`two results have the id "${r.id}"`);
    seen.add(r.id);
  }
  return [...results].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The short kernel release shown on the pages ("6.18.44" from "6.18.44-fc-v1272"). */
export function kernelRelease(uname: string): string {
  return /^\d+\.\d+(?:\.\d+)?/.exec(uname)?.[0] ?? uname;
}

/** "2026-12-05" and "09:40 UTC" from an ISO UTC time, without reading any clock. */
export function ranOn(ranAt: string): { date: string; time: string } {
  return { date: ranAt.slice(0, 10), time: `${ranAt.slice(11, 16)} UTC` };
}

/** Words for the parts of a figure that are not numbers; they come from the page's strings. */
export interface ValueWords {
  yes: string;
  no: string;
  none: string;
  exact: string;
  /** Suffix per unit, e.g. { s: " s", ms: " ms" }; units not listed get none. */
  units: Record<string, string>;
}

function num(n: number): string {
  return String(Number(n.toFixed(3)));
}

function scalar(v: number | string | boolean, words: ValueWords): string {
  if (typeof v === "boolean") return v ? words.yes : words.no;
  if (typeof v === "number") return num(v);
  return v;
}

/** One figure value as text, with its unit: "61.8 s", "0, 1, 2, 3 s", "EADDRNOTAVAIL". */
export function formatValue(value: FigureValue, unit: string, words: ValueWords): string {
  if (value === null) return words.none;
  const suffix = words.units[unit] ?? "";
  if (Array.isArray(value))
    return value.length === 0 ? words.none : value.map((v) => scalar(v, words)).join(", ") + suffix;
  return typeof value === "number" ? num(value) + suffix : scalar(value, words);
}

/** The allowed difference: "exact" or "± 2 s". */
export function formatTolerance(figure: Figure, words: ValueWords): string {
  if (figure.tolerance === 0 || typeof figure.kernel === "string" || typeof figure.kernel === "boolean")
    return words.exact;
  return `± ${num(figure.tolerance)}${words.units[figure.unit] ?? ""}`;
}
