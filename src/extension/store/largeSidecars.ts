// A sidecar read on the host (a save, a watcher's event, a pull; not an index's workers) that is
// large, or whose source is long, is decoded, parsed and placed by the editor's worker, not on
// the host's thread (issue 15: a 20,000-annotation sidecar held the host 0.9-1.4 s in every
// read of its source). The loader (sourceLoader.ts) reads the files with the guarded read and
// asks `sidecarRead` what to make of the sidecar's bytes: decoded here when small, else handed
// to the worker, which may answer that the corpus holds these very files already (`same`), or
// with the change from the clean read the corpus holds (`delta`).
import * as vscode from 'vscode';
import { heldCleanRead } from '../../core/sourceEntry';
import type { SourceChange } from '../../core/corpus';
import { sidecarPathFor, parsedLocated, type ParsedSidecar } from '../../core/format';
import { applySidecarDelta } from '../../core/live/sidecarDelta';
import { describeFailure } from '../../core/unreadable';
import { eachInSlices, yieldThread } from '../../core/slices';
import { unpackPlacement, type Placement } from '../../core/placement';
import type { WorkResponse } from '../../core/worker/protocol';
import { entryToTakeAgain, LARGE_TEXT, type Held, type IndexRead } from '../../node/indexRead';
import { decodedRead, type GuardedBytes, type GuardedRead } from './guardedRead';
import type { LoadTarget, LoaderCounts } from './sourceLoader';

/** What `sidecarRead` needs of the loader. */
export interface LargeReader {
  readonly log: vscode.LogOutputChannel;
  /** The editor's worker, once the extension has given it (SourceLoader.readLarge); every sidecar is read here until then. */
  worker(): ReadLarge | undefined;
  readonly counts: LoaderCounts;
  /** Whether VS Code is writing this source now (savesInProgress.ts): the read is then dropped. */
  saving(source: vscode.Uri): boolean;
}

/**
 * A sidecar at least this large (bytes; ~750 annotations) read here is decoded, parsed and placed
 * by the editor's worker (`readLarge`), not on the host's thread: 20,000 annotations held the
 * host 0.9-1.4 s in every read of that source (issue 15). Smaller ones are read here, where
 * they take a few ms and no round trip.
 */
export const LARGE_SIDECAR = 128 * 1024;

/**
 * The fast reader's sidecar of a sidecar's bytes and its placements in the source's text, made
 * elsewhere (the editor's worker: core/worker/work.ts `read`); `handOver`: the bytes are not
 * used here again, and may move rather than be copied.
 */
export type ReadLarge = (text: string, sidecar: Uint8Array, file: string, handOver: boolean, held?: Held, heldRead?: boolean) => Promise<Extract<WorkResponse, { kind: 'read' }>>;

/** What the corpus is told of a source besides its texts (`parsed`: the one it holds, taken again). */
export type Found = Pick<SourceChange, 'mentions' | 'textHash' | 'sidecarHash' | 'sha256' | 'textUnsent' | 'sidecarUnsent' | 'parsed'>;

/** A sidecar read here: as the guarded read says, or (large) parsed and placed by the editor's worker (sidecarRead). */
export interface SidecarRead {
  sidecar: GuardedRead;
  fast?: IndexRead['fast'];
  placements?: Placement[];
  found?: Found;
}

/**
 * The sidecar of a source read here, decoded here unless it or its source is large (LARGE_SIDECAR, LARGE_TEXT) and the
 * editor's worker takes it: then its bytes go there as they are and come back parsed the fast
 * way and placed, in parts, unpacked here in slices (issue 15: a 20,000-annotation sidecar
 * held the host 0.9-1.4 s, then ~110 ms in one task decoding, posting and taking the answer).
 * Unless the corpus keeps the source's texts (an open source, a sidecar with problems read
 * again as it is), the host then keeps nothing of either text, as after an index worker's read
 * (`found`). False when the source's save began while the worker read it. `again` reads the
 * sidecar here should the worker fail after its bytes were handed over.
 */
