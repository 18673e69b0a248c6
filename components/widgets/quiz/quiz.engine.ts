/**
 * The heavy half of <tcp-quiz>, loaded by quiz.client.ts on the reader's
 * first intent (or at once when the link asks for a quiz the build did not
 * draw): resolve the quiz from the link, rebuild the questions with the
 * generators (which run the simulation core), check answers, show the worked
 * explanation with the variant's sequence diagram, keep score, and save
 * progress in localStorage.
 */
import { atom } from "nanostores";
import { revealControls } from "../lazy.ts";
import { writeParams } from "../../shared/url-state.ts";
import { checkAnswer, type Verdict } from "../../../src/quiz/answer.ts";
import { parseQuizQuery, parseSeed, specFromQuery, type QuizQuery } from "../../../src/quiz/params.ts";
import { answersShown, withShow } from "../../../src/quiz/show.ts";
import {
  EMPTY_PROGRESS,
  parseProgress,
  progressKey,
  score,
  withAnswer,
  type Progress,
} from "../../../src/quiz/progress.ts";
import { generateQuiz } from "../../../src/quiz/quiz.ts";
import type { QuizHost } from "./extras.ts";
import { escapeHtml } from "../../../src/quiz/render.ts";
import { answerText, explanationText, fill, mistakeText, type QuizStrings } from "../../../src/quiz/text.ts";
import type { Level, Question, QuizSpec, Topic } from "../../../src/quiz/types.ts";
import { pageDefaults, sameSpec, sampleSeed, sampleSpec } from "./sample.ts";
import { questionsHtml } from "../../../src/quiz/view.ts";

function freshSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] ?? 1;
}

export class QuizEngine {
  private questions: Question[] = [];
  private spec!: QuizSpec;
  private query!: QuizQuery;
  private readonly progress = atom<Progress>(EMPTY_PROGRESS);
  private storageOk = true;
  /** The last save hit the storage quota: answers live only in this page until a save succeeds. */
  private storageFull = false;
  /** Assignment with answers hidden (for good, or until the link's date by this browser's clock): answers are saved, not marked. */
  private hide = false;
  /**
   * The question list still holds the build's first frame (the sample quiz), with whatever the reader typed
   * into it before this code arrived: the first setup keeps that markup when it resolves to the same quiz.
   */
  private firstFrame = true;

  private readonly el: HTMLElement;
  private readonly strings: QuizStrings;

  constructor(el: HTMLElement, strings: QuizStrings) {
    this.el = el;
    this.strings = strings;
    revealControls(el);
    const params = new URLSearchParams(location.search);
    this.query = withShow(
      parseQuizQuery((k) => params.get(k), this.defaults()),
      params.get("show"),
    );
    const notices = this.query.problems.map((p) => this.strings.paramProblems[p]);
    this.setup(notices);
    this.progress.listen((p) => {
      this.save(p);
      this.showScore(p);
      // A results code on show follows the answers.
      if (this.el.querySelector(".quiz-results-out:not([hidden])")) void this.extras((m, h) => m.showResults(h, false));
    });
  }

  /** The settings form: Apply (`fresh` false) or New questions (`fresh` true). */
  settings(fresh: boolean): void {
    this.applySettings(fresh);
  }

  /** The assignment's identifier form. */
  student(): void {
    const input = this.el.querySelector<HTMLInputElement>('.quiz-student input[name="student"]');
    const student = input?.value.trim() ?? "";
    if (student === "" || this.query.code === undefined) return;
    this.query = { ...this.query, student };
    this.setup([]);
  }

  reset(): void {
    try {
      localStorage.removeItem(progressKey(this.quizId(), this.spec));
    } catch {
      /* storage unavailable: nothing saved either */
    }
    this.progress.set(EMPTY_PROGRESS);
    this.render();
    this.notice([this.ui("resetDone")]);
  }

  makeResults(): Promise<void> {
    return this.extras((m, h) => m.showResults(h, true));
  }

  copyResults(): Promise<void> {
    return this.extras((m, h) => m.copyResults(h));
  }

  exportFile(): Promise<void> {
    return this.extras((m, h) => m.exportFile(h));
  }

