/**
 * Helpers for the zh-CN checks: what counts as "left in English" in a
 * translated string, and how Chinese a page's text is.
 */

/** Names that stay in their original form in Chinese text (products, tools, protocol and API vocabulary). */
export const KEPT_NAMES: readonly string[] = [
  "Linux",
  "Wireshark",
  "Moodle",
  "Canvas",
  "zip",
  "TypeScript",
  "JavaScript",
  "Windows",
  "Mac",
  "Ctrl",
  "Enter",
  "Esc",
  "Tab",
  "Home",
  "End",
  "Seq",
  "Ack",
  "Len",
  "GiB",
  "sysctl",
  "ss",
  "nstat",
  "tcpdump",
  "tshark",
  "packetdrill",
  "pcapng",
  "npm run explain",
  "state time-wait",
  "Recv-Q",
  "Send-Q",
  "-i any",
  "root",
  "Promise",
  "pcap",
  "worker",
  "keep-alive",
  "cookie",
  "cookies",
  "backlog",
  "Little's law",
  "tcp-lab",
  "easy",
  "medium",
  "hard",
];

/** `{name}` placeholders of a template (and `{name, plural, …}` ones), sorted and without repeats. */
export function placeholders(s: string): string[] {
  const plain = s.replace(/\{(\w+), plural, one \{[^{}]*\} other \{[^{}]*\}\}/g, "{$1}");
  return [...new Set([...plain.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ""))].sort();
}

/**
 * The Latin words of `s` that are neither code nor a kept name: what is left
 * after removing placeholders, `code`, quoted literals, identifiers (anything
 * with `_ . / : =`, a digit or parentheses), ALL-CAPS protocol words (TIME_WAIT,
 * SYN-ACK, EADDRNOTAVAIL), camel-case names (TSval, TcpExtTWRecycled) and the
 * kept names. A Chinese string leaves none.
 */
export function englishWords(s: string): string[] {
  let t = s
    .replace(/\{\w+\}/g, " ")
    .replace(/`[^`]*`/g, " ")
    .replace(/“[^”]*”/g, " ")
    .replace(/"[^"]*"/g, " ")
    .replace(/[A-Za-z0-9-]*(?:[_./:=][A-Za-z0-9]|\(|[0-9])[A-Za-z0-9_./:=()-]*/g, " ");
  for (const name of [...KEPT_NAMES].sort((a, b) => b.length - a.length)) {
    t = t.replace(new RegExp(`(?<![A-Za-z])${name.replace(/[.*+?^${}()|[\]\\']/g, "\\$&")}(?![A-Za-z])`, "g"), " ");
  }
  t = t
    // Command-line options (`ss -tan`, `--conn N`).
    .replace(/(?<![\w-])--?[a-z][\w-]*/g, " ")
    .replace(/(?<![A-Za-z])[A-Za-z][a-z]*[A-Z][A-Za-z0-9-]*(?![A-Za-z])/g, " ")
    .replace(/(?<![A-Za-z])[A-Z][A-Z0-9-]*(?![A-Za-z])/g, " ");
  return [...t.matchAll(/[A-Za-z]{2,}/g)].map((m) => m[0]);
}

/** Han characters (CJK Unified Ideographs and extension A). */
export function hanCount(s: string): number {
  return [...s.matchAll(/[\u3400-\u4dbf\u4e00-\u9fff]/g)].length;
}

/** Latin letters. */
export function latinCount(s: string): number {
  return [...s.matchAll(/[A-Za-z]/g)].length;
}

/**
 * Share of Han characters among Han characters and Latin words, counting a
 * Latin word as one unit (a Chinese character carries about as much as an
 * English word, not as a letter). 1 for pure Chinese, 0 for pure English.
 */
export function chineseShare(s: string): number {
  const han = hanCount(s);
  const words = [...s.matchAll(/[A-Za-z][A-Za-z0-9_'-]*/g)].length;
  return han + words === 0 ? 0 : han / (han + words);
}
