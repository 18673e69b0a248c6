/**
 * QTI 2.1 assessment items (IMS QTI v2.1, namespace imsqti_v2p1) in one XML
 * file (the item bank), or one per item file in the content package that
 * qti-package.ts zips with an imsmanifest.xml. Response processing is written out (not a template) because
 * it also sets FEEDBACK: the worked explanation is a modalFeedback shown when
 * FEEDBACK is EXPLAIN, which happens only once the response is processed,
 * i.e. after the candidate submits (before, it was bound with showHide="hide"
 * to an outcome nothing set, so it showed from the start). Scoring: numbers
 * with a tolerance <equal toleranceMode="absolute">, orders mapResponse over
 * every accepted spelling, everything else <match> with the correct response.
 */
import type { Question } from "../types.ts";
import { answerText, choiceText, explanationText, orderSpellings, type QuizStrings } from "../text.ts";
import { questionBodyHtml } from "../render.ts";
import { xmlEscape } from "./xml.ts";

export const QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1";
const SET_FEEDBACK = `<setOutcomeValue identifier="FEEDBACK"><baseValue baseType="identifier">EXPLAIN</baseValue></setOutcomeValue>`;

/** SCORE 1 when `test` holds, else 0; then FEEDBACK = EXPLAIN. */
function scoreIf(test: string): string {
  return (
    `<responseProcessing><responseCondition><responseIf>${test}` +
    `<setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue></setOutcomeValue>` +
    `</responseIf><responseElse><setOutcomeValue identifier="SCORE"><baseValue baseType="float">0</baseValue></setOutcomeValue></responseElse>` +
    `</responseCondition>${SET_FEEDBACK}</responseProcessing>`
  );
}

const MATCH = `<match><variable identifier="RESPONSE"/><correct identifier="RESPONSE"/></match>`;

function toleranceProcessing(tolerance: number): string {
  return scoreIf(
    `<equal toleranceMode="absolute" tolerance="${tolerance} ${tolerance}"><variable identifier="RESPONSE"/><correct identifier="RESPONSE"/></equal>`,
  );
}

/** The XML Schema location of QTI 2.1 items, written on each item file of the package. */
export const QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd";

/** A file-safe, NCName-safe form of the set name (identifiers start with "tcp-lab"). */
export function safeName(title: string): string {
  return title.replace(/[^A-Za-z0-9_.-]/g, "_");
}

/**
 * One assessmentItem. `schema` adds the xsi:schemaLocation an item file of a
 * content package carries (the item bank leaves it out).
 */
export function qtiItem(q: Question, s: QuizStrings, title: string, schema = false): string {
  const a = q.answer;
  let declaration: string;
  let interaction: string;
  let processing = scoreIf(MATCH);
  switch (a.kind) {
    case "number":
      declaration = `<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="float"><correctResponse><value>${a.value}</value></correctResponse></responseDeclaration>`;
      interaction = `<p><textEntryInteraction responseIdentifier="RESPONSE" expectedLength="14"/></p>`;
      if (a.tolerance > 0) processing = toleranceProcessing(a.tolerance);
      break;
    case "choice":
      declaration = `<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier"><correctResponse><value>C${a.correct}</value></correctResponse></responseDeclaration>`;
      interaction =
        `<choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">` +
        a.options
          .map((o, i) => `<simpleChoice identifier="C${i}">${xmlEscape(choiceText(o, s))}</simpleChoice>`)
          .join("") +
        `</choiceInteraction>`;
      break;
    case "order":
      // Every accepted order and spelling maps to full credit (map_response; mapKey matching is case-insensitive).
      declaration =
        `<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="string"><correctResponse><value>${xmlEscape(answerText(q, s))}</value></correctResponse>` +
        `<mapping defaultValue="0" upperBound="1">${orderSpellings(a.accepted)
          .map((o) => `<mapEntry mapKey="${xmlEscape(o)}" mappedValue="1" caseSensitive="false"/>`)
          .join("")}</mapping></responseDeclaration>`;
      processing = `<responseProcessing><setOutcomeValue identifier="SCORE"><mapResponse identifier="RESPONSE"/></setOutcomeValue>${SET_FEEDBACK}</responseProcessing>`;
      interaction = `<p><textEntryInteraction responseIdentifier="RESPONSE" expectedLength="${a.correct.length * 2}"/></p>`;
      break;
  }
  return (
    `<assessmentItem xmlns="${QTI_NS}"${schema ? ` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${QTI_NS} ${QTI_XSD}"` : ""}${s.lang === "en" ? "" : ` xml:lang="${xmlEscape(s.lang)}"`} identifier="${xmlEscape(`${title}-${q.id}`)}" title="${xmlEscape(`${q.id} ${q.kind}`)}" adaptive="false" timeDependent="false">` +
    declaration +
    `<outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"><defaultValue><value>0</value></defaultValue></outcomeDeclaration>` +
    `<outcomeDeclaration identifier="FEEDBACK" cardinality="single" baseType="identifier"/>` +
    // XHTML inside itemBody: the question HTML from render.ts is well-formed.
    `<itemBody><div>${questionBodyHtml(q, s)}</div>${interaction}</itemBody>` +
    processing +
    `<modalFeedback outcomeIdentifier="FEEDBACK" showHide="show" identifier="EXPLAIN">${xmlEscape(explanationText(q, s))}</modalFeedback>` +
    `</assessmentItem>`
  );
}

/** All items, wrapped in one <itemBank> element (not a QTI element: a container to split into files). */
export function toQtiItems(questions: readonly Question[], s: QuizStrings, title: string): string {
  const safe = safeName(title);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<itemBank title="${xmlEscape(title)}">\n${questions.map((q) => qtiItem(q, s, safe)).join("\n")}\n</itemBank>\n`;
}
