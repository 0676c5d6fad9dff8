// The extension's side of the worker thread (issue 15: no extension-host pause over 50 ms):
// sends core/worker/work.ts requests to dist/anchorWorker.js and resolves each with its answer.
// The worker starts on first use and is stopped with the extension. If it cannot start or dies
// (a missing bundle, a crash), requests are answered in this thread by the same code: slower
// for the host, never a lost result. Registries travel once: each gets a number, and the
// worker is sent its entities only the first time.
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { Actor, Op } from '../../core/ops';
import type { KeptMatcher } from '../../core/mentions/matcherCache';
import { unpackMatcher } from '../../node/indexInit';
import { entitiesPacked } from '../../node/registryParse';
import type { Annotation, Entity, Sidecar, WorkspaceConfig } from '../../core/types';
import type { LiveSpan } from '../../core/live/saveOps';
import { startWorker } from '../../node/workerPool';
import { joinResponse, type ResponsePart } from '../../core/worker/parts';
import { Work } from '../../core/worker/work';
import type { Located, RegistryRef, WorkRequest, WorkResponse } from '../../core/worker/protocol';
import type { DocText, FileText } from '../../core/worker/docTexts';
import type { Held } from '../../core/sourceEntry';
import type { RegistryAddition } from '../../core/format/registryEdits';
import type { PlacedRead } from '../../core/placement';

type Answer<K extends WorkResponse['kind']> = Extract<WorkResponse, { kind: K }>;

export class WorkClient implements vscode.Disposable {
  private worker: Worker | undefined;
  private failed = false;
  private next = 1;
  /** By request number: the request, and the parts of its answer come so far (core/worker/parts.ts). */
  private readonly pending = new Map<number, { resolve: (r: WorkResponse) => void; request: WorkRequest; parts: ResponsePart[] }>();
  private readonly registryKeys = new WeakMap<WorkspaceConfig, number>();
  private readonly sent = new Set<number>();
  /** The entities of the registries numbered lately, for a request answered in this thread. */
  private readonly entitiesOf = new Map<number, WorkspaceConfig['entities']>();
  private nextRegistry = 1;
  /** Used when there is no worker: the same code, in this thread. */
  private local: Work | undefined;
  /** How the cue scans' texts were sent so far, and how many the worker could not make (for tests and the bench). */
  readonly cueTexts = { whole: 0, file: 0, edits: 0, needed: 0 };
  /** The same for the place requests' texts (no edits: a place request's text is not held). */
  readonly placeTexts = { whole: 0, file: 0, needed: 0 };

  /**
   * `script`: the worker bundle (dist/anchorWorker.js beside dist/extension.js); `keptFor`:
   * the matcher the host already has for a registry's entities, if any, sent with them (packed,
   * as the host keeps it: core/mentions/matcherCache.ts) so the worker restores it rather than
   * builds its own.
   */
  constructor(
    private readonly script: string,
    private readonly log?: { warn(message: string): void },
    private readonly keptFor?: (entities: readonly Entity[]) => KeptMatcher | undefined,
  ) {}

  /** Whether requests go to the worker thread (false before the first one, and after a failure). */
  get threaded(): boolean {
    return this.worker !== undefined;
  }

  static beside(extensionUri: vscode.Uri, log?: { warn(message: string): void }, keptFor?: (entities: readonly Entity[]) => KeptMatcher | undefined): WorkClient {
    return new WorkClient(path.join(extensionUri.fsPath, 'dist', 'anchorWorker.js'), log, keptFor);
  }

