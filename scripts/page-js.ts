/**
 * Measures the JavaScript each built page ships on load: every module script
 * it references plus the static imports those modules pull in, gzipped.
 * Dynamic `import()` targets are excluded: they load only on interaction.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, posix, relative } from "node:path";
import { gzipSync } from "node:zlib";

export interface PageJs {
  /** Site path, e.g. "/start-here/". */
  readonly page: string;
  /** Gzipped bytes of all scripts the page loads before any interaction. */
  readonly gzipBytes: number;
  /** True when the page embeds an interactive widget (an element with data-widget). */
  readonly hasWidget: boolean;
  readonly files: readonly string[];
}

const SCRIPT_SRC = /<script\b[^>]*\bsrc="([^"]+)"[^>]*>/g;
const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g;
// Static imports only: `import x from "./a.js"`, `import "./a.js"`, `export * from "./a.js"`.
const STATIC_IMPORT = /(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+\s*from\s*)?["']([^"']+\.js)["']/g;

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith(".html") ? [path] : [];
  });
}

function gz(text: string): number {
  return gzipSync(text, { level: 9 }).length;
}

export function measurePage(distDir: string, htmlPath: string): PageJs {
  const html = readFileSync(htmlPath, "utf8");
  const seen = new Set<string>();
  let bytes = 0;
  const visit = (urlPath: string): void => {
    if (seen.has(urlPath) || !urlPath.startsWith("/")) return;
    seen.add(urlPath);
    const code = readFileSync(join(distDir, urlPath), "utf8");
    bytes += gz(code);
    for (const match of code.matchAll(STATIC_IMPORT)) {
      const spec = match[1];
      if (spec !== undefined) visit(posix.resolve(posix.dirname(urlPath), spec));
    }
  };
  for (const match of html.matchAll(SCRIPT_SRC)) if (match[1] !== undefined) visit(match[1]);
  for (const match of html.matchAll(INLINE_SCRIPT)) {
    const attrs = match[1] ?? "";
    const body = match[2] ?? "";
    // JSON data blocks are not JavaScript.
    if (/type="application\/(ld\+)?json"/.test(attrs) || body.trim() === "") continue;
    bytes += gz(body);
  }
  const rel = relative(distDir, htmlPath).split("\\").join("/");
  const page = "/" + rel.replace(/index\.html$/, "").replace(/\.html$/, "/");
  return { page, gzipBytes: bytes, hasWidget: /\sdata-widget[=\s>]/.test(html), files: [...seen] };
}

export function measureSite(distDir: string): PageJs[] {
  return htmlFiles(distDir)
    .map((file) => measurePage(distDir, file))
    .sort((a, b) => a.page.localeCompare(b.page));
}
