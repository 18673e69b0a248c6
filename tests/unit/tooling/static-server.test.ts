/** The browser suite's own static server: what it serves, with which type, and what it refuses. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serveStatic } from "../../e2e/support/static-server.ts";

let dir = "";
let root = "";
let server: Server;
let origin = "";

/** A raw GET, so paths like /%2e%2e/ reach the server unnormalised. */
function get(path: string, method = "GET"): Promise<{ status: number; type: string; body: string }> {
  return new Promise((ok, fail) => {
    const req = request(origin + "/", { method, path }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => ok({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body }));
    });
    req.on("error", fail);
    req.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "static-server-"));
  root = join(dir, "dist");
  mkdirSync(join(root, "guide", "deep"), { recursive: true });
  mkdirSync(join(root, "_astro"));
  writeFileSync(join(root, "index.html"), "<p>home</p>");
  writeFileSync(join(root, "404.html"), "<p>not here</p>");
  writeFileSync(join(root, "guide", "deep", "index.html"), "<p>deep</p>");
  writeFileSync(join(root, "_astro", "a.js"), "export {};");
  writeFileSync(join(root, "_astro", "a.css"), "p{}");
  writeFileSync(join(root, "icon.svg"), "<svg/>");
  writeFileSync(join(root, "font.woff2"), "w");
  writeFileSync(join(dir, "secret.txt"), "outside the root");
  ({ server, origin } = await serveStatic(root));
});

afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
  rmSync(dir, { recursive: true, force: true });
});

describe("static server for the browser suite", () => {
  it("listens on a free loopback port of its own", () => {
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(origin).not.toBe("http://127.0.0.1:4321");
  });

  it("serves pages with and without the trailing slash, as text/html", async () => {
    for (const p of ["/", "/guide/deep/", "/guide/deep", "/guide/deep/?q=1"]) {
      const r = await get(p);
      expect(r.status, p).toBe(200);
      expect(r.type, p).toBe("text/html; charset=utf-8");
    }
    expect((await get("/guide/deep/")).body).toBe("<p>deep</p>");
  });

  it("gives scripts, styles, images and fonts their MIME types", async () => {
    expect((await get("/_astro/a.js")).type).toBe("text/javascript; charset=utf-8");
    expect((await get("/_astro/a.css")).type).toBe("text/css; charset=utf-8");
    expect((await get("/icon.svg")).type).toBe("image/svg+xml");
    expect((await get("/font.woff2")).type).toBe("font/woff2");
  });

  it("answers unknown paths with 404.html and status 404", async () => {
    for (const p of ["/nope", "/guide/", "/_astro/missing.js", "/%E0%A4%A"]) {
      const r = await get(p);
      expect(r.status, p).toBe(404);
      expect(r.body, p).toBe("<p>not here</p>");
    }
  });

  it("never serves a file outside its root", async () => {
    for (const p of ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%00"]) {
      const r = await get(p);
      expect(r.status, p).toBe(404);
      expect(r.body, p).not.toContain("outside");
    }
  });

  it("answers HEAD without a body and refuses other methods", async () => {
    const head = await get("/", "HEAD");
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    expect((await get("/", "POST")).status).toBe(405);
  });
});
