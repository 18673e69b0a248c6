/**
 * The widgets' first-frame examples, read at build time from the fixtures
 * recorded on the real kernel (tests/fixtures/diagnose/make-fixtures.py).
 */
import { readFileSync } from "node:fs";

const dir = new URL("../../../tests/fixtures/diagnose/", import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, dir), "utf8");

/** ss -s, an excerpt of ss -tan (header and the first 40 rows) and nstat -az's TCP counters that are not zero. */
export function ssExample(): string {
  const tan = read("ss-tan.txt").split("\n").slice(0, 41).join("\n");
  const nstat = read("nstat-az.txt")
    .split("\n")
    .filter((l, i) => i === 0 || (/^Tcp/.test(l) && !/^\S+\s+0\s/.test(l)))
    .join("\n");
  return `$ ss -s\n${read("ss-s.txt").trimEnd()}\n$ ss -tan\n${tan}\n$ nstat -az\n${nstat}\n`;
}

export function pcapExample(): Uint8Array {
  return new Uint8Array(readFileSync(new URL("sll2-any.pcap", dir)));
}
