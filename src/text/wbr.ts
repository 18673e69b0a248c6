/**
 * Break opportunities for identifiers such as `net.ipv4.tcp_tw_reuse`: a
 * <wbr> after every "_" and "." that follows a letter or digit and precedes
 * a letter, so a narrow screen wraps them at their separators rather than
 * mid-word. Numbers (10.0.0.1, 0.5) are left whole. The Markdown side does
 * the same with scripts/wbr-identifiers.mjs.
 */
const BREAK_AFTER = /(?<=[A-Za-z0-9][._])(?=[A-Za-z])/g;

/** Adds <wbr> to text that is already HTML-escaped (entities hold no "_" or "."). */
export function wbrEscaped(escaped: string): string {
  return escaped.replace(BREAK_AFTER, "<wbr>");
}

/** Escapes `text` for HTML and adds <wbr> at the identifier separators. */
export function wbrHtml(text: string): string {
  return wbrEscaped(text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`));
}
