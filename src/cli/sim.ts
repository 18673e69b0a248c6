/**
 * Command-line entry: run a named scenario and print it as tcpdump/ss/nstat
 * text, JSON or a pcap file.
 *
 *   node src/cli/sim.ts <scenario> [--set knob=value ...] [--param name=value ...]
 *        [--seed N] [--profile linux|linux-pre-4.12|rfc9293] [--format text|json|pcap]
 *        [--relative|--absolute] [--capture send|deliver] [--events] [--out FILE]
 *
 * Exit status: 0 on success, 2 for a usage error (bad flag, name or value),
 * 1 when the run itself fails. Errors are one line on stderr.
 */
import { writeFileSync } from "node:fs";
import {
  resultToText,
  traceToPcap,
  runScenario,
  scenarios,
  type KernelProfile,
  type ScenarioOptions,
  KNOBS,
  SysctlError,
  SysctlTable,
  knobDef,
  type KnobDef,
  isInputError,
} from "../sim/index.ts";
import { USAGE, UsageError, parseCliArgs, resolveRun, type KnobCatalog } from "./args.ts";
import { drillMain } from "./drill.ts";

/** Knob names and values checked against the core's table for one profile. */
function knobCatalog(profile: KernelProfile): KnobCatalog {
  const table = new SysctlTable(profile);
  return {
    canonical: (name) => knobDef(name)?.name,
    check: (name, value) => {
      const r = table.set(name, value);
      if (r.ok) return undefined;
      return r.errno === "ENOENT" ? `not in the ${profile} profile (${r.message})` : r.message;
    },
  };
}

function formatDefault(k: KnobDef, profile: KernelProfile): string {
  const d = k.defaults[profile];
  if (d === undefined) return "absent";
  return typeof d === "number" ? String(d) : `${d[0]} ${d[1]}`;
}

export function helpText(): string {
  const lines = [USAGE, "", "Scenarios:"];
  for (const def of Object.values(scenarios)) {
    lines.push(`  ${def.name}`, `      ${def.description}`);
    for (const p of def.params) {
      const kind =
        p.choices !== undefined
          ? p.choices.join("|")
          : typeof p.default === "number"
            ? `${p.float === true ? "number" : "integer"}${p.min === undefined ? "" : ` >= ${p.min}`}${p.max === undefined ? "" : ` <= ${p.max}`}`
            : typeof p.default;
      lines.push(`      --param ${p.name}=<${kind}> (default ${String(p.default)}): ${p.description}`);
    }
  }
  lines.push("", "Knobs for --set (a bare name means net.ipv4.*; prefix host: to set one host only):");
  for (const k of KNOBS) {
    const range = k.unit === "port range" ? `"lo hi", ${k.min}-${k.max}` : `${k.min}..${k.max}`;
    const defaults = (["linux", "linux-pre-4.12", "rfc9293"] as const)
      .map((p) => `${p}=${formatDefault(k, p)}`)
      .join(", ");
    lines.push(`  ${k.name}  [${k.unit}, ${range}]  defaults: ${defaults}`, `      ${k.description}`);
    if (k.values !== undefined) {
      const vals = Object.entries(k.values).map(([v, m]) => `${v}: ${m}`);
      lines.push(`      values: ${vals.join("; ")}`);
    }
  }
  lines.push(
    "",
    "Output: text (tcpdump lines with Wireshark-style relative seq unless --absolute,",
    "then ss -tan -o, nstat -az and the summary), json (the ScenarioResult) or pcap",
    "(classic libpcap, Ethernet; needs --out when stdout is a terminal).",
    "Exit status: 0 ok, 1 the run failed, 2 usage error.",
  );
  return `${lines.join("\n")}\n`;
}

/** Run the CLI. Returns the exit status; writes only through the given streams. */
export function main(
  argv: readonly string[],
  io: {
    stdout: { write(chunk: string | Uint8Array): unknown; isTTY?: boolean | undefined };
    stderr: { write(chunk: string): unknown };
  },
): number {
  if (argv[0] === "drill") return drillMain(argv.slice(1), io);
  let output: string | Uint8Array;
  let out: string | undefined;
  try {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.stdout.write(helpText());
      return 0;
    }
    const profile = args.profile ?? "linux";
    const run = resolveRun(args, scenarios, knobCatalog(profile));
    if (args.format === "pcap" && args.out === undefined && io.stdout.isTTY === true) {
      throw new UsageError("refusing to write pcap to a terminal; use --out FILE or a pipe");
    }
    out = args.out;
    const options: ScenarioOptions = {
      ...(args.seed === undefined ? {} : { seed: args.seed }),
      ...(args.profile === undefined ? {} : { profile: args.profile }),
      ...(Object.keys(run.sysctl).length === 0 ? {} : { sysctl: run.sysctl }),
      ...(Object.keys(run.params).length === 0 ? {} : { params: run.params }),
    };
    let result;
    try {
      result = runScenario(run.scenario, options);
    } catch (e) {
      // A value the table accepted but the scenario rejects is still a usage error.
      // So is a value the core refuses (a host that does not exist, a knob a parameter sets).
      if (e instanceof SysctlError || e instanceof UsageError || isInputError(e)) throw new UsageError(e.message);
      const msg = e instanceof Error ? e.message : String(e);
      io.stderr.write(`sim: ${run.scenario} failed: ${msg.split("\n")[0] ?? ""}\n`);
      return 1;
    }
    switch (args.format) {
      case "json":
        output = `${JSON.stringify(result, null, 2)}\n`;
        break;
      case "pcap":
        output = traceToPcap(result.trace, { capture: args.capture });
        break;
      case "text":
        output = resultToText(result, { relative: args.relative, capture: args.capture, events: args.events });
        break;
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`sim: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (out !== undefined) {
    try {
      writeFileSync(out, output);
    } catch (e) {
      io.stderr.write(`sim: cannot write ${out}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  } else {
    io.stdout.write(output);
  }
  return 0;
}

if (import.meta.main) {
  // exitCode rather than exit(), so a large write to a pipe is flushed first.
  process.exitCode = main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
}
