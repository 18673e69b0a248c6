/**
 * Simulator benchmark: how fast and how big is a bulk TIME_WAIT run?
 *
 *   node --expose-gc bench/sim.bench.ts [--quick]
 *
 * Prints figures only; nothing is asserted (timings depend on the machine).
 *
 * 1. "hour": the port-exhaustion workload driven directly on a Simulation,
 *    500 new connections/s for one simulated hour toward one server port,
 *    client closes first, trace level "none" (nothing recorded, as a bulk
 *    run would). Reports wall time, wall time per simulated hour, scheduler
 *    events/s and segment events/s (each send, delivery and drop of a
 *    segment counts once).
 * 2. "tw-heap": 2000 connections/s from 5 source IPs for 60 simulated
 *    seconds, so ~120 000 client sockets sit in TIME_WAIT at the end (none has
 *    expired yet). Heap after a forced GC, minus the heap of the same setup
 *    before any load, divided by the TIME_WAIT count, gives bytes per
 *    TIME_WAIT socket including its share of the port table and timer queue.
 *
 * 3. "hour-fast": the same hour with the bulk fast path on (what
 *    port-exhaustion uses at trace level "none"): eligible connections are
 *    advanced as macro events (scenarios/load.ts). Reports wall time per
 *    simulated hour and how many connections took the fast path.
 *
 * 4. "tw-heap-fast": the tw-heap load with the fast path on: the TIME_WAIT
 *    connections are held as ring slots (scenarios/bulk-conns.ts) until
 *    something looks at them. Reports heap plus ArrayBuffer bytes per
 *    TIME_WAIT connection, then the cost of materialising them all (ss).
 *
 * --quick shortens the hours to 5 simulated minutes (for a smoke run).
 * --only hour,tw-heap runs only the named parts (hour, hour-fast, tw-heap,
 * tw-heap-fast), e.g. under a profiler.
 * --repeat N runs each part N times and prints the best and the spread
 * (the machine is shared: take the best as the figure, the spread as noise).
 */
import { performance } from "node:perf_hooks";
import { Simulation, runLoad, type LoadStats, type Host } from "../src/sim/index.ts";

const SEC = 1_000_000;
const quick = process.argv.includes("--quick");

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.warn("warning: run with `node --expose-gc bench/sim.bench.ts` for reliable heap figures");
}

function collect(): void {
  // Two passes: the first can leave objects that are only freed by the next.
  gc?.();
  gc?.();
}

interface Rig {
  readonly sim: Simulation;
  readonly client: Host;
  readonly server: Host;
  readonly segmentEvents: () => number;
}

/** Client and server on one link, server listening on 8080, segment events counted but not stored. */
function makeRig(sourceIps: readonly string[]): Rig {
  const sim = new Simulation({ seed: 1, traceLevel: "none" });
  const client = sim.addHost("client", sourceIps);
  const server = sim.addHost("server", "10.0.1.1", { sysctl: { "net.core.somaxconn": 65535 } });
  sim.link(client, server, { delay: 100 });
  // Count segment events without recording them: the tracer's hooks are
  // called for every segment even at level "none", and only decide whether
  // to store. Replacing them on this instance keeps the count and the run
  // identical otherwise.
  let segs = 0;
  const count = (): void => {
    segs++;
  };
  sim.tracer.send = count;
  sim.tracer.deliver = count;
  sim.tracer.drop = count;
  return { sim, client, server, segmentEvents: () => segs };
}

function load(rig: Rig, rate: number, durationUs: number, sourceIps: readonly string[], fastPath = false): LoadStats {
  const l = rig.server.listen(8080, 65535);
  if (!l.ok) throw new Error("listen failed");
  return runLoad({
    sim: rig.sim,
    client: rig.client,
    server: rig.server,
    listeners: [l],
    rate,
    durationUs,
    closer: "client",
    sourceIps,
    serverIp: "10.0.1.1",
    requestBytes: 0,
    responseBytes: 0,
    fastPath,
  });
}

const repeatArg = process.argv.indexOf("--repeat");
const repeat = repeatArg >= 0 ? Math.max(1, Number(process.argv[repeatArg + 1]) || 1) : 1;

