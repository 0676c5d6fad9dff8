// What indexing needs of one source, read where it is cheapest (issue 15): the source and its
// sidecar through corpusFs's guarded synchronous read (one call each instead of six awaited
// steps), and the sidecar parsed the fast way. Runs in an index worker (indexWorker.ts) so the
// extension host only places the annotations; the host reads a sidecar the fast reader will not
// vouch for (a warning, conflict markers, anything odd) with the careful one itself, so every
// problem keeps its line and column. The registry's mentions in each text are found here too
// (the views count them for every source): the matcher is the host's, built from the same
// entities, which the pool hands each worker once. No `vscode` here: plain data in and out.
import { readSidecarFast } from '../core/format';
import { MentionMatcher } from '../core/mentions/matcher';
import type { Entity, Mention, Sidecar } from '../core/types';
import { readCorpusFileSync, type GuardedRead } from './corpusFs';

/** What every worker gets once: the registries' entities, which tasks name by index. */
export interface IndexInit {
  registries: (readonly Entity[])[];
}

export interface IndexItem {
  /** Absolute paths of the source and its sidecar. */
  source: string;
  sidecar: string;
  /** The sidecar's path relative to the corpus root, as the reading rules name it. */
  sidecarRel: string;
}

export interface IndexTask {
  /** The corpus root, resolved through symlinks: nothing outside it is read. */
  root: string;
  maxBytes: number;
  items: IndexItem[];
  /** Index in IndexInit.registries of the corpus's registry, to find mentions with. */
  registry?: number;
}

export interface IndexRead {
  text: GuardedRead;
  sidecar: GuardedRead;
  /** The sidecar as the fast reader found it clean; null when it must be read carefully (or is absent). */
  fast: Sidecar | null;
  /** The registry's mentions in the text (MentionMatcher.find), when asked and the text was read. */
  mentions?: Mention[];
}

export function readForIndex(root: string, item: IndexItem, maxBytes: number): IndexRead {
  const text = readCorpusFileSync(root, item.source, { maxBytes });
  const sidecar = readCorpusFileSync(root, item.sidecar, { maxBytes });
  let fast: Sidecar | null = null;
  if (sidecar.ok) {
    try {
      fast = readSidecarFast(sidecar.text, item.sidecarRel);
    } catch {
      fast = null; // the careful reader, on the host, says what is wrong
    }
  }
  return { text, sidecar, fast };
}

/** A task's reads, with mentions when the task names a registry; `matchers` caches one per registry. */
export function readTask(task: IndexTask, init: IndexInit | undefined, matchers: Map<number, MentionMatcher>): IndexRead[] {
  let matcher: MentionMatcher | undefined;
  const entities = task.registry === undefined ? undefined : init?.registries[task.registry];
  if (task.registry !== undefined && entities) {
    matcher = matchers.get(task.registry);
    if (!matcher) matchers.set(task.registry, (matcher = new MentionMatcher(entities)));
  }
  return task.items.map((item) => {
    const read = readForIndex(task.root, item, task.maxBytes);
    if (matcher && read.text.ok) read.mentions = matcher.find(read.text.text);
    return read;
  });
}
