/**
 * tcp-lab simulation core: the public API (the notebook exposes it as
 * `import { ... } from "tcp-lab"`).
 */
export { Simulation, type SimulationOptions } from "./simulation.ts";
export { Host, ssTimerText, type HostOptions, type ConnectOptions } from "./host.ts";
export { ssStateName } from "./ss-names.ts";
export {
  TcpSocket,
  OK,
  sysError,
  type SysError,
  type CallResult,
  type SocketOption,
  type SocketHooks,
} from "./tcp/socket.ts";
export { Listener, RequestSock, type ListenOptions } from "./tcp/listener.ts";
export { TimeWaitSock } from "./tcp/timewait.ts";
export { Nat } from "./net/nat.ts";
export { match, type FaultRule, type FaultAction } from "./net/faults.ts";
export { DEFAULT_LINK_DELAY, type LinkOptions, type NetNode } from "./net/network.ts";
export {
  KNOBS,
  knobDef,
  knobsFor,
  fullKnobName,
  SysctlTable,
  SysctlError,
  type KnobDef,
  type KnobUnit,
  type SysctlValue,
  type SysctlSetResult,
} from "./sysctl.ts";
export { PROFILES, isProfile, type ProfileTraits } from "./profiles.ts";
export { COUNTER_NAMES, type CounterName } from "./counters.ts";
export { TRACE_LEVELS, type TraceLevel } from "./tracer.ts";
export { Rng } from "./rng.ts";
export { InputRangeError, InputTypeError, isInputError } from "./input.ts";
export { isnClock, reincarnationIsn, tsClock } from "./isn.ts";
export { isLoopback } from "./addr.ts";
export * from "./seq.ts";
export * from "./segment.ts";
export * from "./trace.ts";
export * from "./tcp/table-entry.ts";
export * from "./tcp/constants.ts";
export type { Conn, LazyConns } from "./tcp/conn-table.ts";
export { scenarios, scenarioNames, runScenario } from "./scenarios/index.ts";
export type {
  ScenarioDef,
  ScenarioOptions,
  ScenarioResult,
  ParamSpec,
  SsRow,
  KernelProfile,
} from "./scenarios/types.ts";

// The front door: code outside src/sim (widgets, lessons, quiz, CLI, MDX pages,
// the notebook, lab twins, bench) imports the core only from this file; an
// ESLint rule (eslint.config.mjs) and tests/unit/front-door.test.ts enforce it.
export * from "./export/index.ts";
export { handshake } from "./scenarios/handshake.ts";
export { oldDuplicate } from "./scenarios/old-duplicate.ts";
export { dataAndClose } from "./scenarios/data-and-close.ts";
export { lostFinalAck } from "./scenarios/lost-final-ack.ts";
export { runLoad, type LoadSpec, type LoadStats } from "./scenarios/load.ts";

// Scripted peer, file-descriptor socket API and packetdrill scripts.
export { RawPeer, type CapturedSegment, type InjectSpec } from "./api/raw-peer.ts";
export {
  SocketApi,
  O_NONBLOCK,
  ERRNO_NUMBER,
  TCP_STATE_NUMBER,
  type FdCall,
  type FdDone,
  type FdErrno,
  type SockOptName,
  type TcpInfo,
} from "./api/fd.ts";
export { parseDrill, DrillParseError, type DrillEvent, type DrillArg, type DrillOptions } from "./drill/parse.ts";
export {
  runDrill,
  formatDrillFailure,
  DRILL_HOST_IP,
  DRILL_PEER_IP,
  DRILL_PORT,
  DRILL_PEER_PORT,
  type DrillResult,
  type DrillFailure,
  type DrillRunOptions,
} from "./drill/run.ts";

// Port capacity: ceiling, steady rate and the instant estimator (the port lab draws it).
export {
  capacityConstants,
  ceilingPerSec,
  steadyRate,
  rollingMean,
  estimatePortCapacity,
  ARRIVAL_BUDGET,
  type CapacityConstants,
  type CeilingSpec,
  type CapacitySpec,
  type CapacitySeries,
  type CapacityEstimate,
} from "./capacity.ts";
export { PORT_EXHAUSTION_DELAY } from "./scenarios/port-exhaustion.ts";
