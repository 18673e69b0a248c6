/** Parsing and formatting of lab/results/<id>.json (src/evidence/result.ts). */
import { describe, expect, test } from "vitest";
import { formatTolerance, formatValue, parseResult, sortResults } from "../../../src/evidence/result.ts";

const words = { yes: "yes", no: "no", none: "none", exact: "exact", units: { s: " s" } };
const figure = {
  name: "tw",
  label: "TIME_WAIT lasted",
  labelZh: "TIME_WAIT 持续",
  unit: "s",
  kernel: 61.8,
  sim: 60,
  tolerance: 3,
  agree: true,
};
const good = {
  id: "time-wait-length",
  claim: "TIME_WAIT lasts 60 s.",
  claimZh: "TIME_WAIT 持续 60 秒。",
  script: "lab/experiments/time-wait-length.py",
  twin: "lab/twins/time-wait-length.ts",
  kernel: "6.18.44-x",
  ranAt: "2026-12-05T09:40:12Z",
  durationS: 70.2,
  figures: [figure],
  verdict: "agree",
  note: null,
  noteZh: null,
  pcap: "time-wait-length.pcap",
};

describe("parseResult", () => {
  test("accepts a result in the schema", () => {
    expect(parseResult(good, "x.json").figures[0]?.kernel).toBe(61.8);
  });
  test.each([
    [{ ...good, id: "Time_Wait" }, /"id" must be kebab-case/],
    [{ ...good, ranAt: "yesterday" }, /"ranAt" must be an ISO 8601/],
    [{ ...good, figures: [] }, /"figures" must be a non-empty array/],
    [{ ...good, figures: [{ ...figure, tolerance: -1 }] }, /figures\[0\]\.tolerance/],
    [{ ...good, figures: [{ ...figure, agree: false }] }, /"verdict" must be "disagree"/],
    [{ ...good, pcap: "../etc/passwd" }, /"pcap" must be a file name/],
    [{ ...good, claimZh: "" }, /"claimZh" must be a non-empty string/],
  ])("refuses a bad field with a message naming it (%#)", (value, message) => {
    expect(() => parseResult(value, "lab/results/x.json")).toThrow(message);
  });
  test("refuses two results with one id", () => {
    const r = parseResult(good, "a.json");
    expect(() => sortResults([r, r])).toThrow(/two results have the id/);
  });
});

describe("formatting", () => {
  test("values carry their unit; arrays and booleans are readable", () => {
    expect(formatValue(61.8123, "s", words)).toBe("61.812 s");
    expect(formatValue([0, 1, 2], "s", words)).toBe("0, 1, 2 s");
    expect(formatValue("EADDRNOTAVAIL", "errno", words)).toBe("EADDRNOTAVAIL");
    expect(formatValue(true, "value", words)).toBe("yes");
    expect(formatValue(null, "s", words)).toBe("none");
  });
  test("tolerance: exact for 0 and for strings, ± otherwise", () => {
    expect(formatTolerance(figure, words)).toBe("± 3 s");
    expect(formatTolerance({ ...figure, tolerance: 0 }, words)).toBe("exact");
    expect(formatTolerance({ ...figure, kernel: "CLOSED", sim: "CLOSED", tolerance: 1 }, words)).toBe("exact");
  });
});
