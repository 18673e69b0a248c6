/**
 * Command-line entry of the diagnose tools:
 *
 *   npm run explain -- FILE|- [--port-range LOW-HIGH] [--conn N] [--absolute]
 *
 * Reads ss/nstat text or a pcap/pcapng capture (detected from the bytes) and
 * prints what it shows. Exit status: 0 nothing to worry about, 1 findings at
 * "warn" or "problem" level (or flagged connections), 2 bad usage or input
 * that could not be read at all.
 */
import { readFileSync } from "node:fs";
import strings from "../../content/_strings/en/diagnose.json" with { type: "json" };
import { renderCaptureText, renderTextReport } from "../diagnose/cli-format.ts";
import { explainCapture } from "../diagnose/capture.ts";
import { looksLikeCapture } from "../diagnose/pcap-read.ts";
import { analyzeText } from "../diagnose/ss-analyze.ts";

const S: Readonly<Record<string, string>> = strings;

export function main(argv: readonly string[], stdin: () => Uint8Array): { code: number; out: string; err: string } {
  let file: string | undefined;
  let range: [number, number] | undefined;
  let conn: number | undefined;
  let relative = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a === "--port-range") {
      const m = /^(\d+)[-\s:](\d+)$/.exec(argv[++i] ?? "");
      const lo = Number(m?.[1]);
      const hi = Number(m?.[2]);
      if (!m || lo < 1 || hi > 65535 || lo > hi) return { code: 2, out: "", err: `${S["cli.usage"]}\n` };
      range = [lo, hi];
    } else if (a === "--conn") {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) return { code: 2, out: "", err: `${S["cli.usage"]}\n` };
      conn = n;
    } else if (a === "--absolute") relative = false;
    else if (a === "--help" || a === "-h") return { code: 0, out: `${S["cli.usage"]}\n`, err: "" };
    else if (file === undefined && (a === "-" || !a.startsWith("-"))) file = a;
    else return { code: 2, out: "", err: `${S["cli.usage"]}\n` };
  }
  if (file === undefined) return { code: 2, out: "", err: `${S["cli.usage"]}\n` };
  let bytes: Uint8Array;
  try {
    bytes = file === "-" ? stdin() : readFileSync(file);
  } catch (e) {
    return { code: 2, out: "", err: `${file}: ${(e as Error).message}\n` };
  }
  if (looksLikeCapture(bytes)) {
    const report = explainCapture(bytes);
    return renderCaptureText(report, S, { conn, relative });
  }
  const text = new TextDecoder().decode(bytes);
  return renderTextReport(analyzeText(text, range ? { portRange: range } : {}), S);
}

if (import.meta.main) {
  const r = main(process.argv.slice(2), () => readFileSync(0));
  process.stdout.write(r.out);
  process.stderr.write(r.err);
  process.exitCode = r.code;
}
