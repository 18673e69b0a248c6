/**
 * tcp-lab's service worker: the lessons keep working offline once visited.
 *
 * - Pages (navigations): network first, so an online reader always gets the
 *   current page; each page fetched is saved with the files it needs (listed
 *   at build time in /offline-manifest.json by scripts/offline.ts), and the
 *   saved copy answers only when the network does not.
 * - /_astro/ files have content hashes in their names and never change:
 *   saved copy first, network otherwise.
 * - Other files of this site (icons, the search index): network first, saved
 *   copy when offline.
 * - Requests to other origins are not touched (the site makes none).
 *
 * The first visit saves the page visited and the four lesson pages in its
 * language (within the cap the build checks). The build stamps VERSION; a
 * new build means a new worker, which saves again every page the old one had
 * saved, in its new version, then deletes the old copies.
 */
const VERSION = "__TCP_LAB_VERSION__";
const PREFIX = "tcp-lab-";
const CACHE = PREFIX + VERSION;
const MANIFEST = "/offline-manifest.json";

/** @type {Promise<{ files: string[], pages: Record<string, number[]>, lessons: string[] }> | undefined} */
let manifest;

function loadManifest() {
  manifest ??= (async () => {
    const cache = await caches.open(CACHE);
    let res = await cache.match(MANIFEST);
    if (!res) {
      const fresh = await fetch(MANIFEST, { cache: "no-store" });
      if (!fresh.ok) throw new Error(`${MANIFEST}: HTTP ${fresh.status}`);
      await cache.put(MANIFEST, fresh.clone());
      res = fresh;
    }
    return res.json();
  })().catch((error) => {
    manifest = undefined;
    throw error;
  });
  return manifest;
}

/** "/a/b" and "/a/b/index.html" are the page "/a/b/", as the manifest names it. */
function pageKey(url) {
  const path = new URL(url, self.location.href).pathname;
  if (path.endsWith("/index.html")) return path.slice(0, -"index.html".length);
  if (path.endsWith("/") || /\.[a-z0-9]+$/i.test(path)) return path;
  return path + "/";
}

function language(path) {
  return path === "/zh-cn/" || path.startsWith("/zh-cn/") ? "/zh-cn" : "";
}

/** Save the files `page` needs that are not saved yet. */
async function saveFiles(cache, page) {
  const m = await loadManifest();
  const files = (m.pages[page] ?? []).map((i) => m.files[i]);
  await Promise.all(
    files.map(async (file) => {
      if (!(await cache.match(file))) await cache.add(file);
    }),
  );
}

/** Fetch and save `page` with its files (a page the build did not make is skipped). */
async function savePage(cache, page) {
  const m = await loadManifest();
  if (!(page in m.pages)) return;
  await cache.add(page);
  await saveFiles(cache, page);
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const m = await loadManifest();
      const cache = await caches.open(CACHE);
      const pages = new Set();
      // The pages open now: the first visit, or the pages a reader has open when a new version arrives.
      const open = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      for (const client of open) pages.add(pageKey(client.url));
      const languages = new Set([...pages].map(language));
      if (languages.size === 0) languages.add("");
      for (const lang of languages) for (const lesson of m.lessons) pages.add(lang + lesson);
      // The pages an older version saved: saved again, in this version.
      for (const name of await caches.keys()) {
        if (!name.startsWith(PREFIX) || name === CACHE) continue;
        const old = await caches.open(name);
        for (const req of await old.keys()) {
          const key = pageKey(req.url);
          if (key in m.pages) pages.add(key);
        }
      }
      // One page that cannot be fetched now must not stop the rest.
      await Promise.all([...pages].map((page) => savePage(cache, page).catch(() => undefined)));
    })(),
  );
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

/** Network first; a good answer is saved with the page's files, the saved copy answers when offline. */
async function navigate(event) {
  const page = pageKey(event.request.url);
  try {
    const res = await fetch(event.request);
    if (res.ok && res.type === "basic") {
      const copy = res.clone();
      event.waitUntil(
        (async () => {
          const cache = await caches.open(CACHE);
          await cache.put(page, copy);
          await saveFiles(cache, page);
        })().catch(() => undefined),
      );
    }
    return res;
  } catch (error) {
    const saved = await caches.match(page);
    if (saved) return saved;
    throw error;
  }
}

/** Files with a content hash in their name: the saved copy is always right. */
async function immutable(request) {
  const saved = await caches.match(request, { ignoreSearch: true });
  if (saved) return saved;
  const res = await fetch(request);
  if (res.ok && res.type === "basic") {
    const cache = await caches.open(CACHE);
    await cache.put(request, res.clone());
  }
  return res;
}

async function networkFirst(request) {
  try {
    const res = await fetch(request);
    if (res.ok && res.type === "basic") {
      const cache = await caches.open(CACHE);
      await cache.put(request, res.clone());
    }
    return res;
  } catch (error) {
    const saved = await caches.match(request, { ignoreSearch: true });
    if (saved) return saved;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") event.respondWith(navigate(event));
  else if (url.pathname.startsWith("/_astro/")) event.respondWith(immutable(request));
  else if (url.pathname !== "/sw.js") event.respondWith(networkFirst(request));
});
