// `marginalia import --format hypothesis`: annotations made in Hypothesis (https://web.hypothes.is),
// as its API search returns them (`{"total", "rows": [...]}`) or as its client exports them
// (`{"export_date", "annotations": [...]}`). Each row targets a web page: its
// TextPositionSelector counts UTF-16 units of the page's rendered text, which is never the
// local copy's text, so positions are only hints; the TextQuoteSelector (exact, prefix, suffix)
// places it, and what the anchoring cannot place with confidence stays an orphan (never
// attached to the wrong words). Mapping: `id` is kept as the annotation id (re-import updates,
// never duplicates), `user` acct:name@host → author `name`, `text` → note, `tags`, `created`,
// `updated`. Replies (rows with `references`) and page notes (no quote) are skipped and said.
import { finish, type Sliced } from '../slices';
import { emptyBatch, isObj, selectorsOf, str, type ImportBatch, type SidecarRecord } from './batch';

export interface HypothesisOptions {
  /** The page the local copy is of; default: the first row's `uri`. */
  uri?: string;
  /** Take rows of every page, not only `uri`'s. */
  all?: boolean;
}

export function fromHypothesis(value: unknown, options: HypothesisOptions = {}): ImportBatch {
  return finish(fromHypothesisSliced(value, options));
}

/** `fromHypothesis`, pausing every few dozen records (core/slices.ts: the extension runs it in slices). */
export function* fromHypothesisSliced(value: unknown, options: HypothesisOptions = {}): Sliced<ImportBatch> {
  const batch = emptyBatch();
  const rows = Array.isArray(value) ? value : isObj(value) ? (Array.isArray(value.rows) ? value.rows : Array.isArray(value.annotations) ? value.annotations : []) : [];
  const uri = options.uri ?? rows.map((r) => (isObj(r) ? str(r.uri) : undefined)).find((u) => u !== undefined);
  const take = (row: unknown, i: number) => {
    const origin = isObj(row) && typeof row.id === 'string' ? row.id : `row ${i + 1}`;
    if (!isObj(row) || typeof row.id !== 'string') return batch.skipped.push({ origin, reason: 'not a Hypothesis annotation (no id)' });
    if (!options.all && uri !== undefined && str(row.uri) !== uri) return batch.skipped.push({ origin, reason: `another page (${str(row.uri) ?? 'no uri'}); --all takes it` });
    if (Array.isArray(row.references) && row.references.length) return batch.skipped.push({ origin, reason: 'a reply to another annotation' });
    const sel = selectorsOf(row.target);
    if (!sel.quote || sel.quote.exact.trim() === '') return batch.skipped.push({ origin, reason: 'a page note: it quotes no words' });
    const r: SidecarRecord = { id: row.id, kind: 'note', quote: sel.quote.exact };
    if (sel.quote.prefix !== undefined) r.prefix = sel.quote.prefix;
    if (sel.quote.suffix !== undefined) r.suffix = sel.quote.suffix;
    if (sel.position) Object.assign(r, sel.position);
    const text = str(row.text);
    if (text !== undefined && text.trim() !== '') r.note = text;
    const tags = Array.isArray(row.tags) ? row.tags.filter((t): t is string => typeof t === 'string' && t.trim() !== '') : [];
    if (tags.length) r.tags = tags;
    const author = authorOf(row);
    if (author) r.author = author;
    if (str(row.created)) r.created = row.created;
    if (str(row.updated)) r.updated = row.updated;
    batch.items.push({ source: null, record: r, origin });
  };
  for (let i = 0; i < rows.length; i++) {
    take(rows[i], i);
    if (i % 64 === 63) yield;
  }
  return batch;
}

/** `acct:alice@hypothes.is` → `alice`. */
function authorOf(row: Record<string, unknown>): string | undefined {
  const user = str(row.user);
  if (!user) return undefined;
  const m = /^acct:([^@]+)@/.exec(user);
  return m ? m[1] : user;
}
