/** What one experiment claims, which figures it compares, and how the simulator computes them. */
export type FigureValue = number | string | boolean | readonly (number | string)[] | null;

export interface FigureSpec {
  /** Stable key, the same in the kernel script's JSON output. */
  readonly name: string;
  readonly label: string;
  readonly labelZh: string;
  readonly unit: string;
  /** Largest allowed |kernel − sim| for numbers (element-wise for arrays); 0 = exact. */
  readonly tolerance: number;
}

export interface Experiment {
  readonly id: string;
  readonly claim: string;
  readonly claimZh: string;
  /** How to read a subtle figure or a recorded disagreement; null when nothing needs saying. */
  readonly note: string | null;
  readonly noteZh: string | null;
  readonly figures: readonly FigureSpec[];
  /** The simulator twin: the same setup on the core, the same figures by name. */
  sim(): Readonly<Record<string, FigureValue>>;
}

/** A figure spec in one line: fig("timeWaitSeconds", "s", 2.5, "TIME_WAIT lasted", "TIME_WAIT 持续"). */
export function fig(name: string, unit: string, tolerance: number, label: string, labelZh: string): FigureSpec {
  return { name, unit, tolerance, label, labelZh };
}