export async function sidecarRead(loader: LargeReader, t: LoadTarget, text: GuardedRead, bytes: GuardedBytes, again: () => Promise<GuardedRead>): Promise<SidecarRead | false> {
  const readLarge = loader.worker();
  if (!readLarge || !text.ok || !bytes.ok || (bytes.bytes.length < LARGE_SIDECAR && text.text.length < LARGE_TEXT)) return { sidecar: decodedRead(bytes) };
  // a long source's small sidecar: taken here when it is the one the store holds (a save's
  // own read, a write's echo), which is neither parsed nor placed again; the worker places
  // one that is not (sent blindly, the file before a save's write was anchored in full there
  // while the write waited behind it: 420-460 ms)
  const small = bytes.bytes.length < LARGE_SIDECAR ? decodedRead(bytes) : undefined;
  if (small && (!small.ok || t.root.corpus.holdsSidecar(t.rel, small.text))) return { sidecar: small };
  // decoded here only when the corpus will keep it (an open source), or when it may be the very
  // text the corpus holds (a sidecar with problems, or the store's own write read back: its parse
  // is taken). A held text of another length is not that file: the clean sidecar a pull brings
  // after a conflict goes to the worker undecoded (issue 15: decoding 4 MB was 36 ms of one task)
  const held = t.root.corpus.get(t.rel)?.sidecarText ?? null;
  const keeps = t.root.corpus.keeps(t.rel) || (held !== null && Buffer.byteLength(held, 'utf8') === bytes.bytes.length);
  const decoded = keeps ? (small ?? (loader.counts.largeDecoded++, decodedRead(bytes))) : undefined; // a small one is decoded once, above
  if (decoded && keptParse(t.root, t.rel, decoded)) return { sidecar: decoded }; // the store's own write, read back: its parse is held
  const file = sidecarPathFor(t.rel);
  // what the corpus holds of a closed source: the worker answers `same` for those very files
  const entry = keeps ? undefined : t.root.corpus.get(t.rel);
  const taken = entry ? entryToTakeAgain(entry) : null;
  // and its clean read of the sidecar: the worker may answer with the change from it
  const heldSidecar = taken ? heldCleanRead(entry)?.sidecar : undefined;
  let answer: Awaited<ReturnType<ReadLarge>>;
  try {
    answer = await readLarge(text.text, bytes.bytes, file, !keeps, taken ?? undefined, heldSidecar !== undefined);
  } catch (e) {
    loader.log.warn(`the worker could not read ${file} (${describeFailure(e)}); reading it here`);
    return { sidecar: decoded ?? (await again()) };
  }
  if (loader.saving(t.uri)) return false;
  if ('notUtf8' in answer) return { sidecar: { ok: false, reason: 'encoding', ...answer.notUtf8 } };
  if ('same' in answer) {
    // the store's own write read back, a watcher's event for unchanged files: what is held, again
    const now = t.root.corpus.get(t.rel);
    if (!entry || now !== entry || !sameHeld(entryToTakeAgain(now), answer.same)) return { sidecar: await again() }; // changed meanwhile (never expected): read here
    loader.counts.sameReads++;
    const found: Found = { textUnsent: true, textHash: now.textHash, sidecarHash: now.sidecarHash, sidecarUnsent: now.sidecarLength!, parsed: now.parsed, mentions: now.mentions!, ...(now.sha256 ? { sha256: now.sha256 } : {}) };
    return { sidecar: { ok: true, text: '', realPath: bytes.realPath }, placements: now.placements, found };
  }
  if ('delta' in answer && !heldSidecar) throw new Error(`the worker answered ${file} as a change from a read not held`); // never: asked only when held
  if (!answer.fast && !('delta' in answer)) {
    const sidecar: GuardedRead = decoded ?? { ok: true, text: answer.sidecarText, realPath: bytes.realPath };
    // unreadable for findings the worker placed at their lines: taken as they are
    if (!answer.problems) return { sidecar };
    loader.counts.locatedReads++;
    return { sidecar, found: { parsed: parsedLocated(answer.sidecarText, file, { sidecar: null, problems: answer.problems }) } };
  }
  loader.counts.largeReads++;
  if ('delta' in answer) loader.counts.largeReadsAsChange++;
  const fast = 'delta' in answer ? applySidecarDelta(heldSidecar!, answer.delta) : answer.fast!;
  const { placed } = answer;
  if (placed !== 'verbatim' && placed.length !== fast.annotations.length) throw new Error(`the worker placed another sidecar than ${file}`);
  const placements: Placement[] = [];
  await eachInSlices(fast.annotations.keys(), (i) => placements.push(unpackPlacement(fast.annotations, placed, i)));
  await yieldThread(); // the corpus takes them in a task of its own
  if (loader.saving(t.uri)) return false;
  const hashes = { textHash: answer.textHash, sidecarHash: answer.sidecarHash };
  const findings = 'findings' in answer ? answer.findings : undefined;
  if (findings) {
    // read with findings at their lines (a merge conflict's warning): the corpus keeps both
    // texts, as for any sidecar with problems, and takes the parse as the worker made it
    loader.counts.locatedReads++;
    const parsed = parsedLocated(findings.sidecarText, file, { sidecar: fast, problems: findings.problems });
    return { sidecar: decoded ?? { ok: true, text: findings.sidecarText, realPath: bytes.realPath }, placements, found: { ...hashes, parsed } };
  }
  if (decoded) return { sidecar: decoded, fast, placements, found: hashes };
  // nothing kept of the texts: the mentions found now, as the corpus would before dropping the text
  const found = { ...hashes, textUnsent: true, sidecarUnsent: answer.sidecarLength, mentions: t.root.corpus.matcherFind(text.text) };
  return { sidecar: { ok: true, text: '', realPath: bytes.realPath }, fast, placements, found };
}

/**
 * The entry's own parse, when this read found the very sidecar text it holds (Corpus.holdsSidecar:
 * the read that follows a save, or the store's own write). A parse is never changed once made,
 * and the same text parses the same: 300 annotations took the host 6-20 ms, in a save's
 * longest task (issue 15).
 */
export function keptParse(root: LoadTarget['root'], rel: string, r: GuardedRead): ParsedSidecar | undefined {
  // the corpus's own rule: its text when kept, else its length and hash (a source an index
  // worker read keeps no sidecar text, and the first save's reads parsed it again on the host)
  const e = root.corpus.get(rel);
  return r.ok && e?.parsed && root.corpus.holdsSidecar(rel, r.text) ? e.parsed : undefined;
}

/** Whether the corpus still holds what the worker was told it held. */
function sameHeld(a: Held | null, b: Held): boolean {
  return a !== null && a.textHash === b.textHash && a.sidecarHash === b.sidecarHash && a.sidecarLength === b.sidecarLength;
}
