/**
 * Times (µs) and unsigned 32-bit numbers kept in object fields as small integers.
 *
 * V8 stores a field that ever holds a number outside int32 as a boxed
 * double: every object of that shape then carries a 16-byte heap number per
 * such field, allocated when the object is made. Simulated time passes 2³¹
 * µs after 35.8 minutes, so in the second half of an hour-long run every
 * socket's timer deadline, timestamps and the like would be boxed. A field
 * declared with timeAccessors() holds `t − T32` instead (an int32 for every
 * t from −16 up to 2³² − 17 µs, 71.6 simulated minutes, so -1 "never" and
 * NO_TIMER fit too), behind an accessor of the original name that reads and
 * writes the time itself. Later times are stored exactly, as doubles.
 */
import type { Micros } from "./segment.ts";

/** The offset: 2³¹ − 16. */
export const T32 = 2147483632;

/** The stored form of time `t` (for field initialisers). */
export function t32(t: Micros): number {
  return t - T32;
}

/**
 * Define each `name` on `proto` as an accessor for a time kept, minus T32, in
 * the field named beside it (which every instance must initialise with t32()).
 */
export function timeAccessors(proto: object, fields: Readonly<Record<string, string>>): void {
  for (const [name, store] of Object.entries(fields)) {
    Object.defineProperty(proto, name, {
      get(this: Record<string, number>): Micros {
        return (this[store] as number) + T32;
      },
      set(this: Record<string, number>, v: Micros) {
        this[store] = v - T32;
      },
      enumerable: true,
      configurable: true,
    });
  }
}

/**
 * Define each `name` on `proto` as an accessor for an unsigned 32-bit number
 * (a sequence number, a TSval) kept as an int32 in the field named beside it
 * (`v | 0`, read back with `>>> 0`): half of all such numbers are above 2³¹,
 * which V8 would store as a 16-byte heap number per field.
 */
export function u32Accessors(proto: object, fields: Readonly<Record<string, string>>): void {
  for (const [name, store] of Object.entries(fields)) {
    Object.defineProperty(proto, name, {
      get(this: Record<string, number>): number {
        return (this[store] as number) >>> 0;
      },
      set(this: Record<string, number>, v: number) {
        this[store] = v | 0;
      },
      enumerable: true,
      configurable: true,
    });
  }
}
