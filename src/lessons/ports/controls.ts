/**
 * The lab's sliders: each one steps through a list of choices (native
 * <input type=range> over indices), so the keyboard moves one choice at a
 * time and Home/End reach the ends.
 */
import {
  CLOSERS,
  DEST_PORTS,
  PORT_RANGES,
  RATES,
  SOURCE_IPS,
  TW_REUSE_VALUES,
  type PortLabSettings,
} from "./settings.ts";

export const CONTROL_NAMES = ["rate", "range", "closer", "reuse", "ips", "dports", "keepalive"] as const;
export type ControlName = (typeof CONTROL_NAMES)[number];

/**
 * How each control is shown: a slider for a range of numbers, a radio group
 * for a small choice (who closes, tcp_tw_reuse, keep-alive).
 */
export function controlKind(name: ControlName): "slider" | "choice" {
  return name === "closer" || name === "reuse" || name === "keepalive" ? "choice" : "slider";
}

/** How many positions each slider has. */
export function controlSteps(name: ControlName): number {
  switch (name) {
    case "rate":
      return RATES.length;
    case "range":
      return PORT_RANGES.length;
    case "closer":
      return CLOSERS.length;
    case "reuse":
      return TW_REUSE_VALUES.length;
    case "ips":
      return SOURCE_IPS.length;
    case "dports":
      return DEST_PORTS.length;
    case "keepalive":
      return 2;
  }
}

/** Slider position of a setting. */
export function controlIndex(s: PortLabSettings, name: ControlName): number {
  switch (name) {
    case "rate":
      return RATES.findIndex((r) => r === s.rate);
    case "range":
      return s.portRange;
    case "closer":
      return CLOSERS.indexOf(s.closer);
    case "reuse":
      return TW_REUSE_VALUES.findIndex((v) => v === s.twReuse);
    case "ips":
      return SOURCE_IPS.findIndex((v) => v === s.sourceIps);
    case "dports":
      return DEST_PORTS.findIndex((v) => v === s.destPorts);
    case "keepalive":
      return s.keepAlive ? 1 : 0;
  }
}

/** The settings with one slider moved to position `i` (clamped). */
export function withControl(s: PortLabSettings, name: ControlName, i: number): PortLabSettings {
  const at = <T>(list: readonly T[]): T => list[Math.max(0, Math.min(list.length - 1, Math.round(i)))] as T;
  switch (name) {
    case "rate":
      return { ...s, rate: at(RATES) };
    case "range":
      return { ...s, portRange: Math.max(0, Math.min(PORT_RANGES.length - 1, Math.round(i))) };
    case "closer":
      return { ...s, closer: at(CLOSERS) };
    case "reuse":
      return { ...s, twReuse: at(TW_REUSE_VALUES) };
    case "ips":
      return { ...s, sourceIps: at(SOURCE_IPS) };
    case "dports":
      return { ...s, destPorts: at(DEST_PORTS) };
    case "keepalive":
      return { ...s, keepAlive: i >= 1 };
  }
}
