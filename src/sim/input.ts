/**
 * Checks on what callers hand the core (link options, seeds, scenario
 * names). A bad value throws at once, with one line that names the value
 * and the accepted range, instead of making segments vanish (NaN loss) or
 * quietly running something else (NaN seed behaved like seed 0).
 *
 * The errors are RangeError (right type, value out of range) and TypeError
 * (wrong type), subclassed so the CLI can tell a caller's mistake (usage
 * error) from a fault in a run.
 */

export class InputRangeError extends RangeError {
  override readonly name = "RangeError";
}

export class InputTypeError extends TypeError {
  override readonly name = "TypeError";
}

/** True for the errors above: the caller passed a bad value. */
export function isInputError(e: unknown): e is InputRangeError | InputTypeError {
  return e instanceof InputRangeError || e instanceof InputTypeError;
}

function show(v: unknown): string {
  return typeof v === "string" ? JSON.stringify(v) : typeof v === "bigint" ? `${v}n` : String(v);
}

/** A probability: a number in [0, 1]. */
export function checkProbability(what: string, v: unknown): number {
  if (typeof v !== "number") throw new InputTypeError(`${what} must be a number between 0 and 1, got ${show(v)}`);
  if (!(v >= 0 && v <= 1)) throw new InputRangeError(`${what} must be between 0 and 1, got ${show(v)}`);
  return v;
}

/** A duration in whole µs, 0 or more. */
export function checkMicros(what: string, v: unknown): number {
  if (typeof v !== "number") throw new InputTypeError(`${what} must be a whole number of µs >= 0, got ${show(v)}`);
  if (!Number.isSafeInteger(v) || v < 0)
    throw new InputRangeError(`${what} must be a whole number of µs >= 0, got ${show(v)}`);
  return v;
}

/** A seed: a whole number between -(2^53 - 1) and 2^53 - 1. */
export function checkSeed(v: unknown): number {
  const range = "a whole number between -9007199254740991 and 9007199254740991";
  if (typeof v !== "number") throw new InputTypeError(`seed must be ${range}, got ${show(v)}`);
  if (!Number.isSafeInteger(v)) throw new InputRangeError(`seed must be ${range}, got ${show(v)}`);
  return v;
}
