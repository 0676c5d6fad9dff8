// `marginalia import --format brat`: a brat standoff `.ann` (https://brat.nlplab.org/standoff.html)
// against its `.txt`. `T` lines become entities (their type names the entity type; the entity is
// the registry's, found by a `N … marginalia:ID` normalisation, else by its name or an alias
// matching the span's text, else created from the text), claims (`Claim`, `Claim-<status>`) or
// notes (`Note`); `#… AnnotatorNotes` become notes, `R` lines links, `N … sidecar:ID` keeps a
// Marginalia id (what our brat export writes), else the id is `brat-T<n>`, so re-importing the
// same file updates rather than duplicates. Offsets are code points (brat is Python); a span
// whose text does not match the `.txt` there is tried as UTF-16 (tools in Java or JavaScript),
// and in the end the quote places it, as for any import. Linear in the file: entities are looked
// up in maps kept as they are created (a search of the list per `T` line took 19.5 s for 10,000).
//
// A discontinuous span (`0 5;6 10`) becomes one annotation, quoting the `.txt` from its first
// fragment's start to its last fragment's end: brat and our export split a quote at its line
// breaks, so the text between the fragments is a few characters. A `T` line whose fragments
// (in text order) leave more than MAX_GAP characters between one and the next is skipped, with
// the reason: it is not one stretch of text, and its quote would be text the annotator never
// marked (a line `0 1;239999 240000` quoted all of a 240 KB text: 400 of them made a 102 MB
// sidecar). So a quote is at most the span's own text plus MAX_GAP per fragment — linear in the
// `.ann` — and a span's text is compared with the `.txt` only when their lengths agree.
import { slugify } from '../ids';
import { CodePointIndex } from '../text/positions';
import { CLAIM_STATUSES, ENTITY_TYPES, LINK_RELS, type Entity, type WorkspaceConfig } from '../types';
import { emptyBatch, type ImportBatch, type SidecarRecord } from './batch';
import { bratType, CLAIM_TYPE, ENTITY_DB, ID_DB, NOTE_TYPE } from '../export/brat';

interface TLine { tid: string; type: string; spans: [number, number][]; text: string }

/** The most text (offsets as written) a discontinuous span may leave between two of its fragments (see the header). */
export const MAX_GAP = 200;

export function fromBrat(ann: string, txt: string, registry: WorkspaceConfig | null): ImportBatch {
  const batch = emptyBatch();
  const ts = new Map<string, TLine>();
  const notes = new Map<string, string[]>();
  const norms = new Map<string, { db: string; id: string; text: string }[]>();
  const rels: { rid: string; rel: string; from: string; to: string }[] = [];
  const cross = new Map<string, { rel: string; to: string }[]>();
  ann.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const origin = `line ${i + 1}`;
    const [id, mid = '', tail = ''] = line.split('\t');
    const head = mid.split(' ');
    const kind = id.charAt(0);
    if (kind === 'T') {
      const spans = mid.slice(head[0].length + 1).split(';').map((s) => s.trim().split(/\s+/).map(Number) as [number, number]);
      if (!head[0] || spans.some(([s, e]) => !Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e < s)) return batch.skipped.push({ origin, reason: `${id}: not a text-bound annotation brat can read` });
      const gap = widestGap(spans);
      if (gap > MAX_GAP) return batch.skipped.push({ origin, reason: `${id}: its fragments leave ${gap} characters between them; a Marginalia annotation is one stretch of text, and fragments at most ${MAX_GAP} apart are imported as one` });
      ts.set(id, { tid: id, type: head[0], spans, text: tail });
    } else if (kind === '#') {
      const target = head[1] ?? '';
      if (head[0] === 'AnnotatorNotes') push(notes, target, tail);
      else if (head[0] === 'CrossSourceLink') {
        const [rel, to] = tail.split(' ');
        if (rel && to) push(cross, target, { rel, to });
      } else batch.skipped.push({ origin, reason: `${id}: comment type ${head[0]} is not imported` });
    } else if (kind === 'N') {
      const [db, ...rest] = (head[2] ?? '').split(':');
      if (head[1]) push(norms, head[1], { db, id: rest.join(':'), text: tail });
    } else if (kind === 'R') {
      const from = /^Arg1:(\S+)$/.exec(head[1] ?? '')?.[1];
      const to = /^Arg2:(\S+)$/.exec(head[2] ?? '')?.[1];
      if (from && to) rels.push({ rid: id, rel: head[0], from, to });
      else batch.skipped.push({ origin, reason: `${id}: a relation without Arg1 and Arg2` });
    } else batch.skipped.push({ origin, reason: `${id || 'line'}: ${kind === 'E' ? 'events' : kind === 'A' || kind === 'M' ? 'attributes' : 'this kind of line'} cannot be imported` });
  });

  const cp = new CodePointIndex(txt);
  const types = new Set<string>([...ENTITY_TYPES, ...(registry?.entityTypes ?? [])]);
  const typeOf = new Map<string, string>();
  for (const x of types) if (!typeOf.has(bratType(x).toLowerCase())) typeOf.set(bratType(x).toLowerCase(), x);
  const entities = new Entities(registry?.entities ?? []);
  const idOf = new Map<string, string>();
  for (const t of ts.values()) idOf.set(t.tid, norms.get(t.tid)?.find((n) => n.db === ID_DB)?.id || `brat-${t.tid}`);
  const records = new Map<string, SidecarRecord>();
  for (const t of ts.values()) {
    const r: SidecarRecord = { id: idOf.get(t.tid)!, kind: 'note', ...place(t, txt, cp) };
    if (t.type === NOTE_TYPE) r.kind = 'note';
    else if (t.type === CLAIM_TYPE || t.type.startsWith(`${CLAIM_TYPE}-`)) {
      r.kind = 'claim';
      const status = t.type.slice(CLAIM_TYPE.length + 1);
      if ((CLAIM_STATUSES as readonly string[]).includes(status)) r.status = status;
    } else {
      r.kind = 'entity';
      const type = typeOf.get(t.type.toLowerCase()) ?? 'other';
      const norm = norms.get(t.tid)?.find((n) => n.db === ENTITY_DB);
      const byId = norm && entities.has(norm.id) ? norm.id : undefined;
      const name = norm?.text || t.text;
      const found = byId ?? entities.byName(type, name);
      if (found !== undefined) r.entity = found; // an id, which may be '' in a hand-written registry
      else {
        const id = norm?.id || entities.unique(slugify(name));
        entities.add({ id, name, type, aliases: [] });
        batch.newEntities.push({ id, name, type });
        r.entity = id;
      }
    }
    const note = notes.get(t.tid);
    if (note) r.note = note.join('\n');
    records.set(t.tid, r);
  }
  for (const rel of rels) {
    const from = records.get(rel.from);
    const to = idOf.get(rel.to);
    if (!from || !to) batch.skipped.push({ origin: rel.rid, reason: 'a relation to an annotation that is not a text span here' });
    else if (!(LINK_RELS as readonly string[]).includes(rel.rel)) batch.skipped.push({ origin: rel.rid, reason: `relation type ${rel.rel} is not a Marginalia link (${LINK_RELS.join(', ')})` });
    else ((from.links ??= []) as unknown[]).push({ rel: rel.rel, to: `#${to}` });
  }
  for (const [tid, list] of cross) {
    const from = records.get(tid);
    for (const l of list) if (from && (LINK_RELS as readonly string[]).includes(l.rel)) ((from.links ??= []) as unknown[]).push({ rel: l.rel, to: l.to });
  }
  for (const [tid, r] of records) batch.items.push({ source: null, record: r, origin: tid });
  return batch;
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/**
 * The registry's entities and those the import creates, in list order, asked by id and by
 * type + case-folded name or alias (the id of the first in the list when several match, as a
 * search of the list answered). Each question is a map lookup, so an import is linear in its lines.
 */
