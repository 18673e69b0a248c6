/**
 * Just enough of Source Map v3 to map a position in the JavaScript sucrase
 * produced back to the TypeScript the reader wrote. Sucrase keeps every line
 * where it was and maps each token start, so one lookup per line suffices.
 */

export interface RawSourceMap {
  readonly version: number;
  readonly mappings: string;
}

/** Per generated line: segments [generatedColumn, sourceLine, sourceColumn], sorted by column (all 0-based). */
export type DecodedMap = readonly (readonly (readonly [number, number, number])[])[];

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** Decodes one Base64 VLQ group ("AAAA") into its numbers. Throws on a malformed group. */
export function decodeVlq(group: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of group) {
    const digit = DIGIT.get(char);
    if (digit === undefined) throw new Error(`source map: bad VLQ character "${char}"`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    out.push(value % 2 === 1 ? -(value - 1) / 2 : value / 2);
    value = 0;
    shift = 0;
  }
  if (shift !== 0) throw new Error("source map: truncated VLQ group");
  return out;
}

export function decodeMappings(map: RawSourceMap): DecodedMap {
  const lines: [number, number, number][][] = [];
  let sourceLine = 0;
  let sourceColumn = 0;
  for (const lineText of map.mappings.split(";")) {
    let generatedColumn = 0;
    const segments: [number, number, number][] = [];
    for (const group of lineText.split(",")) {
      if (group === "") continue;
      const fields = decodeVlq(group);
      generatedColumn += fields[0] ?? 0;
      if (fields.length >= 4) {
        sourceLine += fields[2] ?? 0;
        sourceColumn += fields[3] ?? 0;
        segments.push([generatedColumn, sourceLine, sourceColumn]);
      }
    }
    segments.sort((a, b) => a[0] - b[0]);
    lines.push(segments);
  }
  return lines;
}

/**
 * Original position (0-based line and column) of a generated position: the
 * last mapped token that starts at or before the column. Unmapped lines map
 * to the same line, column unchanged (sucrase never moves lines).
 */
export function originalPosition(map: DecodedMap, line: number, column: number): { line: number; column: number } {
  const segments = map[line];
  if (segments === undefined || segments.length === 0) return { line, column };
  let best = segments[0];
  for (const segment of segments) {
    if (segment[0] > column) break;
    best = segment;
  }
  if (best === undefined || best[0] > column) return { line, column: 0 };
  return { line: best[1], column: best[2] };
}
