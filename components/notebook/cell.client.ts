/**
 * <tcp-notebook-cell>: the small part of a notebook cell that loads with the
 * page. It shows the toolbar, restores edits (shared link first, then this
 * browser session), and loads the editor (./editor.ts) and the runner
 * (./runner.ts, which starts the worker) with import() on first use.
 *
 * Cells are independent: each run starts a fresh worker with only that
 * cell's code, so the order in which a reader runs cells never matters.
 */
import { decodeCode, encodeCode, readShareFragment, writeShareFragment, ShareError } from "~/src/notebook/share.ts";
import { fill, type NotebookStrings } from "~/src/notebook/strings.ts";
import type { EditorHandle } from "./editor.ts";
import type { RunHandle } from "./runner.ts";
import type { OutputView } from "./output.ts";

const SAVE_DELAY_MS = 250;

function storageKey(cellId: string): string {
  return `tcp-lab:notebook:${location.pathname}:${cellId}`;
}

function readSession(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null; // storage disabled: edits simply are not kept
  }
}

function writeSession(key: string, value: string | null): void {
  try {
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch {
    // storage full or disabled: keep working without it
  }
}

function part<T extends HTMLElement>(root: HTMLElement, name: string): T {
  const node = root.querySelector<T>(`[data-${name}]`);
  if (!node) throw new Error(`notebook cell: missing [data-${name}]`);
  return node;
}

class NotebookCell extends HTMLElement {
  private cellId = "";
  private original = "";
  private code = "";
  private strings!: NotebookStrings;
  private staticSource: Node[] = [];
  private editor: EditorHandle | null = null;
  private editorLoading: Promise<EditorHandle> | null = null;
  private run: RunHandle | null = null;
  private output: OutputView | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  connectedCallback(): void {
    if (this.cellId) return;
    this.cellId = this.dataset["cellId"] ?? "";
    this.original = this.dataset["code"] ?? "";
    this.code = this.original;
    this.strings = JSON.parse(this.dataset["strings"] ?? "{}") as NotebookStrings;
    const source = part(this, "source");
    this.staticSource = [...source.childNodes];
    part(this, "toolbar").hidden = false;
    part(this, "run").addEventListener("click", () => void this.runCode());
    part(this, "edit").addEventListener("click", () => void this.startEditing());
    part(this, "reset").addEventListener("click", () => this.reset());
    part(this, "share").addEventListener("click", () => void this.share());
    source.addEventListener("click", () => {
      if (!this.editor) void this.startEditing();
    });
    this.addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === "Enter" && !event.defaultPrevented) {
        event.preventDefault();
        void this.runCode();
      }
    });
    void this.restore();
  }

  private notice(text: string, kind: "info" | "error" = "info"): void {
    const node = part(this, "notice");
    node.dataset["kind"] = kind;
    node.textContent = text;
  }

  private status(text: string): void {
    part(this, "status").textContent = text;
  }

  /** Shared link for this cell, else this session's edits, else the original. */
  private async restore(): Promise<void> {
    const payload = readShareFragment(location.hash).get(this.cellId);
    if (payload !== undefined) {
      try {
        const shared = await decodeCode(payload);
        this.showCode(shared);
        writeSession(storageKey(this.cellId), shared === this.original ? null : shared);
        this.notice(this.strings.restoredShare);
        this.scrollIntoView({ block: "start" });
      } catch (error) {
        const reason = error instanceof ShareError ? error.message : String(error);
        this.notice(fill(this.strings.shareError, { reason }), "error");
      }
      return;
    }
    const saved = readSession(storageKey(this.cellId));
    if (saved !== null && saved !== this.original) {
      this.showCode(saved);
      this.notice(this.strings.restoredSession);
    }
  }

  /** Shows code that differs from the build-time block: in the editor if open, else as plain text. */
  private showCode(code: string): void {
    this.code = code;
    part<HTMLButtonElement>(this, "reset").disabled = code === this.original;
    if (this.editor) {
      if (this.editor.getCode() !== code) this.editor.setCode(code);
      return;
    }
    const source = part(this, "source");
    if (code === this.original) {
      source.replaceChildren(...this.staticSource);
      return;
    }
    const pre = document.createElement("pre");
    pre.className = "nb-plain";
    pre.dataset["restored"] = "";
    pre.tabIndex = 0; // long lines scroll sideways: keyboard users must be able to reach it
    pre.textContent = code;
    source.replaceChildren(pre);
  }

  private startEditing(): Promise<EditorHandle> {
    this.editorLoading ??= (async () => {
      this.status(this.strings.loadingEditor);
      const { createEditor } = await import("./editor.ts");
      const holder = document.createElement("div");
      holder.className = "nb-editor";
      const editor = createEditor({
        parent: holder,
        code: this.code,
        label: fill(this.strings.editorLabel, { title: this.dataset["title"] ?? "" }),
        onChange: (code) => this.edited(code),
        onRun: () => void this.runCode(),
      });
      part(this, "source").replaceChildren(holder);
      this.editor = editor;
      this.status("");
      return editor;
    })();
    return this.editorLoading.then((editor) => {
      editor.focus();
      return editor;
    });
  }

  private edited(code: string): void {
    this.code = code;
    part<HTMLButtonElement>(this, "reset").disabled = code === this.original;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      writeSession(storageKey(this.cellId), code === this.original ? null : code);
    }, SAVE_DELAY_MS);
  }

  private reset(): void {
    clearTimeout(this.saveTimer);
    writeSession(storageKey(this.cellId), null);
    const hash = writeShareFragment(location.hash, this.cellId, null);
    if (hash !== location.hash) history.replaceState(history.state, "", location.pathname + location.search + hash);
    this.showCode(this.original);
    part(this, "share-box").hidden = true;
    this.notice(this.strings.resetDone);
    (this.editor ? this.editor : part<HTMLButtonElement>(this, "edit")).focus();
  }

  private async share(): Promise<void> {
    const payload = await encodeCode(this.code);
    const url = new URL(location.href);
    url.hash = writeShareFragment("", this.cellId, payload);
    const box = part(this, "share-box");
    const input = part<HTMLInputElement>(this, "share-url");
    input.value = url.href;
    box.hidden = false;
    history.replaceState(history.state, "", url.pathname + url.search + url.hash);
    try {
      await navigator.clipboard.writeText(url.href);
      this.notice(this.strings.shareCopied);
    } catch {
      this.notice(this.strings.shareReady);
      input.focus();
      input.select();
    }
  }

  private async runCode(): Promise<void> {
    this.run?.stop();
    const code = this.editor ? this.editor.getCode() : this.code;
    const s = this.strings;
    this.status(s.running);
    const [{ runCode }, { OutputView }] = await Promise.all([import("./runner.ts"), import("./output.ts")]);
    this.output ??= new OutputView(part(this, "output"), s, this.cellId);
    const output = this.output;
    output.clear();
    let failed = false;
    const handle = runCode(
      code,
      { refusedMessage: s.refused, unknownModuleMessage: s.unknownModule },
      {
        onStarted: () => undefined,
        onOutput: (item) => output.add(item),
        onError: (error) => {
          failed = true;
          output.error(error, code);
        },
        onDone: (ms) => {
          if (output.isEmpty) output.note(s.noOutput);
          this.status(fill(failed ? s.finishedWithError : s.finished, { ms: Math.round(ms) }));
          if (this.run === handle) this.run = null;
        },
        onTimeout: (limitMs) => {
          const text = fill(s.timeout, { seconds: limitMs / 1000 });
          output.note(text, "error");
          this.status(text);
          if (this.run === handle) this.run = null;
        },
        onCrash: (message) => {
          const text = fill(s.crashed, { message });
          output.note(text, "error");
          this.status(text);
          if (this.run === handle) this.run = null;
        },
      },
    );
    this.run = handle;
  }
}

if (!customElements.get("tcp-notebook-cell")) customElements.define("tcp-notebook-cell", NotebookCell);
