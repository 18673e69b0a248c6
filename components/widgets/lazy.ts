/**
 * The heavy half of a widget (the simulation core, the diagram renderer, the
 * packetdrill parser) is not needed to show the first frame: the build
 * renders it. A widget's element therefore ships only its event wiring and
 * loads the rest with `import()` when the reader first points at, touches or
 * focuses the widget, or at once when the URL asks for a setup the first
 * frame does not show. Events that arrive before the code are handled, in
 * order, as soon as it is there; once it is, they are handled synchronously.
 *
 * The host's `data-engine` attribute says where loading stands
 * ("loading", "ready", "failed"), for styles and tests.
 */
export class LazyEngine<E> {
  private pending: Promise<E> | undefined;
  private loaded: E | undefined;
  private failed = false;

  private readonly host: HTMLElement;
  private readonly load: () => Promise<E>;
  private readonly failure: { readonly selector: string; readonly text: unknown };

  /**
   * If the code cannot be loaded (offline and not cached), `failure.text` (the
   * widget's `loadFailed` string) is written once into the host's element
   * matching `failure.selector`, to tell the reader.
   */
  constructor(host: HTMLElement, load: () => Promise<E>, failure: { selector: string; text: unknown }) {
    this.host = host;
    this.load = load;
    this.failure = failure;
  }

  private showFailure(): void {
    const target = this.host.querySelector(this.failure.selector);
    if (target && typeof this.failure.text === "string") target.textContent = this.failure.text;
    // A widget's error box may be hidden while there is nothing to say.
    if (target instanceof HTMLElement) target.hidden = false;
  }

  /** The engine if it has loaded. */
  get value(): E | undefined {
    return this.loaded;
  }

  /** Start loading (once); resolves with the engine. */
  get(): Promise<E> {
    if (this.pending === undefined) {
      this.host.dataset["engine"] = "loading";
      this.pending = this.load().then(
        (engine) => {
          this.loaded = engine;
          this.host.dataset["engine"] = "ready";
          return engine;
        },
        (error: unknown) => {
          this.host.dataset["engine"] = "failed";
          if (!this.failed) this.showFailure();
          this.failed = true;
          // The next attempt (another click) tries again: the network may be back.
          this.pending = undefined;
          throw error;
        },
      );
    }
    return this.pending;
  }

  /** Run `action` with the engine: now if it is loaded, else as soon as it is. */
  use(action: (engine: E) => void): void {
    if (this.loaded !== undefined) {
      action(this.loaded);
      return;
    }
    this.get().then(action, () => undefined);
  }

  /** Load when the reader shows intent: a pointer over the widget, a touch, keyboard focus inside it. */
  loadOnIntent(): void {
    const start = (): void => {
      for (const type of INTENT) this.host.removeEventListener(type, start);
      this.get().catch(() => undefined);
    };
    for (const type of INTENT) this.host.addEventListener(type, start, { passive: true });
  }
}

const INTENT = ["pointerover", "touchstart", "focusin"] as const;

/** True when the page URL carries parameters with this widget's prefix (a shared setup to restore). */
export function hasParams(prefix: string): boolean {
  for (const key of new URLSearchParams(location.search).keys()) if (key.startsWith(prefix)) return true;
  return false;
}

/** Show the controls the first frame hid from readers without JavaScript (`[data-needs-js]`), as WidgetElement does. */
export function revealControls(host: ParentNode): void {
  for (const el of host.querySelectorAll<HTMLElement>("[data-needs-js]")) el.hidden = false;
}

/**
 * How every lesson widget starts: a LazyEngine over `load`, loaded at once when
 * the URL carries this widget's setup (`prefix`; the controls appear once the
 * engine has drawn the linked run, since the first frame is the default one),
 * else on the reader's first intent with the controls shown now.
 */
export function startLazy<E>(
  host: HTMLElement,
  prefix: string | undefined,
  load: (fromUrl: boolean) => Promise<E>,
  failure: { selector: string; text: unknown },
): LazyEngine<E> {
  const fromUrl = prefix !== undefined && hasParams(prefix);
  const engine = new LazyEngine(host, () => load(fromUrl), failure);
  if (fromUrl) {
    engine.use(() => revealControls(host));
  } else {
    revealControls(host);
    engine.loadOnIntent();
  }
  return engine;
}
