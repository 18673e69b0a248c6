/**
 * Every word a notebook cell shows, supplied by the page (see
 * content/_strings/en/notebook.json). Templates use {name} placeholders.
 */
import type { DiagramStrings } from "../diagram/sequence.ts";
import type { ChartStrings } from "./chart.ts";

export interface NotebookStrings {
  readonly cellLabel: string;
  readonly run: string;
  readonly edit: string;
  readonly reset: string;
  readonly share: string;
  readonly hint: string;
  readonly editorLabel: string;
  readonly emptyPlaceholder: string;
  readonly loadingEditor: string;
  readonly running: string;
  readonly finished: string;
  readonly finishedWithError: string;
  readonly timeout: string;
  readonly crashed: string;
  readonly noOutput: string;
  readonly outputLabel: string;
  readonly resultLabel: string;
  readonly errorAt: string;
  readonly errorNoPosition: string;
  readonly errorRejection: string;
  readonly refused: string;
  readonly unknownModule: string;
  readonly truncated: string;
  readonly traceTruncated: string;
  readonly diagramRows: string;
  readonly scenarioHeading: string;
  readonly pcapDownload: string;
  readonly pcapTooLarge: string;
  readonly restoredSession: string;
  readonly restoredShare: string;
  readonly shareError: string;
  readonly shareCopied: string;
  readonly shareReady: string;
  readonly shareLinkLabel: string;
  readonly resetDone: string;
  readonly describe: string;
  readonly tableOmitted: string;
  readonly tableLabel: string;
  readonly diagram: DiagramStrings;
  readonly chart: ChartStrings;
}

export { fill } from "../text/fill.ts";
