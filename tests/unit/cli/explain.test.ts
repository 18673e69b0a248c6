/** `npm run explain`: detection of text vs capture, stdin, exit statuses. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../../src/cli/explain.ts";

const path = (name: string): string => fileURLToPath(new URL(`../../fixtures/diagnose/${name}`, import.meta.url));
const noStdin = (): Uint8Array => new Uint8Array();

describe("npm run explain", () => {
  it("a real capture: connections and flags, exit 1", () => {
    const r = main([path("sll2-any.pcap")], noStdin);
    expect(r.out).toMatch(/^pcap capture: 35 frames, 35 TCP segments, 5 connections, link types 276\./);
    expect(r.out).toContain("SYN to a 4-tuple whose connection #1 ended");
    expect(r.code).toBe(1);
  });
  it("one connection packet by packet, relative and raw numbers", () => {
    const rel = main([path("lo-ether.pcapng"), "--conn", "1"], noStdin);
    expect(rel.out).toContain("← [S.] seq 0 ack 1 len 0   ESTABLISHED / SYN_RECV");
    const raw = main([path("lo-ether.pcapng"), "--conn", "1", "--absolute"], noStdin);
    expect(raw.out).toContain("← [S.] seq 3985118762 ack 1448682982 len 0");
    expect(main([path("lo-ether.pcapng"), "--conn", "9"], noStdin).code).toBe(2);
  });
  it("ss and nstat text from standard input", () => {
    const text = readFileSync(path("nstat-az.txt"));
    const r = main(["-"], () => new Uint8Array(text));
    expect(r.out).toContain("[problem] Listen queue overflowed: TcpExtListenOverflows = 80");
    expect(r.code).toBe(1);
  });
  it("bad input and bad usage exit 2 with a message", () => {
    const junk = main(["-"], () => new TextEncoder().encode("hello\nworld\n"));
    expect(junk.code).toBe(2);
    expect(junk.err).toContain("Line 1: not recognised");
    expect(main([], noStdin).code).toBe(2);
    expect(main(["x", "--port-range", "9-1"], noStdin).code).toBe(2);
    expect(main(["/nonexistent/file"], noStdin).code).toBe(2);
  });
});
