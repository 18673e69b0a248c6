/**
 * QTI content packages (IMS Content Packaging 1.1, a zip with imsmanifest.xml
 * at its root):
 *
 * - QTI 2.1: one assessmentItem file per question under items/, each listed
 *   in the manifest as a resource of type imsqti_item_xmlv2p1 whose <file>
 *   is the item itself (QTI 2.1 "Packaging" section).
 * - QTI 1.2 in the form Canvas's classic quiz importer reads (the layout
 *   Canvas itself exports): one questestinterop file holding an assessment
 *   with a root_section of items, listed as a resource of type
 *   imsqti_xmlv1p2. Each item names its Canvas question type in
 *   itemmetadata (numerical_question, multiple_choice_question,
 *   short_answer_question); scoring is a respcondition setting SCORE to 100,
 *   and the worked explanation is general feedback (itemfeedback
 *   "general_fb", shown by a continue="Yes" respcondition on <other/>).
 */
import type { Question } from "../types.ts";
import { choiceText, explanationText, orderSpellings, type QuizStrings } from "../text.ts";
import { questionBodyHtml } from "../render.ts";
import { qtiItem, safeName } from "./qti.ts";
import { xmlEscape } from "./xml.ts";
import { zipStored, type ZipEntry } from "./zip.ts";

export const IMSCP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1";
export const QTI12_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2";
const XSI = "http://www.w3.org/2001/XMLSchema-instance";
const DECL = `<?xml version="1.0" encoding="UTF-8"?>\n`;

interface Resource {
  readonly identifier: string;
  readonly type: string;
  readonly href: string;
}

function manifest(id: string, schema: string, version: string, resources: readonly Resource[]): string {
  return (
    DECL +
    `<manifest xmlns="${IMSCP_NS}" xmlns:xsi="${XSI}" identifier="${xmlEscape(id)}" ` +
    `xsi:schemaLocation="${IMSCP_NS} http://www.imsglobal.org/xsd/imscp_v1p1.xsd">\n` +
    `  <metadata><schema>${schema}</schema><schemaversion>${version}</schemaversion></metadata>\n` +
    `  <organizations/>\n  <resources>\n` +
    resources
      .map(
        (r) =>
          `    <resource identifier="${xmlEscape(r.identifier)}" type="${r.type}" href="${xmlEscape(r.href)}">` +
          `<file href="${xmlEscape(r.href)}"/></resource>\n`,
      )
      .join("") +
    `  </resources>\n</manifest>\n`
  );
}

/** The files of the QTI 2.1 package, manifest first. */
export function qti21Files(questions: readonly Question[], s: QuizStrings, title: string): ZipEntry[] {
  const safe = safeName(title);
  const items = questions.map((q) => ({
    identifier: `${safe}-${q.id}`,
    href: `items/${q.id}.xml`,
    xml: DECL + qtiItem(q, s, safe, true) + "\n",
  }));
  const resources = items.map((i) => ({
    identifier: `RES-${i.identifier}`,
    type: "imsqti_item_xmlv2p1",
    href: i.href,
  }));
  return [
    { name: "imsmanifest.xml", data: manifest(`MANIFEST-${safe}`, "QTIv2.1 Package", "1.0.0", resources) },
    ...items.map((i) => ({ name: i.href, data: i.xml })),
  ];
}

const mattext = (html: string, type = "text/html"): string =>
  `<material><mattext texttype="${type}">${xmlEscape(html)}</mattext></material>`;

function field(label: string, entry: string): string {
  return `<qtimetadatafield><fieldlabel>${label}</fieldlabel><fieldentry>${xmlEscape(entry)}</fieldentry></qtimetadatafield>`;
}

const SCORE_100 = `<setvar action="Set" varname="SCORE">100</setvar>`;

