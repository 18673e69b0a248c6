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

/** @typedef {{ type: string, tagName?: string, value?: string, children?: Node[] }} Node */

/** @param {Node} node */
function walk(node) {
  if (node.type === "element" && node.tagName === "pre") return;
  if (node.type === "element" && node.tagName === "code" && node.children) {
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
