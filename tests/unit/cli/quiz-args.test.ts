import { describe, expect, it } from "vitest";
import { parseQuizArgs, UsageError } from "../../../src/quiz/cli-args.ts";

describe("quiz CLI arguments", () => {
  it("has defaults", () => {
    const a = parseQuizArgs([]);
    expect(a).toMatchObject({
      help: false,
      count: 10,
      seed: 1,
      level: "medium",
      format: "text",
      out: undefined,
      students: [],
    });
    expect(a.topics).toEqual(["handshake", "states", "timewait", "sysctl"]);
  });
  it("reads every option, in both spellings", () => {
    const a = parseQuizArgs([
      "--topics",
      "handshake,timewait",
      "--count=20",
      "--seed",
      "42",
      "--level",
      "hard",
      "--format=moodle",
      "--out",
      "quiz.xml",
    ]);
    expect(a).toMatchObject({
      topics: ["handshake", "timewait"],
      count: 20,
      seed: 42,
      level: "hard",
      format: "moodle",
      out: "quiz.xml",
    });
  });
  it("reads --lang, case-insensitively, and refuses unknown languages", () => {
    expect(parseQuizArgs([]).lang).toBe("en");
    expect(parseQuizArgs(["--lang", "zh-CN"]).lang).toBe("zh-CN");
    expect(parseQuizArgs(["--lang=zh-cn"]).lang).toBe("zh-CN");
    expect(parseQuizArgs(["--lang", "zh_CN"]).lang).toBe("zh-CN");
    expect(parseQuizArgs(["--lang", "EN"]).lang).toBe("en");
    expect(() => parseQuizArgs(["--lang", "fr"])).toThrow(/--lang must be one of en, zh-CN \(got "fr"\)/);
    expect(() => parseQuizArgs(["--lang"])).toThrow(UsageError);
  });
  it("accepts page slugs as topic names", () => {
    expect(parseQuizArgs(["--topics", "time-wait-and-ports,sysctl-myths"]).topics).toEqual(["timewait", "sysctl"]);
  });
  it("collects students for per-student variants", () => {
    const a = parseQuizArgs(["--code", "NET-7", "--student", "alice", "--student", "bob"]);
    expect(a.code).toBe("NET-7");
    expect(a.students).toEqual(["alice", "bob"]);
  });
  it.each([
    [["--count", "0"], /--count must be a whole number from 1 to 50/],
    [["--count", "x"], /--count/],
    [["--seed", "-1"], /--seed must be/],
    [["--seed", "4294967296"], /--seed must be/],
    [["--topics", "dns"], /--topics: "dns"/],
    [["--format", "docx"], /--format must be one of moodle, gift, qti, qti21, qti12, csv, text/],
    [["--level", "expert"], /--level must be one of/],
    [["--seed"], /--seed needs a value/],
    [["--frobnicate"], /unknown option "--frobnicate"/],
    [["extra"], /unexpected argument "extra"/],
    [["--student", "x"], /--student needs --code/],
    [["--code", "A"], /--code needs at least one --student/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseQuizArgs(argv)).toThrow(UsageError);
    expect(() => parseQuizArgs(argv)).toThrow(message);
  });
});
