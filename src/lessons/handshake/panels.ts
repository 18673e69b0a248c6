/**
 * The stepper's text panels as HTML strings: the fields of the current
 * segment, each side's state, the retransmission timeline, the live-region
 * sentence. The build and the browser call the same functions, so the first
 * frame and every redraw agree. All prose comes from the page's strings.
 */
import type stepperStrings from "../../../content/_strings/en/handshake-stepper.json";
import { text, type TextKey } from "../../text/strings.ts";
import { MAX_SEQ } from "./input.ts";
import { fill, formatSeconds, sideStates, type HandshakeView, type RetryAttempt } from "./stepper-model.ts";

/** The dictionary in content/_strings/en/handshake-stepper.json (a key it lacks is a type error). */
export type StepperStrings = typeof stepperStrings;

/** One string of the dictionary. */
export function str(strings: StepperStrings, key: TextKey<StepperStrings>): string {
  return text(strings, key, "handshake stepper");
}

export function escapeHtml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Clamp a requested step to the rows of this run; null means "all". */
export function resolveStep(view: HandshakeView, step: number | null): number {
  const total = view.steps.length;
  return step === null ? total : Math.max(0, Math.min(total, step));
}

export function stepStatus(view: HandshakeView, step: number, s: StepperStrings): string {
  return fill(str(s, "stepStatus"), { step, total: view.steps.length });
}

/** Table of the fields of the segment drawn by row `step` (1-based; 0 = before the first). */
export function fieldsHtml(view: HandshakeView, step: number, s: StepperStrings): string {
  const caption = `<caption>${escapeHtml(str(s, "fieldsCaption"))}</caption>`;
  if (step === 0) return `<p class="hs-note">${escapeHtml(str(s, "beforeStart"))}</p>`;
  const current = view.steps[step - 1];
  const seg = current?.segment;
  if (current === undefined || seg === undefined) {
    const what = current === undefined ? str(s, "noSegment") : current.row.description;
    return `<p class="hs-note">${escapeHtml(what)}</p>`;
  }
  const none = str(s, "absent");
  const opt = (v: number | undefined): string => (v === undefined ? none : String(v));
  const rows: [string, string][] = [
    [str(s, "fTime"), fill(str(s, "seconds"), { t: formatSeconds(seg.t) })],
    [str(s, "fDirection"), `${seg.from} → ${seg.to}`],
    [str(s, "fFlags"), `${seg.name} [${seg.flags}]`],
    [str(s, "fSeq"), String(seg.seq)],
    [str(s, "fAck"), opt(seg.ack)],
    [str(s, "fLen"), fill(str(s, "bytes"), { n: seg.len })],
    [str(s, "fWindow"), String(seg.window)],
    [str(s, "fMss"), opt(seg.mss)],
    [str(s, "fSack"), seg.sackPermitted ? str(s, "yes") : str(s, "no")],
    [str(s, "fWscale"), opt(seg.windowScale)],
    [str(s, "fTsVal"), opt(seg.tsVal)],
    [str(s, "fTsEcr"), opt(seg.tsEcr)],
    [str(s, "fFate"), seg.lost ? str(s, "fateLost") : str(s, "fateDelivered")],
  ];
  const head = `<thead><tr><th scope="col">${escapeHtml(str(s, "field"))}</th><th scope="col">${escapeHtml(str(s, "value"))}</th></tr></thead>`;
  const body = rows
    .map(
      ([k, v]) =>
        `<tr data-field="${escapeHtml(k)}"><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`,
    )
    .join("");
  return `<table class="hs-fields">${caption}${head}<tbody>${body}</tbody></table>`;
}

export function statesHtml(view: HandshakeView, step: number, s: StepperStrings): string {
  const rows = sideStates(view, step)
    .map(
      (x) =>
        `<tr data-side="${escapeHtml(x.host)}"><th scope="row">${escapeHtml(x.host)}</th><td>${escapeHtml(x.state)}</td></tr>`,
    )
    .join("");
  return (
    `<table class="hs-states"><caption>${escapeHtml(str(s, "statesCaption"))}</caption>` +
    `<thead><tr><th scope="col">${escapeHtml(str(s, "side"))}</th><th scope="col">${escapeHtml(str(s, "state"))}</th></tr></thead>` +
    `<tbody>${rows}</tbody></table>`
  );
}

function attemptList(list: readonly RetryAttempt[], s: StepperStrings, kind: string): string {
  if (list.length === 0) return `<p>${escapeHtml(str(s, "noneSent"))}</p>`;
  const items = list
    .map((a) => {
      const text = fill(str(s, a.lost ? "retryLost" : "retryLine"), { t: formatSeconds(a.t) });
      return `<li data-${kind}="${formatSeconds(a.t)}"${a.lost ? ' data-lost=""' : ""}>${a.lost ? "✕ " : "✓ "}${escapeHtml(text)}</li>`;
    })
    .join("");
  return `<ol class="hs-attempts">${items}</ol>`;
}

/** The sentence saying how the run ended. */
export function outcomeText(view: HandshakeView, s: StepperStrings): string {
  if (view.establishedAt >= 0) return fill(str(s, "outcomeEstablished"), { t: formatSeconds(view.establishedAt) });
  if (view.failedAt >= 0)
    return fill(str(s, "outcomeFailed"), { t: formatSeconds(view.failedAt), error: view.clientError });
  return str(s, "outcomeNeither");
}

export function retriesHtml(view: HandshakeView, s: StepperStrings): string {
  return (
    `<p class="widget-caption">${escapeHtml(str(s, "retriesHeading"))}</p>` +
    `<div class="hs-retry-cols"><div><p>${escapeHtml(str(s, "retriesSyn"))}</p>${attemptList(view.syns, s, "syn")}</div>` +
    `<div><p>${escapeHtml(str(s, "retriesSynAck"))}</p>${attemptList(view.synAcks, s, "synack")}</div></div>` +
    `<p class="hs-outcome" data-outcome="">${escapeHtml(outcomeText(view, s))}</p>`
  );
}

/** What the live region says after a step. */
export function announceStep(view: HandshakeView, step: number, s: StepperStrings): string {
  const states = sideStates(view, step);
  const client = states.find((x) => x.host === "client")?.state ?? "";
  const server = states.find((x) => x.host === "server")?.state ?? "";
  if (step === 0) return fill(str(s, "announceStart"), { client, server });
  const row = view.steps[step - 1]?.row;
  return fill(str(s, "announceStep"), {
    step,
    total: view.steps.length,
    description: row?.description ?? "",
    client,
    server,
  });
}

/** The message for a rejected ISN entry. */
export function isnError(reason: "syntax" | "range", text: string, previous: number | null, s: StepperStrings): string {
  const prev = previous === null ? str(s, "autoIsn") : String(previous);
  return fill(str(s, reason === "syntax" ? "isnSyntax" : "isnRange"), { text, previous: prev, max: MAX_SEQ });
}

export function countError(
  reason: "syntax" | "range",
  text: string,
  previous: number,
  max: number,
  s: StepperStrings,
): string {
  return fill(str(s, reason === "syntax" ? "countSyntax" : "countRange"), { text, previous, min: 0, max });
}
