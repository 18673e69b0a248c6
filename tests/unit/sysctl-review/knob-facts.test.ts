import { describe, expect, test } from "vitest";
import {
  defaultText,
  ehashEntries,
  keepaliveDetectionSeconds,
  knobPage,
  memoryDefaults,
  portCeilingPerSecond,
  sameParity,
} from "../../../src/sysctl-review/knob-facts.ts";

const GIB = 1024 ** 3;

describe("memory-scaled defaults (tcp_init(), inet_hashinfo2_init_mod())", () => {
  test("the 23 GiB test machine: ehash 262144, max_syn_backlog 2048, max_tw_buckets 131072 (lab: knob-defaults)", () => {
    expect(ehashEntries(23 * GIB)).toBe(262_144);
    expect(memoryDefaults([23])).toEqual([{ ramGiB: 23, ehash: 262_144, maxSynBacklog: 2048, maxTwBuckets: 131_072 }]);
  });

  test("typical sizes from the sheet: 4 GiB → 256, 16 GiB → 1024, ≥64 GiB → 4096 and 262144 (the caps)", () => {
    const rows = memoryDefaults([4, 16, 64, 256]);
    expect(rows.map((r) => r.maxSynBacklog)).toEqual([256, 1024, 4096, 4096]);
    expect(rows.map((r) => r.maxTwBuckets)).toEqual([16_384, 65_536, 262_144, 262_144]);
  });

  test("tiny machines keep the 128 floor", () => {
    expect(memoryDefaults([0.0625])[0]?.maxSynBacklog).toBe(128);
  });

  test("the defaults the overview table prints come from the core's knob table", () => {
    expect(defaultText("net.ipv4.tcp_tw_reuse")).toBe("2");
    expect(defaultText("net.ipv4.ip_local_port_range")).toBe("32768 60999");
    expect(defaultText("net.ipv4.tcp_tw_recycle")).toBe("");
    expect(defaultText("net.ipv4.tcp_tw_recycle", "linux-pre-4.12")).toBe("0");
  });
});

describe("formulas the pages quote (lab: port-capacity)", () => {
  test("keepalive detection and port ceiling", () => {
    expect(keepaliveDetectionSeconds(7200, 75, 9)).toBe(7875);
    expect(portCeilingPerSecond(32768, 60999)).toBeCloseTo(470.53, 2);
    expect(sameParity(1024, 65000)).toBe(true);
    expect(sameParity(32768, 60999)).toBe(false);
  });

  test("every knob with a page links to an existing sysctl slug", () => {
    expect(knobPage("somaxconn")).toBe("/sysctl/tcp_max_syn_backlog/");
    expect(knobPage("net/ipv4/tcp_keepalive_probes")).toBe("/sysctl/tcp_keepalive_time/");
    expect(knobPage("net.ipv4.tcp_rmem")).toBeUndefined();
  });
});
