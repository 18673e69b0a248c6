/**
 * Reading and checking what a student typed. Numbers may be written with
 * group separators (spaces, commas, underscores, thin spaces) or in 0x hex;
 * anything else is refused with a reason the page turns into a message that
 * names what is accepted. What a Chinese input method types is read the same
 * way: full-width digits, letters and punctuation (３０２１, ０ｘＦＦ, ，),
 * the ideographic space, 、 between groups, 。 as the decimal point the
 * period key gives in Chinese mode, and a trailing 。 ending the answer.
 */
import type { Question } from "./types.ts";

export type ParseError = "empty" | "notNumber" | "badGrouping" | "tooLarge" | "notLetters" | "wrongCount" | "repeated";

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ParseError };

/** Space, comma, underscore, no-break space, thin space, narrow no-break space, apostrophe-free on purpose. */
const SEPARATORS = /[\s,_\u00a0\u2009\u202f]/;
const SEPARATORS_G = /[\s,_\u00a0\u2009\u202f]+/g;

/** Full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space folded to ASCII; nothing else changes. */
export function foldWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000]/g, (c) =>
    c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/** A typed number in ASCII form: widths folded, 、 as a group separator, 。 as the decimal point or the end. */
function asciiNumber(text: string): string {
  return foldWidth(text).trim().replace(/。$/, "").replace(/、/g, ",").replace(/。/g, ".").trim();
}

export function parseNumberAnswer(text: string): Parsed<number> {
  const t = asciiNumber(text);
  if (t === "") return { ok: false, error: "empty" };
  const hex = /^0x([0-9a-f][0-9a-f_\s\u00a0\u2009\u202f]*)$/i.exec(t);
  if (hex) {
    const digits = (hex[1] as string).replace(SEPARATORS_G, "");
    const value = parseInt(digits, 16);
    if (digits.length > 13 || !Number.isSafeInteger(value)) return { ok: false, error: "tooLarge" };
    return { ok: true, value };
  }
  const m = /^(-?)([0-9][0-9\s,_\u00a0\u2009\u202f]*)(\.[0-9]+)?$/.exec(t);
  if (!m) return { ok: false, error: "notNumber" };
  const intPart = (m[2] as string).trim();
  if (SEPARATORS.test(intPart)) {
    // Grouped: every group after the first has exactly three digits ("28 232", "4,294,967,295").
    const groups = intPart.split(SEPARATORS_G);
    if (groups.slice(1).some((g) => g.length !== 3) || (groups[0] ?? "").length > 3)
      return { ok: false, error: "badGrouping" };
  }
  const value = Number(`${m[1] ?? ""}${intPart.replace(SEPARATORS_G, "")}${m[3] ?? ""}`);
  if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) return { ok: false, error: "tooLarge" };
  return { ok: true, value };
}

/** An order of letters, e.g. "C A B", "c,a,b", "C→A→B", "Ｃ、Ａ、Ｂ". Must use each of `letters` once. */
export function parseOrderAnswer(text: string, letters: readonly string[]): Parsed<string> {
  const t = foldWidth(text).trim().toUpperCase();
  if (t === "") return { ok: false, error: "empty" };
  const cleaned = t.replace(/[\s,;>\-→_\u00a0\u2009\u202f、。]+/g, "");
  if (!/^[A-Z]+$/.test(cleaned)) return { ok: false, error: "notLetters" };
  const chars = [...cleaned];
  if (chars.some((c) => !letters.includes(c))) return { ok: false, error: "notLetters" };
  if (new Set(chars).size !== chars.length) return { ok: false, error: "repeated" };
  if (chars.length !== letters.length) return { ok: false, error: "wrongCount" };
  return { ok: true, value: cleaned };
}

export type Verdict =
  | { readonly status: "correct" }
  | { readonly status: "wrong"; readonly mistake?: string }
  | { readonly status: "invalid"; readonly error: ParseError };

/** Check a typed answer (number or order) or a chosen option index (as a string). */
export function checkAnswer(q: Question, input: string): Verdict {
  const a = q.answer;
  switch (a.kind) {
    case "number": {
      const p = parseNumberAnswer(input);
      if (!p.ok) return { status: "invalid", error: p.error };
      if (Math.abs(p.value - a.value) <= a.tolerance) return { status: "correct" };
      const d = q.distractors.find((x) => Math.abs(x.value - p.value) <= a.tolerance);
      return d === undefined ? { status: "wrong" } : { status: "wrong", mistake: d.mistake };
    }
    case "choice": {
      if (!/^\d+$/.test(input.trim())) return { status: "invalid", error: "empty" };
      const index = Number(input);
      if (index === a.correct) return { status: "correct" };
      // A chosen number that is a known distractor still earns the mistake hint.
      const chosen = a.options[index];
      if (chosen !== undefined && "literal" in chosen) {
        const d = q.distractors.find((x) => String(x.value) === chosen.literal);
        if (d !== undefined) return { status: "wrong", mistake: d.mistake };
      }
      return { status: "wrong" };
    }
    case "order": {
      const p = parseOrderAnswer(input, q.table?.letters ?? []);
      if (!p.ok) return { status: "invalid", error: p.error };
      return a.accepted.includes(p.value) ? { status: "correct" } : { status: "wrong" };
    }
  }
}