class Entities {
  private readonly ids = new Set<string>();
  private readonly names = new Map<string, Map<string, string>>();
  /** Per slug, the suffix a fresh id for it tries first: those below it are taken, and ids are only ever added. */
  private readonly next = new Map<string, number>();

  constructor(list: readonly Entity[]) {
    for (const e of list) this.add(e);
  }

  add(e: Entity): void {
    this.ids.add(e.id);
    let byName = this.names.get(e.type);
    if (!byName) this.names.set(e.type, (byName = new Map()));
    for (const n of [e.name, ...e.aliases.map((a) => a.text)]) if (!byName.has(n.toLowerCase())) byName.set(n.toLowerCase(), e.id);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  byName(type: string, name: string): string | undefined {
    return this.names.get(type)?.get(name.toLowerCase());
  }

  /** `base`, else `base-2`, `base-3`, … the first no entity has. */
  unique(base: string): string {
    if (!this.ids.has(base)) return base;
    let i = this.next.get(base) ?? 2;
    while (this.ids.has(`${base}-${i}`)) i++;
    this.next.set(base, i);
    return `${base}-${i}`;
  }
}

/** The widest stretch between a span's fragments that none of them covers (0 for one fragment, or when they touch or overlap). */
function widestGap(spans: readonly [number, number][]): number {
  const sorted = spans.length > 1 ? [...spans].sort((a, b) => a[0] - b[0]) : spans;
  let widest = 0;
  let covered = sorted[0][1];
  for (const [s, e] of sorted) {
    widest = Math.max(widest, s - covered);
    covered = Math.max(covered, e);
  }
  return widest;
}

/** Quote and offsets: the `.txt` from the first fragment's start to the last's end when the span text agrees. */
function place(t: TLine, txt: string, cp: CodePointIndex): { quote: string; start?: number; end?: number } {
  // loops, not Math.min(...spans): a line of 200,000 fragments is more arguments than a call takes
  let start = Infinity;
  let end = -Infinity;
  for (const [s, e] of t.spans) {
    start = Math.min(start, s);
    end = Math.max(end, e);
  }
  // the fragments' text joined by spaces, when as long as the span's text: overlapping
  // fragments (`0 240000;0 240000;…`) would otherwise build a string longer than the file
  const joined = (at: (o: number) => number) => {
    let length = t.spans.length - 1;
    for (const [s, e] of t.spans) length += at(e) - at(s);
    return length === t.text.length ? t.spans.map(([s, e]) => txt.slice(at(s), at(e))).join(' ') : null;
  };
  const byCp = (o: number) => cp.toUtf16(Math.min(o, cp.length));
  if (end <= cp.length && joined(byCp) === t.text) return { quote: txt.slice(byCp(start), byCp(end)), start, end };
  const byUtf16 = (o: number) => o;
  if (end <= txt.length && joined(byUtf16) === t.text) return { quote: txt.slice(start, end), start: cp.toCodePoint(start), end: cp.toCodePoint(end) };
  return { quote: t.text };
}
