/** Small pure text helpers shared by the reviewer and the experiment widget. */
import { wbrEscaped } from "../text/wbr.ts";

export { fill } from "../text/fill.ts";

const ESC: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escape text for HTML/SVG element content and attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESC[c] ?? c);
}

/**
 * Turn `code` spans written with backticks in a template into <code>
 * elements (with <wbr> after the "_" and "." of identifiers), escaping
 * everything else.
 */
export function inlineCode(text: string): string {
  return esc(text).replace(/`([^`]+)`/g, (_, code: string) => `<code>${wbrEscaped(code)}</code>`);
}

export function formatNumber(value: number, locale: string, digits = 0): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}
