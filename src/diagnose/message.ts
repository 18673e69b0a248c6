/**
 * Messages of the diagnose tools: a key into the page's strings plus the
 * values to fill in, so the command line (English) and both editions of the
 * page word the same finding from the same data.
 */
import { fill } from "../text/fill.ts";

export type Params = Readonly<Record<string, string | number>>;

export interface Message {
  readonly key: string;
  readonly params: Params;
}

/** A problem with the input itself, tied to a line (text) or a byte offset (captures). */
export interface InputIssue extends Message {
  /** 1-based line number, or 0 when the whole input is concerned. */
  readonly line?: number;
  /** Byte offset in a capture file. */
  readonly offset?: number;
}

export const msg = (key: string, params: Params = {}): Message => ({ key, params });

/** Renders a message with a strings table; a missing key shows the key (never an empty line). */
export function render(strings: Readonly<Record<string, string>>, m: Message): string {
  const template = strings[m.key];
  return template === undefined ? `${m.key} ${JSON.stringify(m.params)}` : fill(template, m.params);
}
