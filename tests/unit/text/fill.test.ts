import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { fill } from "../../../src/text/fill.ts";
import { reviewSummary, type ReviewerStrings } from "../../../src/sysctl-review/review-view.ts";
import { reviewSysctlConf } from "../../../src/sysctl-review/judge.ts";

describe("fill()", () => {
  test("fills placeholders and leaves an unknown one visible", () => {
    expect(fill("Removed in {version} ({why})", { version: "4.12" })).toBe("Removed in 4.12 ({why})");
  });

  test("ICU plural: one for exactly 1, other (with # as the count) otherwise", () => {
    const t = "{n, plural, one {# line} other {# lines}} read";
    expect([0, 1, 2, "1", "21"].map((n) => fill(t, { n }))).toEqual([
      "0 lines read",
      "1 line read",
      "2 lines read",
      "1 line read",
      "21 lines read",
    ]);
    expect(fill(t, {})).toBe(t);
  });
});

const reviewer = (lang: string): ReviewerStrings =>
  (JSON.parse(readFileSync(`content/_strings/${lang}/sysctl-reviewer.json`, "utf8")) as { review: ReviewerStrings })
    .review;

describe("the reviewer's summary line counts in each language", () => {
  test("English: one setting on one line, two settings on three lines", () => {
    expect(reviewSummary(reviewSysctlConf("net.ipv4.tcp_syncookies = 1\n"), reviewer("en"))).toMatch(
      /^1 setting on 1 line: /,
    );
    const three = "net.ipv4.tcp_syncookies = 1\n# comment\nnet.ipv4.tcp_fin_timeout = 30\n";
    expect(reviewSummary(reviewSysctlConf(three), reviewer("en"))).toMatch(/^2 settings on 3 lines: /);
  });

  test("Chinese, with Chinese punctuation", () => {
    const text = reviewSummary(reviewSysctlConf("net.ipv4.tcp_syncookies = 1\n"), reviewer("zh-cn"));
    expect(text).toMatch(/^1 行中共有 1 项设置：[^:.,]+。在当前内核上/);
  });
});
