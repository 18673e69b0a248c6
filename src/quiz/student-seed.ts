/**
 * The string hash that turns an assignment code and a student identifier
 * into a seed. Apart from seeded.ts (the question dice, on the core's Rng) so
 * that reading a link (params.ts) on a page that has not loaded the question
 * generators yet does not pull in the simulation core.
 */

/** 32-bit FNV-1a over the UTF-8 bytes of a string. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * Normalise a student identifier so "  Alice.B " and "alice.b" give the same
 * variant: trim, collapse inner spaces, lowercase (NFKC first, so full-width
 * digits typed on some keyboards count as digits).
 */
export function normaliseStudentId(id: string): string {
  return id.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}

/** The seed of one student's variant of an assignment: hash(code, id). Not a secret, just a spread. */
export function studentSeed(assignmentCode: string, studentId: string): number {
  return fnv1a(`${assignmentCode.trim()}\u0000${normaliseStudentId(studentId)}`);
}