  importFile(file: File): Promise<void> {
    return this.extras((m, h) => m.importFile(h, file));
  }

  /** A question's Check (or Save) button, or Enter in its answer box. */
  submit(form: HTMLFormElement): void {
    this.check(form);
  }

  /** A question's Show answer or Try again button. */
  action(form: HTMLFormElement, action: string | undefined): void {
    if (action === "reveal") this.reveal(form);
    if (action === "retry") this.retry(form);
  }

  private querySelector<E extends Element = HTMLElement>(selector: string): E | null {
    return this.el.querySelector<E>(selector);
  }

  private querySelectorAll<E extends Element = HTMLElement>(selector: string): NodeListOf<E> {
    return this.el.querySelectorAll<E>(selector);
  }

  private setText(selector: string, value: string): void {
    const el = this.el.querySelector(selector);
    if (el !== null && el.textContent !== value) el.textContent = value;
  }

  /** Run one of the on-request parts (extras.ts), loading it the first time. */
  private async extras(run: (m: typeof import("./extras.ts"), host: QuizHost) => unknown): Promise<void> {
    const m = await import("./extras.ts");
    await run(m, {
      el: this.el,
      strings: this.strings,
      quizId: this.quizId(),
      spec: this.spec,
      query: this.query,
      questions: this.questions,
      progress: this.progress,
      hide: this.hide,
      storageFull: this.storageFull,
      render: () => this.render(),
      notice: (lines) => this.notice(lines),
    });
  }

  private ui(key: string): string {
    return this.strings.ui[key] ?? "";
  }

  private quizId(): string {
    return this.el.dataset["quizId"] ?? "quiz";
  }

  private defaults(): { topics: Topic[]; count: number; level: Level } {
    return pageDefaults(this.el);
  }

