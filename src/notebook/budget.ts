/**
 * The output budget of one cell run: how many items and how much text and
 * capture data may reach the page. Everything a cell prints passes through
 * admit(), so no kind of output can bypass the limits (captures once did:
 * two 256 MB pcaps reached the page and froze it).
 */
import { OUTPUT_LIMITS, type OutputItem } from "./protocol.ts";

export type OutputLimits = { readonly [K in keyof typeof OUTPUT_LIMITS]: number };

/** Characters an item costs against the text budget (captures have their own byte budget). */
export function itemChars(item: OutputItem): number {
  switch (item.kind) {
    case "text":
      return item.text.length;
    case "table":
      return item.rows.reduce((n, row) => n + row.reduce((m, c) => m + c.length, 0), 0);
    case "trace":
      return item.events.length * 40;
    case "chart":
      return item.points.length * 8;
    case "scenario":
      return item.summary.reduce((n, [k, v]) => n + k.length + v.length, 0);
    default:
      return 0;
  }
}

export class OutputBudget {
  private items = 0;
  private chars = 0;
  private pcapBytes = 0;
  private done = false;
  private readonly limits: OutputLimits;

  constructor(limits: OutputLimits = OUTPUT_LIMITS) {
    this.limits = limits;
  }

  /** True once the run has printed more than a cell shows. */
  get truncated(): boolean {
    return this.done;
  }

  /**
   * What to send for `item`: the item itself, a note that replaces it
   * (a capture over the byte budget), a single "truncated" note when the
   * run goes over, or null once truncated.
   */
  admit(item: OutputItem): OutputItem | null {
    if (this.done) return null;
    this.items += 1;
    this.chars += itemChars(item);
    if (this.items > this.limits.items || this.chars > this.limits.chars) {
      this.done = true;
      return { kind: "truncated" };
    }
    if (item.kind === "pcap") {
      const size = item.bytes.length;
      if (this.pcapBytes + size > this.limits.pcapBytes) {
        return { kind: "pcapOmitted", bytes: size, limit: this.limits.pcapBytes };
      }
      this.pcapBytes += size;
    }
    return item;
  }
}
