import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { wbrHtml } from "../../../src/text/wbr.ts";
import { SHORT_CODE, splitIdentifier, wbrIdentifiers } from "../../../scripts/wbr-identifiers.mjs";

describe("break opportunities in identifiers", () => {
  it("come after each _ and . of a sysctl name, never inside a word or a number", () => {
    expect(wbrHtml("net.ipv4.tcp_tw_reuse = 1")).toBe("net.<wbr>ipv4.<wbr>tcp_<wbr>tw_<wbr>reuse = 1");
    expect(wbrHtml("10.0.0.1:8080 and 0.5 s")).toBe("10.0.0.1:8080 and 0.5 s");
    expect(wbrHtml("TcpExtTWRecycled")).toBe("TcpExtTWRecycled");
    expect(wbrHtml("<b>a_b</b>")).toBe("&#60;b&#62;a_<wbr>b&#60;/b&#62;");
  });

  it("leave the text unchanged apart from the <wbr> (HTML and Markdown sides agree)", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9._ =]{0,40}$/), (text) => {
        const html = wbrHtml(text);
        expect(html.replace(/<wbr>/g, "")).toBe(text);
        const parts = splitIdentifier(text) as { type: string; tagName?: string; value?: string }[];
        expect(
          parts
            .filter((p) => p.type === "text")
            .map((p) => p.value)
            .join(""),
        ).toBe(text);
        expect(parts.filter((p) => p.tagName === "wbr").length).toBe((html.match(/<wbr>/g) ?? []).length);
      }),
    );
  });

  it("mark inline code up to SHORT_CODE characters short (kept on one line on Chinese pages), never longer code or blocks", () => {
    const code = (text: string) => ({
      type: "element",
      tagName: "code",
      properties: {},
      children: [{ type: "text", value: text }],
    });
    const short = code("ack = y + 1");
    const long = code("npm run quiz -- --topics handshake,timewait");
    const inBlock = code("x = 1");
    const tree = {
      type: "root",
      children: [
        { type: "element", tagName: "p", children: [short, long] },
        { type: "element", tagName: "pre", children: [inBlock] },
      ],
    };
    wbrIdentifiers()(tree);
    expect(short.properties).toEqual({ className: ["short-code"] });
    expect(long.properties).toEqual({});
    expect(inBlock.properties).toEqual({});
    expect("ack = y + 1".length).toBeLessThanOrEqual(SHORT_CODE);
  });
});
