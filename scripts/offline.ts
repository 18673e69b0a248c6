/**
 * Offline once visited: the build side of the service worker in public/sw.js.
 *
 * - On `astro build` only (never the dev server), every page gets a tiny
 *   inline script that registers /sw.js after the page has loaded. It is an
 *   inline script like Starlight's own, so tcp-lab:csp (scripts/csp.ts) adds
 *   its sha256 hash to the page's script-src; /sw.js is same-origin, which
 *   `script-src 'self'` / `worker-src 'self'` allow.
 * - After the build it writes dist/offline-manifest.json: for every page,
 *   the same-origin files it needs to work (its scripts with the modules they
 *   import, statically or with import(), its workers, styles and icons), and
 *   the four lesson pages the worker saves on the first visit. It fails the
 *   build if those four pages with their files exceed LESSON_CAP_BYTES.
 * - It stamps dist/sw.js with a version (a hash of the site's files), so a
 *   new build installs a new worker, which refreshes the saved pages and
 *   drops the old ones.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, posix, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";

/** The lessons saved on the first visit, in the visitor's language (paths without /zh-cn). */
export const LESSONS = [
  "/handshake/three-way-handshake/",
  "/closing/time-wait/",
  "/short-connections/port-exhaustion/",
  "/short-connections/proxies/",
] as const;

/** Most bytes (uncompressed, as the Cache Storage holds them) the four lessons and their files may take per language. */
export const LESSON_CAP_BYTES = 3 * 1024 * 1024;

export const MANIFEST_FILE = "offline-manifest.json";
const VERSION_PLACEHOLDER = '"__TCP_LAB_VERSION__"';

/** Registers the worker once the page has loaded; a browser without service workers just reads on. */
export const REGISTER_SCRIPT =
  'addEventListener("load",()=>navigator.serviceWorker?.register("/sw.js").catch(()=>{}));';

export interface OfflineManifest {
  readonly version: string;
  /** Every file any page needs, once; pages refer to them by index. */
  readonly files: readonly string[];
  /** Page path ("/closing/time-wait/") → indices into `files`. */
  readonly pages: Readonly<Record<string, readonly number[]>>;
  readonly lessons: readonly string[];
  /** Language prefixes ("" for English, "/zh-cn") → bytes of the lessons and their files in that language. */
  readonly lessonBytes: Readonly<Record<string, number>>;
  readonly lessonCapBytes: number;
}

