/**
 * View model of the packetdrill widget: run a script against the core and
 * say what happened in the reader's language. Pure: the build renders the
 * first frame with it and the browser re-runs it on every Run.
 */
import { runDrill, type DrillFailure, type TraceEvent } from "../../sim/index.ts";
import { fill } from "../../text/fill.ts";
import { text, type TextKey } from "../../text/strings.ts";
import type drillLabStrings from "../../../content/_strings/en/drill-lab.json";
import { buildSequence, type SequenceModel } from "../../diagram/sequence.ts";

/** The dictionary in content/_strings/en/drill-lab.json (a key it lacks is a type error). */
export type DrillStrings = typeof drillLabStrings;

/** The script the widget opens with: a passive open, a little data, the peer closes first. */
export const DEFAULT_DRILL_SCRIPT = `// The host listens; the peer (192.0.2.1) connects.
0    \`sysctl -q net.ipv4.tcp_timestamps=0\`
+0   socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0   bind(3, ..., ...) = 0
+0   listen(3, 1) = 0
+0   < S 0:0(0) win 65535 <mss 1460,sackOK,nop,nop,nop,wscale 7>
+0   > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 7>
+.1  < . 1:1(0) ack 1 win 257
+0   accept(3, ..., ...) = 4

// Ten bytes arrive; the host reads them.
+0   < P. 1:11(10) ack 1 win 257
+0   > . 1:1(0) ack 11
+0   read(4, ..., 100) = 10

// The peer closes first; the host reads EOF and closes too.
+.1  < F. 11:11(0) ack 1 win 257
+0   > . 1:1(0) ack 12
+0   read(4, ..., 100) = 0
+0   close(4) = 0
+0   > F. 1:1(0) ack 12
+.1  < . 12:12(0) ack 2 win 257
`;

export interface DrillView {
  readonly ok: boolean;
  /** One sentence: passed, or the first mismatch / syntax error. */
  readonly summary: string;
  readonly expected: string | undefined;
  readonly actual: string | undefined;
  readonly trace: readonly TraceEvent[];
  readonly model: SequenceModel;
}

function str(s: DrillStrings, key: TextKey<DrillStrings>): string {
  return text(s, key, "packetdrill lab");
}

function failureText(f: DrillFailure, s: DrillStrings): string {
  return f.column !== undefined
    ? fill(str(s, "parseError"), { line: f.line, column: f.column, message: f.message })
    : fill(str(s, "mismatch"), { line: f.line, message: f.message });
}

/** Run `script` and describe the outcome. Never throws for a bad script. */
export function buildDrillView(script: string, s: DrillStrings): DrillView {
  const r = runDrill(script);
  const trace = r.sim.trace;
  return {
    ok: r.ok,
    summary:
      r.ok || r.failure === undefined ? fill(str(s, "pass"), { events: r.eventsRun }) : failureText(r.failure, s),
    expected: r.failure?.expected,
    actual: r.failure?.actual,
    trace,
    model: buildSequence(trace, s.diagram),
  };
}
