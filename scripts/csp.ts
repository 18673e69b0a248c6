/**
 * Finishes the Content-Security-Policy that Astro's `security.csp` writes
 * into every built page as a <meta http-equiv>.
 *
 * Astro hashes the scripts it bundles, but not Starlight's `is:inline`
 * scripts (theme, search shortcut, sidebar restore), so those would be
 * blocked. After the build, this integration rewrites each HTML file:
 *
 * - adds the sha256 hash of every inline script the page runs (JSON data
 *   blocks are not scripts and need none) to `script-src`;
 * - adds 'unsafe-eval' only on pages with a notebook cell: the cell's worker
 *   starts from a blob: URL, so it inherits this page's policy, and it
 *   evaluates the reader's compiled code with eval (to show the value of the
 *   last expression). No page script evaluates strings;
 * - moves the meta to the top of <head>: a policy in a meta covers only what
 *   comes after it, and Starlight's theme script comes first.
 *
 * A page without the meta fails the build.
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";

const META = /<meta http-equiv="content-security-policy" content="([^"]*)"\s*\/?>/i;
const INLINE_SCRIPT = /<script(?![^>]*\ssrc=)([^>]*)>([\s\S]*?)<\/script>/gi;
/** `type` values a browser executes as script (absent, JavaScript MIME types, module). */
const EXECUTABLE = /^(|module|(text|application)\/(x-)?(java|ecma)script)$/i;

export function sha256Source(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/** The hash sources for every inline script of a page that a browser would run. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(INLINE_SCRIPT)) {
    const type = /\stype\s*=\s*"([^"]*)"/i.exec(match[1] ?? "")?.[1]?.trim() ?? "";
    if (EXECUTABLE.test(type)) hashes.add(sha256Source(match[2] ?? ""));
  }
  return [...hashes];
}

/** Parses "a x y; b z" into an ordered map of directive → sources. */
export function parsePolicy(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !map.has(name.toLowerCase())) map.set(name.toLowerCase(), sources);
  }
  return map;
}

export function serializePolicy(map: ReadonlyMap<string, readonly string[]>): string {
  return [...map].map(([name, sources]) => [name, ...sources].join(" ")).join("; ");
}

/** Returns the page with its CSP meta completed and moved to the top of <head>; throws if it has none. */
export function finishCsp(html: string, page = "page"): string {
  const meta = META.exec(html);
  if (!meta) throw new Error(`${page}: no Content-Security-Policy meta (is security.csp on in astro.config.mjs?)`);
  const policy = parsePolicy((meta[1] ?? "").replace(/&#39;/g, "'"));
  const script = policy.get("script-src") ?? ["'self'"];
  const wanted = [...inlineScriptHashes(html)];
  if (html.includes("<tcp-notebook-cell")) wanted.push("'unsafe-eval'");
  for (const source of wanted) if (!script.includes(source)) script.push(source);
  policy.set("script-src", script);
  const without = html.slice(0, meta.index) + html.slice(meta.index + meta[0].length);
  const tag = `<meta http-equiv="content-security-policy" content="${serializePolicy(policy)}">`;
  const charset = /<meta charset="[^"]*"\s*\/?>/i.exec(without);
  const head = /<head[^>]*>/i.exec(without);
  const anchor = charset ?? head;
  if (!anchor) throw new Error(`${page}: no <head>`);
  const at = anchor.index + anchor[0].length;
  return without.slice(0, at) + tag + without.slice(at);
}

function* htmlFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* htmlFiles(path);
    else if (name.endsWith(".html")) yield path;
  }
}

export function cspIntegration(): AstroIntegration {
  return {
    name: "tcp-lab:csp",
    hooks: {
      "astro:build:done": ({ dir, logger }) => {
        let pages = 0;
        for (const file of htmlFiles(fileURLToPath(dir))) {
          writeFileSync(file, finishCsp(readFileSync(file, "utf8"), file));
          pages++;
        }
        logger.info(`Content-Security-Policy finished in ${pages} pages`);
      },
    },
  };
}
