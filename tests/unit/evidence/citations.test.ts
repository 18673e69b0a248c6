/**
 * The site publishes its own evidence: no page may cite the private notes
 * ("facts sheet §4", "EXP-5"), every link to /evidence/<id>/ must have a
 * recorded result lab/results/<id>.json, and kernel source links name one fixed
 * version. Checked over content/ and, when it has been built, over dist/.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parseResult } from "../../../src/evidence/result.ts";

const KERNEL_TAG = "v6.18";

function files(dir: string, ext: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => ext.test(path) && statSync(path).isFile());
}

const resultIds = new Set(
  files("lab/results", /\.json$/).map((path) => parseResult(JSON.parse(readFileSync(path, "utf8")), path).id),
);

/** Lines citing the private notes, as "file:line: text". */
function privateCitations(path: string, text: string): string[] {
  return text
    .split("\n")
    .flatMap((line, i) =>
      /facts[\s-]*sheet|tcp-facts|\bEXP-\d/i.test(line) ? [`${path}:${i + 1}: ${line.trim().slice(0, 120)}`] : [],
    );
}

/** Links to evidence pages whose result file does not exist. */
function deadEvidenceLinks(path: string, text: string, ids: ReadonlySet<string>): string[] {
  return [...text.matchAll(/(?:\]\(|href=["'{]?)(?:https?:\/\/[^/"')\s]+)?(?:\/zh-cn)?\/evidence\/([^/"')#\s]+)\//g)]
    .map((m) => m[1] ?? "")
    .filter((id) => !ids.has(id))
    .map((id) => `${path}: /evidence/${id}/ has no lab/results/${id}.json`);
}

/** Kernel source links at any version other than the fixed one. */
function unpinnedKernelLinks(path: string, text: string): string[] {
  return [...text.matchAll(/https:\/\/elixir\.bootlin\.com\/linux\/([^/"')\s]+)/g)]
    .filter((m) => m[1] !== KERNEL_TAG)
    .map((m) => `${path}: ${m[0]} (use ${KERNEL_TAG})`);
}

const content = files("content", /\.(mdx?|json)$/);
const built = files("dist", /\.html$/);

describe("the checks themselves", () => {
  test("catch each kind of bad citation", () => {
    expect(privateCitations("a.mdx", "x\nTIME_WAIT lasts 61.8 s (EXP-2).")).toHaveLength(1);
    expect(privateCitations("a.mdx", "see the facts sheet §4")).toHaveLength(1);
    expect(privateCitations("a.mdx", "实测(facts sheet §2.9)")).toHaveLength(1);
    expect(privateCitations("a.ts", '  source: "tcp-facts §2.1",')).toHaveLength(1);
    expect(privateCitations("a.mdx", "expired in EXPERIMENTS and EXP-ish text")).toEqual([]);
    const ids = new Set(["time-wait-length"]);
    expect(deadEvidenceLinks("a.mdx", "[measured](/evidence/time-wait-length/)", ids)).toEqual([]);
    expect(deadEvidenceLinks("a.mdx", "[measured](/evidence/time-wait-lenght/)", ids)).toHaveLength(1);
    expect(deadEvidenceLinks("a.html", '<a href="/zh-cn/evidence/nope/">', ids)).toHaveLength(1);
    expect(unpinnedKernelLinks("a.mdx", "https://elixir.bootlin.com/linux/latest/source/x")).toHaveLength(1);
    expect(unpinnedKernelLinks("a.mdx", `https://elixir.bootlin.com/linux/${KERNEL_TAG}/C/ident/x`)).toEqual([]);
  });
});

describe.each([
  ["content/", content],
  ["dist/ (built site)", built],
])("%s", (_label, paths) => {
  test.runIf(paths.length > 0)("cites no private note (facts sheet, EXP-n)", () => {
    expect(paths.flatMap((p) => privateCitations(p, readFileSync(p, "utf8")))).toEqual([]);
  });
  test.runIf(paths.length > 0)("links only to evidence pages that have a recorded result", () => {
    expect(paths.flatMap((p) => deadEvidenceLinks(p, readFileSync(p, "utf8"), resultIds))).toEqual([]);
  });
  test.runIf(paths.length > 0)(`links kernel source at ${KERNEL_TAG} only`, () => {
    expect(paths.flatMap((p) => unpinnedKernelLinks(p, readFileSync(p, "utf8")))).toEqual([]);
  });
});

test("the code cites no private note either (its strings reach pages, the notebook and the CLI)", () => {
  const code = ["src", "components", "scripts", "lab", "bench"].flatMap((dir) =>
    files(dir, /\.(ts|astro|mjs|json|py)$/),
  );
  expect(code.length).toBeGreaterThan(100);
  expect(code.flatMap((p) => privateCitations(p, readFileSync(p, "utf8")))).toEqual([]);
});

test("content/ is there to check", () => {
  expect(content.length).toBeGreaterThan(20);
});

test("every capture a result names is committed beside it", () => {
  const missing = files("lab/results", /\.json$/).flatMap((path) => {
    const { pcap } = parseResult(JSON.parse(readFileSync(path, "utf8")), path);
    return pcap !== null && !existsSync(join("lab/results", pcap)) ? [`${path}: ${pcap} is missing`] : [];
  });
  expect(missing).toEqual([]);
});
