/**
 * Browser side of <tcp-sysctl-reviewer>. Re-judges the text a moment after
 * the reader stops typing, with the same pure functions as the build. The
 * judge caps its own work (first MAX_JUDGED_LINES lines), so even a 1 MB
 * paste costs one linear scan; the text is kept in the URL when short.
 */
import { readStrings } from "../kit.ts";
import { atom } from "nanostores";
import { readParams, writeParams } from "../../shared/url-state.ts";
import { correctedFile, reviewSysctlConf } from "../../../src/sysctl-review/judge.ts";
import {
  reviewHtml,
  reviewSummary,
  type ReviewerStrings,
  type ReviewerUi,
} from "../../../src/sysctl-review/review-view.ts";

const PREFIX = "sr.";
/** Longer files are not put in the address bar. */
const MAX_URL_TEXT = 2000;
const DEBOUNCE_MS = 250;

interface Payload {
  example: string;
  review: ReviewerStrings;
  ui: ReviewerUi;
  /** "/zh-cn" on the Chinese edition: links to the site's pages keep the language. */
  linkPrefix?: string;
}

class SysctlReviewer extends HTMLElement {
  private p!: Payload;
  private readonly text = atom("");
  private timer: ReturnType<typeof setTimeout> | undefined;

  connectedCallback(): void {
    this.p = readStrings<Payload>(this);
    for (const el of this.querySelectorAll<HTMLElement>("[data-needs-js]")) el.hidden = false;
    const input = this.input;

    const fromUrl = readParams(PREFIX).get("text");
    if (fromUrl !== undefined) {
      if (fromUrl.length <= MAX_URL_TEXT) input.value = fromUrl;
      else this.message(this.p.ui.badUrl);
    }
    this.text.set(input.value);
    if (input.value !== this.p.example) this.review();

    this.text.listen((t) => {
      writeParams(PREFIX, { text: t === this.p.example ? undefined : t.length <= MAX_URL_TEXT ? t : undefined });
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.review(), DEBOUNCE_MS);
    });
    input.addEventListener("input", () => {
      this.message(input.value.length > MAX_URL_TEXT ? this.p.ui.tooBigForLink : "");
      this.text.set(input.value);
    });
    this.querySelector("[data-example]")?.addEventListener("click", () => this.replace(this.p.example));
    this.querySelector("[data-clear]")?.addEventListener("click", () => this.replace(""));
    this.querySelector("[data-copy]")?.addEventListener("click", () => void this.copy());
  }

  private get input(): HTMLTextAreaElement {
    return this.querySelector("#sr-input") as HTMLTextAreaElement;
  }

  private get output(): HTMLTextAreaElement {
    return this.querySelector("#sr-output") as HTMLTextAreaElement;
  }

  private replace(text: string): void {
    this.input.value = text;
    this.message("");
    this.text.set(text);
    this.input.focus();
  }

  private message(text: string): void {
    const el = this.querySelector("[data-msg]");
    if (el) el.textContent = text;
  }

  private review(): void {
    const text = this.text.get();
    const review = reviewSysctlConf(text);
    const results = this.querySelector("[data-results]");
    if (results) results.innerHTML = reviewHtml(review, this.p.review, this.p.linkPrefix ?? "");
    this.output.value = correctedFile(review, text, this.p.review.tags);
    const live = this.querySelector("[data-live]");
    if (live) live.textContent = reviewSummary(review, this.p.review);
  }

  private async copy(): Promise<void> {
    const status = this.querySelector("[data-copy-status]");
    try {
      await navigator.clipboard.writeText(this.output.value);
      if (status) status.textContent = this.p.ui.copied;
    } catch {
      // No clipboard (insecure context, permission refused): select the text for Ctrl+C instead.
      this.output.focus();
      this.output.select();
      if (status) status.textContent = this.p.ui.copyFailed;
    }
  }
}

if (!customElements.get("tcp-sysctl-reviewer")) customElements.define("tcp-sysctl-reviewer", SysctlReviewer);
