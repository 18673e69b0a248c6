/**
 * Browser side of <tcp-assignment-builder>: validate the form, build the
 * links, show the answer key of a student's variant, and prepare the LMS
 * files as same-origin Blob URLs. The build drew the key of the default
 * settings; the generators (exam.engine.ts, with the simulation core they
 * run) load on the instructor's first intent, and any other key waits for
 * them. The exporters and the grader load on their first use.
 */
import { readData, readStrings } from "../kit.ts";
import { LazyEngine } from "../lazy.ts";
import type { ExportFormat } from "../../../src/quiz/export/formats.ts";
import { MAX_CODE_LENGTH, MAX_STUDENT_LENGTH, parseSeed, specQuery } from "../../../src/quiz/params.ts";
import type { AnswerMode } from "../../../src/quiz/show.ts";
import { showParam } from "../../../src/quiz/show-param.ts";
import { studentSeed } from "../../../src/quiz/student-seed.ts";
import type { QuizStrings } from "../../../src/quiz/text.ts";
import { LEVELS, MAX_QUESTIONS, type Level, type QuizSpec, type Topic } from "../../../src/quiz/types.ts";
import { fill } from "../../../src/text/fill.ts";
import type { InstructorStrings } from "./exam-html.ts";
import { sameSpec } from "../quiz/sample.ts";
import { INSTRUCTOR_SAMPLE } from "./sample.ts";

interface Settings {
  readonly spec: QuizSpec;
  readonly code: string | undefined;
  readonly students: string[];
  readonly show: AnswerMode;
}

class AssignmentBuilder extends HTMLElement {
  private s!: QuizStrings;
  private t!: InstructorStrings;
  private settings: Settings | undefined;
  private engine!: LazyEngine<typeof import("./exam.engine.ts")>;
  /** The variant whose key the list shows (the build's, until the generators redraw it). */
  private keyShown: QuizSpec = INSTRUCTOR_SAMPLE;
  /** The key asked for last: the one drawn when the generators arrive. */
  private keyWanted: { spec: QuizSpec; caption: string } | undefined;

