// What a read of a source and its sidecar becomes in its corpus, wherever it was read: here with
// the guarded read (sourceLoader.ts readOne), or by an index worker (indexRead.ts), whose
// compact answer is unpacked here (placements as a flag, mentions packed, texts left out).
// Apart from the loader, which decides what is read where and which read stands (its tickets),
// so the one rule for turning a read into an entry, a refusal or a missing source sits in one
// place. Every failure stays on its own file (issue 8): an exception while placing becomes an
// error on the sidecar (`updateIsolated`), never a stop of the reads after it.
import * as vscode from 'vscode';
import type { Corpus } from '../../core/corpus';
import type { SourceEntry } from '../../core/sourceEntry';
import { sidecarPathFor, parsedFromFast, parsedLocated, type ParsedSidecar } from '../../core/format';
import type { Problem } from '../../core/types';
import { describeFailure, readSidecarIsolated, unreadableSidecar } from '../../core/unreadable';
import { MentionTable } from '../../core/mentions/matcher';
import type { Placement } from '../../core/placement';
import { internAnnotations, sameAsBefore, unpackPlacements, type IndexRead } from '../../node/indexRead';
import type { GuardedRead } from './guardedRead';
import type { CorpusRoot } from './storeTypes';
import { keptParse, type Found } from './largeSidecars';
import type { LoadTarget, LoaderCounts } from './sourceLoader';

/** What applying a read takes of the loader: its log and its counts. */
export interface ReadSink {
  readonly log: vscode.LogOutputChannel;
  readonly counts: LoaderCounts;
}

/** A corpus root's registry as the index's workers were given it (MentionTable.of reads their packed mentions). */
export type WorkerRegistry = { config: Corpus['registry'] };

/**
 * A read of `t` into its corpus: the source's text (or its refusal), the sidecar's, and what
 * came with them (the fast parse, the placements and mentions a worker made, their hashes).
 */
export function applyRead(sink: ReadSink, { root, rel }: LoadTarget, text: GuardedRead, sidecar: GuardedRead, fast: IndexRead['fast'], placements?: Placement[], found?: Found): void {
  sink.counts.reads++;
  const sidecarRel = sidecarPathFor(rel);
  root.missing.delete(rel);
  root.refused.delete(rel);
  const sidecarMissing = !sidecar.ok && sidecar.reason === 'missing';
  // a clean sidecar's parse keeps no text (issue 15): positions in it are asked of the worker
  // with the text read again (Problems); a missing source's keeps it (they are few)
  const held = fast || found?.parsed !== undefined ? undefined : keptParse(root, rel, sidecar);
  if (held) sink.counts.keptParses++;
  const parsed =
    found?.parsed !== undefined ? found.parsed : sidecar.ok && fast ? parsedFromFast(text.ok ? '' : sidecar.text, sidecarRel, fast) : (held ?? sidecarParsed(sidecarRel, sidecar));
  if (!text.ok) {
    root.corpus.remove(rel);
    if (text.reason !== 'missing') root.refused.set(rel, refusalProblem(rel, text));
    else if (!sidecarMissing) root.missing.set(rel, { source: rel, sidecarPath: sidecarRel, parsed });
    return;
  }
  // an unreadable sidecar that exists counts as present (empty text): it is listed with its error and never written
  // the worker placed the fast sidecar's annotations in this very text

  const sidecarText = found?.sidecarUnsent !== undefined ? undefined : sidecar.ok ? sidecar.text : sidecarMissing ? null : '';
  updateIsolated(sink.log, root, rel, sidecarRel, { ...(found?.textUnsent ? {} : { text: text.text }), ...(sidecarText !== undefined ? { sidecarText } : {}), parsed, placements, ...found });
}

/**
 * An index worker's read of `t` into its corpus. False when it cannot be taken and the source
 * must be read here: found "the same" as the index before though the entry differs (never
 * expected), or its texts left out while its mentions cannot be taken (the registry changed
 * since the worker was given it). `earlier`: the entry the index before held, for a read the
 * worker found the same (IndexItem.before). `strings`: the index's interned annotation strings.
 */
