// `marginalia export --format brat`: brat standoff (https://brat.nlplab.org/standoff.html),
// a `.txt` (the source as stored) and a `.ann` per source, and an `annotation.conf`.
//
//   T1<TAB>person 404 414<TAB>the agency           entities typed by their registry type,
//   T2<TAB>Claim-disputed 595 661<TAB>…            claims by status (`Claim` when unassessed),
//   T3<TAB>Note 267 311<TAB>…                      notes;
//   #1<TAB>AnnotatorNotes T3<TAB>text              the note of any annotation (one line);
//   N1<TAB>Reference T1 marginalia:id<TAB>Name     the registry entity (brat normalisation);
//   N2<TAB>Reference T1 sidecar:01jdq…<TAB>a.txt   the Marginalia id, so an import keeps it;
//   R1<TAB>contradicts Arg1:T2 Arg2:T5             links within the source;
//   #2<TAB>CrossSourceLink T2<TAB>contradicts b.txt#01jd…   links to other sources, which brat
//                                                  cannot hold (shown as a comment on T2).
//
// Offsets are code points into the `.txt`: brat is Python, and a Python 3 `str` counts code
// points (an emoji is one), as Marginalia does. A quote spanning line breaks is written as
// fragments (`0 5;6 10`), one per line, as brat requires. Orphaned annotations have no offsets
// and cannot be a `T` line: they are listed in the `.orphans.txt` file beside the `.ann`.
import { ENTITY_TYPES, CLAIM_STATUSES, LINK_RELS } from '../types';
import { parseLinkTarget, resolveLinkSource } from '../format';
import type { ExportInput } from './input';
import { slicer } from './text';
import { finish, type Sliced } from '../slices';

export interface BratFiles {
  /** Relative path → content: `a.txt`, `a.ann`, `annotation.conf`, … */
  files: Map<string, string>;
  /** Annotations that could not be written as spans (orphans), for the summary. */
  orphans: number;
}

/** `a.txt` stays `a.txt` / `a.ann`; any other source `b.md` becomes `b.md.txt` / `b.md.ann`. */
export function bratNames(source: string): { txt: string; ann: string } {
  const stem = source.endsWith('.txt') ? source.slice(0, -4) : source;
  return { txt: `${stem}.txt`, ann: `${stem}.ann` };
}

export const NOTE_TYPE = 'Note';
export const CLAIM_TYPE = 'Claim';
export const ID_DB = 'sidecar';
export const ENTITY_DB = 'marginalia';

/** brat type names are one token: spaces and tabs in a custom entity type become `_`. */
export const bratType = (s: string) => s.replace(/[\s]+/g, '_') || 'other';

/** One line of free text for a brat text field (tabs and line breaks are separators there). */
const oneLine = (s: string) => s.replace(/[\t\r\n\u2028\u2029]+/g, ' ');

export function toBrat(input: ExportInput): BratFiles {
  return finish(toBratSliced(input));
}

