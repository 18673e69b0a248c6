/**
 * Browser side of <tcp-exam>: choose the variant from the link, toggle the
 * key, print. The build drew the sample variant (seed 1); a link to another
 * one loads the generators (exam.engine.ts) at once and redraws exam and key.
 */
import { readData, readStrings } from "../kit.ts";
import { LazyEngine } from "../lazy.ts";
import { writeParams } from "../../shared/url-state.ts";
import { fill } from "../../../src/text/fill.ts";
import { parseQuizQuery, specFromQuery } from "../../../src/quiz/params.ts";
import type { QuizStrings } from "../../../src/quiz/text.ts";
import type { InstructorStrings } from "./exam-html.ts";
import { sameSpec } from "../quiz/sample.ts";
import { INSTRUCTOR_SAMPLE as EXAM_SAMPLE } from "./sample.ts";

class Exam extends HTMLElement {
  connectedCallback(): void {
    const s = readStrings<QuizStrings>(this);
    const t = readData<InstructorStrings>(this, "instructor") ?? ({} as InstructorStrings);
    const params = new URLSearchParams(location.search);
    const query = parseQuizQuery((k) => params.get(k), {
      topics: EXAM_SAMPLE.topics,
      count: EXAM_SAMPLE.count,
      level: EXAM_SAMPLE.level,
    });
    const spec = specFromQuery(query, EXAM_SAMPLE.seed);
    const reveal = (): void => {
      for (const el of this.querySelectorAll<HTMLElement>("[data-needs-js]")) el.hidden = false;
    };
    const parts = [".exam-questions", ".exam-key-list"].map((sel) => this.querySelector<HTMLElement>(sel));
    const status = this.querySelector<HTMLElement>(".exam-status");
    if (sameSpec(spec, EXAM_SAMPLE)) reveal();
    else {
      // Another variant: hide the build's until this one is drawn, so nobody prints the wrong exam.
      for (const el of parts) if (el) el.hidden = true;
      if (status) status.textContent = s.ui["loading"] ?? "";
      const engine = new LazyEngine(this, () => import("./exam.engine.ts"), {
        selector: ".exam-status",
        text: s.ui["loadFailed"],
      });
      engine.use((en) => {
        const drawn = en.examParts(spec, s, t);
        const [questions, key] = parts;
        if (questions) questions.innerHTML = drawn.questionsHtml;
        if (key) key.innerHTML = drawn.keyHtml;
        for (const el of parts) if (el) el.hidden = false;
        if (status) status.textContent = "";
        reveal();
      });
    }
    const variant =
      query.code !== undefined && query.student !== undefined
        ? fill(t["examStudent"] ?? "", { code: query.code, student: query.student })
        : fill(t["examClass"] ?? "", { seed: spec.seed });
    const v = this.querySelector(".exam-variant");
    if (v) v.textContent = fill(t["examFor"] ?? "", { variant });
    const notice = this.querySelector<HTMLElement>(".exam-notice");
    if (notice && query.problems.length > 0) {
      notice.hidden = false;
      notice.textContent = query.problems.map((p) => s.paramProblems[p]).join(" ");
    }
    const key = this.querySelector<HTMLInputElement>('input[name="key"]');
    const section = this.querySelector<HTMLElement>(".exam-key");
    const showKey = params.get("key") !== "0";
    if (key && section) {
      key.checked = showKey;
      section.hidden = !showKey;
      key.addEventListener("change", () => {
        section.hidden = !key.checked;
        writeParams("key", { "": key.checked ? "1" : "0" });
      });
    }
    this.querySelector('[data-action="print"]')?.addEventListener("click", () => window.print());
  }
}

if (!customElements.get("tcp-exam")) customElements.define("tcp-exam", Exam);
