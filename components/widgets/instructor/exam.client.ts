/** Browser side of <tcp-exam>: choose the variant from the link, redraw exam and key, toggle the key, print. */
import { readData, readStrings } from "../kit.ts";
import { writeParams } from "../../shared/url-state.ts";
import { parseQuizQuery, specFromQuery } from "../../../src/quiz/params.ts";
import { generateQuiz } from "../../../src/quiz/quiz.ts";
import { fill, type QuizStrings } from "../../../src/quiz/text.ts";
import { TOPICS } from "../../../src/quiz/types.ts";
import { examHtml, keyHtml, type InstructorStrings } from "./exam-html.ts";

class Exam extends HTMLElement {
  connectedCallback(): void {
    const s = readStrings<QuizStrings>(this);
    const t = readData<InstructorStrings>(this, "instructor") ?? ({} as InstructorStrings);
    for (const el of this.querySelectorAll<HTMLElement>("[data-needs-js]")) el.hidden = false;
    const params = new URLSearchParams(location.search);
    const query = parseQuizQuery((k) => params.get(k), { topics: [...TOPICS], count: 10, level: "medium" });
    const spec = specFromQuery(query, 1);
    const questions = generateQuiz(spec);
    const set = (sel: string, html: string) => {
      const el = this.querySelector(sel);
      if (el) el.innerHTML = html;
    };
    set(".exam-questions", examHtml(questions, s, t));
    set(".exam-key-list", keyHtml(questions, s));
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

customElements.define("tcp-exam", Exam);
