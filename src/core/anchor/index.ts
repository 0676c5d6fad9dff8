// Anchoring: finding an annotation's words again after the source changed (issue #2, "Anchoring:
// the heart of the product"). No `vscode` import: the extension and the CLI share this.
export type { Selector } from './selector';
export { selectorFor } from './selector';
export { AnchorText } from './anchor-text';
export { anchor, anchorAll } from './anchor';
