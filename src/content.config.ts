import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { docsSchema } from "@astrojs/starlight/schema";

/**
 * Lessons live in the top-level `content/` folder (design card), not in
 * Starlight's default `src/content/docs/`; `src/` is kept for engine code.
 * Widgets take every visible string as props from the page that embeds
 * them, so no separate UI-string collection is needed.
 */
export const collections = {
  docs: defineCollection({
    loader: glob({ pattern: "**/[^_]*.{md,mdx}", base: "./content" }),
    schema: docsSchema(),
  }),
};
