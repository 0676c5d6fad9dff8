// What indexing needs of one source, read where it is cheapest (issue 15): the source and its
// sidecar through corpusFs's guarded synchronous read (one call each instead of six awaited
// steps), and the sidecar parsed the fast way. Runs in an index worker (indexWorker.ts) so the
// extension host only places the annotations; the host reads a sidecar the fast reader will not
// vouch for (a warning, conflict markers, anything odd) with the careful one itself, so every
// problem keeps its line and column. No `vscode` here: plain data in, plain data out.
import { readSidecarFast } from '../core/format';
import type { Sidecar } from '../core/types';
import { readCorpusFileSync, type GuardedRead } from './corpusFs';

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
}

export interface IndexRead {
  text: GuardedRead;
  sidecar: GuardedRead;
  /** The sidecar as the fast reader found it clean; null when it must be read carefully (or is absent). */
  fast: Sidecar | null;
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

export function readTask(task: IndexTask): IndexRead[] {
  return task.items.map((item) => readForIndex(task.root, item, task.maxBytes));
}
