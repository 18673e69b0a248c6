/**
 * Parsing what a reader types into the handshake stepper (and what a shared
 * link carries in its URL). Pure: returns a value or a reason, never throws,
 * so the widget can keep the previous valid value and say what was wrong.
 */

/** Largest sequence number: sequence space is 32 bits (RFC 9293 §3.4). */
export const MAX_SEQ = 0xffff_ffff;

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: "syntax" | "range" };

/**
 * An ISN as typed: decimal ("1000") or hex ("0x3e8"), 0..2^32−1. Empty text
 * or "auto" means "let the kernel choose" (its keyed-hash ISN), returned as null.
 */
export function parseIsn(text: string): Parsed<number | null> {
  const t = text.trim();
  if (t === "" || t.toLowerCase() === "auto") return { ok: true, value: null };
  let value: number;
  if (/^0x[0-9a-f]+$/i.test(t)) value = Number.parseInt(t.slice(2), 16);
  else if (/^\d+$/.test(t)) value = Number(t);
  else if (/^-\d+$/.test(t) || /^-0x[0-9a-f]+$/i.test(t)) return { ok: false, reason: "range" };
  else return { ok: false, reason: "syntax" };
  if (!Number.isSafeInteger(value) || value > MAX_SEQ) return { ok: false, reason: "range" };
  return { ok: true, value };
}

/** A whole number in [min, max], decimal only (counts of lost segments, steps). */
export function parseCount(text: string, min: number, max: number): Parsed<number> {
  const t = text.trim();
  if (/^-\d+$/.test(t)) return { ok: false, reason: "range" };
  if (!/^\d+$/.test(t)) return { ok: false, reason: "syntax" };
  const value = Number(t);
  if (!Number.isSafeInteger(value) || value < min || value > max) return { ok: false, reason: "range" };
  return { ok: true, value };
}

/** "1"/"0" as URLs carry switches. */
export function parseSwitch(text: string): Parsed<boolean> {
  if (text === "1") return { ok: true, value: true };
  if (text === "0") return { ok: true, value: false };
  return { ok: false, reason: "syntax" };
}

/** How an ISN is written back into an input or a URL: decimal, "" for automatic. */
export function formatIsn(value: number | null): string {
  return value === null ? "" : String(value);
}