  /**
   * Where each annotation stands in `text` (UTF-16), and the registry's mentions in it. `file`:
   * where the worker may read that very text itself (a clean document: CorpusStore.fileText),
   * rather than be posted it (issue 15: posting an open 1 MB source at a registry change held
   * the host's thread ~10 ms, for each one open); when it cannot, the text goes whole.
   */
  async place(text: string, annotations: readonly Annotation[], registry: WorkspaceConfig | null, file?: FileText): Promise<Answer<'place'>> {
    const ask = (how: string | { file: FileText; length: number }) => {
      this.placeTexts[typeof how === 'string' ? 'whole' : 'file']++;
      return this.ask({ kind: 'place', text: how, annotations: [...annotations], registry: this.registryRef(registry) }, 'place');
    };
    let how: string | { file: FileText; length: number } = file ? { file, length: text.length } : text;
    let answer = await ask(how);
    if (answer.need) {
      this.placeTexts.needed++;
      answer = await ask((how = text));
    }
    if (answer.mentions || !registry) return answer;
    // the worker let this registry go (it keeps a few): send its entities again, the text as it went
    this.sent.delete(this.registryKeys.get(registry)!);
    return ask(how);
  }

  /**
   * Where each annotation stands in a saved text (placeAnnotations), packed (core/placement.ts
   * packPlacements). No registry goes with it: the host moves the mentions across the save's
   * edits in a few ms, where posting a 5,000-entity registry and its matcher the first time
   * held it ~100 ms.
   */
  async placeAll(text: string, annotations: readonly Annotation[]): Promise<PlacedRead> {
    return (await this.ask({ kind: 'placeAll', text, annotations: [...annotations] }, 'placeAll')).placed;
  }

  async saveOps(text: string, sidecarText: string, file: string, live: LiveSpan[]): Promise<Answer<'saveOps'>> {
    return this.ask({ kind: 'saveOps', text, sidecarText, file, live }, 'saveOps');
  }

  /**
   * A guarded write's new sidecar from the file's bytes as read (null: none, `empty` is
   * created), answered with the new text's bytes (and the text, `withText`), or why the write is
   * refused: the decoding, the careful parse and the serialization off the host.
   */
  async applyOpsToBytes(sidecar: Uint8Array | null, file: string, empty: Sidecar, ops: Op[], withText: boolean, actor?: Actor, held?: Pick<Held, 'sidecarLength' | 'sidecarHash'>): Promise<Answer<'applyOpsToBytes'> | Answer<'refused'>> {
    return this.askOrRefused({ kind: 'applyOpsToBytes', sidecar, file, empty, ops, withText, ...(actor ? { actor } : {}), ...(held ? { held } : {}) }, 'applyOpsToBytes');
  }

  /**
   * `entities` added to the registry text on disk now (core/format/registryEdits.ts), in the
   * worker; or why not. The new text comes parsed for the store (WrittenParse), with what the
   * next session keeps of it made for the build `keepFor`, if given.
   */
  async addToRegistry(text: string | null, file: string, entities: readonly Entity[], keepFor?: string): Promise<Answer<'addToRegistry'> | Answer<'refused'>> {
    return this.askOrRefused({ kind: 'addToRegistry', text, file, entities: [...entities], ...(keepFor !== undefined ? { keepFor } : {}) }, 'addToRegistry');
  }

  /** Undo of addToRegistry: `added` taken back from the registry text on disk now, in the worker; or why not. The new text parsed, as addToRegistry's. */
  async removeFromRegistry(text: string | null, file: string, added: readonly RegistryAddition[], keepFor?: string): Promise<Answer<'removeFromRegistry'> | Answer<'refused'>> {
    return this.askOrRefused({ kind: 'removeFromRegistry', text, file, added: [...added], ...(keepFor !== undefined ? { keepFor } : {}) }, 'removeFromRegistry');
  }

  /**
   * A registry text read in the worker ahead of an edit (core/format/registryAppend.ts
   * readAhead); nothing is answered. Only where a worker is: here it would be the host's time.
   */
  readRegistryAhead(text: string): void {
    if (this.start()) void this.send({ kind: 'readRegistryAhead', text });
  }

