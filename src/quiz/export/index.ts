/**
 * Exports of a generated question set for learning-management systems:
 * Moodle XML, GIFT, QTI 2.1 items, QTI 2.1 and 1.2 (Canvas) zip packages
 * and a CSV answer key. Each is a pure
 * function from questions and the page's strings to the file's text (or bytes).
 */
export { toMoodleXml } from "./moodle.ts";
export { toGift } from "./gift.ts";
export { toQtiItems } from "./qti.ts";
export { qti12Package, qti21Package, qti12Files, qti21Files, toQti12 } from "./qti-package.ts";
export { zipStored, crc32 } from "./zip.ts";
export { toCsvKey, csvField, type KeyVariant } from "./csv.ts";
export { EXPORT_FORMATS, exportQuiz, fileName, mimeType, type ExportFormat, type ExportInput } from "./formats.ts";