export function applyWorkerRead(sink: ReadSink, t: LoadTarget, read: IndexRead, registry: WorkerRegistry | undefined, strings: Map<string, string>, earlier?: SourceEntry): boolean {
  try {
    // found as the index before read it (the task said what that was: IndexItem.before): its entry
    // again, with the mentions found in it when the entry's were carried over a registry change
    if (read.same) {
      const current = !!registry && t.root.corpus.registry === registry.config;
      const found = current && read.mentions ? { packed: read.mentions, table: MentionTable.of(registry.config?.entities ?? []) } : undefined;
      const again = earlier && current && sameAsBefore(earlier, read, found);
      if (!again) return false; // not as the task said (never expected): read here
      sink.counts.reads++;
      sink.counts.readsAgain++;
      if (found) sink.counts.searchedAgain++;
      t.root.corpus.update(t.rel, sidecarPathFor(t.rel), again);
      return true;
    }
    if (read.fast) internAnnotations(read.fast.annotations, strings);
    // messages name the file as the analyst knows it, not by its absolute path
    const named = (r: GuardedRead, uri: vscode.Uri) => (r.ok ? r : { ...r, message: r.message.split(uri.fsPath).join(vscode.workspace.asRelativePath(uri, false)) });
    // the worker's mentions are the host matcher's own, if the registry did not change meanwhile
    // kept packed (12 bytes a mention), read as Mentions only when asked (issue 15: 10,000 sources in ≤ 300 MB)
    const mentions = read.mentions && registry && t.root.corpus.registry === registry.config ? { packed: read.mentions, table: MentionTable.of(registry.config?.entities ?? []) } : undefined;
    const unsent = read.textOmitted && mentions ? { textUnsent: true, ...(read.sidecarOmitted !== undefined ? { sidecarUnsent: read.sidecarOmitted } : {}) } : null;
    // a worker leaves out the texts of a source it placed and searched; this one's mentions cannot be taken (the registry changed): read here
    if (read.textOmitted && !unsent) return false;
    const placedOf = read.fast ?? read.located?.sidecar;
    const placements = read.placed && placedOf && read.sidecar.ok ? unpackPlacements(placedOf.annotations, read.placed) : undefined;
    const sidecar = named(read.sidecar, t.uri.with({ path: sidecarPathFor(t.uri.path) }));
    // a sidecar with findings the worker placed: taken as it is, not read again here
    const located = read.located && sidecar.ok ? (sink.counts.locatedReads++, { parsed: parsedLocated(sidecar.text, sidecarPathFor(t.rel), read.located) }) : {};
    applyRead(sink, t, named(read.text, t.uri), sidecar, read.fast, placements, { mentions, textHash: read.textHash, sidecarHash: read.sidecarHash, sha256: read.sha256, ...unsent, ...located });
  } catch (e) {
    sink.log.error(`cannot index ${t.uri.fsPath}: ${describeFailure(e)}`);
  }
  return true;
}

/** Corpus.update, with an exception while placing annotations turned into an error on the sidecar. */
export function updateIsolated(log: vscode.LogOutputChannel, root: CorpusRoot, rel: string, sidecarRel: string, change: Parameters<CorpusRoot['corpus']['update']>[2]): void {
  try {
    root.corpus.update(rel, sidecarRel, change);
  } catch (e) {
    log.error(`cannot place the annotations of ${sidecarRel}: ${describeFailure(e)}`);
    root.corpus.update(rel, sidecarRel, { sidecarText: '', parsed: unreadableSidecar(sidecarRel, `Marginalia could not place these annotations: ${describeFailure(e)}`) });
  }
}

/** What a sidecar read gives the corpus: parsed (never throwing), an error, or null when there is none. */
function sidecarParsed(file: string, r: GuardedRead): ParsedSidecar | null {
  if (r.ok) return readSidecarIsolated(r.text, file);
  return r.reason === 'missing' ? null : unreadableSidecar(file, r.message, r);
}

function refusalProblem(file: string, r: Extract<GuardedRead, { ok: false }>): Problem {
  return { file, line: r.line ?? 1, column: r.column ?? 1, message: r.message, severity: 'error' };
}
