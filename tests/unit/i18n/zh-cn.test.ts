/**
 * The Chinese edition is complete: every English strings file has a zh-CN
 * file with the same keys, the same placeholders per key and no value left in
 * English, and every English page has a zh-CN page.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chineseShare, englishWords, hanCount, placeholders } from "./text.ts";

const EN_STRINGS = "content/_strings/en";
const ZH_STRINGS = "content/_strings/zh-cn";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Every string leaf of a strings file as [dotted key, value]; non-string leaves keep their JSON text. */
function leaves(value: Json, path = ""): [string, string][] {
  if (typeof value === "string") return [[path, value]];
  if (value === null || typeof value !== "object") return [[path, JSON.stringify(value)]];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, path === "" ? k : `${path}.${k}`));
}

/** The strings of a file; `lang` (the file's BCP 47 tag, metadata rather than text) is checked on its own. */
function load(dir: string, file: string): Map<string, string> {
  const all = new Map(leaves(JSON.parse(readFileSync(join(dir, file), "utf8")) as Json));
  all.delete("lang");
  return all;
}

/** Page files under `dir`, relative to it, skipping `skip` folders. */
function pages(dir: string, skip: readonly string[] = []): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (!skip.includes(relative(dir, p))) walk(p);
      } else if (/\.mdx?$/.test(name)) out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

const enFiles = readdirSync(EN_STRINGS).filter((f) => f.endsWith(".json"));

describe("zh-CN widget strings", () => {
  it("there are English strings files to compare", () => {
    expect(enFiles.length).toBeGreaterThanOrEqual(9);
  });

  it("every English strings file has a zh-CN file and no zh-CN file lacks an English one", () => {
    const zhFiles = readdirSync(ZH_STRINGS).filter((f) => f.endsWith(".json"));
    expect(zhFiles.sort()).toEqual([...enFiles].sort());
  });

  describe.each(enFiles)("%s", (file) => {
    const en = load(EN_STRINGS, file);
    const zh = existsSync(join(ZH_STRINGS, file)) ? load(ZH_STRINGS, file) : new Map<string, string>();

    it("declares zh-CN if the English file declares its language", () => {
      const tag = (dir: string) => (JSON.parse(readFileSync(join(dir, file), "utf8")) as { lang?: string }).lang;
      if (tag(EN_STRINGS) !== undefined) expect(tag(ZH_STRINGS)).toBe("zh-CN");
      else expect(tag(ZH_STRINGS)).toBeUndefined();
    });

    it("has exactly the English keys", () => {
      expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
    });

    it("keeps the placeholders of every key", () => {
      const differ = [...en].filter(
        ([k, v]) => zh.has(k) && placeholders(v).join() !== placeholders(zh.get(k) ?? "").join(),
      );
      expect(differ.map(([k]) => k)).toEqual([]);
    });

    it("leaves no value in English (code, sysctl names, states and numbers aside)", () => {
      const english = [...zh]
        .map(([k, v]) => [k, englishWords(v).join(" ")] as const)
        .filter(([, words]) => words !== "");
      expect(english).toEqual([]);
    });

    it("translates every value whose English has words (an unchanged copy is not a translation)", () => {
      const copied = [...en].filter(([k, v]) => englishWords(v).length > 0 && hanCount(zh.get(k) ?? "") === 0);
      expect(copied.map(([k]) => k)).toEqual([]);
    });
  });
});

describe("englishWords (what the check above calls English)", () => {
  it("finds prose and ignores code, names and protocol words", () => {
    expect(englishWords("The client closes first.")).toEqual(["The", "client", "closes", "first"]);
    expect(englishWords("客户端先关闭。")).toEqual([]);
    expect(
      englishWords("{host}：`tcp_tw_reuse` 与 net.ipv4.tcp_fin_timeout、TIME_WAIT、SYN-ACK、connect()、TSval、0x3e8"),
    ).toEqual([]);
    expect(englishWords("在 Linux 上用 Wireshark 打开 pcap")).toEqual([]);
    expect(englishWords("客户端 closes first")).toEqual(["closes", "first"]);
  });

  it("never reports a word from a string of Han characters, placeholders and code", () => {
    const han = fc.constantFrom("客户端", "服务器", "序列号", "确认号", "，", "。", "三次握手");
    const code = fc.constantFrom(
      "`sysctl -p`",
      "{from}",
      "tcp_tw_reuse",
      "TIME_WAIT",
      "net.ipv4.ip_local_port_range",
      "42",
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(han, code), { maxLength: 20 }), (parts) => {
        expect(englishWords(parts.join(" "))).toEqual([]);
      }),
    );
  });

  it("always reports a lower-case English word placed among Chinese text", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{3,10}$/), fc.constantFrom("客户端", "。", "TIME_WAIT"), (word, around) => {
        fc.pre(
          ![
            "sysctl",
            "nstat",
            "tcpdump",
            "pcap",
            "worker",
            "cookie",
            "cookies",
            "backlog",
            "easy",
            "medium",
            "hard",
          ].includes(word),
        );
        expect(englishWords(`${around} ${word} ${around}`)).toContain(word);
      }),
    );
  });

  it("chineseShare counts a Latin word as one unit", () => {
    expect(chineseShare("三次握手")).toBe(1);
    expect(chineseShare("three way handshake")).toBe(0);
    expect(chineseShare("客户端 TIME_WAIT")).toBeCloseTo(3 / 4);
  });
});

describe("zh-CN pages", () => {
  const en = pages("content", ["zh-cn", "_strings"]);
  const zh = new Set(pages("content/zh-cn"));

  it("there are English pages to compare", () => {
    expect(en.length).toBeGreaterThanOrEqual(20);
  });

  it("every English page has a zh-CN page", () => {
    // content/a/b.mdx may be translated as content/zh-cn/a/b.mdx or .md.
    const missing = en.filter(
      (p) => !zh.has(p) && !zh.has(p.replace(/\.mdx$/, ".md")) && !zh.has(p.replace(/\.md$/, ".mdx")),
    );
    expect(missing).toEqual([]);
  });

  it("no zh-CN page lacks an English original (except the glossary, which is Chinese-only)", () => {
    const enSet = new Set(en.map((p) => p.replace(/\.mdx?$/, "")));
    const orphans = [...zh].filter(
      (p) => !enSet.has(p.replace(/\.mdx?$/, "")) && p.replace(/\.mdx?$/, "") !== "glossary",
    );
    expect(orphans).toEqual([]);
  });

  it("every zh-CN page imports the zh-CN strings, never the English ones", () => {
    const wrong = [...zh].filter((p) =>
      readFileSync(join("content/zh-cn", p), "utf8").includes("content/_strings/en/"),
    );
    expect(wrong).toEqual([]);
  });
});