  /**
   * Resolve the spec (a link without a seed opens the page's sample quiz, the one the build drew; the
   * settings form without one asks for a fresh seed), rebuild the questions, restore progress.
   */
  private setup(notices: string[], fallbackSeed = sampleSeed(this.el)): void {
    const first = this.firstFrame;
    this.firstFrame = false;
    const assignment = this.el.dataset["assignment"] === "1" && this.query.code !== undefined;
    const studentForm = this.querySelector<HTMLElement>(".quiz-student");
    if (studentForm) studentForm.hidden = !assignment;
    const settings = this.querySelector<HTMLElement>(".quiz-settings");
    if (settings) settings.hidden = assignment;
    const settingsBox = this.querySelector<HTMLElement>(".quiz-settings-box");
    if (settingsBox) settingsBox.hidden = assignment;
    this.hide = this.el.dataset["assignment"] === "1" && !answersShown(this.query.show, Date.now());
    const resultsBox = this.querySelector<HTMLElement>(".quiz-results");
    if (resultsBox) resultsBox.hidden = assignment && this.query.student === undefined;
    const resultsStudent = this.querySelector<HTMLElement>(".quiz-results-student");
    if (resultsStudent) resultsStudent.hidden = this.query.student !== undefined;
    this.querySelector<HTMLElement>(".quiz-results-out")?.setAttribute("hidden", "");
    if (assignment && this.query.student === undefined) {
      // Wait for the student's identifier: show no questions meanwhile, not somebody else's.
      this.setText(".quiz-assignment-text", fill(this.ui("assignmentIntro"), { code: this.query.code ?? "" }));
      this.questions = [];
      const list = this.querySelector(".quiz-questions");
      if (list) {
        list.innerHTML = "";
        list.hidden = false;
      }
      this.setText(".quiz-score", "");
      this.notice(notices);
      return;
    }
    if (assignment) {
      this.setText(
        ".quiz-assignment-text",
        fill(this.ui("assignmentFor"), { code: this.query.code ?? "", student: this.query.student ?? "" }),
      );
    }
    const mode = this.query.show;
    const modeText =
      mode === undefined || mode.kind === "shown" || this.el.dataset["assignment"] !== "1"
        ? ""
        : mode.kind === "never"
          ? this.ui("answersHidden")
          : fill(this.ui(this.hide ? "answersUntil" : "answersFrom"), {
              date: new Intl.DateTimeFormat(this.strings.lang, { dateStyle: "long", timeStyle: "short" }).format(
                mode.at,
              ),
            });
    this.setText(".quiz-mode-text", modeText);
    this.spec = specFromQuery(this.query, fallbackSeed);
    const urlValues: Record<string, string | number | undefined> = {
      n: this.spec.count,
      level: this.spec.level,
      topics: this.spec.topics.join(","),
    };
    if (this.query.code !== undefined) {
      urlValues["code"] = this.query.code;
      urlValues["student"] = this.query.student;
    } else urlValues["seed"] = this.spec.seed;
    // The answer setting stays in the link as it came (an unreadable one as "never", what the page applies).
    if (this.query.show !== undefined)
      urlValues["show"] = this.query.problems.includes("show")
        ? "never"
        : new URLSearchParams(location.search).get("show")?.trim();
    writeParams("", urlValues);
    this.syncSettings();
    this.questions = generateQuiz(this.spec);
    const list = this.querySelector(".quiz-questions");
    // The build's questions, perhaps with answers typed before this code loaded, stay when they are this quiz's.
    const keep = first && !this.hide && !(list?.hidden ?? true) && sameSpec(this.spec, sampleSpec(this.el));
    if (list && !keep) list.innerHTML = questionsHtml(this.questions, this.strings);
    if (list) list.hidden = false;
    if (this.hide) {
      for (const b of this.querySelectorAll<HTMLElement>('.quiz-q [data-action="check"]'))
        b.textContent = this.ui("save");
      for (const b of this.querySelectorAll<HTMLElement>('.quiz-q [data-action="reveal"]')) b.hidden = true;
    }
    const loaded = this.load();
    if (loaded.problem !== undefined) notices.push(this.strings.progressProblems[loaded.problem]);
    if (loaded.dropped.length > 0)
      notices.push(fill(this.strings.progressProblems.entriesDropped, { count: loaded.dropped.length }));
    if (!this.storageOk) notices.push(this.ui("storageUnavailable"));
    this.progress.set(loaded.progress);
    // Store the cleaned record now: the dropped answers were reported once and are gone.
    if (loaded.dropped.length > 0) this.save(loaded.progress);
    this.render();
    this.notice(notices);
  }

