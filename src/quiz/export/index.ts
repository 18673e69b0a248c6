/**
 * Exports of a generated question set for learning-management systems:
 * Moodle XML, GIFT, QTI 2.1 items and a CSV answer key. Each is a pure
 * function from questions and the page's strings to the file's text.
 */
export { toMoodleXml } from "./moodle.ts";
export { toGift } from "./gift.ts";
export { toQtiItems } from "./qti.ts";
export { toCsvKey, csvField, type KeyVariant } from "./csv.ts";
export { EXPORT_FORMATS, exportQuiz, fileName, mimeType, type ExportFormat, type ExportInput } from "./formats.ts";
