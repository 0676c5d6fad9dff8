// `marginalia export --format csv`: one row per annotation, RFC 4180 (fields with a comma,
// quote or line break are quoted, quotes doubled), UTF-8, a header row. `excel` adds what Excel
// expects (a byte-order mark so it reads UTF-8, CRLF rows) and defuses formula injection: a
// cell that starts with = + - @, a tab or a carriage return is run as a formula by spreadsheets
// (OWASP "CSV injection"), so such a cell is written with a leading apostrophe, which Excel and
// LibreOffice show as text. Plain CSV is left byte-exact for scripts.
import type { ExportInput } from './input';
import { finish, type Sliced } from '../slices';

export const CSV_COLUMNS = [
  'source', 'id', 'kind', 'state', 'start', 'end', 'quote', 'status', 'credibility', 'reliability',
  'entity', 'entity_name', 'note', 'tags', 'author', 'created', 'updated', 'updated_by', 'conflicts',
] as const;

export interface CsvOptions {
  excel?: boolean;
}

export function toCsv(input: ExportInput, options: CsvOptions = {}): string {
  return finish(toCsvSliced(input, options));
}

/** `toCsv`, pausing between sources (core/slices.ts: the extension runs it in slices). */
export function* toCsvSliced(input: ExportInput, options: CsvOptions = {}): Sliced<string> {
  const eol = options.excel ? '\r\n' : '\n';
  const cell = (v: unknown) => csvCell(v === undefined || v === null ? '' : String(v), options.excel === true);
  const lines = [CSV_COLUMNS.join(',')];
  for (const s of input.sources) {
    for (const x of s.annotations) {
      const a = x.annotation;
      const row: Record<(typeof CSV_COLUMNS)[number], unknown> = {
        source: s.source,
        id: a.id,
        kind: a.kind,
        state: x.state,
        start: x.start,
        end: x.end,
        quote: a.quote,
        status: a.status,
        credibility: a.credibility,
        reliability: s.sidecar?.reliability,
        entity: a.entity,
        entity_name: a.entity !== undefined ? input.corpus.entity(a.entity)?.name : undefined,
        note: a.note,
        tags: a.tags?.join('; '),
        author: a.author,
        created: a.created,
        updated: a.updated,
        updated_by: a.updatedBy,
        conflicts: x.conflicts || undefined,
      };
      lines.push(CSV_COLUMNS.map((c) => cell(row[c])).join(','));
    }
    yield;
  }
  return (options.excel ? '\uFEFF' : '') + lines.join(eol) + eol;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** One RFC 4180 field; in Excel mode a cell a spreadsheet would run as a formula is made text. */
export function csvCell(value: string, excel: boolean): string {
  let v = excel && FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
