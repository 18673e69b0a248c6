/**
 * The widget kit's browser side: what every widget's custom element shares.
 * Strings, data and the first frame come from the page (the .astro file writes
 * them into `<script type="application/json" data-…>` blocks); this is the one
 * place that reads them.
 */

/** Parse the JSON a widget's .astro file wrote into `script[data-<name>]`; undefined when the block is absent. */
export function readData<T>(host: ParentNode, name: string): T | undefined {
  const block = host.querySelector<HTMLScriptElement>(`script[data-${name}]`);
  return block === null ? undefined : (JSON.parse(block.textContent ?? "") as T);
}

/** The widget's strings (its content/_strings/<lang>/<widget>.json, as the page passed it). */
export function readStrings<T>(host: ParentNode): T {
  const strings = readData<T>(host, "strings");
  if (strings === undefined) throw new Error("widget: no script[data-strings] block in the first frame");
  return strings;
}

/**
 * Base of the widgets' custom elements: reads the strings once, reveals the
 * controls the first frame hid from readers without JavaScript
 * (`[data-needs-js]`), then calls `start()`.
 */
export abstract class WidgetElement<S> extends HTMLElement {
  protected strings!: S;

  connectedCallback(): void {
    this.strings = readStrings<S>(this);
    for (const el of this.querySelectorAll<HTMLElement>("[data-needs-js]")) el.hidden = false;
    this.start();
  }

  /** Wire the controls and draw; the strings are ready. */
  protected abstract start(): void;

  /** Set the text of the first element matching `selector`, if any (no DOM write when unchanged). */
  protected setText(selector: string, value: string): void {
    const el = this.querySelector(selector);
    if (el !== null && el.textContent !== value) el.textContent = value;
  }

  /** Replace the markup of the first element matching `selector` (HTML built by the widget's pure view). */
  protected setHtml(selector: string, html: string): void {
    const el = this.querySelector(selector);
    if (el !== null) el.innerHTML = html;
  }
}
