/**
 * A student's results code: the assignment (its settings and either the
 * assignment code or the class seed), the student's identifier and their
 * answers, packed into bytes, followed by a CRC-32 of those bytes, written in
 * Crockford base32 and grouped in fives ("7ZK0Q-3M1PA-…") so it can be typed
 * into an LMS and pasted back. Decoding ignores spaces, hyphens and case,
 * folds full-width characters, reads I and L as 1 and O as 0, and refuses a
 * code whose check does not match: every single-character substitution and
 * every swap of two neighbouring characters changes at most 10 consecutive
 * bits, which CRC-32 always detects, and the unused bits of the last
 * character must be zero.
 *
 * The answers are stored in the form the site's grading reads (a choice as
 * its option index, a number as its value, an order as its letters), so a
 * grader regenerates the questions from the settings and grades them with
 * checkAnswer, exactly as the quiz page did.
 */
import { foldWidth, parseNumberAnswer, parseOrderAnswer } from "./answer.ts";
import { MAX_CODE_LENGTH, MAX_STUDENT_LENGTH } from "./params.ts";
import { MAX_QUESTIONS } from "./quiz.ts";
import { LEVELS, TOPICS, type Level, type Question, type Topic } from "./types.ts";

export const RESULTS_VERSION = 1;

/** One question's answer as recorded: nothing, revealed (scores 0), or the answer in graded form. */
export type RecordedAnswer =
  | { readonly kind: "none" }
  | { readonly kind: "revealed" }
  | { readonly kind: "choice"; readonly index: number }
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "text"; readonly text: string };

export interface Results {
  readonly topics: readonly Topic[];
  readonly count: number;
  readonly level: Level;
  /** Assignment code of a per-student link; the variant's seed is studentSeed(code, student). */
  readonly code?: string;
  /** Seed of a class-wide link (no assignment code). */
  readonly seed?: number;
  readonly student: string;
  /** True when the page was showing answers when the code was made (after the reveal date, or a practice link). */
  readonly answersVisible: boolean;
  /** One per question, in order (q1, q2…). */
  readonly answers: readonly RecordedAnswer[];
}

export type ResultsProblem = "empty" | "badCharacter" | "badLength" | "checksum" | "version" | "malformed";

export type Decoded =
  | { readonly ok: true; readonly results: Results }
  | { readonly ok: false; readonly problem: ResultsProblem; readonly character?: string };

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const GROUP = 5;

// ---------------------------------------------------------------- CRC-32 (IEEE 802.3, reflected)

const CRC_TABLE: readonly number[] = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// ---------------------------------------------------------------- base32

export function toBase32(bytes: Uint8Array): string {
  let out = "";
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(acc << (5 - bits)) & 31];
  return out;
}

/** Crockford's reading: case-insensitive, I and L are 1, O is 0. */
function symbolValue(c: string): number {
  const u = c.toUpperCase();
  const v = ALPHABET.indexOf(u === "I" || u === "L" ? "1" : u === "O" ? "0" : u);
  return v;
}

