/**
 * Build-time access to the recorded kernel experiments: every
 * `lab/results/<id>.json` (validated by src/evidence/result.ts), the script and
 * twin each one names (read from the repository, never retyped), and its pcap.
 * Adding a result file adds its pages; nothing here lists experiments by hand.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseResult, ResultError, sortResults, type Result } from "~/src/evidence/result.ts";

const jsonFiles = import.meta.glob<unknown>("/lab/results/*.json", { eager: true, import: "default" });
const sources = import.meta.glob<string>(["/lab/experiments/**/*", "/lab/twins/**/*"], {
  eager: true,
  query: "?raw",
  import: "default",
});

/** Folder of the recorded results, relative to the project root (where `astro build` runs). */
export const RESULTS_DIR = "lab/results";

export interface Experiment extends Result {
  /** Text of `script` and `twin`, as committed. */
  scriptSource: string;
  twinSource: string | null;
  /** Size of the capture in bytes, when there is one. */
  pcapBytes: number | null;
}

function source(path: string): string | undefined {
  return sources["/" + path.replace(/^\/+/, "")];
}

function load(): Experiment[] {
  const results = Object.entries(jsonFiles).map(([file, json]) => {
    const result = parseResult(json, file.slice(1));
    if (`/${RESULTS_DIR}/${result.id}.json` !== file)
      throw new ResultError(`${file.slice(1)}: "id" is "${result.id}" but the file name says otherwise`);
    return result;
  });
  return sortResults(results).map((result) => {
    const scriptSource = source(result.script);
    if (scriptSource === undefined)
      throw new ResultError(`${RESULTS_DIR}/${result.id}.json: "script" names ${result.script}, which is not in lab/`);
    // A capture named but not committed loses only its download link; the unit test
    // tests/unit/evidence/citations.test.ts fails on it, so it does not go unnoticed.
    const pcapBytes =
      result.pcap !== null && existsSync(pcapPath(result.pcap)) ? statSync(pcapPath(result.pcap)).size : null;
    if (result.pcap !== null && pcapBytes === null)
      console.warn(`${RESULTS_DIR}/${result.id}.json: "pcap" names ${result.pcap}, which is not in ${RESULTS_DIR}/`);
    return { ...result, scriptSource, twinSource: source(result.twin) ?? null, pcapBytes };
  });
}

let cache: Experiment[] | undefined;

/** Every recorded experiment, sorted by id. */
export function experiments(): Experiment[] {
  cache ??= load();
  return cache;
}

export function pcapPath(fileName: string): string {
  return join(process.cwd(), RESULTS_DIR, fileName);
}

/** The capture's bytes, served as a file of the built site. */
export function pcapBytes(fileName: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(pcapPath(fileName)));
}

/** Where the capture is downloaded from (the same file for every language). */
export function pcapHref(fileName: string): string {
  return `/evidence/${fileName}`;
}
