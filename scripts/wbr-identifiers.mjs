/**
 * Sätteri hast plugin (Astro's Markdown/MDX processor): inside inline `code`
 * (not code blocks), put a <wbr> after every "_" and "." that follows a
 * letter or digit and precedes a letter, so identifiers such as
 * net.ipv4.tcp_tw_reuse wrap at their separators on a narrow screen instead
 * of mid-word ("tcp_tw_reus / e"). Numbers (10.0.0.1, 0.5) are left alone.
 * The text, its copy and the search index are unchanged: <wbr> is empty.
 */
import { defineHastPlugin } from "satteri";

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

export const wbrIdentifiers = defineHastPlugin({
  name: "wbr-identifiers",
  element: {
    filter: ["code"],
    visit(node, ctx) {
      const parent = ctx.parent(node);
      if (parent && parent.type === "element" && parent.tagName === "pre") return;
      const children = node.children;
      if (!children.some((c) => c.type === "text" && BREAK_AFTER.test(c.value))) return;
      ctx.replaceNode(node, {
        ...node,
        children: children.flatMap((c) => (c.type === "text" ? splitIdentifier(c.value) : [c])),
      });
    },
  },
});