  connectedCallback(): void {
    this.s = readStrings<QuizStrings>(this);
    this.t = readData<InstructorStrings>(this, "instructor") ?? ({} as InstructorStrings);
    this.engine = new LazyEngine(this, () => import("./exam.engine.ts"), {
      selector: ".builder-error",
      text: this.s.ui["loadFailed"],
    });
    this.engine.loadOnIntent();
    for (const el of this.querySelectorAll<HTMLElement>("[data-needs-js]")) el.hidden = false;
    this.querySelector(".builder-form")?.addEventListener("submit", (e) => {
      e.preventDefault();
      this.build();
    });
    this.querySelector('[data-action="random"]')?.addEventListener("click", () => {
      const input = this.querySelector<HTMLInputElement>('input[name="seed"]');
      if (input) input.value = String(crypto.getRandomValues(new Uint32Array(1))[0] ?? 1);
      this.build();
    });
    this.querySelector(".builder-key-form")?.addEventListener("submit", (e) => {
      e.preventDefault();
      this.showKey();
    });
    this.querySelector("#builder-students")?.addEventListener("change", () => this.build());
    for (const button of this.querySelectorAll<HTMLButtonElement>("button[data-format]")) {
      button.addEventListener("click", () => {
        this.build();
        void this.download(button.dataset["format"] as ExportFormat);
      });
    }
    this.querySelector(".builder-grade-form")?.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.grade();
    });
    this.querySelector('[data-action="gradebook"]')?.addEventListener("click", () => this.downloadGradebook());
    this.build();
  }

  private text(key: string): string {
    return this.t[key] ?? "";
  }

  private error(message: string): void {
    const box = this.querySelector<HTMLElement>(".builder-error");
    if (!box) return;
    box.hidden = message === "";
    box.textContent = message;
  }

  private read(): Settings | string {
    const form = this.querySelector<HTMLFormElement>(".builder-form");
    if (!form) return "";
    const data = new FormData(form);
    const topics = data.getAll("topics").map(String) as Topic[];
    if (topics.length === 0) return this.text("errorTopics");
    const nRaw = String(data.get("n") ?? "");
    const count = /^\d{1,2}$/.test(nRaw.trim()) ? Number(nRaw) : NaN;
    if (!(count >= 1 && count <= MAX_QUESTIONS)) return this.text("errorCount");
    const levelRaw = String(data.get("level") ?? "medium");
    const level: Level = (LEVELS as readonly string[]).includes(levelRaw) ? (levelRaw as Level) : "medium";
    const seed = parseSeed(String(data.get("seed") ?? ""));
    if (seed === undefined) return this.text("errorSeed");
    const codeRaw = String(data.get("code") ?? "").trim();
    if (codeRaw.length > MAX_CODE_LENGTH) return this.text("errorCode");
    const studentsRaw = this.querySelector<HTMLTextAreaElement>("#builder-students")?.value ?? "";
    const students = studentsRaw
      .split(/\r?\n/)
      .map((x) => x.trim())
      .filter((x) => x !== "");
    if (students.some((x) => x.length > MAX_STUDENT_LENGTH)) return this.text("errorStudents");
    let show: AnswerMode = { kind: "shown" };
    const showRaw = String(data.get("show") ?? "");
    if (showRaw === "never") show = { kind: "never" };
    if (showRaw === "until") {
      // The instructor's local date and time, sent in the link as an instant in UTC.
      const date = String(data.get("showDate") ?? "").trim();
      const time = String(data.get("showTime") ?? "").trim() || "00:00";
      const at =
        /^\d{4}-\d{2}-\d{2}$/.test(date) && /^\d{2}:\d{2}$/.test(time) ? new Date(`${date}T${time}`).getTime() : NaN;
      if (!Number.isFinite(at)) return this.text("errorDate");
      show = { kind: "until", at };
    }
    return { spec: { topics, count, level, seed }, code: codeRaw === "" ? undefined : codeRaw, students, show };
  }

  private link(path: string, query: string): string {
    return new URL(`${this.dataset["base"] ?? ""}${path}?${query}`, location.href).href;
  }

  private build(): void {
    const r = this.read();
    if (typeof r === "string") {
      this.error(r);
      return;
    }
    this.error("");
    this.settings = r;
    const showValue = showParam(r.show);
    const mode: Record<string, string> = showValue === undefined ? {} : { show: showValue };
    const classLink = this.link("/quizzes/assignment/", specQuery(r.spec, mode));
    const a = this.querySelector<HTMLAnchorElement>(".builder-class-link");
    if (a) {
      a.href = classLink;
      a.textContent = classLink;
    }
    for (const el of this.querySelectorAll<HTMLElement>(".builder-student-only")) el.hidden = r.code === undefined;
    const sl = this.querySelector<HTMLAnchorElement>(".builder-student-link");
    if (sl && r.code !== undefined) {
      const href = this.link("/quizzes/assignment/", specQuery(r.spec, { code: r.code, ...mode }));
      sl.href = href;
      sl.textContent = href;
    }
    this.showKey();
    const status = this.querySelector(".builder-status");
    if (status) status.textContent = fill(this.text("built"), { count: r.spec.count });
  }

  private showKey(): void {
    const r = this.settings;
    if (!r) return;
    const student = this.querySelector<HTMLInputElement>('.builder-key-form input[name="student"]')?.value.trim() ?? "";
    const perStudent = student !== "" && r.code !== undefined;
    const spec: QuizSpec = perStudent ? { ...r.spec, seed: studentSeed(r.code as string, student) } : r.spec;
    const caption = perStudent
      ? fill(this.text("keyFor"), { student, seed: spec.seed })
      : fill(this.text("keyForClass"), { seed: spec.seed });
    this.keyWanted = { spec, caption };
    if (sameSpec(spec, this.keyShown)) this.drawKey(undefined);
    else this.engine.use((en) => this.drawKey(en));
    const print = this.querySelector<HTMLAnchorElement>(".builder-print-link");
    if (print) {
      const extra: Record<string, string> = perStudent ? { code: r.code as string, student, key: "1" } : { key: "1" };
      print.href = this.link("/instructors/exam/", specQuery(r.spec, extra));
    }
  }

  /** Show the key asked for last, with its caption; regenerated when it is not the one the list shows. */
  private drawKey(en: typeof import("./exam.engine.ts") | undefined): void {
    const wanted = this.keyWanted;
    if (wanted === undefined) return;
    const list = this.querySelector(".builder-key");
    if (list && !sameSpec(wanted.spec, this.keyShown)) {
      if (en === undefined) return;
      list.innerHTML = en.keyPart(wanted.spec, this.s);
      this.keyShown = wanted.spec;
    }
    const caption = this.querySelector(".builder-key-caption");
    if (caption) caption.textContent = wanted.caption;
  }

  /**
   * Make the file when asked and hand it to the browser through a
   * same-origin Blob URL and a temporary download link, revoked afterwards.
   */
  private async download(format: ExportFormat): Promise<void> {
    const r = this.settings;
    if (!r) return;
    // The exporters (XML, zip, QTI) load on the first export, not with the page.
    let modules: [typeof import("../../../src/quiz/export/formats.ts"), typeof import("./exam.engine.ts")];
    try {
      modules = await Promise.all([import("../../../src/quiz/export/formats.ts"), this.engine.get()]);
    } catch {
      this.error(this.s.ui["loadFailed"] ?? "");
      return;
    }
    const [{ exportQuiz, fileName, mimeType }, { generateQuiz }] = modules;
    const questions = generateQuiz(r.spec);
    const variants =
      r.code !== undefined && r.students.length > 0
        ? r.students.map((student) => {
            const seed = studentSeed(r.code as string, student);
            return { student, seed, questions: generateQuiz({ ...r.spec, seed }) };
          })
        : undefined;
    const file = exportQuiz(format, { spec: r.spec, questions, strings: this.s, ...(variants && { variants }) });
    const type = typeof file === "string" ? `${mimeType(format)};charset=utf-8` : mimeType(format);
    const name = this.save(new Blob([file as BlobPart], { type }), fileName(format, r.spec, this.s.lang));
    const status = this.querySelector(".builder-status");
    if (status) status.textContent = fill(this.text("exportReady"), { names: name });
  }

  /** Hand a file to the browser through a same-origin Blob URL and a temporary link, revoked afterwards. */
  private save(blob: Blob, name: string): string {
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    this.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return name;
  }

  private gradebook: string | undefined;

  /** Regrade the pasted codes (the grader loads on first use) and show the table and the unreadable lines. */
  private async grade(): Promise<void> {
    const text = this.querySelector<HTMLTextAreaElement>("#builder-codes")?.value ?? "";
    const status = this.querySelector(".builder-grade-status");
    const download = this.querySelector<HTMLElement>('[data-action="gradebook"]');
    if (text.trim() === "") {
      if (status) status.textContent = this.text("gradeNone");
      return;
    }
    const { grade } = await import("./grading.ts");
    const g = grade(text, this.t);
    for (const [selector, html] of [
      [".builder-grades", g.tableHtml],
      [".builder-grade-problems", g.problemsHtml],
    ] as const) {
      const el = this.querySelector(selector);
      if (el) el.innerHTML = html;
    }
    this.gradebook = g.rows.length > 0 ? g.csv : undefined;
    if (download) download.hidden = this.gradebook === undefined;
    if (status) status.textContent = g.summary;
  }

  private downloadGradebook(): void {
    if (this.gradebook === undefined) return;
    const name = this.save(
      new Blob([this.gradebook], { type: "text/csv;charset=utf-8" }),
      `tcp-lab-gradebook-${this.s.lang}.csv`,
    );
    const status = this.querySelector(".builder-grade-status");
    if (status) status.textContent = fill(this.text("gradebookReady"), { name });
  }
}

if (!customElements.get("tcp-assignment-builder")) customElements.define("tcp-assignment-builder", AssignmentBuilder);
