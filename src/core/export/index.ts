// Export: the corpus out of Marginalia, as W3C Web Annotations, brat standoff, CSV, or a
// written brief (Markdown / standalone HTML). Pure: the CLI and the extension read the files
// and build the Corpus; these turn it into text.
export { exportInput, type ExportInput, type ExportSource, type ExportAnnotation } from './input';
export { toW3c, annotationIri, resolveIri, ANNO_CONTEXT, MARGINALIA_CONTEXT, MARGINALIA_NS, type W3cOptions } from './w3c';
export { toCsv, csvCell, CSV_COLUMNS, type CsvOptions } from './csv';
export { toBrat, bratNames, type BratFiles } from './brat';
export { buildBrief, STATUS_ORDER, type Brief, type BriefFilter } from './brief';
export { briefMarkdown } from './brief-md';
export { briefHtml } from './brief-html';

export const EXPORT_FORMATS = ['w3c', 'brat', 'csv', 'brief', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
