// One export as text, for every format but brat (which is files): the one rendering the CLI
// (`marginalia export`) and the extension (Export…, Open Brief) share. Written as work that
// pauses (core/slices.ts): the CLI runs it through at once, the extension in slices, so a
// 2,000-source export does not hold the extension host (issue 15: 330 ms for the W3C export,
// over a second for the brief, in one task).
import { jsonPieces } from '../jsonSliced';
import type { Sliced } from '../slices';
import { buildBriefSliced, type BriefFilter } from './brief';
import { briefHtmlSliced } from './brief-html';
import { briefMarkdownSliced } from './brief-md';
import { toCsvSliced } from './csv';
import type { ExportInput } from './input';
import { toW3cSliced } from './w3c';

export type TextFormat = 'w3c' | 'csv' | 'brief' | 'html';

export interface RenderOptions {
  /** W3C: makes IRIs absolute. */
  base?: string;
  /** CSV: what Excel expects (byte-order mark, CRLF, formulas defused). */
  excel?: boolean;
  /** Brief: the claims shown, and what the brief says it covers. */
  filter?: BriefFilter;
  scope?: string;
  /** Run through at once (the CLI: `finish`): the W3C JSON by JSON.stringify itself, whose text jsonPieces gives exactly, faster and in less memory when no pause is wanted. */
  atOnce?: boolean;
}

/**
 * The export's text, as pieces to be joined (the CLI) or encoded one by one (the extension:
 * text/utf8.ts `utf8Sliced`), so the 22 MB of a W3C export is never one string on the host.
 */
export function* renderExport(input: ExportInput, format: TextFormat, options: RenderOptions = {}): Sliced<string[]> {
  switch (format) {
    case 'w3c': {
      const doc = yield* toW3cSliced(input, { base: options.base });
      return [...(options.atOnce ? [JSON.stringify(doc, null, 2)] : yield* jsonPieces(doc, 2)), '\n'];
    }
    case 'csv':
      return [yield* toCsvSliced(input, { excel: options.excel === true })];
    case 'brief':
      return [yield* briefMarkdownSliced(yield* buildBriefSliced(input, options.filter, options.scope))];
    case 'html':
      return [yield* briefHtmlSliced(yield* buildBriefSliced(input, options.filter, options.scope))];
  }
}