function item12(q: Question, s: QuizStrings, safe: string): string {
  const a = q.answer;
  let type: string;
  let response: string;
  let condition: string;
  switch (a.kind) {
    case "number": {
      type = "numerical_question";
      response = `<response_str ident="response1" rcardinality="Single"><render_fib fibtype="Decimal"><response_label ident="answer1"/></render_fib></response_str>`;
      const exact = `<varequal respident="response1">${a.value}</varequal>`;
      condition =
        a.tolerance > 0
          ? `<or>${exact}<and><vargte respident="response1">${a.value - a.tolerance}</vargte>` +
            `<varlte respident="response1">${a.value + a.tolerance}</varlte></and></or>`
          : exact;
      break;
    }
    case "choice":
      type = "multiple_choice_question";
      response =
        `<response_lid ident="response1" rcardinality="Single"><render_choice shuffle="No">` +
        a.options
          .map((o, i) => `<response_label ident="C${i}">${mattext(choiceText(o, s), "text/plain")}</response_label>`)
          .join("") +
        `</render_choice></response_lid>`;
      condition = `<varequal respident="response1">C${a.correct}</varequal>`;
      break;
    case "order":
      type = "short_answer_question";
      response = `<response_str ident="response1" rcardinality="Single"><render_fib><response_label ident="answer1" rshuffle="No"/></render_fib></response_str>`;
      // Canvas compares short answers without regard to case; every accepted order and spelling is a right answer.
      condition = orderSpellings(a.accepted)
        .map((o) => `<varequal respident="response1">${xmlEscape(o)}</varequal>`)
        .join("");
      break;
  }
  return (
    `<item ident="${xmlEscape(`${safe}-${q.id}`)}" title="${xmlEscape(`${q.id} ${q.kind}`)}">` +
    `<itemmetadata><qtimetadata>${field("question_type", type)}${field("points_possible", "1.0")}</qtimetadata></itemmetadata>` +
    `<presentation>${mattext(questionBodyHtml(q, s))}${response}</presentation>` +
    `<resprocessing><outcomes><decvar maxvalue="100" minvalue="0" varname="SCORE" vartype="Decimal"/></outcomes>` +
    `<respcondition continue="Yes"><conditionvar><other/></conditionvar><displayfeedback feedbacktype="Response" linkrefid="general_fb"/></respcondition>` +
    `<respcondition continue="No"><conditionvar>${condition}</conditionvar>${SCORE_100}</respcondition>` +
    `</resprocessing>` +
    `<itemfeedback ident="general_fb"><flow_mat>${mattext(explanationText(q, s), "text/plain")}</flow_mat></itemfeedback>` +
    `</item>`
  );
}

/** The QTI 1.2 assessment (questestinterop) of the Canvas package. */
export function toQti12(questions: readonly Question[], s: QuizStrings, title: string): string {
  const safe = safeName(title);
  return (
    DECL +
    `<questestinterop xmlns="${QTI12_NS}" xmlns:xsi="${XSI}" ` +
    `xsi:schemaLocation="${QTI12_NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd">\n` +
    `<assessment ident="${xmlEscape(safe)}" title="${xmlEscape(title)}">` +
    `<qtimetadata>${field("cc_maxattempts", "1")}</qtimetadata>\n<section ident="root_section">\n` +
    questions.map((q) => item12(q, s, safe)).join("\n") +
    `\n</section></assessment>\n</questestinterop>\n`
  );
}

/** The files of the QTI 1.2 (Canvas) package, manifest first. */
export function qti12Files(questions: readonly Question[], s: QuizStrings, title: string): ZipEntry[] {
  const safe = safeName(title);
  const href = `${safe}/${safe}.xml`;
  return [
    {
      name: "imsmanifest.xml",
      data: manifest(`MANIFEST-${safe}`, "IMS Content", "1.1.3", [{ identifier: safe, type: "imsqti_xmlv1p2", href }]),
    },
    { name: href, data: toQti12(questions, s, title) },
  ];
}

export function qti21Package(questions: readonly Question[], s: QuizStrings, title: string): Uint8Array {
  return zipStored(qti21Files(questions, s, title));
}

export function qti12Package(questions: readonly Question[], s: QuizStrings, title: string): Uint8Array {
  return zipStored(qti12Files(questions, s, title));
}
