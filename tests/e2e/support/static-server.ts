/**
 * A tiny static file server for the browser suite: serves the production
 * build in dist/ the way `astro preview` does for this static site
 * (`/page/` and `/page` both answer with `page/index.html`, unknown paths get
 * dist/404.html with status 404), on a port of its own.
 *
 * Why not `astro preview`: Astro 7 keeps a lock file per project and refuses
 * a second preview server ("Another astro preview server is already
 * running"), so `npm test` failed whenever the reader had their own preview
 * open. This server shares nothing with Astro's and starts in milliseconds.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { extname, join, resolve, sep } from "node:path";

/** Content types of every kind of file the build writes (and a few it may). */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".wasm": "application/wasm",
  ".map": "application/json; charset=utf-8",
  ".pcap": "application/vnd.tcpdump.pcap",
};

export function contentType(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The file under `root` that answers `urlPath`, or undefined (404). Never a path outside `root`. */
export async function resolveFile(root: string, urlPath: string): Promise<string | undefined> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(urlPath);
  } catch {
    return undefined; // malformed %-escape
  }
  if (pathname.includes("\0")) return undefined;
  const base = resolve(root);
  const target = resolve(base, "." + pathname);
  if (target !== base && !target.startsWith(base + sep)) return undefined;
  const candidates = pathname.endsWith("/") ? [join(target, "index.html")] : [target, join(target, "index.html")];
  for (const c of candidates) if (await isFile(c)) return c;
  return undefined;
}

/** Start serving `root` on 127.0.0.1:`port` (0: any free port). Resolves with the server and its origin. */
export async function serveStatic(root: string, port = 0): Promise<{ server: Server; origin: string }> {
  const notFound = join(resolve(root), "404.html");
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" });
        res.end("Method Not Allowed\n");
        return;
      }
      const urlPath = new URL(req.url ?? "/", "http://localhost").pathname;
      const file = await resolveFile(root, urlPath);
      const status = file === undefined ? 404 : 200;
      const body = file ?? ((await isFile(notFound)) ? notFound : undefined);
      if (body === undefined) {
        res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
        res.end("Not Found\n");
        return;
      }
      const size = (await stat(body)).size;
      res.writeHead(status, { "Content-Type": contentType(body), "Content-Length": size, "Cache-Control": "no-store" });
      if (req.method === "HEAD") {
        res.end();
        return;
      }
      createReadStream(body)
        .on("error", () => res.destroy())
        .pipe(res);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      res.end();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => ok());
  });
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("static server: no address");
  return { server, origin: `http://127.0.0.1:${address.port}` };
}
