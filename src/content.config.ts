import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { docsSchema, i18nSchema } from "@astrojs/starlight/schema";

/**
 * Lessons live in the top-level `content/` folder (design card), not in
 * Starlight's default `src/content/docs/`; `src/` is kept for engine code.
 * Widgets take every visible string as props from the page that embeds
 * them, so no separate UI-string collection is needed for them.
 *
 * `i18n` is Starlight's own collection of overrides for its interface
 * strings (search, theme picker, ...). Starlight asks for it on every page;
 * without it the dev server warned 'The collection "i18n" does not exist or
 * is empty'. Starlight's built-in English and Simplified Chinese strings are
 * used as they are, so the collection holds one empty English entry (Astro
 * treats a collection with no entries as missing and warns the same way).
 * An override goes in here as `{ id: "zh-CN", data: { "search.label": "…" } }`.
 */
const uiStringOverrides: readonly { id: string; data: Record<string, string> }[] = [{ id: "en", data: {} }];

export const collections = {
  docs: defineCollection({
    loader: glob({ pattern: "**/[^_]*.{md,mdx}", base: "./content" }),
    schema: docsSchema(),
  }),
  i18n: defineCollection({
    loader: {
      name: "tcp-lab-ui-strings",
      load: async ({ store, parseData }) => {
        store.clear();
        for (const { id, data } of uiStringOverrides) store.set({ id, data: await parseData({ id, data }) });
      },
    },
    schema: i18nSchema(),
  }),
};
