/**
 * Widget strings typed from their JSON files. A widget's dictionary type is
 * `typeof` its English file under content/_strings/en/, so asking for a key the
 * file lacks is a type error (astro check / tsc), and a Chinese file missing a
 * key fails where the page passes it to the widget.
 */

/** The keys of a dictionary whose values are strings (nested dictionaries excluded). */
export type TextKey<T> = { [K in keyof T]-?: T[K] extends string ? K : never }[keyof T] & string;

/** One string of a widget's dictionary; a page passing a wrong file still gets a clear error, not a blank. */
export function text<T extends object>(strings: T, key: TextKey<T>, widget: string): string {
  const v = (strings as Readonly<Record<string, unknown>>)[key];
  if (typeof v !== "string") throw new Error(`${widget}: missing string "${key}"`);
  return v;
}