  private syncSettings(): void {
    const form = this.querySelector<HTMLFormElement>(".quiz-settings");
    if (!form) return;
    const set = (name: string, value: string) => {
      const el = form.elements.namedItem(name);
      if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement) el.value = value;
    };
    set("level", this.spec.level);
    set("n", String(this.spec.count));
    set("seed", String(this.spec.seed));
    const link = form.querySelector<HTMLAnchorElement>(".quiz-link");
    if (link) link.href = location.href;
  }

  private applySettings(fresh: boolean): void {
    const form = this.querySelector<HTMLFormElement>(".quiz-settings");
    if (!form) return;
    const data = new FormData(form);
    const params = new URLSearchParams();
    params.set("n", String(data.get("n") ?? ""));
    params.set("level", String(data.get("level") ?? ""));
    params.set("topics", this.spec.topics.join(","));
    const seed = fresh ? undefined : parseSeed(String(data.get("seed") ?? ""));
    if (!fresh) params.set("seed", String(data.get("seed") ?? ""));
    this.query = parseQuizQuery((k) => params.get(k), this.defaults());
    if (seed === undefined && !fresh) this.query = { ...this.query, seed: undefined };
    this.setup(
      this.query.problems.map((p) => this.strings.paramProblems[p]),
      freshSeed(),
    );
    this.querySelector<HTMLElement>(".quiz-q input, .quiz-q button")?.focus();
  }

  private load(): ReturnType<typeof parseProgress> {
    let raw: string | null = null;
    try {
      raw = localStorage.getItem(progressKey(this.quizId(), this.spec));
      this.storageOk = true;
    } catch {
      this.storageOk = false;
    }
    const parsed = parseProgress(
      raw,
      this.questions.map((q) => q.id),
    );
    if (parsed.problem !== undefined) {
      try {
        localStorage.removeItem(progressKey(this.quizId(), this.spec));
      } catch {
        /* nothing to clear */
      }
    }
    return parsed;
  }

  private save(p: Progress): void {
    if (!this.storageOk || this.questions.length === 0) return;
    try {
      localStorage.setItem(progressKey(this.quizId(), this.spec), JSON.stringify(p));
      this.storageFull = false;
    } catch (e) {
      if (e instanceof DOMException && ["QuotaExceededError", "NS_ERROR_DOM_QUOTA_REACHED"].includes(e.name)) {
        // Keep the answers in memory (the atom) and say so; the next answer tries again.
        if (!this.storageFull) this.notice([this.ui("storageFull")]);
        this.storageFull = true;
      } else {
        this.storageOk = false;
        this.notice([this.ui("storageUnavailable")]);
      }
    }
  }

  private notice(lines: readonly string[]): void {
    const box = this.querySelector<HTMLElement>(".quiz-notice");
    if (!box) return;
    box.hidden = lines.length === 0;
    box.textContent = lines.join(" ");
  }

  private showScore(p: Progress): void {
    if (this.questions.length === 0) return;
    const sc = score(
      p,
      this.questions.map((q) => q.id),
    );
    if (this.hide) {
      const saved = this.questions.filter((q) => p.answers[q.id] !== undefined).length;
      this.setText(".quiz-score", fill(this.ui("scoreHidden"), { saved, total: sc.total }));
      return;
    }
    const key = sc.answered === sc.total ? "scoreDone" : "score";
    this.setText(".quiz-score", fill(this.ui(key), sc));
  }

  /** Redraw every question's state from the saved progress. */
  private render(): void {
    const p = this.progress.get();
    for (const q of this.questions) {
      const form = this.formOf(q.id);
      if (!form) continue;
      const saved = p.answers[q.id];
      if (saved === undefined) {
        this.showVerdict(form, q, undefined);
        continue;
      }
      this.fillInput(form, q, saved.input);
      if (saved.status === "revealed" && !this.hide) this.showReveal(form, q);
      else this.showVerdict(form, q, checkAnswer(q, saved.input));
    }
    this.showScore(p);
  }

  private formOf(id: string): HTMLFormElement | null {
    return this.querySelector<HTMLFormElement>(`form.quiz-q[data-qid="${id}"]`);
  }

  private questionOf(form: HTMLFormElement): Question | undefined {
    return this.questions.find((q) => q.id === form.dataset["qid"]);
  }

  private inputOf(form: HTMLFormElement, q: Question): string {
    if (q.answer.kind === "choice")
      return form.querySelector<HTMLInputElement>(`input[name="${q.id}"]:checked`)?.value ?? "";
    return form.querySelector<HTMLInputElement>(`input[name="${q.id}"]`)?.value ?? "";
  }

  private fillInput(form: HTMLFormElement, q: Question, value: string): void {
    if (q.answer.kind === "choice") {
      const radio = form.querySelector<HTMLInputElement>(`input[name="${q.id}"][value="${CSS.escape(value)}"]`);
      if (radio) radio.checked = true;
    } else {
      const input = form.querySelector<HTMLInputElement>(`input[name="${q.id}"]`);
      if (input) input.value = value;
    }
  }

  private check(form: HTMLFormElement): void {
    const q = this.questionOf(form);
    if (!q) return;
    const input = this.inputOf(form, q);
    const verdict = checkAnswer(q, input);
    if (verdict.status === "invalid") {
      this.showVerdict(form, q, verdict);
      return;
    }
    const before = this.progress.get().answers[q.id];
    if (before?.status === "revealed") return;
    this.progress.set(
      withAnswer(this.progress.get(), q.id, { input, status: verdict.status, tries: (before?.tries ?? 0) + 1 }),
    );
    this.showVerdict(form, q, verdict);
  }

  private reveal(form: HTMLFormElement): void {
    const q = this.questionOf(form);
    if (!q || this.hide) return;
    const before = this.progress.get().answers[q.id];
    if (before?.status !== "correct") {
      this.progress.set(
        withAnswer(this.progress.get(), q.id, {
          input: this.inputOf(form, q),
          status: "revealed",
          tries: before?.tries ?? 0,
        }),
      );
    }
    this.showReveal(form, q);
  }

  private retry(form: HTMLFormElement): void {
    const q = this.questionOf(form);
    if (!q) return;
    this.showVerdict(form, q, undefined);
    const input = form.querySelector<HTMLInputElement>("input:not([type=radio]), input[type=radio]");
    input?.focus();
    input?.select?.();
  }

  private showVerdict(form: HTMLFormElement, q: Question, verdict: Verdict | undefined): void {
    const fb = form.querySelector<HTMLElement>(".quiz-feedback");
    const explain = form.querySelector<HTMLElement>(".quiz-explain");
    const retry = form.querySelector<HTMLElement>('[data-action="retry"]');
    if (!fb || !explain || !retry) return;
    if (verdict === undefined) {
      fb.textContent = "";
      delete fb.dataset["status"];
      explain.hidden = true;
      retry.hidden = true;
      return;
    }
    if (this.hide && verdict.status !== "invalid") {
      // Hidden answers: say the answer is kept, not whether it is right.
      fb.dataset["status"] = "saved";
      fb.textContent = this.ui("saved");
      explain.hidden = true;
      retry.hidden = true;
      return;
    }
    fb.dataset["status"] = verdict.status;
    if (verdict.status === "invalid") fb.textContent = this.strings.parseErrors[verdict.error];
    else if (verdict.status === "wrong")
      fb.textContent = `${this.ui("wrong")} ${mistakeText(verdict.mistake, this.strings)}`.trim();
    else fb.textContent = this.ui("correct");
    retry.hidden = verdict.status !== "wrong";
    if (verdict.status === "correct") this.showExplanation(explain, q);
    else explain.hidden = true;
  }

  private showReveal(form: HTMLFormElement, q: Question): void {
    const fb = form.querySelector<HTMLElement>(".quiz-feedback");
    const explain = form.querySelector<HTMLElement>(".quiz-explain");
    const retry = form.querySelector<HTMLElement>('[data-action="retry"]');
    if (!fb || !explain) return;
    fb.dataset["status"] = "revealed";
    fb.textContent = fill(this.ui("revealed"), { answer: answerText(q, this.strings) });
    if (retry) retry.hidden = true;
    this.showExplanation(explain, q);
  }

  /**
   * The worked explanation and, for conversation questions, the variant's
   * diagram with its text alternative. The diagram code loads with the first
   * explanation that has one; the text shows at once.
   */
  private showExplanation(box: HTMLElement, q: Question): void {
    box.innerHTML = `<p><strong>${escapeHtml(this.ui("explanation"))}:</strong> ${escapeHtml(explanationText(q, this.strings))}</p>`;
    box.hidden = false;
    const token = String(++this.explained);
    box.dataset["token"] = token;
    if (q.trace !== undefined) void this.showDiagram(box, q, q.trace, token);
  }

  private explained = 0;

  private async showDiagram(
    box: HTMLElement,
    q: Question,
    trace: NonNullable<Question["trace"]>,
    token: string,
  ): Promise<void> {
    const { buildSequence, sequenceSvgs } = await import("../../../src/diagram/sequence.ts");
    // Another verdict may have hidden or replaced this explanation meanwhile.
    if (box.hidden || box.dataset["token"] !== token) return;
    const model = buildSequence(trace, this.strings.diagram, {
      relative: false,
      timers: false,
      hosts: q.hosts ?? [],
    });
    box.innerHTML +=
      `<figure class="seq-figure" aria-label="${escapeHtml(this.ui("diagramLabel"))}">` +
      `<div class="seq-svg">${sequenceSvgs(model, this.strings.diagram)}</div>` +
      `<details class="seq-describe"><summary>${escapeHtml(this.ui("describeLabel"))}</summary><ol class="seq-text">` +
      model.rows.map((r) => `<li>${escapeHtml(r.description)}</li>`).join("") +
      `</ol></details></figure>`;
  }
}
