/**
 * The cell editor: CodeMirror 6 with TypeScript syntax. Loaded with a
 * dynamic import() only when a reader starts editing, so pages pay nothing
 * for it on load.
 *
 * The project installs the CodeMirror 6 core packages but not
 * @codemirror/commands, so the few editing commands a cell needs (undo/redo,
 * Enter with indentation, Tab to indent) are written here, small and plain.
 */
import {
  EditorSelection,
  EditorState,
  Prec,
  StateEffect,
  StateField,
  findClusterBreak,
  type Transaction,
} from "@codemirror/state";
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  type Command,
} from "@codemirror/view";
import { bracketMatching, getIndentation, indentOnInput, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { closeBrackets } from "@codemirror/autocomplete";
import { javascript } from "@codemirror/lang-javascript";
import { classHighlighter } from "@lezer/highlight";

export interface EditorHandle {
  readonly view: EditorView;
  getCode(): string;
  setCode(code: string): void;
  focus(): void;
}

export interface EditorOptions {
  readonly parent: HTMLElement;
  readonly code: string;
  /** Accessible name of the editing area. */
  readonly label: string;
  readonly onChange: (code: string) => void;
  readonly onRun: () => void;
}

// ---- A small undo history: snapshots of the document, grouped by pauses in typing.

interface Snapshot {
  readonly doc: string;
  readonly anchor: number;
}
interface History {
  readonly undo: readonly Snapshot[];
  readonly redo: readonly Snapshot[];
  readonly lastChange: number;
}
const restore = StateEffect.define<"undo" | "redo">();
const GROUP_MS = 600;

const history = StateField.define<History>({
  create: () => ({ undo: [], redo: [], lastChange: 0 }),
  update(value, tr: Transaction) {
    for (const effect of tr.effects) {
      if (effect.is(restore)) {
        const current: Snapshot = { doc: tr.startState.doc.toString(), anchor: tr.startState.selection.main.anchor };
        return effect.value === "undo"
          ? { undo: value.undo.slice(0, -1), redo: [...value.redo, current], lastChange: 0 }
          : { undo: [...value.undo, current], redo: value.redo.slice(0, -1), lastChange: 0 };
      }
    }
    if (!tr.docChanged) return value;
    const time = Date.now();
    const before: Snapshot = { doc: tr.startState.doc.toString(), anchor: tr.startState.selection.main.anchor };
    const undo = time - value.lastChange < GROUP_MS ? value.undo : [...value.undo, before].slice(-200);
    return { undo, redo: [], lastChange: time };
  },
});

function step(direction: "undo" | "redo"): Command {
  return (view) => {
    const h = view.state.field(history);
    const target = direction === "undo" ? h.undo[h.undo.length - 1] : h.redo[h.redo.length - 1];
    if (!target) return false;
    view.dispatch({
      changes: { from: 0, to: view.state.doc.length, insert: target.doc },
      selection: EditorSelection.cursor(Math.min(target.anchor, target.doc.length)),
      effects: restore.of(direction),
      scrollIntoView: true,
    });
    return true;
  };
}

const newlineAndIndent: Command = (view) => {
  const { state } = view;
  view.dispatch(
    state.changeByRange((range) => {
      const indent =
        getIndentation(state, range.from) ?? /^\s*/.exec(state.doc.lineAt(range.from).text)?.[0].length ?? 0;
      const insert = "\n" + " ".repeat(Math.max(0, indent));
      return {
        changes: { from: range.from, to: range.to, insert },
        range: EditorSelection.cursor(range.from + insert.length),
      };
    }),
    { scrollIntoView: true, userEvent: "input" },
  );
  return true;
};

const selectAll: Command = (view) => {
  view.dispatch({ selection: EditorSelection.single(0, view.state.doc.length) });
  return true;
};

/** Backspace / Delete: the selection, else one character (grapheme cluster) or line break. */
function deleteBy(forward: boolean): Command {
  return (view) => {
    const { state } = view;
    const spec = state.changeByRange((range) => {
      if (!range.empty)
        return { changes: { from: range.from, to: range.to }, range: EditorSelection.cursor(range.from) };
      const line = state.doc.lineAt(range.head);
      const offset = range.head - line.from;
      let target: number;
      if (forward)
        target = offset === line.length ? range.head + 1 : line.from + findClusterBreak(line.text, offset, true);
      else target = offset === 0 ? range.head - 1 : line.from + findClusterBreak(line.text, offset, false);
      target = Math.max(0, Math.min(state.doc.length, target));
      const from = Math.min(target, range.head);
      return { changes: { from, to: Math.max(target, range.head) }, range: EditorSelection.cursor(from) };
    });
    view.dispatch(spec, { userEvent: forward ? "delete.forward" : "delete.backward", scrollIntoView: true });
    return true;
  };
}

const indentMore: Command = (view) => {
  view.dispatch(view.state.replaceSelection("  "), { userEvent: "input" });
  return true;
};

export function createEditor(options: EditorOptions): EditorHandle {
  const view = new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.code,
      extensions: [
        Prec.highest(
          keymap.of([
            {
              key: "Mod-Enter",
              run: () => {
                options.onRun();
                return true;
              },
            },
          ]),
        ),
        keymap.of([
          { key: "Mod-a", run: selectAll },
          { key: "Mod-z", run: step("undo"), preventDefault: true },
          { key: "Mod-y", run: step("redo"), preventDefault: true },
          { key: "Mod-Shift-z", run: step("redo"), preventDefault: true },
          { key: "Enter", run: newlineAndIndent },
          { key: "Backspace", run: deleteBy(false) },
          { key: "Delete", run: deleteBy(true) },
          // Tab indents; Escape then Tab moves focus out (CodeMirror's tab-focus mode), so focus is never trapped.
          { key: "Tab", run: indentMore },
        ]),
        history,
        lineNumbers(),
        highlightSpecialChars(),
        drawSelection(),
        highlightActiveLine(),
        indentOnInput(),
        indentUnit.of("  "),
        bracketMatching(),
        closeBrackets(),
        javascript({ typescript: true }),
        syntaxHighlighting(classHighlighter),
        EditorView.contentAttributes.of({ "aria-label": options.label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    getCode: () => view.state.doc.toString(),
    setCode(code) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } });
    },
    focus: () => view.focus(),
  };
}
