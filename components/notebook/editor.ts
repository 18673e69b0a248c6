/**
 * The cell editor: CodeMirror 6 with TypeScript syntax. Loaded with a
 * dynamic import() only when a reader starts editing, so pages pay nothing
 * for it on load. Editing commands and undo history are CodeMirror's own
 * (@codemirror/commands).
 */
import { EditorState, Prec } from "@codemirror/state";
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, indentOnInput, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
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
        // Tab indents; Escape then Tab moves focus out (CodeMirror's tab-focus mode), so focus is never trapped.
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab]),
        history(),
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
