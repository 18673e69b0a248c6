/**
 * The lab's state in a URL (keys after "cl."): which experiment, who closes
 * first, TIME_WAIT kept or shortened. Unreadable keys keep their defaults
 * and are reported, so the widget can say so.
 */
import { CLOSERS, DEFAULT_LAB, FAULTS, type Closer, type Fault, type LabSettings } from "./lab-model.ts";

export const LAB_PREFIX = "cl.";

export interface DecodedLab {
  readonly settings: LabSettings;
  readonly rejected: readonly string[];
}

export function decodeLab(params: ReadonlyMap<string, string>): DecodedLab {
  let settings = DEFAULT_LAB;
  const rejected: string[] = [];
  const fault = params.get("fault");
  if (fault !== undefined) {
    if ((FAULTS as readonly string[]).includes(fault)) settings = { ...settings, fault: fault as Fault };
    else rejected.push("fault");
  }
  const closer = params.get("closer");
  if (closer !== undefined) {
    if ((CLOSERS as readonly string[]).includes(closer)) settings = { ...settings, closer: closer as Closer };
    else rejected.push("closer");
  }
  const tw = params.get("tw");
  if (tw !== undefined) {
    if (tw === "60") settings = { ...settings, timeWait: true };
    else if (tw === "0") settings = { ...settings, timeWait: false };
    else rejected.push("tw");
  }
  return { settings, rejected };
}

/** URL values for the settings; defaults are left out. */
export function encodeLab(s: LabSettings): Record<string, string | undefined> {
  return {
    fault: s.fault === DEFAULT_LAB.fault ? undefined : s.fault,
    closer: s.closer === DEFAULT_LAB.closer ? undefined : s.closer,
    tw: s.timeWait === DEFAULT_LAB.timeWait ? undefined : s.timeWait ? "60" : "0",
  };
}
