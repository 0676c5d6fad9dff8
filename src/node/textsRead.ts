// Many closed sources' texts read off the extension host's thread (issue 15). The store keeps
// only open sources' texts; the entity network, the timeline grouped by entity, an export and
// Re-link read the others when asked. One by one on the host (ten awaited guarded reads at a
// time, six steps each) the network at 10,000 sources waited 5.6 s for them; an index worker
// (indexWorker.ts) reads them with the index's synchronous guarded read, a chunk a task, and
// hands the texts back, a chunk a task as the host cuts them (so that taking them is spread
// over many turns of its thread, none long). The same rules as every read: confined to the corpus, size-capped,
// strict UTF-8. A file the read refuses comes back null; a chunk no worker could answer (none
// bundled, one that failed) is left out, and the caller reads those files itself. The entity
// network asks for each text's sentences (or paragraphs) instead (`readUnits`): the texts stay in
// the worker, and the host takes a few hundred bytes a source instead of 25 MB of strings at
// 10,000 sources, which its collector paused 45-75 ms over.
import { packUnits, unitsOf, type Unit } from '../core/analysis/cooccurrence';
import { readCorpusFileSync } from './corpusFs';
import type { IndexAnswer, IndexTask } from './indexRead';
import { WorkerPool, workerScript } from './workerPool';

/** Files a task reads: ~500 KB of text at the benches' 2.5 KB a source, taken by the host in about a millisecond. */
export const TEXTS_CHUNK = 200;

/** A task silent this long is given up (the caller reads its files itself). */
const TEXTS_MS = 20_000;

/** In the worker: each file of `task.texts` through the guarded read, its text or null. */
export function readTexts(root: string, files: readonly string[], maxBytes: number): (string | null)[] {
  const realDirs = new Map<string, string>(); // the folders resolved once for the chunk, as an index does
  return files.map((file) => {
    const r = readCorpusFileSync(root, file, { maxBytes, realDirs });
    return r.ok ? r.text : null;
  });
}

/** In the worker: each file's units of `unit` (unitsOf, packed), or null where the read refused it: the texts stay here. */
export function readUnits(root: string, files: readonly string[], maxBytes: number, unit: Unit): (Int32Array | null)[] {
  return readTexts(root, files, maxBytes).map((text) => (text === null ? null : packUnits(unitsOf(text, unit))));
}

/**
 * A worker started to read files of the corpus whose root resolves to `realRoot` (absolute paths):
 * `read` answers a chunk's texts, null where the guarded read refused a file, or undefined when
 * no worker could read it (none bundled, or it failed): the caller then reads those files
 * itself. Tasks queue; the caller hands them over a chunk at a time, as it makes them. `close`
 * when done. `dir`: where the worker bundle is (tests: the sources).
 */
export class TextsReader {
  private readonly pool: WorkerPool<IndexTask, IndexAnswer> | null;
  /** Why the last chunk no worker answered went unanswered (the caller logs it); undefined while every one was. */
  failure: string | undefined;

  constructor(
    private readonly realRoot: string,
    private readonly maxBytes: number,
    dir = __dirname,
  ) {
    const script = workerScript(dir, 'indexWorker');
    // one worker: reading is light beside the host's own work, and on two cores a second would
    // take the processor the host and the window need; two chunks held, so it reads on while
    // the host takes an answer
    this.pool = script ? new WorkerPool<IndexTask, IndexAnswer>(script, 1, undefined, TEXTS_MS, 2) : null;
  }

  async read(files: string[]): Promise<(string | null)[] | undefined> {
    const answer = await this.ask(files);
    return answer && this.whole(answer.texts, files);
  }

  /** `read`, each file's units of `unit` instead of its text (readUnits). */
  async readUnits(files: string[], unit: Unit): Promise<(Int32Array | null)[] | undefined> {
    const answer = await this.ask(files, unit);
    return answer && this.whole(answer.units, files);
  }

  /** An answer's values when there is one a file, else undefined (and why). */
  private whole<T>(values: T[] | undefined, files: readonly string[]): T[] | undefined {
    if (values?.length === files.length) return values;
    this.failure = `an answer of ${values?.length ?? 'no'} values for ${files.length} files`;
    return undefined;
  }

  private ask(files: string[], unit?: Unit): Promise<IndexAnswer | undefined> {
    if (!this.pool) {
      this.failure = 'no worker bundle';
      return Promise.resolve(undefined);
    }
    if (files.length === 0) return Promise.resolve({ reads: [], texts: [], units: [] });
    return this.pool.run({ root: this.realRoot, maxBytes: this.maxBytes, items: [], texts: files, ...(unit ? { unit } : {}) }).catch((e: unknown) => {
      this.failure = e instanceof Error ? e.message : String(e);
      return undefined;
    });
  }

  close(): void {
    void this.pool?.close();
  }
}
