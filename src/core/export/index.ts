// Export: the corpus out of Marginalia, as W3C Web Annotations, brat standoff, CSV, or a
// written brief (Markdown / standalone HTML). Pure: the CLI and the extension read the files
// and build the Corpus; these turn it into text.
export { exportInput, exportInputSliced, type ExportInput, type ExportSource, type ExportAnnotation } from './input';
export { toW3c, toW3cSliced, annotationIri, resolveIri, ANNO_CONTEXT, MARGINALIA_CONTEXT, MARGINALIA_NS, type W3cOptions } from './w3c';
export { toCsv, toCsvSliced, csvCell, CSV_COLUMNS, type CsvOptions } from './csv';
export { toBrat, toBratSliced, bratNames, type BratFiles } from './brat';
export { buildBrief, buildBriefSliced, STATUS_ORDER, type Brief, type BriefFilter } from './brief';
export { briefMarkdown, briefMarkdownSliced } from './brief-md';
export { briefHtml, briefHtmlSliced } from './brief-html';
export { renderExport, type RenderOptions, type TextFormat } from './render';

export const EXPORT_FORMATS = ['w3c', 'brat', 'csv', 'brief', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
