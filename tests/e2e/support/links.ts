/** Checks internal links and #anchors against the served site, fetching each target page once. */
const idsByPath = new Map<string, Promise<Set<string> | null>>();

function targetIds(origin: string, path: string): Promise<Set<string> | null> {
  let ids = idsByPath.get(path);
  if (!ids) {
    ids = fetch(origin + path).then(async (response) =>
      response.ok ? new Set([...(await response.text()).matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] ?? "")) : null,
    );
    idsByPath.set(path, ids);
  }
  return ids;
}

/** Returns a line per internal link whose page or anchor does not exist. */
export async function brokenLinks(origin: string, hrefs: readonly string[]): Promise<string[]> {
  const broken: string[] = [];
  for (const href of new Set(hrefs)) {
    const url = new URL(href);
    if (url.origin !== origin) continue;
    const ids = await targetIds(origin, url.pathname);
    if (ids === null) broken.push(`${url.pathname} (missing page)`);
    else if (url.hash.length > 1 && !ids.has(decodeURIComponent(url.hash.slice(1))))
      broken.push(`${url.pathname}${url.hash} (missing anchor)`);
  }
  return broken;
}
