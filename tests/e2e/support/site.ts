/** Reads the list of pages from the built sitemap, mapped onto the preview origin. */
import { readFileSync, readdirSync } from "node:fs";

export function sitemapPaths(): string[] {
  const files = readdirSync("dist").filter((name) => /^sitemap-\d+\.xml$/.test(name));
  if (files.length === 0) throw new Error("dist/ has no sitemap-N.xml: is @astrojs/sitemap running (it needs `site`)?");
  const paths = files.flatMap((file) =>
    [...readFileSync(`dist/${file}`, "utf8").matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] ?? "").pathname),
  );
  return [...new Set(paths)].sort();
}
