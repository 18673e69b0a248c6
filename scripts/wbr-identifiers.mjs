/**
 * Rehype plugin (Astro's Markdown and MDX pipeline): inside inline `code`
 * (not code blocks), put a <wbr> after every "_" and "." that follows a
 * letter or digit and precedes a letter, so identifiers such as
 * net.ipv4.tcp_tw_reuse wrap at their separators on a narrow screen instead
 * of mid-word ("tcp_tw_reus / e"). Numbers (10.0.0.1, 0.5) are left alone.
 * The text, its copy and the search index are unchanged: <wbr> is empty.
 * Code blocks are Expressive Code's: the plugin never enters a <pre>.
 */

export const BREAK_AFTER = /(?<=[A-Za-z0-9][._])(?=[A-Za-z])/;

/** @param {string} value */
export function splitIdentifier(value) {
  return value
    .split(BREAK_AFTER)
    .flatMap((part, i) => [
      ...(i > 0 ? [{ type: "element", tagName: "wbr", properties: {}, children: [] }] : []),
      { type: "text", value: part },
    ]);
}

/** @typedef {{ type: string, tagName?: string, value?: string, properties?: Record<string, unknown>, children?: Node[] }} Node */

/**
 * Inline code up to this many characters is marked `short-code`: Chinese pages
 * keep such a span on one line (no "ack = y" / "+ 1" split), longer ones wrap.
 */
export const SHORT_CODE = 24;

/** @param {Node} node @returns {string} */
function textOf(node) {
  return node.type === "text" ? (node.value ?? "") : (node.children ?? []).map(textOf).join("");
}

/** @param {Node} node */
function walk(node) {
  if (node.type === "element" && node.tagName === "pre") return;
  if (node.type === "element" && node.tagName === "code" && node.children) {
    if (textOf(node).length <= SHORT_CODE) node.properties = { ...node.properties, className: ["short-code"] };
    node.children = node.children.flatMap((c) =>
      c.type === "text" && typeof c.value === "string" ? splitIdentifier(c.value) : [c],
    );
    return;
  }
  for (const child of node.children ?? []) walk(child);
}

export function wbrIdentifiers() {
  /** @param {Node} tree */
  return (tree) => walk(tree);
}
