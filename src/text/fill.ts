/**
 * `fill("Removed in {version}", { version: "4.12" })` → "Removed in 4.12": the
 * one placeholder filler every widget, lesson model, quiz and page uses for the
 * strings JSON under content/_strings/. Unknown placeholders stay visible, so a
 * missing value is noticed on the page rather than silently dropped. `terms`
 * optionally translates a filled value (the quiz maps "SYN_SENT" and the like to
 * the page's words).
 */
export function fill(
  template: string,
  values: Readonly<Record<string, string | number | undefined>>,
  terms: Readonly<Record<string, string>> = {},
): string {
  return template
    .replace(PLURAL, (whole, key: string, one: string, other: string) => {
      const v = values[key];
      if (v === undefined) return whole;
      return (Number(v) === 1 ? one : other).replace(/#/g, String(v));
    })
    .replace(/\{(\w+)\}/g, (whole, key: string) => {
      const v = values[key];
      if (v === undefined) return whole;
      const s = String(v);
      return terms[s] ?? s;
    });
}

/**
 * ICU MessageFormat's plural, in the two forms the site's languages need:
 * `{count, plural, one {# line} other {# lines}}` ("#" is the count). English
 * takes `one` for exactly 1; Chinese, having no plural, writes `{count} 行`.
 */
const PLURAL = /\{(\w+), plural, one \{([^{}]*)\} other \{([^{}]*)\}\}/g;
