/**
 * Browser side of <tcp-handshake-mini>: every frame was rendered at build
 * time from the core's handshake run; this only shows one frame at a time.
 * Play advances once a second unless the reader prefers reduced motion, in
 * which case it jumps to the finished handshake.
 */
import { WidgetElement } from "../kit.ts";
import { prefersReducedMotion } from "../../shared/url-state.ts";
import { fill } from "../../../src/text/fill.ts";
import type en from "../../../content/_strings/en/home.json";

const PLAY_INTERVAL_MS = 1000;

class HandshakeMini extends WidgetElement<typeof en> {
  private step = 1;
  private total = 1;
  private timer: ReturnType<typeof setInterval> | undefined;

  protected start(): void {
    this.total = Number(this.dataset["total"] ?? "1");
    this.addEventListener("click", (e) => {
      const action = (e.target as Element).closest<HTMLButtonElement>("button[data-action]")?.dataset["action"];
      if (action === "play") this.togglePlay();
      else if (action !== undefined) {
        this.stop();
        this.show(this.step + (action === "back" ? -1 : 1));
      }
    });
    this.querySelector("[data-frames]")?.addEventListener("keydown", (e) => this.onKey(e as KeyboardEvent));
    this.show(1, false);
  }

  disconnectedCallback(): void {
    this.stop();
  }

  private onKey(e: KeyboardEvent): void {
    const target: Record<string, number> = {
      ArrowLeft: this.step - 1,
      ArrowRight: this.step + 1,
      Home: 1,
      End: this.total,
    };
    const next = target[e.key];
    if (next === undefined) return;
    e.preventDefault();
    this.stop();
    this.show(next);
  }

  private show(step: number, announce = true): void {
    this.step = Math.max(1, Math.min(this.total, step));
    for (const frame of this.querySelectorAll<HTMLElement>("[data-frame]")) {
      frame.hidden = frame.dataset["frame"] !== String(this.step);
    }
    const frames = this.querySelector("[data-frames]");
    frames?.setAttribute("aria-label", fill(this.strings.frameLabel, { step: this.step, total: this.total }));
    const back = this.querySelector<HTMLButtonElement>('button[data-action="back"]');
    const forward = this.querySelector<HTMLButtonElement>('button[data-action="forward"]');
    if (back) back.disabled = this.step === 1;
    if (forward) forward.disabled = this.step === this.total;
    if (announce) {
      const caption = this.querySelector(`[data-frame="${this.step}"] .hm-caption`);
      this.setText("[data-live]", caption?.textContent?.trim() ?? "");
    }
  }

  private togglePlay(): void {
    if (this.timer !== undefined) {
      this.stop();
      return;
    }
    if (prefersReducedMotion()) {
      this.show(this.total);
      return;
    }
    if (this.step >= this.total) this.show(1);
    this.setPlaying(true);
    this.timer = setInterval(() => {
      if (this.step >= this.total) this.stop();
      else this.show(this.step + 1);
    }, PLAY_INTERVAL_MS);
  }

  private stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.setPlaying(false);
  }

  private setPlaying(playing: boolean): void {
    const b = this.querySelector<HTMLButtonElement>('button[data-action="play"]');
    if (!b) return;
    b.setAttribute("aria-pressed", String(playing));
    b.textContent = playing ? this.strings.pause : this.strings.play;
  }
}

if (!customElements.get("tcp-handshake-mini")) customElements.define("tcp-handshake-mini", HandshakeMini);