  /**
   * Claim-cue sentences of an open document (UTF-16) at `version`; `doc` keys its paragraphs'
   * cache and its text in the worker, and `text` brings that text whole, as its file, or as the
   * edits since the version the worker holds (core/worker/docTexts.ts). `need`: ask again with it whole.
   */
  async cues(doc: string, version: number, length: number, text: DocText, cues: readonly string[]): Promise<Answer<'cues'>> {
    this.cueTexts['whole' in text ? 'whole' : 'file' in text ? 'file' : 'edits']++;
    const answer = await this.ask({ kind: 'cues', doc, version, length, text, cues: [...cues] }, 'cues');
    if (answer.need) this.cueTexts.needed++;
    return answer;
  }

  /** A document was closed: the worker drops its cue cache. */
  forget(doc: string): void {
    if (this.worker) void this.send({ kind: 'forget', doc });
    else this.local?.handle({ kind: 'forget', doc });
  }

  /**
   * A large sidecar read from disk, as the guarded read's bytes: the fast reader's sidecar and
   * where its annotations stand in `text` (SourceLoader). `handOver`: the caller keeps no use
   * of `sidecar`, whose memory then moves to the worker instead of being copied.
   */
  async read(text: string, sidecar: Uint8Array, file: string, handOver = false, held?: Held, heldRead = false): Promise<Answer<'read'>> {
    const whole = sidecar.byteOffset === 0 && sidecar.byteLength === sidecar.buffer.byteLength && sidecar.buffer instanceof ArrayBuffer;
    return this.ask({ kind: 'read', text, sidecar, file, ...(held ? { held, heldRead } : {}) }, 'read', handOver && whole ? [sidecar.buffer as ArrayBuffer] : []);
  }

  /**
   * Import Annotations…' records from a JSON file's bytes (handed over: the caller reads them
   * for this alone), decoded, parsed and taken apart off the host's thread; the records in parts.
   */
  async importRecords(bytes: Uint8Array, format?: 'w3c' | 'hypothesis'): Promise<Answer<'importRecords'>> {
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
    return this.ask({ kind: 'importRecords', bytes, ...(format ? { format } : {}) }, 'importRecords', whole ? [bytes.buffer as ArrayBuffer] : []);
  }

  async locate(sidecarText: string, file: string, ids: string[]): Promise<{ ids: Record<string, Located>; source: Located }> {
    return this.ask({ kind: 'locate', sidecarText, file, ids }, 'locate');
  }

  /**
   * The host's matcher for `entities`, as a worker takes it: its bytes as the host keeps them (a
   * shared buffer, no copy), or none, and the worker builds its own and answers it packed (the
   * store keeps those bytes: CorpusStore.matcherFound). One the host built and never packed is not
   * packed for it here: that was 30-50 ms of the host's thread at 5,000 entities, in the task of
   * the first Undo of a registry change (issue 15, bench editor). Answered `here`, in this thread,
   * the host's own is used as it is.
   */
  private matcherOf(entities: readonly Entity[], here: boolean): Pick<RegistryRef, 'packed' | 'compiled'> {
    const kept = this.keptFor?.(entities);
    const packed = kept?.bytesKept;
    return packed ? { packed } : kept && here ? { compiled: kept.matcher.compiled() } : {};
  }

  private registryRef(config: WorkspaceConfig | null): RegistryRef {
    if (!config) return { key: 0, entities: [] };
    let key = this.registryKeys.get(config);
    if (key === undefined) {
      this.registryKeys.set(config, (key = this.nextRegistry++));
      this.entitiesOf.set(key, config.entities);
      for (const old of this.entitiesOf.keys()) if (this.entitiesOf.size > 4) this.entitiesOf.delete(old);
    }
    if (this.sent.has(key)) return { key };
    this.sent.add(key);
    // packed by the worker that parsed it, or the kept parse's bytes: posted without a copy
    const packed = entitiesPacked(config.entities);
    return { key, ...(packed ? { packedEntities: packed } : { entities: config.entities }), ...this.matcherOf(config.entities, this.failed) };
  }

