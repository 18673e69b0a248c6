/**
 * State names as `ss` prints them. Its own small module so text exports and
 * views can use it without pulling in the host model.
 */
import type { TcpState } from "./trace.ts";

/** ss's spelling of each state (ss.c sstate_name). */
const SS_STATE: Readonly<Record<TcpState, string>> = {
  CLOSED: "UNCONN",
  LISTEN: "LISTEN",
  SYN_SENT: "SYN-SENT",
  SYN_RECV: "SYN-RECV",
  ESTABLISHED: "ESTAB",
  FIN_WAIT1: "FIN-WAIT-1",
  FIN_WAIT2: "FIN-WAIT-2",
  CLOSE_WAIT: "CLOSE-WAIT",
  CLOSING: "CLOSING",
  LAST_ACK: "LAST-ACK",
  TIME_WAIT: "TIME-WAIT",
};

/** State names as `ss` prints them; a name that is not a kernel state (already ss's) passes through. */
export function ssStateName(s: TcpState | string): string {
  return (SS_STATE as Readonly<Record<string, string>>)[s] ?? s;
}
