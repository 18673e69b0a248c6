/**
 * HTML for a sysctl.conf review, built as a string so the server renders
 * the first frame and the browser redraws with the same function. All
 * words come from `ReviewerStrings`, passed in by the page.
 */
import { esc, fill, inlineCode } from "./format.ts";
import { wbrEscaped } from "../text/wbr.ts";
import { VERDICTS, type Review, type Verdict } from "./judge.ts";

/** Words of the reviewer widget around the review itself. */
export interface ReviewerUi {
  /** Name of the widget in its title bar. */
  readonly title: string;
  readonly inputLabel: string;
  readonly inputHint: string;
  readonly loadExample: string;
  readonly clear: string;
  readonly copy: string;
  readonly copied: string;
  readonly copyFailed: string;
  readonly outputLabel: string;
  readonly outputHint: string;
  readonly resultsHeading: string;
  readonly working: string;
  readonly noScript: string;
  readonly badUrl: string;
  readonly tooBigForLink: string;
}

export interface ReviewerStrings {
  readonly verdictLabels: Readonly<Record<Verdict, string>>;
  /** A symbol per verdict, so colour is never the only signal. */
  readonly verdictSymbols: Readonly<Record<Verdict, string>>;
  /** Message templates by finding code; `{name}` placeholders, `backticks` for code. */
  readonly messages: Readonly<Record<string, string>>;
  readonly columns: { readonly line: string; readonly setting: string; readonly verdict: string; readonly why: string };
  readonly caption: string;
  readonly readMore: string;
  /** Link text to the kernel's documentation of the setting. */
  readonly kernelDoc: string;
  /** Link text to the experiment page that measured it. */
  readonly experiment: string;
  /** "{settings} settings on {lines} lines" */
  readonly summary: string;
  /** "{count} {label}" */
  readonly countItem: string;
  /** The summary's punctuation: after the head (": "), between counts (", "), a sentence's end (".") and the gap before the next (" "). */
  readonly punctuation: { readonly colon: string; readonly comma: string; readonly stop: string; readonly gap: string };
  /** "sysctl -p would exit with status {status}, systemd-sysctl with {systemd}." */
  readonly exitStatus: string;
  /** "Only the first {judged} of {total} lines were judged; the rest are copied unchanged." */
  readonly notJudged: string;
  readonly binary: string;
  readonly crlf: string;
  readonly empty: string;
  /** Tags written into the corrected file. */
  readonly tags: Readonly<Partial<Record<Verdict, string>>>;
}

function message(strings: ReviewerStrings, code: string, params: Readonly<Record<string, string | number>>): string {
  const t = strings.messages[code];
  return t === undefined ? esc(code) : inlineCode(fill(t, params));
}

/** One sentence for the summary line above the table; `code` spans marked with backticks. */
function summaryMarked(review: Review, strings: ReviewerStrings): string {
  const parts = VERDICTS.filter((v) => review.counts[v] > 0).map((v) =>
    fill(strings.countItem, { count: review.counts[v], label: strings.verdictLabels[v] }),
  );
  const head = fill(strings.summary, { settings: review.settings, lines: review.totalLines });
  const p = strings.punctuation;
  return [
    head + (parts.length > 0 ? p.colon + parts.join(p.comma) + p.stop : p.stop),
    fill(strings.exitStatus, { status: review.sysctlExitStatus, systemd: review.systemdExitStatus }),
  ].join(p.gap);
}

/** The summary as plain text, for the live region. */
export function reviewSummary(review: Review, strings: ReviewerStrings): string {
  return summaryMarked(review, strings).replace(/`/g, "");
}

/**
 * `linkPrefix` is the locale's path prefix ("/zh-cn" on the Chinese edition) for the site's own
 * pages; the kernel documentation link is absolute.
 */
export function reviewHtml(review: Review, strings: ReviewerStrings, linkPrefix = ""): string {
  const notes: string[] = [];
  if (review.binary) notes.push(`<p class="widget-error">${esc(strings.binary)}</p>`);
  if (review.notJudged > 0) {
    notes.push(
      `<p class="widget-error">${esc(fill(strings.notJudged, { judged: review.lines.length, total: review.totalLines }))}</p>`,
    );
  }
  if (review.crlf) notes.push(`<p>${esc(strings.crlf)}</p>`);
  const judged = review.lines.filter((l) => l.verdict !== undefined);
  if (judged.length === 0) {
    return `${notes.join("")}<p class="sr-summary">${esc(strings.empty)}</p>`;
  }
  const c = strings.columns;
  // data-label: the column name each cell shows when a narrow screen stacks the rows into cards.
  const cellLabel = (name: string): string => ` data-label="${esc(name)}"`;
  const rows = judged.map((l) => {
    const v = l.verdict as Verdict;
    const why = l.findings.map((f) => `<li>${message(strings, f.code, f.params)}</li>`).join("");
    const ev = l.evidence ?? (l.page === undefined ? {} : { page: l.page });
    const links = [
      ev.page === undefined ? "" : `<a href="${esc(linkPrefix + ev.page)}">${esc(strings.readMore)}</a>`,
      ev.experiment === undefined ? "" : `<a href="${esc(linkPrefix + ev.experiment)}">${esc(strings.experiment)}</a>`,
      ev.doc === undefined ? "" : `<a href="${esc(ev.doc)}">${esc(strings.kernelDoc)}</a>`,
    ].filter((x) => x !== "");
    const more = links.length === 0 ? "" : `<p class="sr-evidence">${links.join(" · ")}</p>`;
    return (
      `<tr data-line="${l.line}" data-verdict="${v}">` +
      `<th scope="row"${cellLabel(c.line)}>${l.line}</th>` +
      `<td class="sr-setting"${cellLabel(c.setting)}><code>${wbrEscaped(esc(l.text.trim()))}</code></td>` +
      `<td${cellLabel(c.verdict)}><span class="sr-verdict sr-verdict-${v}"><span aria-hidden="true">${esc(strings.verdictSymbols[v])}</span>&nbsp;${esc(strings.verdictLabels[v])}</span></td>` +
      `<td class="sr-why-cell"${cellLabel(c.why)}><ul class="sr-why">${why}</ul>${more}</td>` +
      `</tr>`
    );
  });
  return (
    notes.join("") +
    `<p class="sr-summary">${inlineCode(summaryMarked(review, strings))}</p>` +
    `<div class="sr-table-wrap" tabindex="0" role="region" aria-label="${esc(strings.caption)}"><table class="sr-table stack-table">` +
    `<caption>${esc(strings.caption)}</caption>` +
    `<thead><tr><th scope="col">${esc(c.line)}</th><th scope="col">${esc(c.setting)}</th><th scope="col">${esc(c.verdict)}</th><th scope="col">${esc(c.why)}</th></tr></thead>` +
    `<tbody>${rows.join("")}</tbody></table></div>`
  );
}
