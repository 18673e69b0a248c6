/**
 * Bad input never crashes the runner: random scripts built from valid and
 * broken lines (wild numbers, unknown calls, bad fds) end in ok or a failure
 * with a line number inside the script, never an exception.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { runDrill } from "../../../src/sim/index.ts";

const num = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom(0, 1, 2, 3, 4, 100, 65535, 2 ** 32 - 1, -1));
const line = fc.oneof(
  fc.constant("socket(..., SOCK_STREAM, IPPROTO_TCP) = 3"),
  fc.constant("bind(3, ..., ...) = 0"),
  num.map((n) => `listen(3, ${n}) = 0`),
  num.map((n) => `accept(${n}, ..., ...) = 4`),
  num.map((n) => `read(4, ..., ${n}) = -1 EAGAIN`),
  num.map((n) => `write(4, ..., ${n}) = ${n}`),
  num.map((n) => `fcntl(${n}, F_SETFL, O_RDWR|O_NONBLOCK) = 0`),
  num.map((n) => `setsockopt(3, SOL_TCP, TCP_KEEPIDLE, [${n}], 4) = 0`),
  num.map((n) => `setsockopt(4, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=${n}}, 8) = 0`),
  num.map((n) => `getsockopt(${n}, SOL_SOCKET, SO_ERROR, [0], [4]) = 0`),
  num.map((n) => `ioctl(${n}, SIOCINQ, [0]) = 0`),
  fc.constantFrom("shutdown(4, SHUT_RD) = 0", "shutdown(3, SHUT_RDWR) = 0", "close(3) = 0", "close(4) = 0"),
  fc.constantFrom("connect(3, ..., ...) = -1 EINPROGRESS", "frobnicate(3) = 0", "%{ assert tcpi_state == 1 }%"),
  fc
    .tuple(fc.constantFrom("S", "S.", ".", "P.", "F.", "R", "R.", "SF"), num, num, num)
    .map(([f, a, b, c]) => `< ${f} ${a}:${b}(${(b - a) >>> 0}) ${f.includes(".") ? `ack ${c} ` : ""}win ${c}`),
  fc
    .tuple(fc.constantFrom("S.", ".", "F.", "R"), num)
    .map(([f, a]) => `> ${f} ${a}:${a}(0)${f.includes(".") ? " ack 1" : ""}`),
  fc.string({ maxLength: 12 }),
);
const timed = fc.tuple(fc.constantFrom("+0", "+.1", "+1", "*", "0", "+75", "+x"), line).map(([t, l]) => `${t} ${l}`);

describe("runner robustness", () => {
  it("random scripts end in ok or a located failure, never a throw", () => {
    fc.assert(
      fc.property(fc.array(timed, { maxLength: 14 }), (lines) => {
        const src = lines.join("\n");
        const r = runDrill(src);
        if (!r.ok) {
          expect(r.failure?.line).toBeGreaterThanOrEqual(1);
          expect(r.failure?.line).toBeLessThanOrEqual(Math.max(1, lines.length));
          expect(r.failure?.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
