/**
 * The reviewer's predictions against what the real tools did: every case in
 * tests/fixtures/sysctl/syntax-cases.json was run through procps `sysctl -p`
 * and `systemd-sysctl` in a fresh network namespace by
 * lab/sysctl-syntax/record.py. The predicted stderr lines, exit statuses and
 * values in force must equal the recorded ones.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { reviewSysctlConf } from "../../../src/sysctl-review/judge.ts";

interface Run {
  readonly stderr: string;
  readonly status: number;
  readonly after: Readonly<Record<string, string>>;
}
interface Fixtures {
  readonly kernel: string;
  readonly procps: string;
  readonly cases: Readonly<Record<string, { readonly text: string; readonly procps: Run; readonly systemd: Run }>>;
}

const FIX = JSON.parse(readFileSync("tests/fixtures/sysctl/syntax-cases.json", "utf8")) as Fixtures;
const lines = (s: string) => s.split("\n").filter((l) => l !== "");

describe(`reviewer vs ${FIX.procps} and systemd-sysctl on Linux ${FIX.kernel}`, () => {
  test("the fixtures hold the cases the issue names", () => {
    for (const name of ["inline-hash", "dash-unknown", "quoted-double", "tabs", "nbsp-value", "crlf"])
      expect(Object.keys(FIX.cases)).toContain(name);
    expect(Object.keys(FIX.cases).length).toBeGreaterThanOrEqual(30);
  });

  for (const [name, c] of Object.entries(FIX.cases)) {
    test(name, () => {
      const r = reviewSysctlConf(c.text);
      expect({ stderr: r.sysctlStderr, status: r.sysctlExitStatus }).toEqual({
        stderr: lines(c.procps.stderr),
        status: c.procps.status,
      });
      expect(r.systemdExitStatus).toBe(c.systemd.status);
      // Each key read back after sysctl -p: the reviewer's value in force, or the default when nothing was accepted.
      for (const [key, value] of Object.entries(c.procps.after)) {
        expect(r.inForce[key] ?? defaultOf(key), `${key} after sysctl -p`).toBe(value);
      }
    });
  }
});

function defaultOf(key: string): string {
  const rows: Record<string, string> = {
    "net.ipv4.tcp_fin_timeout": "60",
    "net.ipv4.tcp_tw_reuse": "2",
    "net.ipv4.tcp_syncookies": "1",
    "net.ipv4.ip_local_port_range": "32768 60999",
  };
  return rows[key] ?? "?";
}
