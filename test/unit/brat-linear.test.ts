// A brat import (core/import/brat.ts) finds each `T` line's entity in the registry (by a
// `marginalia:ID` normalisation, else by name or alias within the type, case-folded, the first in
// the list winning) or creates it with a fresh id. It is now linear in the file (10,000 `T` lines
// took 19.5 s, each line searching every entity so far); what the user relies on is that the same
// file against the same registry gives the same batch as before: the same entities matched, the
// same ones created, with the same ids, in the same order. The oracle is fromBrat as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromBrat } from '../../src/core/import/brat';
import { slugify } from '../../src/core/ids';
import { CodePointIndex } from '../../src/core/text/positions';
import { CLAIM_STATUSES, ENTITY_TYPES, LINK_RELS, type Entity, type WorkspaceConfig } from '../../src/core/types';
import { emptyBatch, type ImportBatch, type SidecarRecord } from '../../src/core/import/batch';
import { bratType, CLAIM_TYPE, ENTITY_DB, ID_DB, NOTE_TYPE } from '../../src/core/export/brat';

// ---- the oracle: fromBrat and its helpers before the change, unchanged ----
interface TLine { tid: string; type: string; spans: [number, number][]; text: string }

function oldFromBrat(ann: string, txt: string, registry: WorkspaceConfig | null): ImportBatch {
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
  const entities = [...(registry?.entities ?? [])];
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
      const type = [...types].find((x) => bratType(x).toLowerCase() === t.type.toLowerCase()) ?? 'other';
      const norm = norms.get(t.tid)?.find((n) => n.db === ENTITY_DB);
      const byId = norm ? entities.find((e) => e.id === norm.id) : undefined;
      const name = norm?.text || t.text;
      const found = byId ?? entities.find((e) => e.type === type && [e.name, ...e.aliases.map((a) => a.text)].some((n) => n.toLowerCase() === name.toLowerCase()));
      if (found) r.entity = found.id;
      else {
        const id = norm?.id || unique(slugify(name), entities.map((e) => e.id));
        const created = { id, name, type, aliases: [] };
        entities.push(created);
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

function unique(base: string, taken: string[]): string {
  const have = new Set(taken);
  if (!have.has(base)) return base;
  for (let i = 2; ; i++) if (!have.has(`${base}-${i}`)) return `${base}-${i}`;
}

function place(t: TLine, txt: string, cp: CodePointIndex): { quote: string; start?: number; end?: number } {
  const start = Math.min(...t.spans.map((s) => s[0]));
  const end = Math.max(...t.spans.map((s) => s[1]));
  const joined = (cut: (s: number, e: number) => string) => t.spans.map(([s, e]) => cut(s, e)).join(' ');
  const byCp = (s: number, e: number) => txt.slice(cp.toUtf16(Math.min(s, cp.length)), cp.toUtf16(Math.min(e, cp.length)));
  if (end <= cp.length && joined(byCp) === t.text) return { quote: byCp(start, end), start, end };
  const byUtf16 = (s: number, e: number) => txt.slice(s, e);
  if (end <= txt.length && joined(byUtf16) === t.text) return { quote: byUtf16(start, end), start: cp.toCodePoint(start), end: cp.toCodePoint(end) };
  return { quote: t.text };
}
// ---- end of the oracle ----

// names that differ only in case, that slug alike ('a b', 'A.B', 'a-b'), that slug to a numbered
// id another name takes ('a b 2'), that slug to nothing ('!!', ''), and Object.prototype keys
const name = fc.constantFrom('Mara', 'MARA', 'mara', 'Aurel', 'aurel', 'a b', 'A.B', 'a-b', 'a b 2', 'A B 3', 'Ärzte', 'ärzte', 'İstanbul', 'ß', 'SS', '!!', '', '__proto__', 'constructor', 'Rieshösil');
// ids a registry or a normalisation may carry, some of them what a new entity's slug would be
const idArb = fc.constantFrom('mara', 'a-b', 'a-b-2', 'a-b-3', 'entity', 'entity-2', 'aurel', 'x1', '__proto__', '');
// built-in and custom types, brat spellings in other cases and with spaces made `_`
const customTypes = ['vessel', 'Ship Class', 'person'];
const typeArb = fc.constantFrom(...ENTITY_TYPES, ...customTypes, 'unknown type');
const bratTypeArb = fc.constantFrom('person', 'PERSON', 'Place', 'organization', 'vessel', 'ship_class', 'SHIP_CLASS', 'Other', 'Unknown', 'Note', 'Claim', 'Claim-disputed');

const entityArb: fc.Arbitrary<Entity> = fc.record({ id: idArb, name, type: typeArb, aliases: fc.array(name.map((text) => ({ text })), { maxLength: 3 }) }) as fc.Arbitrary<Entity>;
const registryArb = fc.option(
  fc.record({ entities: fc.array(entityArb, { maxLength: 8 }), withTypes: fc.boolean() }).map(({ entities, withTypes }) => ({ marginalia: 1, entities, cues: [], ...(withTypes ? { entityTypes: customTypes } : {}) }) as unknown as WorkspaceConfig),
  { nil: null },
);

const TXT = 'Mara met Aurel at a b near İstanbul; ß and SS.';
// a T line (the span text may or may not agree with TXT), with maybe a marginalia: or sidecar: normalisation, a note, a relation
const tline = fc.record({
  type: bratTypeArb,
  start: fc.nat(20),
  len: fc.nat(8),
  text: name,
  norm: fc.option(fc.tuple(idArb, fc.option(name, { nil: undefined })), { nil: undefined }),
  sidecar: fc.option(idArb, { nil: undefined }),
  note: fc.option(name, { nil: undefined }),
  rel: fc.option(fc.tuple(fc.constantFrom('supports', 'same-as', 'causes'), fc.nat(12)), { nil: undefined }),
});
const annArb = fc.array(tline, { maxLength: 25 }).map((ls) => {
  const out: string[] = [];
  let n = 0;
  ls.forEach((l, i) => {
    const tid = `T${i + 1}`;
    out.push(`${tid}\t${l.type} ${l.start} ${l.start + l.len}\t${l.text}`);
    if (l.norm) out.push(`N${++n}\tReference ${tid} ${ENTITY_DB}:${l.norm[0]}\t${l.norm[1] ?? ''}`);
    if (l.sidecar !== undefined) out.push(`N${++n}\tReference ${tid} ${ID_DB}:${l.sidecar}\t`);
    if (l.note !== undefined) out.push(`#${i + 1}\tAnnotatorNotes ${tid}\t${l.note}`);
    if (l.rel) out.push(`R${i + 1}\t${l.rel[0]} Arg1:${tid} Arg2:T${l.rel[1]}`);
  });
  return out.join('\n');
});

test('the same batch as before: entities matched, created, their ids and order', () => {
  fc.assert(
    fc.property(annArb, registryArb, (ann, registry) => {
      assert.deepEqual(fromBrat(ann, TXT, registry), oldFromBrat(ann, TXT, registry));
    }),
    { numRuns: 1500 },
  );
});

test('many names that slug alike get the same numbered ids as before', () => {
  // 'a b', 'a.b', 'a/b', ... are different names (so each is created) with one slug
  const seps = [' ', '.', '/', '-', ', ', ' & ', '_', '+'];
  const lines: string[] = [];
  let t = 0;
  for (const type of ['person', 'place']) for (const s of seps) for (const x of ['', '2', '3']) lines.push(`T${++t}\t${type} 0 1\ta${s}b${x ? ` ${x}` : ''}`);
  const ann = lines.join('\n');
  const registry = { marginalia: 1, entities: [{ id: 'a-b-4', name: 'zz', type: 'person', aliases: [] }], cues: [] } as unknown as WorkspaceConfig;
  const got = fromBrat(ann, 'x', registry);
  assert.deepEqual(got, oldFromBrat(ann, 'x', registry));
  const ids = got.newEntities.map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length, 'no two created entities share an id');
});