const HTML_REF = /\b(?:src|href)="(\/[^"#?]*)"/g;
// Any quoted module, style or data file a script names: static and dynamic imports, Vite's preload
// lists ("_astro/x.js"), workers (new URL("x.js", import.meta.url)).
const JS_REF = /["'`]((?:\.{1,2}\/|\/|_astro\/)[^"'`\s]*?\.(?:js|mjs|css|wasm|json))["'`]/g;
const CSS_REF = /url\(\s*["']?([^"')]+)["']?\s*\)/g;

function* htmlFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* htmlFiles(path);
    else if (name.endsWith(".html")) yield path;
  }
}

function pagePath(dist: string, file: string): string {
  const rel = relative(dist, file).split("\\").join("/");
  return "/" + rel.replace(/index\.html$/, "").replace(/\.html$/, "/");
}

/** The same-origin files (URL paths) a built page needs, found by following its references. */
export function pageFiles(dist: string, html: string): string[] {
  const found = new Set<string>();
  const isFile = (urlPath: string): boolean => {
    const path = join(dist, urlPath);
    return !urlPath.endsWith("/") && !urlPath.endsWith(".html") && existsSync(path) && statSync(path).isFile();
  };
  const visit = (urlPath: string): void => {
    if (found.has(urlPath) || !isFile(urlPath)) return;
    found.add(urlPath);
    if (urlPath.endsWith(".js") || urlPath.endsWith(".mjs")) {
      const code = readFileSync(join(dist, urlPath), "utf8");
      for (const m of code.matchAll(JS_REF)) {
        const spec = m[1] ?? "";
        const resolved = spec.startsWith("/")
          ? spec
          : spec.startsWith("_astro/")
            ? "/" + spec
            : posix.resolve(posix.dirname(urlPath), spec);
        visit(resolved);
      }
    } else if (urlPath.endsWith(".css")) {
      const css = readFileSync(join(dist, urlPath), "utf8");
      for (const m of css.matchAll(CSS_REF)) {
        const ref = (m[1] ?? "").trim();
        if (ref.startsWith("data:") || /^[a-z]+:/i.test(ref)) continue;
        visit(ref.startsWith("/") ? ref : posix.resolve(posix.dirname(urlPath), ref));
      }
    }
  };
  for (const m of html.matchAll(HTML_REF)) visit(m[1] ?? "");
  return [...found].sort();
}

export function buildManifest(dist: string): OfflineManifest {
  const files: string[] = [];
  const index = new Map<string, number>();
  const pages: Record<string, number[]> = {};
  const hash = createHash("sha256");
  const entries = [...htmlFiles(dist)].map((file) => ({ file, path: pagePath(dist, file) }));
  entries.sort((a, b) => a.path.localeCompare(b.path));
  for (const { file, path } of entries) {
    const html = readFileSync(file, "utf8");
    hash.update(path).update(html);
    pages[path] = pageFiles(dist, html).map((f) => {
      let i = index.get(f);
      if (i === undefined) {
        i = files.push(f) - 1;
        index.set(f, i);
        hash.update(f).update(readFileSync(join(dist, f)));
      }
      return i;
    });
  }
  const lessonBytes: Record<string, number> = {};
  for (const lang of ["", "/zh-cn"]) {
    const needed = new Set<string>();
    let bytes = 0;
    for (const lesson of LESSONS) {
      const path = lang + lesson;
      const refs = pages[path];
      if (refs === undefined) throw new Error(`offline: lesson page ${path} was not built`);
      bytes += statSync(join(dist, path, "index.html")).size;
      for (const i of refs) needed.add(files[i] ?? "");
    }
    for (const f of needed) bytes += statSync(join(dist, f)).size;
    lessonBytes[lang] = bytes;
  }
  return {
    version: hash.digest("hex").slice(0, 16),
    files,
    pages,
    lessons: [...LESSONS],
    lessonBytes,
    lessonCapBytes: LESSON_CAP_BYTES,
  };
}

export function offlineIntegration(): AstroIntegration {
  return {
    name: "tcp-lab:offline",
    hooks: {
      "astro:config:setup": ({ command, injectScript }) => {
        // The dev server's modules change on every edit: a worker there would only get in the way.
        if (command === "build") injectScript("head-inline", REGISTER_SCRIPT);
      },
      "astro:build:done": ({ dir, logger }) => {
        const dist = fileURLToPath(dir);
        const manifest = buildManifest(dist);
        for (const [lang, bytes] of Object.entries(manifest.lessonBytes)) {
          if (bytes > LESSON_CAP_BYTES) {
            throw new Error(
              `offline: the four lessons${lang ? ` (${lang})` : ""} with their files take ${bytes} B, over the ${LESSON_CAP_BYTES} B cap the service worker saves on a first visit`,
            );
          }
        }
        writeFileSync(join(dist, MANIFEST_FILE), JSON.stringify(manifest));
        const sw = join(dist, "sw.js");
        const source = readFileSync(sw, "utf8");
        if (!source.includes(VERSION_PLACEHOLDER)) throw new Error(`offline: dist/sw.js has no ${VERSION_PLACEHOLDER}`);
        writeFileSync(sw, source.replace(VERSION_PLACEHOLDER, JSON.stringify(manifest.version)));
        const sizes = Object.entries(manifest.lessonBytes)
          .map(([lang, b]) => `${lang || "en"} ${(b / 1024).toFixed(0)} KiB`)
          .join(", ");
        logger.info(
          `service worker ${manifest.version}: ${Object.keys(manifest.pages).length} pages, ${manifest.files.length} files; first-visit lessons ${sizes} (cap ${LESSON_CAP_BYTES / 1024} KiB)`,
        );
      },
    },
  };
}