/** Bytes of base32 text, or a problem: a character outside the alphabet, or a length no byte string has. */
export function fromBase32(
  text: string,
): { readonly bytes: Uint8Array } | { readonly problem: "badCharacter" | "badLength"; readonly character?: string } {
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const c of text) {
    const v = symbolValue(c);
    if (v < 0) return { problem: "badCharacter", character: c };
    acc = ((acc << 5) | v) & 0x1fff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((acc >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  // What is left are the padding bits of the last character: fewer than 5, and all zero.
  if (bits >= 5 || (acc & ((1 << bits) - 1)) !== 0) return { problem: "badLength" };
  return { bytes: Uint8Array.from(bytes) };
}

// ---------------------------------------------------------------- bytes

class Writer {
  readonly bytes: number[] = [];
  byte(b: number): void {
    this.bytes.push(b & 0xff);
  }
  /** Unsigned LEB128, for values up to 2^53. */
  varint(n: number): void {
    let v = n;
    while (v >= 0x80) {
      this.byte((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.byte(v);
  }
  text(s: string): void {
    const b = new TextEncoder().encode(s);
    this.varint(b.length);
    for (const x of b) this.byte(x);
  }
}

class Reader {
  private at = 0;
  private readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }
  get done(): boolean {
    return this.at === this.bytes.length;
  }
  byte(): number {
    const b = this.bytes[this.at++];
    if (b === undefined) throw new RangeError("results: truncated");
    return b;
  }
  varint(): number {
    let v = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      v += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 0x80;
      if (scale > 2 ** 49) throw new RangeError("results: varint too long");
    }
    return v;
  }
  text(max: number): string {
    const n = this.varint();
    if (n > max * 4) throw new RangeError("results: text too long");
    const slice = this.bytes.subarray(this.at, this.at + n);
    if (slice.length !== n) throw new RangeError("results: truncated");
    this.at += n;
    return new TextDecoder("utf-8", { fatal: true }).decode(slice);
  }
}

// Answer tags.
const NONE = 0;
const REVEALED = 1;
const CHOICE = 2;
const POSITIVE = 3;
const NEGATIVE = 4;
const TEXT = 5;

const FLAG_CODE = 1;
const FLAG_VISIBLE = 2;

function writeAnswer(w: Writer, a: RecordedAnswer): void {
  switch (a.kind) {
    case "none":
      return w.byte(NONE);
    case "revealed":
      return w.byte(REVEALED);
    case "choice":
      w.byte(CHOICE);
      return w.varint(a.index);
    case "number":
      if (Number.isSafeInteger(a.value)) {
        w.byte(a.value < 0 ? NEGATIVE : POSITIVE);
        return w.varint(Math.abs(a.value));
      }
      w.byte(TEXT);
      return w.text(String(a.value));
    case "text":
      w.byte(TEXT);
      return w.text(a.text);
  }
}

function readAnswer(r: Reader): RecordedAnswer {
  const tag = r.byte();
  switch (tag) {
    case NONE:
      return { kind: "none" };
    case REVEALED:
      return { kind: "revealed" };
    case CHOICE:
      return { kind: "choice", index: r.varint() };
    case POSITIVE:
    case NEGATIVE: {
      const v = r.varint();
      if (!Number.isSafeInteger(v) || (tag === NEGATIVE && v === 0)) throw new RangeError("results: bad number");
      return { kind: "number", value: tag === NEGATIVE ? -v : v };
    }
    case TEXT: {
      // An order's letters, or a number that is not a safe integer (0.5, 1e-7).
      const text = r.text(32);
      if (/^[A-Z]{1,26}$/.test(text)) return { kind: "text", text };
      const value = Number(text);
      if (!/^[-+0-9.e]{1,32}$/.test(text) || !Number.isFinite(value) || Number.isSafeInteger(value))
        throw new RangeError("results: bad answer text");
      return { kind: "number", value };
    }
    default:
      throw new RangeError("results: unknown answer tag");
  }
}

/** The payload bytes (without the check). */
export function resultsBytes(r: Results): Uint8Array {
  const w = new Writer();
  w.byte(RESULTS_VERSION);
  w.byte((r.code !== undefined ? FLAG_CODE : 0) | (r.answersVisible ? FLAG_VISIBLE : 0));
  let mask = 0;
  for (const t of r.topics) mask |= 1 << TOPICS.indexOf(t);
  w.byte((LEVELS.indexOf(r.level) << 4) | mask);
  w.byte(r.count);
  if (r.code !== undefined) w.text(r.code);
  else w.varint((r.seed ?? 0) >>> 0);
  w.text(r.student);
  for (const a of r.answers) writeAnswer(w, a);
  return Uint8Array.from(w.bytes);
}

/** Group base32 text in fives, joined by hyphens. */
export function groupCode(text: string): string {
  return (text.match(new RegExp(`.{1,${GROUP}}`, "g")) ?? []).join("-");
}

export function encodeResults(r: Results): string {
  const payload = resultsBytes(r);
  const crc = crc32(payload);
  const all = new Uint8Array(payload.length + 4);
  all.set(payload);
  all.set([crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff], payload.length);
  return groupCode(toBase32(all));
}

/** The code as typed or pasted, reduced to its symbols: widths folded, spaces, hyphens, dots and underscores dropped. */
export function normaliseCode(text: string): string {
  return foldWidth(text).replace(/[\s\-_.\u00a0\u2009\u202f\u2010-\u2015\u2212]+/g, "");
}

export function decodeResults(text: string): Decoded {
  const symbols = normaliseCode(text);
  if (symbols === "") return { ok: false, problem: "empty" };
  const b = fromBase32(symbols);
  if ("problem" in b) return { ok: false, ...b };
  const all = b.bytes;
  if (all.length < 10) return { ok: false, problem: "badLength" };
  const payload = all.subarray(0, all.length - 4);
  const c = all.subarray(all.length - 4);
  const crc = (((c[0] as number) << 24) | ((c[1] as number) << 16) | ((c[2] as number) << 8) | (c[3] as number)) >>> 0;
  if (crc32(payload) !== crc) return { ok: false, problem: "checksum" };
  if (payload[0] !== RESULTS_VERSION) return { ok: false, problem: "version" };
  try {
    const r = new Reader(payload.subarray(1));
    const flags = r.byte();
    const lt = r.byte();
    const count = r.byte();
    const level = LEVELS[lt >>> 4];
    const topics = TOPICS.filter((_, i) => lt & (1 << i));
    if (flags > 3 || level === undefined || topics.length === 0 || (lt & 0xf) >> TOPICS.length !== 0)
      return { ok: false, problem: "malformed" };
    if (count < 1 || count > MAX_QUESTIONS) return { ok: false, problem: "malformed" };
    let code: string | undefined;
    let seed: number | undefined;
    if (flags & FLAG_CODE) {
      code = r.text(MAX_CODE_LENGTH);
      if (code.trim() === "" || code.length > MAX_CODE_LENGTH) return { ok: false, problem: "malformed" };
    } else {
      seed = r.varint();
      if (seed > 0xffffffff) return { ok: false, problem: "malformed" };
    }
    const student = r.text(MAX_STUDENT_LENGTH);
    if (student.trim() === "" || student.length > MAX_STUDENT_LENGTH) return { ok: false, problem: "malformed" };
    const answers: RecordedAnswer[] = [];
    for (let i = 0; i < count; i++) answers.push(readAnswer(r));
    if (!r.done) return { ok: false, problem: "malformed" };
    const results: Results = {
      topics,
      count,
      level,
      ...(code !== undefined ? { code } : { seed: seed ?? 0 }),
      student,
      answersVisible: (flags & FLAG_VISIBLE) !== 0,
      answers,
    };
    return { ok: true, results };
  } catch {
    return { ok: false, problem: "malformed" };
  }
}

/**
 * A saved answer in graded form: the option index, the number as the site
 * reads it (spaces, groups, 0x, full-width digits), or the order's letters.
 * Input the grading would refuse is recorded as no answer.
 */
export function recordAnswer(
  q: Question,
  saved: { readonly input: string; readonly status: string } | undefined,
): RecordedAnswer {
  if (saved === undefined) return { kind: "none" };
  if (saved.status === "revealed") return { kind: "revealed" };
  const a = q.answer;
  if (a.kind === "choice") {
    const t = saved.input.trim();
    return /^\d{1,2}$/.test(t) ? { kind: "choice", index: Number(t) } : { kind: "none" };
  }
  if (a.kind === "number") {
    const p = parseNumberAnswer(saved.input);
    return p.ok ? { kind: "number", value: p.value } : { kind: "none" };
  }
  const p = parseOrderAnswer(saved.input, q.table?.letters ?? []);
  return p.ok ? { kind: "text", text: p.value } : { kind: "none" };
}

/** What checkAnswer is given for a recorded answer (undefined: nothing to grade). */
export function answerInput(a: RecordedAnswer): string | undefined {
  switch (a.kind) {
    case "none":
    case "revealed":
      return undefined;
    case "choice":
      return String(a.index);
    case "number":
      return String(a.value);
    case "text":
      return a.text;
  }
}