/** `toBrat`, pausing between sources (core/slices.ts: the extension runs it in slices). */
export function* toBratSliced(input: ExportInput): Sliced<BratFiles> {
  const files = new Map<string, string>();
  let orphans = 0;
  const types = new Set<string>(ENTITY_TYPES);
  for (const t of input.corpus.registry?.entityTypes ?? []) types.add(t);
  for (const s of input.sources) {
    if (s.text === null) continue;
    const names = bratNames(s.source);
    const cut = slicer(s.text);
    const lines: string[] = [];
    const orphanLines: string[] = [];
    const tOf = new Map<string, string>();
    let t = 0;
    let n = 0;
    let c = 0;
    let r = 0;
    for (const x of s.annotations) {
      const a = x.annotation;
      if (x.start === null || x.end === null) {
        orphans++;
        orphanLines.push(`${a.id}\t${a.kind}\t${oneLine(a.quote)}`);
        continue;
      }
      const tid = `T${++t}`;
      tOf.set(a.id, tid);
      let type = NOTE_TYPE;
      if (a.kind === 'claim') type = a.status ? `${CLAIM_TYPE}-${a.status}` : CLAIM_TYPE;
      if (a.kind === 'entity') {
        const e = a.entity !== undefined ? input.corpus.entity(a.entity) : undefined;
        type = bratType(e?.type ?? 'other');
        types.add(type);
      }
      const { spans, text } = fragments(cut, x.start, x.end);
      lines.push(`${tid}\t${type} ${spans}\t${text}`);
      lines.push(`N${++n}\tReference ${tid} ${ID_DB}:${oneLine(a.id).replace(/ /g, '_')}\t${oneLine(s.source)}`);
      if (a.kind === 'entity' && a.entity !== undefined) {
        const e = input.corpus.entity(a.entity);
        lines.push(`N${++n}\tReference ${tid} ${ENTITY_DB}:${oneLine(a.entity).replace(/ /g, '_')}\t${oneLine(e?.name ?? a.entity)}`);
      }
      if (a.note !== undefined) lines.push(`#${++c}\tAnnotatorNotes ${tid}\t${oneLine(a.note)}`);
    }
    for (const x of s.annotations) {
      const from = tOf.get(x.annotation.id);
      if (!from) continue;
      for (const l of x.annotation.links ?? []) {
        const target = parseLinkTarget(l.to);
        const same = target && resolveLinkSource(s.source, target) === s.source;
        const to = same ? tOf.get(target!.id) : undefined;
        if (to) lines.push(`R${++r}\t${l.rel} Arg1:${from} Arg2:${to}`);
        else lines.push(`#${++c}\tCrossSourceLink ${from}\t${l.rel} ${oneLine(l.to)}`);
      }
    }
    files.set(names.txt, s.text);
    files.set(names.ann, lines.length ? lines.join('\n') + '\n' : '');
    if (orphanLines.length) files.set(`${names.ann.slice(0, -4)}.orphans.txt`, `# annotations Marginalia could not place in ${oneLine(s.source)}: id, kind, quote\n${orphanLines.join('\n')}\n`);

    yield;
  }
  files.set('annotation.conf', annotationConf([...types].map(bratType)));
  return { files, orphans };
}

/** Spans as brat writes them: one fragment per line of the quote, blank lines left out. */
function fragments(cut: (s: number, e: number) => string, start: number, end: number): { spans: string; text: string } {
  const quote = cut(start, end);
  const parts: { s: number; e: number; text: string }[] = [];
  let at = start;
  for (const line of quote.split('\n')) {
    const len = Array.from(line).length;
    const trimmed = line.replace(/\r$/, '');
    const tlen = Array.from(trimmed).length;
    if (tlen > 0) parts.push({ s: at, e: at + tlen, text: trimmed });
    at += len + 1;
  }
  if (parts.length === 0) parts.push({ s: start, e: end, text: quote });
  return { spans: parts.map((p) => `${p.s} ${p.e}`).join(';'), text: oneLine(parts.map((p) => p.text).join(' ')) };
}

function annotationConf(entityTypes: string[]): string {
  const claims = [CLAIM_TYPE, ...CLAIM_STATUSES.map((s) => `${CLAIM_TYPE}-${s}`)];
  const all = 'Arg1:<ENTITY>, Arg2:<ENTITY>';
  return [
    '# brat configuration generated by `marginalia export --format brat`:',
    '# entity types from the registry, claims by status, notes; links as relations.',
    '[entities]',
    ...[...new Set(entityTypes)].sort(),
    ...claims,
    NOTE_TYPE,
    '',
    '[relations]',
    ...LINK_RELS.map((rel) => `${rel}\t${all}`),
    '<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>',
    '',
    '[events]',
    '',
    '[attributes]',
    '',
  ].join('\n');
}
