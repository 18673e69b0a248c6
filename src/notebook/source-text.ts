/**
 * Code as a page author writes it inside an MDX attribute — indented with
 * the markup, with blank lines at both ends — normalised to what the reader
 * sees and edits.
 */
export function dedentCode(code: string): string {
  const lines = code.replace(/\r\n?/g, "\n").replace(/\t/g, "  ").split("\n");
  while (lines.length && lines[0]?.trim() === "") lines.shift();
  while (lines.length && lines[lines.length - 1]?.trim() === "") lines.pop();
  const indents = lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(common, l.length)).trimEnd()).join("\n");
}
