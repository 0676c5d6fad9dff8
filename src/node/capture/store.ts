// Storing a capture in the corpus (issue 14), the one path `marginalia add` and Add Source…
// share. A new document becomes `<title-slug>.txt` (or .md) and its sidecar with
// `provenance:`. The same document again (same URL, else same title, in the same folder) is
// not a second source: its text is replaced and its annotations re-anchored against the new
// text (moved and fuzzy ones get their new offsets, orphans stay as they were, for the analyst
// to re-attach), and the provenance records the new capture. Every write is guarded:
// createCorpusFile for new files, writeCorpusFile (only while the file still holds what was
// read) for existing ones, both inside the corpus root and never through a link.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freeName, stemFor } from '../../core/capture/naming';
import { provenanceFor, sameDocument, sha256Hex, type Captured } from './provenance';
import { isSidecarPath, parseSidecar, parseSidecarQuick, serializeSidecar, sidecarPathFor, sourcePathFor } from '../../core/format';
import { placeAnnotations, refreshed } from '../../core/placement';
import type { AnchorState, Provenance } from '../../core/types';
import { readCorpusFileSync } from '../corpusFs';
import { writeCorpusFile } from '../writeAtomic';
import { createCorpusFile } from '../createFile';

export interface StoreOptions {
  /** The folder the source goes into (absolute). */
  into: string;
  /** The real corpus root it lies in. */
  root: string;
  maxBytes: number;
  keepOriginal: boolean;
  now: Date;
}

export type Stored =
  | { kind: 'created'; source: string; sidecar: string; provenance: Provenance; original?: string }
  | { kind: 'updated'; source: string; sidecar: string; provenance: Provenance; counts: Record<AnchorState, number>; orphans: { id: string; quote: string }[] }
  | { kind: 'unchanged'; source: string; sidecar: string };

export class StoreError extends Error {}

export async function storeCapture(c: Captured, o: StoreOptions): Promise<Stored> {
  const existing = findSameDocument(c, o);
  return existing ? update(c, existing, o) : create(c, o);
}

interface Existing {
  sidecarFile: string;
  sidecarText: string;
}

/** A sidecar in the target folder whose provenance names the same document. */
function findSameDocument(c: Captured, o: StoreOptions): Existing | null {
  let names: string[];
  try {
    names = fs.readdirSync(o.into).filter((n) => isSidecarPath(n)).sort();
  } catch (e) {
    throw new StoreError(`cannot list ${o.into}: ${(e as Error).message}`);
  }
  for (const n of names) {
    const file = path.join(o.into, n);
    const read = readCorpusFileSync(o.root, file, { maxBytes: o.maxBytes });
    if (!read.ok) continue;
    const sidecar = parseSidecarQuick(read.text, file).sidecar;
    if (sidecar && sameDocument(sidecar.provenance, c.meta)) return { sidecarFile: file, sidecarText: read.text };
  }
  return null;
}

async function create(c: Captured, o: StoreOptions): Promise<Stored> {
  const taken = (name: string) => ['', '.annotations.yaml'].some((s) => fs.lstatSync(path.join(o.into, name + s), { throwIfNoEntry: false }));
  const name = freeName(stemFor(c.meta.title, c.capturedFrom), c.ext, taken);
  const source = path.join(o.into, name);
  const sidecar = sidecarPathFor(source);
  const provenance = provenanceFor(c, o.now);
  must(await createCorpusFile(o.root, source, c.text));
  must(await createCorpusFile(o.root, sidecar, serializeSidecar({ marginalia: 1, source: name, provenance, annotations: [] })));
  let original: string | undefined;
  if (o.keepOriginal && c.original) {
    const stem = name.slice(0, -(c.ext.length + 1));
    const kept = path.join(o.into, freeName(`${stem}.original`, c.original.ext, taken));
    must(await createCorpusFile(o.root, kept, c.original.bytes));
    original = kept;
  }
  return { kind: 'created', source, sidecar, provenance, ...(original ? { original } : {}) };
}

async function update(c: Captured, e: Existing, o: StoreOptions): Promise<Stored> {
  const source = sourcePathFor(e.sidecarFile);
  const parsed = parseSidecar(e.sidecarText, e.sidecarFile);
  if (!parsed.writable || !parsed.sidecar) throw new StoreError(`${e.sidecarFile} has errors (run marginalia check); fix them before adding a new version`);
  const old = readCorpusFileSync(o.root, source, { maxBytes: o.maxBytes });
  if (!old.ok && old.reason !== 'missing') throw new StoreError(old.message);
  const oldText = old.ok ? old.text : null;
  if (oldText !== null && sha256Hex(oldText) === sha256Hex(c.text)) return { kind: 'unchanged', source, sidecar: e.sidecarFile };
  const placements = placeAnnotations(c.text, parsed.sidecar.annotations);
  const counts: Record<AnchorState, number> = { anchored: 0, moved: 0, fuzzy: 0, orphaned: 0 };
  for (const p of placements) counts[p.result.state]++;
  const orphans = placements.filter((p) => p.result.state === 'orphaned').map((p) => ({ id: p.annotation.id, quote: p.annotation.quote }));
  const provenance = provenanceFor(c, o.now);
  const out = serializeSidecar({ ...parsed.sidecar, provenance, annotations: placements.map((p) => refreshed(c.text, p)) }, parsed.doc);
  // the source first, as a `git pull` would bring it, then the sidecar that follows it
  must(oldText === null ? await createCorpusFile(o.root, source, c.text) : await writeCorpusFile(o.root, source, oldText, c.text, o.maxBytes));
  must(await writeCorpusFile(o.root, e.sidecarFile, e.sidecarText, out, o.maxBytes));
  return { kind: 'updated', source, sidecar: e.sidecarFile, provenance, counts, orphans };
}

function must(refused: string | null): void {
  if (refused !== null) throw new StoreError(refused);
}
