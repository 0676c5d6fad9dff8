// Import: annotations made elsewhere (a W3C export, Hypothesis, brat) into sidecars. Parsers
// turn each format into sidecar records; applyImport places and validates them against one
// source. Pure: the CLI reads and writes the files (through corpusFs and writeCorpusFile).
export { fromW3c, fromW3cSliced, localPath, type W3cImportOptions } from './w3c';
export { fromHypothesis, fromHypothesisSliced, type HypothesisOptions } from './hypothesis';
export { fromBrat } from './brat';
export { applyImport, canonicalSidecar, type ApplyResult, type ItemResult, type Outcome, type SidecarSeed } from './apply';
export { jsonFormatOf, parseJson, type ImportBatch, type Incoming, type Skipped, type SidecarRecord } from './batch';

export const IMPORT_FORMATS = ['w3c', 'hypothesis', 'brat'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