  private async ask<K extends WorkResponse['kind']>(request: WorkRequest, kind: K, transfer: ArrayBuffer[] = []): Promise<Answer<K>> {
    const response = await this.send(request, transfer);
    if (response.kind === 'error') throw new Error(response.message);
    if (response.kind !== kind) throw new Error(`the worker answered ${response.kind} to ${kind}`);
    return response as Answer<K>;
  }

  /** ask(), for a write the worker may refuse: its answer, or the refusal. */
  private async askOrRefused<K extends WorkResponse['kind']>(request: WorkRequest, kind: K): Promise<Answer<K> | Answer<'refused'>> {
    const response = await this.send(request);
    if (response.kind === 'error') throw new Error(response.message);
    if (response.kind !== kind && response.kind !== 'refused') throw new Error(`the worker answered ${response.kind} to ${kind}`);
    return response as Answer<K> | Answer<'refused'>;
  }

  private send(request: WorkRequest, transfer: ArrayBuffer[] = []): Promise<WorkResponse> {
    const worker = this.start();
    if (!worker) return Promise.resolve(this.inThread(request));
    const id = this.next++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, request, parts: [] });
      // awaited work keeps the process alive; an idle worker does not (see start)
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, request }, transfer);
    });
  }

  private start(): Worker | undefined {
    if (this.worker || this.failed) return this.worker;
    try {
      const w = startWorker(this.script);
      w.on('message', (m: { id: number; response?: WorkResponse; part?: ResponsePart }) => {
        const p = this.pending.get(m.id);
        if (m.part) {
          p?.parts.push(m.part);
          // the next part once this turn of the event loop is over, so that each is a turn of its own
          return void setImmediate(() => this.worker === w && w.postMessage({ took: m.id }));
        }
        this.pending.delete(m.id);
        if (this.pending.size === 0) w.unref();
        p?.resolve(joinResponse(m.response!, p.parts));
      });
      w.on('error', (e) => this.fail(`the worker stopped: ${e.message}`));
      w.on('exit', (code) => code !== 0 && this.worker === w && this.fail(`the worker exited with code ${code}`));
      // a worker waiting for work must not keep the host alive
      w.unref();
      this.worker = w;
    } catch (e) {
      this.fail(`the worker did not start: ${e instanceof Error ? e.message : String(e)}`);
    }
    return this.worker;
  }

  /** No worker from now on: what was asked of it is answered here, nothing is lost. */
  private fail(why: string): void {
    if (this.failed) return;
    this.failed = true;
    this.log?.warn(`${why}; working on the extension host instead`);
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.resolve(this.inThread(p.request));
    }
  }

  private inThread(request: WorkRequest): WorkResponse {
    // bytes handed over to a worker that then failed are gone from here: the caller reads them again
    if (request.kind === 'read' && request.sidecar.byteLength === 0) return { kind: 'error', message: 'the worker stopped while it read the sidecar' };
    if (request.kind === 'importRecords' && request.bytes.byteLength === 0) return { kind: 'error', message: 'the worker stopped while it read the file' };
    // a read ahead the worker did not get to: not the host's time (the edit reads the registry itself)
    if (request.kind === 'readRegistryAhead') return { kind: 'readRegistryAhead' };
    // a registry's entities went to the worker, not here; and the host's matcher, which is not
    // packed for a worker, is used here as it is
    if (request.kind === 'place' && request.registry && request.registry.key !== 0 && !request.registry.packed && !request.registry.compiled) {
      const { key } = request.registry;
      const entities = request.registry.entities ?? this.entitiesOf.get(key);
      request = { ...request, registry: { key, entities, ...(entities ? this.matcherOf(entities, true) : {}) } };
    }
    this.local ??= new Work({ unpackMatcher });
    return this.local.handle(request);
  }

  dispose(): void {
    this.failed = true;
    void this.worker?.terminate();
    this.worker = undefined;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.resolve({ kind: 'error', message: 'Marginalia is shutting down' });
    }
  }
}
