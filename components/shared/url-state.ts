/**
 * Widget state in the page URL, so a teacher can link to an exact setup.
 * Each widget owns a prefix ("hs." for the handshake stepper); values are
 * parsed by the widget, and anything unreadable falls back to the default.
 */
export function readParams(prefix: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(location.search)) {
    if (key.startsWith(prefix)) out.set(key.slice(prefix.length), value);
  }
  return out;
}

/** Replaces this widget's parameters in the URL without adding history entries. */
export function writeParams(
  prefix: string,
  values: Readonly<Record<string, string | number | boolean | undefined>>,
): void {
  const url = new URL(location.href);
  for (const key of [...url.searchParams.keys()]) if (key.startsWith(prefix)) url.searchParams.delete(key);
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== "") url.searchParams.set(prefix + key, String(value));
  }
  history.replaceState(history.state, "", url);
}

export function prefersReducedMotion(): boolean {
  return matchMedia("(prefers-reduced-motion: reduce)").matches;
}