/** "best 1.23 (1.23–1.40 over 3 runs)" */
function spread(xs: readonly number[], digits: number, better: "low" | "high"): string {
  const sorted = [...xs].sort((a, b) => a - b);
  const best = better === "low" ? sorted[0] : sorted[sorted.length - 1];
  if (xs.length === 1) return fmt(best as number, digits);
  return `best ${fmt(best as number, digits)} (${fmt(sorted[0] as number, digits)}–${fmt(sorted[sorted.length - 1] as number, digits)} over ${xs.length} runs)`;
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function benchHour(fastPath: boolean): void {
  const simSeconds = quick ? 300 : 3600;
  const rate = 500;
  const ips = ["10.0.0.1"];
  const walls: number[] = [];
  const cpus: number[] = [];
  const segRates: number[] = [];
  let last: { st: LoadStats; rig: Rig; events: number } | undefined;
  for (let r = 0; r < repeat; r++) {
    const rig = makeRig(ips);
    collect();
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const st = load(rig, rate, simSeconds * SEC, ips, fastPath);
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    walls.push((wall * 3600) / simSeconds);
    cpus.push((((cpu.user + cpu.system) / 1e6) * 3600) / simSeconds);
    segRates.push(rig.segmentEvents() / wall);
    last = { st, rig, events: rig.sim.sched.executed };
  }
  if (last === undefined) return;
  const { st, rig, events } = last;
  console.log(
    `${fastPath ? "hour-fast" : "hour"}: ${rate} conn/s for ${simSeconds} simulated s, 1 source IP, client closes first, trace "none"${fastPath ? ", bulk fast path" : ""}`,
  );
  console.log(`  connections attempted      ${fmt(st.attempted)}`);
  console.log(`  connect() succeeded        ${fmt(st.succeeded)}  (EADDRNOTAVAIL: ${fmt(st.failed)})`);
  if (fastPath) console.log(`  via the fast path          ${fmt(st.fastConnections)}`);
  console.log(`  wall time / simulated hour ${spread(walls, 2, "low")} s`);
  console.log(`  CPU time / simulated hour  ${spread(cpus, 2, "low")} s  (user + system; less sensitive to load)`);
  console.log(`  scheduler events           ${fmt(events)}`);
  if (!fastPath)
    console.log(
      `  segment events /s          ${spread(segRates, 0, "high")}  (${fmt(rig.segmentEvents())} in the run)`,
    );
  console.log(`  client TIME_WAIT at end    ${fmt(rig.client.twCount)}`);
}

function benchTwHeap(fastPath: boolean): void {
  const rate = 2000;
  const ips = ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"];
  const rig = makeRig(ips);
  collect();
  const before = process.memoryUsage();
  // The fast path hands its held connections to the table as soon as the
  // last few arrivals (inside 5 × delay of the end) take the full engine, so
  // its held-state figure is taken just before: 2 ms before the end.
  let held: { mem: NodeJS.MemoryUsage; tw: number } | undefined;
  if (fastPath)
    rig.sim.at(60 * SEC - 2000, () => {
      collect();
      held = { mem: process.memoryUsage(), tw: rig.client.twCount + rig.server.twCount };
    });
  const t0 = performance.now();
  const st = load(rig, rate, 60 * SEC, ips, fastPath);
  const wall = (performance.now() - t0) / 1000;
  collect();
  const after = held?.mem ?? process.memoryUsage();
  const tw = held?.tw ?? rig.client.twCount + rig.server.twCount;
  const heap = after.heapUsed - before.heapUsed;
  const buffers = after.arrayBuffers - before.arrayBuffers;
  console.log(
    `${fastPath ? "tw-heap-fast" : "tw-heap"}: ${rate} conn/s for 60 simulated s from ${ips.length} source IPs, client closes first${fastPath ? ", bulk fast path" : ""}`,
  );
  console.log(`  connections attempted      ${fmt(st.attempted)}  (succeeded ${fmt(st.succeeded)})`);
  console.log(`  TIME_WAIT sockets${held === undefined ? " at end  " : " held    "} ${fmt(tw)}`);
  console.log(`  wall time                  ${fmt(wall, 2)} s`);
  console.log(`  heapUsed growth            ${fmt(heap / 1024 / 1024, 1)} MiB`);
  console.log(`  heap bytes per TIME_WAIT   ${tw > 0 ? fmt(heap / tw) : "n/a"}`);
  console.log(
    `  ArrayBuffer growth         ${fmt(buffers / 1024, 0)} KiB (port bitmaps${fastPath ? " and the ring slots" : "; not per socket"})`,
  );
  if (fastPath) {
    console.log(`  heap + buffers per TIME_WAIT ${tw > 0 ? fmt((heap + buffers) / tw) : "n/a"}  (held as ring slots)`);
    const m0 = performance.now();
    const rows = rig.client.ss().length;
    console.log(`  ss() at the end            ${fmt((performance.now() - m0) / 1000, 2)} s for ${fmt(rows)} rows`);
  }
  console.log(`  (Linux: a tw_sock_TCP is ~256 B in the kernel slab)`);
  // Keep the rig reachable until after the measurement.
  if (rig.sim.now < 0) console.log(rig);
}

console.log(
  `node ${process.version}, ${gc === undefined ? "no --expose-gc" : "gc exposed"}${quick ? ", --quick" : ""}${repeat > 1 ? `, --repeat ${repeat}` : ""}`,
);
const onlyArg = process.argv.indexOf("--only");
const only = onlyArg >= 0 ? new Set((process.argv[onlyArg + 1] ?? "").split(",")) : undefined;
const want = (part: string): boolean => only === undefined || only.has(part);
if (want("hour")) benchHour(false);
if (want("hour-fast")) benchHour(true);
if (want("tw-heap")) benchTwHeap(false);
if (want("tw-heap-fast")) benchTwHeap(true);
