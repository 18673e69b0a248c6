/**
 * Browser side of <tcp-quiz>, the part every visit loads. The build drew the
 * page's sample quiz (its topics, count and level with the sample seed),
 * which is also the quiz a link without a seed opens, so the page reads and
 * can be answered before any quiz code runs. This element wires the inputs
 * and forwards every action to the engine (quiz.engine.ts: the generators and
 * the simulation core they run, the answer checker, progress), which it loads
 * on the reader's first intent (pointer, touch, focus), or at once when the
 * link asks for another quiz or this quiz has saved answers to show. Actions
 * taken before the engine is there (an answer typed and checked) are handled,
 * in order, once it is; what was typed stays in the page.
 */
import { readStrings } from "../kit.ts";
import { LazyEngine, revealControls } from "../lazy.ts";
import { writeParams } from "../../shared/url-state.ts";
import { fill } from "../../../src/text/fill.ts";
import { parseQuizQuery } from "../../../src/quiz/params.ts";
import { progressKey } from "../../../src/quiz/progress.ts";
import type { QuizStrings } from "../../../src/quiz/text.ts";
import { pageDefaults, sameSpec, sampleSpec } from "./sample.ts";
import type { QuizEngine } from "./quiz.engine.ts";

class Quiz extends HTMLElement {
  connectedCallback(): void {
    const strings = readStrings<QuizStrings>(this);
    const ui = (key: string): string => strings.ui[key] ?? "";
    for (const el of this.querySelectorAll<HTMLElement>("[data-no-js]")) el.hidden = true;
    const engine: LazyEngine<QuizEngine> = new LazyEngine(
      this,
      async () => new (await import("./quiz.engine.ts")).QuizEngine(this, strings),
      { selector: ".quiz-score", text: strings.ui["loadFailed"] },
    );
    const sample = sampleSpec(this);
    if (this.showsFirstFrame(sample)) {
      // The link is the sample quiz (or has no quiz settings): put them in it, as the engine would.
      writeParams("", { n: sample.count, level: sample.level, topics: sample.topics.join(","), seed: sample.seed });
      revealControls(this);
      this.querySelector<HTMLAnchorElement>(".quiz-link")?.setAttribute("href", location.href);
      this.status(fill(ui("score"), { correct: 0, total: sample.count, answered: 0 }));
      engine.loadOnIntent();
    } else {
      // Another quiz, an assignment, or saved answers: the build's questions are not what this link shows.
      const list = this.querySelector<HTMLElement>(".quiz-questions");
      if (list) list.hidden = true;
      this.status(ui("loading"));
      engine.get().catch(() => undefined);
    }
    this.wire(engine);
  }

  private status(text: string): void {
    const box = this.querySelector(".quiz-score");
    if (box) box.textContent = text;
  }

  /** True when the build's questions are this link's quiz, untouched: no other settings, no saved answers. */
  private showsFirstFrame(sample: ReturnType<typeof sampleSpec>): boolean {
    const params = new URLSearchParams(location.search);
    const q = parseQuizQuery((k) => params.get(k), pageDefaults(this));
    const plain =
      q.problems.length === 0 &&
      q.code === undefined &&
      q.student === undefined &&
      !params.has("show") &&
      sameSpec({ ...q, seed: q.seed ?? sample.seed }, sample);
    if (!plain) return false;
    try {
      return localStorage.getItem(progressKey(this.dataset["quizId"] ?? "quiz", sample)) === null;
    } catch {
      return true;
    }
  }

  /** Every control's event, forwarded to the engine (forms never submit to the server). */
  private wire(engine: LazyEngine<QuizEngine>): void {
    const onSubmit = (selector: string, action: (en: QuizEngine) => void): void => {
      this.querySelector(selector)?.addEventListener("submit", (e) => {
        e.preventDefault();
        engine.use(action);
      });
    };
    const onClick = (selector: string, action: (en: QuizEngine) => void): void => {
      this.querySelector(selector)?.addEventListener("click", () => engine.use(action));
    };
    onSubmit(".quiz-settings", (en) => en.settings(false));
    onClick('[data-action="new"]', (en) => en.settings(true));
    onSubmit(".quiz-student", (en) => en.student());
    onClick('[data-action="reset"]', (en) => en.reset());
    onSubmit(".quiz-results-form", (en) => void en.makeResults());
    onClick('[data-action="copy"]', (en) => void en.copyResults());
    onClick('[data-action="export"]', (en) => void en.exportFile());
    this.querySelector<HTMLInputElement>('input[name="import"]')?.addEventListener("change", (e) => {
      const input = e.target as HTMLInputElement;
      const file = input.files?.[0];
      input.value = "";
      if (file !== undefined) engine.use((en) => void en.importFile(file));
    });
    const list = this.querySelector(".quiz-questions");
    list?.addEventListener("submit", (e) => {
      const form = (e.target as HTMLElement).closest<HTMLFormElement>("form.quiz-q");
      if (form === null) return;
      e.preventDefault();
      engine.use((en) => en.submit(form));
    });
    list?.addEventListener("click", (e) => {
      const button = (e.target as HTMLElement).closest<HTMLButtonElement>("button[data-action]");
      const form = button?.closest<HTMLFormElement>("form.quiz-q");
      if (!button || !form) return;
      const action = button.dataset["action"];
      if (action === "reveal" || action === "retry") engine.use((en) => en.action(form, action));
    });
  }
}

if (!customElements.get("tcp-quiz")) customElements.define("tcp-quiz", Quiz);
