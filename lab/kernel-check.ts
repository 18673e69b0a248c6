/**
 * npm run kernel-check [-- id ...]
 *
 * Runs every kernel experiment (lab/experiments/<id>.py, each in a fresh network namespace) and
 * its simulator twin (lab/twins/<id>.ts), compares them figure by figure, writes
 * lab/results/<id>.json and .pcap, and ends with "N/M experiments agree with Linux <version>".
 * Exit status 1 on any disagreement, or when a fresh kernel figure differs from the committed one.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import { agrees, show } from "./twins/compare.ts";
import { experiments } from "./twins/index.ts";
import type { Experiment, FigureValue } from "./twins/types.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const resultsDir = root + "lab/results/";
const ci = process.env["CI"] === "true";
const PARALLEL = 6;
/** The capture of one run must stay small enough to commit. */
const PCAP_LIMIT = 200 * 1024;

function skip(reason: string): never {
  console.log(`kernel-check: skipped: ${reason}`);
  if (ci) {
    console.log("kernel-check: CI=true, so a skip is a failure");
    process.exit(1);
  }
  process.exit(0);
}

function preflight(): string {
  if (process.platform !== "linux") skip("needs Linux");
  if (process.getuid?.() !== 0) skip("needs root (network namespaces, sysctl, tcpdump)");
  for (const tool of ["python3", "unshare", "ip", "ss", "nstat", "tcpdump", "nsenter"]) {
    if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) skip(`${tool} is not installed`);
  }
  const ns = spawnSync("unshare", ["-n", "--", "ip", "link", "set", "lo", "up"], { encoding: "utf8" });
  if (ns.status !== 0) skip(`unshare -n does not work here: ${ns.stderr.trim()}`);
  return spawnSync("uname", ["-r"], { encoding: "utf8" }).stdout.trim();
}

interface KernelRun {
  readonly figures: Record<string, FigureValue>;
  readonly durationS: number;
  readonly pcap: string | null;
  readonly error?: string;
}

function runKernel(id: string): Promise<KernelRun> {
  const script = `${root}lab/experiments/${id}.py`;
  const tmpPcap = `${resultsDir}${id}.pcap.tmp`;
  rmSync(tmpPcap, { force: true });
  const t0 = performance.now();
  return new Promise((resolve) => {
    const p = spawn("python3", [script, tmpPcap], { cwd: `${root}lab/experiments`, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    p.stderr.on("data", (d: Buffer) => (err += d.toString()));
    p.on("close", (code) => {
      const durationS = Math.round((performance.now() - t0) / 100) / 10;
      let pcap: string | null = null;
      if (existsSync(tmpPcap)) {
        if (code === 0 && statSync(tmpPcap).size <= PCAP_LIMIT) {
          renameSync(tmpPcap, `${resultsDir}${id}.pcap`);
          pcap = `${id}.pcap`;
        } else rmSync(tmpPcap, { force: true });
      }
      try {
        if (code !== 0) throw new Error(`exit ${code}: ${err.trim().split("\n").slice(-3).join(" | ")}`);
        const parsed = JSON.parse(out) as { figures: Record<string, FigureValue> };
        resolve({ figures: parsed.figures, durationS, pcap });
      } catch (e) {
        resolve({ figures: {}, durationS, pcap, error: (e as Error).message });
      }
    });
  });
}

async function pool<T, R>(items: readonly T[], n: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  }
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

interface Committed {
  readonly figures: readonly { readonly name: string; readonly kernel: FigureValue }[];
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((id) => !experiments.some((e) => e.id === id));
  if (unknown.length > 0) {
    console.error(`kernel-check: unknown experiment(s): ${unknown.join(", ")}`);
    console.error(`valid: ${experiments.map((e) => e.id).join(", ")}`);
    process.exit(2);
  }
  const chosen = wanted.length > 0 ? experiments.filter((e) => wanted.includes(e.id)) : experiments;
  const kernel = preflight();
  // Longest first, so the 60 s experiments overlap with everything else.
  const order = [...chosen].sort((a, b) => slow(b) - slow(a));
  const runs = new Map<string, KernelRun>();
  await pool(order, PARALLEL, async (e) => void runs.set(e.id, await runKernel(e.id)));
  let agreeing = 0;
  for (const e of chosen) {
    const run = runs.get(e.id) as KernelRun;
    const ok = await report(e, run, kernel);
    if (ok) agreeing++;
  }
  console.log(`${agreeing}/${chosen.length} experiments agree with Linux ${kernel}`);
  process.exit(agreeing === chosen.length ? 0 : 1);
}

/** Experiments known to take about a minute of wall time. */
function slow(e: Experiment): number {
  return ["time-wait-length", "port-capacity"].includes(e.id) ? 1 : 0;
}

async function report(e: Experiment, run: KernelRun, kernel: string): Promise<boolean> {
  const path = `${resultsDir}${e.id}.json`;
  const committed = existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Committed) : undefined;
  if (run.error !== undefined) {
    console.log(`${e.id}: kernel experiment failed (${run.error})  DISAGREE`);
    return false;
  }
  const sim = e.sim();
  const figures = e.figures.map((f) => {
    const k = run.figures[f.name];
    const s = sim[f.name];
    return { ...f, kernel: k ?? null, sim: s ?? null, agree: agrees(k, s, f.tolerance) };
  });
  const drift = e.figures.filter((f) => {
    const old = committed?.figures.find((x) => x.name === f.name);
    return old !== undefined && !agrees(run.figures[f.name], old.kernel, f.tolerance);
  });
  const verdict = figures.every((f) => f.agree) ? "agree" : "disagree";
  const result = {
    id: e.id,
    claim: e.claim,
    claimZh: e.claimZh,
    script: `lab/experiments/${e.id}.py`,
    twin: `lab/twins/${e.id}.ts`,
    kernel,
    ranAt: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    durationS: run.durationS,
    figures: figures.map((f) => ({
      name: f.name,
      label: f.label,
      labelZh: f.labelZh,
      unit: f.unit,
      kernel: f.kernel,
      sim: f.sim,
      tolerance: f.tolerance,
      agree: f.agree,
    })),
    verdict,
    note: e.note,
    noteZh: e.noteZh,
    pcap: run.pcap,
  };
  if (run.pcap === null) rmSync(`${resultsDir}${e.id}.pcap`, { force: true });
  const config = (await prettier.resolveConfig(path)) ?? {};
  const text = await prettier.format(JSON.stringify(result), { ...config, parser: "json" });
  writeFileSync(path, text);
  const bad = figures.find((f) => !f.agree);
  const shown = bad ?? figures[0];
  const head = shown === undefined ? "" : `${shown.name}: kernel=${show(shown.kernel)} sim=${show(shown.sim)}  `;
  const count = `(${figures.filter((f) => f.agree).length}/${figures.length} figures)`;
  const driftText =
    drift.length > 0 ? `  kernel changed since the committed result: ${drift.map((f) => f.name).join(", ")}` : "";
  const ok = verdict === "agree" && drift.length === 0;
  console.log(`${e.id}: ${head}${ok ? "agree" : "DISAGREE"} ${count}${driftText}`);
  return ok;
}

await main();
