import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  MAX_SHARED_CHARS,
  ShareError,
  decodeCode,
  encodeCode,
  fromBase64Url,
  isValidCellId,
  readShareFragment,
  toBase64Url,
  writeShareFragment,
} from "../../../src/notebook/share.ts";

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe("share payloads", () => {
  it("round-trip any text, including non-ASCII and long code", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "grapheme", maxLength: 300 }), async (code) => {
        expect(await decodeCode(await encodeCode(code))).toBe(code);
      }),
      { numRuns: 60 },
    );
    const long = 'import { runScenario } from "tcp-lab";\n'.repeat(500);
    const payload = await encodeCode(long);
    expect(payload.length).toBeLessThan(long.length / 10);
    expect(payload).toMatch(/^1\.[A-Za-z0-9_-]+$/);
  });

  it("reject malformed payloads with a reason", async () => {
    const reasons = async (payload: string): Promise<string> => {
      try {
        await decodeCode(payload);
        return "decoded";
      } catch (error) {
        expect(error).toBeInstanceOf(ShareError);
        return (error as Error).message;
      }
    };
    expect(await reasons("2.abc")).toBe("unknown link format");
    expect(await reasons("1.@@@")).toBe("not base64url text");
    expect(await reasons("1.")).toBe("the link carries no code");
    expect(await reasons("1.AAAA")).toBe("the compressed data is damaged");
    expect(await reasons("1." + toBase64Url(await deflate(new Uint8Array([0xff, 0xfe]))))).toBe(
      "the code is not valid UTF-8 text",
    );
    const bomb = await deflate(new Uint8Array(MAX_SHARED_CHARS * 5).fill(0x61));
    expect(await reasons("1." + toBase64Url(bomb))).toBe("the shared code is too long");
  });

  it("base64url encodes without padding and decodes strictly", () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0x00, 0x10]);
    expect(toBase64Url(bytes)).toBe("-_8AEA");
    expect([...fromBase64Url("-_8AEA")]).toEqual([...bytes]);
    expect(() => fromBase64Url("abcde")).toThrow(ShareError);
    expect(() => fromBase64Url("a+b/")).toThrow(ShareError);
  });
});

describe("share fragments", () => {
  it("read entries per cell and ignore other fragments", () => {
    expect([...readShareFragment("#nb.a=1.xx&nb.b-2=1.yy")]).toEqual([
      ["a", "1.xx"],
      ["b-2", "1.yy"],
    ]);
    expect(readShareFragment("#some-heading").size).toBe(0);
    expect(readShareFragment("").size).toBe(0);
  });

  it("set and remove one cell's entry, keeping the others", () => {
    expect(writeShareFragment("#nb.a=1.xx", "b", "1.yy")).toBe("#nb.a=1.xx&nb.b=1.yy");
    expect(writeShareFragment("#nb.a=1.xx&nb.b=1.yy", "a", null)).toBe("#nb.b=1.yy");
    expect(writeShareFragment("#nb.a=1.xx", "a", null)).toBe("");
    expect(writeShareFragment("#heading", "a", "1.zz")).toBe("#nb.a=1.zz");
  });

  it("accept only safe cell ids", () => {
    expect(isValidCellId("handshake-acks")).toBe(true);
    expect(isValidCellId("Bad")).toBe(false);
    expect(isValidCellId("a&b")).toBe(false);
    expect(isValidCellId("-lead")).toBe(false);
    expect(isValidCellId("")).toBe(false);
  });
});
