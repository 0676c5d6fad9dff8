// The heavy work of the editor, as messages (issue 15: never stall the extension host): placing
// a source's annotations and finding its registry mentions when an open document is rebuilt,
// a large sidecar read from disk (parsed the fast way and placed: a 20,000-annotation sidecar
// held the host ~1 s), the offsets a save writes back, where ids stand in a sidecar for
// Problems, and the claim-cue sentences of an open document (a second of sentence segmentation
// for a 1 MB source). Each takes tens to hundreds of milliseconds on a 1 MB source, so the
// extension sends them to a worker thread (src/node/anchorWorker.ts; a browser build would host
// the same class in a web worker) and keeps drawing the last good state meanwhile.
//
// The messages, plain data both ways, are declared in protocol.ts; this handles them.
//
// The guarded writer's new sidecar text is computed here too (`applyOps`). The writer still
// reads the file, refuses, compares and swaps on the host (extension/store/guardedEdit.ts):
// only the pure computation moved. A change that only moves annotations (a save's offsets) is
// patched into the text in place (format/sidecar-patch.ts: two fast reads, ~10 ms for a
// 130 KB sidecar); anything else takes the careful parse and the serialization keeping
// comments (~0.3 s each), which also words every refusal. A save's `saveOps` needs only the
// annotations: the fast reader's, when the file is clean. The last read of each kind is kept
// for the exact text it was made from, so a save's `saveOps` and its write read the sidecar
// once; a kept read is used only when the text is the very same, never for a file that changed.
import { parseSidecar, parsedFromFast, readSidecarFast, serializeSidecar, type ParsedSidecar } from '../format';
import { quickLocate } from '../format/sidecar-fast';
import { readSidecarLocated } from '../format/located';
import { setOwn } from '../records';
import { patchSidecar } from '../format/sidecar-patch';
import { fileBase } from '../format/rules/source';
import { MentionMatcher, type CompiledMatcher } from '../mentions/matcher';
import { packPlacements, placeAnnotations } from '../placement';
import { textHash, type Held } from '../sourceEntry';
import { sidecarDelta, type SidecarDelta } from '../live/sidecarDelta';
import { PART_SIZE } from './parts';
import { CodePointIndex } from '../text/positions';
import { decodeUtf8Strict } from '../text/utf8';
import { asLf, keepLineEnds, usesCrlf } from '../text/lineEnds';
import { applyOps, OpError } from '../ops';
import type { Annotation, Entity, Sidecar, WorkspaceConfig } from '../types';
import { readWorkspaceFast } from '../format/workspace-fast';
import { saveOps } from '../live/saveOps';
import { CueScan } from '../live/cueScan';
import { CueFinder } from '../cues';
import { DocTexts, type ReadText } from './docTexts';
import { addToRegistryText, isUnwritable, removeFromRegistryText, type Unwritable } from '../format/registryEdits';
import { readAhead } from '../format/registryAppend';
import { fromHypothesis, fromW3c, jsonFormatOf, parseJson } from '../import';
import type { Located, PlacedSpan, RegistryRef, WorkRequest, WorkResponse, WrittenParse } from './protocol';
import type { MentionSpan } from '../live/mentionsAround';

/** A registry that will not be rewritten, refused at its first error's place when known. */
function invalid(r: Unwritable): WorkResponse {
  return { kind: 'refused', why: 'invalid', message: r.message, ...(r.line !== undefined ? { line: r.line } : {}), ...(r.column !== undefined ? { column: r.column } : {}) };
}

/** How many registries a worker keeps matchers for (a workspace has one per corpus root). */
const MATCHERS_KEPT = 4;
/** How many documents' cue scans a worker keeps (open documents; a closed one is forgotten). */
const SCANS_KEPT = 32;

/** How a worker reads what the host packed (RegistryRef.packed, .packedEntities) and packs a matcher it built (node/indexInit.ts). */
export interface WorkPacking {
  unpackMatcher?: (packed: SharedArrayBuffer) => CompiledMatcher;
  packMatcher?: (compiled: CompiledMatcher) => SharedArrayBuffer;
  unpackEntities?: (packed: SharedArrayBuffer) => Entity[];
  /** A registry text this worker wrote, parsed clean, packed for the store (WrittenParse); none on the host's thread, where that parse is a stall. */
  packParse?: (text: string, config: WorkspaceConfig, keepFor?: string) => Omit<WrittenParse, 'config'>;
  /** A document's text read from its file (docTexts.ts `file`): the guarded read and the digest's check. None on the host's thread, which has the text. */
  readText?: ReadText;
}

export class Work {
  /** How packed matchers and entities are read, and a matcher built here packed for the host (node's v8; none on the host's own thread). */
  constructor(private readonly packing: WorkPacking = {}) {
    this.texts = new DocTexts(packing.readText);
  }

  /** Open documents' texts as the cue scans last had them, and the reader of a text a place request brings as its file (docTexts.ts). */
  private readonly texts: DocTexts;

  private readonly matchers = new Map<number, MentionMatcher>();
  private readonly scans = new Map<string, CueScan>();
  private finder: { key: string; finder: CueFinder } | undefined;
  /** The last careful parse, with the exact text and file it was made from. */
  private lastParse: { text: string; file: string; parsed: ParsedSidecar } | undefined;
  /** The last `locate` request's text and its locator (Problems asks again as orphans come and go). */
  private lastLocate: { text: string; file: string; locate: ParsedSidecar['locate'] } | undefined;
  /** The last fast read (null: not clean), with the exact text and file it was made from. */
  /** How many sidecars the fast reader read (the cache's misses; for tests). */
  fastReads = 0;
  /** How many sidecars were parsed carefully (a Document: for tests). */
  carefulParses = 0;
  private lastFast: { text: string; file: string; sidecar: ReturnType<typeof readSidecarFast> } | undefined;

  handle(request: WorkRequest): WorkResponse {
    try {
      switch (request.kind) {
        case 'place': {
          const text = this.texts.once(request.text);
          return text === undefined ? { kind: 'place', spans: [], mentions: null, need: true } : this.place(text, request.annotations, request.registry);
        }
        case 'placeAll':
          return { kind: 'placeAll', placed: packPlacements(placeAnnotations(request.text, request.annotations)) };
        case 'saveOps':
          return this.saveOps(request);
        case 'applyOps':
          return this.applyOps(request);
        case 'applyOpsToBytes':
          return this.applyOpsToBytes(request);
        case 'locate':
          return this.locate(request);
        case 'cues': {
          const text = this.texts.take(request.doc, request.version, request.length, request.text);
          if (text === undefined) return { kind: 'cues', cues: [], need: true };
          return { kind: 'cues', cues: this.scanOf(request.doc).scan(text, this.cueFinder(request.cues)) };
        }
        case 'forget':
          this.scans.delete(request.doc);
          this.texts.forget(request.doc);
          return { kind: 'forget' };
        case 'read':
          return this.read(request.text, request.sidecar, request.file, request.held, request.heldRead);
        case 'addToRegistry': {
          const r = addToRegistryText(request.text, request.file, request.entities);
          return isUnwritable(r) ? invalid(r) : { kind: 'addToRegistry', text: r.text, added: r.added, ...this.parsedOf(r.text, request.text, request.keepFor, r.clean, true) };
        }
        case 'readRegistryAhead':
          readAhead(request.text);
          return { kind: 'readRegistryAhead' };
        case 'removeFromRegistry': {
          const r = removeFromRegistryText(request.text, request.file, request.added);
          return isUnwritable(r) ? invalid(r) : { kind: 'removeFromRegistry', ...(r.text !== undefined ? { text: r.text, ...this.parsedOf(r.text, request.text, request.keepFor, r.clean) } : {}), notes: r.notes };
        }
        case 'importRecords': {
          const decoded = decodeUtf8Strict(request.bytes);
          if (!decoded.ok) return { kind: 'importRecords', refused: decoded.message, encoding: true };
          const json = parseJson(decoded.text);
          if (!json.ok) return { kind: 'importRecords', refused: json.message, encoding: false };
          const format = request.format ?? jsonFormatOf(json.value);
          return { kind: 'importRecords', format, batch: format === 'w3c' ? fromW3c(json.value) : fromHypothesis(json.value) };
        }
      }
    } catch (e) {
      return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
    }
  }

  /**
   * The registry text written, parsed for the store (WrittenParse) when this is a worker and the
   * text is new and clean: as the edit read it back (`clean`, registryEdits.ts ReadBack), else
   * read here; `withMatcher`: its mention matcher built and packed too (an addition's).
   */
  private parsedOf(text: string, before: string | null, keepFor: string | undefined, clean: WorkspaceConfig | undefined, withMatcher = false): { parsed?: WrittenParse } {
    const { packParse, packMatcher } = this.packing;
    if (!packParse || text === before) return {};
    const config = clean ?? readWorkspaceFast(text);
    if (!config) return {};
    const matcher = withMatcher && packMatcher && config.entities.length ? { matcher: packMatcher(new MentionMatcher(config.entities).compiled()) } : {};
    return { parsed: { config, ...packParse(text, config, keepFor), ...matcher } };
  }

  private place(text: string, annotations: Annotation[], registry: RegistryRef | undefined): WorkResponse {
    const index = new CodePointIndex(text);
    const spans = placeAnnotations(text, annotations).map(({ result: r }): PlacedSpan | null =>
      r.state === 'orphaned' || r.start === null || r.end === null ? null : { start: index.toUtf16(r.start), end: index.toUtf16(r.end), state: r.state, confidence: r.confidence },
    );
    const made = registry && this.matcher(registry);
    if (!made) return { kind: 'place', spans, mentions: null };
    const { matcher, built } = made;
    const found = matcher.findPacked(text);
    const mentions: MentionSpan[] = new Array(found.length / 3);
    for (let i = 0, k = 0; i < found.length; i += 3, k++) mentions[k] = { start: index.toUtf16(found[i + 1]), end: index.toUtf16(found[i + 2]), entity: matcher.entityOfPattern(found[i]) };
    return { kind: 'place', spans, mentions, found, ...(built && this.packing.packMatcher ? { matcher: this.packing.packMatcher(matcher.compiled()) } : {}) };
  }

  /** A sidecar from disk, read the fast way and placed in its source's text (the index workers' rule: node/indexRead.ts). */
  private read(text: string, sidecar: Uint8Array, file: string, held?: Held, heldRead = false): WorkResponse {
    const decoded = decodeUtf8Strict(sidecar);
    if (!decoded.ok) return { kind: 'read', fast: null, notUtf8: { message: decoded.message, line: decoded.line, column: decoded.column } };
    const sidecarText = decoded.text;
    // the files the host holds: no parse, placing or 20,000 annotations sent back to take again
    if (held && sidecarText.length === held.sidecarLength && textHash(sidecarText) === held.sidecarHash && textHash(text) === held.textHash) return { kind: 'read', fast: null, same: held };
    const last = this.lastFast;
    let fast: Sidecar | null;
    let located: ReturnType<typeof readSidecarLocated>;
    try {
      ({ fast, located } = this.fastOrLocated(sidecarText, file));
    } catch {
      fast = null;
    }
    // the texts' hashes too, which the store keeps (5-15 ms of the host's thread for 4 MB)
    const hashes = () => ({ textHash: textHash(text), sidecarHash: textHash(sidecarText), sidecarLength: sidecarText.length });
    if (!fast) {
      // with findings (a pull that left a merge conflict): with them at their lines, as an index
      // worker reads it (located.ts; issue 15: the careful parse on the host was a 350 ms pause
      // at 4 MB); a file in another shape goes to the careful reader on the host
      if (!located?.problems.length) return { kind: 'read', fast: null, sidecarText };
      if (!located.sidecar) return { kind: 'read', fast: null, sidecarText, problems: located.problems };
      return { kind: 'read', fast: located.sidecar, placed: packPlacements(placeAnnotations(text, located.sidecar.annotations)), ...hashes(), findings: { problems: located.problems, sidecarText } };
    }
    const placed = packPlacements(placeAnnotations(text, fast.annotations));
    const lastHeld = heldRead && held && last?.sidecar && last.file === fileBase(file) && last.text.length === held.sidecarLength && textHash(last.text) === held.sidecarHash;
    if (lastHeld && placed === 'verbatim') {
      const delta = sidecarDelta(last.sidecar!, fast);
      // a change of most of it goes whole, in parts (core/worker/parts.ts)
      if (delta.annotations.length <= PART_SIZE) return { kind: 'read', fast: null, delta, placed, ...hashes() };
    }
    return { kind: 'read', fast, placed, ...hashes() };
  }

  /** The careful parse of a sidecar, made once per exact text. */
  private parsed(text: string, file: string): ParsedSidecar {
    const last = this.lastParse;
    if (last && last.text === text && last.file === file) return last.parsed;
    this.carefulParses++;
    const parsed = parseSidecar(text, file);
    this.lastParse = { text, file, parsed };
    return parsed;
  }

  /**
   * The fast reader's sidecar (null when the file is not clean), once per exact text and file
   * name: the rules read only the name of the file (a store's read names it by its path in the
   * corpus, a write by its path on disk), so a command's write to a large sidecar starts from the
   * read before it instead of reading 4 MB again.
   */
  private fast(text: string, file: string): ReturnType<typeof readSidecarFast> {
    const last = this.lastFast;
    const name = fileBase(file);
    if (last && last.text === text && last.file === name) return last.sidecar;
    this.fastReads++;
    const sidecar = readSidecarFast(text, file);
    this.lastFast = { text, file: name, sidecar };
    return sidecar;
  }

  /**
   * The fast reader's sidecar as `fast` answers it; when not clean, the file read with its
   * findings at their lines (`located`: located.ts, undefined for a file not in the writer's
   * shape), in the same reading when the text is new (a read from disk: it is read once, not
   * once to find it is not clean and again for the findings).
   */
  private fastOrLocated(text: string, file: string): { fast: Sidecar | null; located?: ReturnType<typeof readSidecarLocated> } {
    const last = this.lastFast;
    const name = fileBase(file);
    if (last && last.text === text && last.file === name) return last.sidecar ? { fast: last.sidecar } : { fast: null, located: readSidecarLocated(text, file) };
    this.fastReads++;
    const located = readSidecarLocated(text, file);
    const sidecar = located && !located.problems.length ? located.sidecar : null;
    this.lastFast = { text, file: name, sidecar };
    return { fast: sidecar, located };
  }

  private applyOps(r: Extract<WorkRequest, { kind: 'applyOps' }>): WorkResponse {
    let sidecar = r.empty;
    let doc: ParsedSidecar['doc'] = null;
    // a CRLF file (a checkout on Windows) changed as its LF twin, which the patch below takes (the
    // careful parse and print of a 4 MB one took 8.4 s here against 0.8 s), and the result given
    // CRLF again (core/text/lineEnds.ts): the answer is the text written, whose hash the store keeps
    const current = r.sidecarText === null || !usesCrlf(r.sidecarText) ? r.sidecarText : asLf(r.sidecarText);
    const written = (text: string) => keepLineEnds(r.sidecarText, text);
    if (current !== null) {
      // only annotations moved (a save): patched in place, read back and checked
      const read = this.fast(current, r.file);
      const patched = read && patchSidecar(current, r.file, r.ops, r.actor, read);
      if (patched) {
        this.lastFast = { text: patched.text, file: fileBase(r.file), sidecar: patched.read }; // the next save's ops start from it
        const text = written(patched.text);
        return { kind: 'applyOps', text, inverse: patched.inverse, ...this.readAnswer(r, read, text, patched.read) };
      }
      let parsed: ParsedSidecar;
      try {
        parsed = this.parsed(current, r.file);
      } catch (e) {
        return { kind: 'refused', why: 'unreadable', message: e instanceof Error ? e.message : String(e) };
      }
      if (!parsed.writable || !parsed.sidecar) {
        const e = parsed.problems.find((p) => p.severity === 'error');
        return { kind: 'refused', why: 'invalid', message: e?.message ?? 'cannot be read', ...(e ? { line: e.line, column: e.column } : {}) };
      }
      ({ sidecar, doc } = parsed);
    }
    let applied: ReturnType<typeof applyOps>;
    try {
      applied = applyOps(sidecar.annotations, r.ops, r.actor);
    } catch (e) {
      if (e instanceof OpError) return { kind: 'refused', why: 'op', message: e.message };
      throw e;
    }
    const printed = serializeSidecar({ ...sidecar, annotations: applied.annotations }, doc);
    const before = current === null ? null : this.fast(current, r.file);
    const after = this.fast(printed, r.file);
    const text = written(printed);
    return { kind: 'applyOps', text, inverse: applied.inverse, ...this.readAnswer(r, before, text, after) };
  }

  private applyOpsToBytes({ sidecar, withText, ...r }: Extract<WorkRequest, { kind: 'applyOpsToBytes' }>): WorkResponse {
    let sidecarText: string | null = null;
    if (sidecar !== null) {
      // the guarded read's own decoding (node/corpusFs.ts): a file that is not UTF-8 is left as it is
      const d = decodeUtf8Strict(sidecar);
      if (!d.ok) return { kind: 'refused', why: 'encoding', message: d.message, line: d.line, column: d.column };
      sidecarText = d.text;
    }
    const answer = this.applyOps({ ...r, kind: 'applyOps', sidecarText });
    if (answer.kind !== 'applyOps') return answer;
    const { text, ...rest } = answer;
    return { ...rest, kind: 'applyOpsToBytes', bytes: new TextEncoder().encode(text), length: text.length, ...(withText ? { text } : {}) };
  }

  /**
   * How a written text's read goes back to the host: as the change from the read it holds when
   * that is the read of the text changed (its length and hash; both reads clean), else whole.
   */
  private readAnswer(r: Extract<WorkRequest, { kind: 'applyOps' }>, before: Sidecar | null, text: string, after: Sidecar | null): { read?: Sidecar; delta?: SidecarDelta; sidecarHash: number } {
    const sidecarHash = textHash(text);
    if (!after) return { sidecarHash };
    const held = r.held;
    const holds = held && before && r.sidecarText !== null && r.sidecarText.length === held.sidecarLength && textHash(r.sidecarText) === held.sidecarHash;
    return holds ? { delta: sidecarDelta(before, after), sidecarHash } : { read: after, sidecarHash };
  }

  private saveOps(r: Extract<WorkRequest, { kind: 'saveOps' }>): WorkResponse {
    const read = this.fast(r.sidecarText, r.file);
    const parsed = read ? parsedFromFast(r.sidecarText, r.file, read) : this.parsed(r.sidecarText, r.file);
    // an unreadable sidecar is in Problems already; it is never overwritten
    if (!parsed.writable || !parsed.sidecar) return { kind: 'saveOps', ops: [] };
    return { kind: 'saveOps', ops: saveOps(r.text, parsed.sidecar.annotations, r.live) };
  }

  private locate(r: Extract<WorkRequest, { kind: 'locate' }>): WorkResponse {
    // the writer's shape placed directly (a 4 MB sidecar's careful parse: ~2 s before Problems had the lines)
    const last = this.lastLocate;
    const locate = last && last.text === r.sidecarText && last.file === r.file ? last.locate : quickLocate(r.sidecarText, r.file);
    this.lastLocate = { text: r.sidecarText, file: r.file, locate };
    const ids: Record<string, Located> = {};
    for (const id of r.ids) setOwn(ids, id, locate('id', id));
    return { kind: 'locate', ids, source: locate('source') };
  }

  private scanOf(doc: string): CueScan {
    let scan = this.scans.get(doc);
    if (scan) this.scans.delete(doc); // most recently used last
    else scan = new CueScan();
    this.scans.set(doc, scan);
    for (const old of this.scans.keys()) if (this.scans.size > SCANS_KEPT) this.scans.delete(old);
    return scan;
  }

  /** One finder per list of extra cues (a registry's `cues:`), the last one asked for. */
  private cueFinder(cues: string[]): CueFinder {
    const key = JSON.stringify(cues);
    if (this.finder?.key !== key) this.finder = { key, finder: new CueFinder(cues) };
    return this.finder.finder;
  }

  /** The registry's matcher: kept, restored from the host's, or `built` here. */
  private matcher(ref: RegistryRef): { matcher: MentionMatcher; built: boolean } | undefined {
    const m = this.matchers.get(ref.key);
    if (m) return { matcher: m, built: false };
    const entities = ref.entities ?? (ref.packedEntities && this.packing.unpackEntities?.(ref.packedEntities));
    if (!entities) return undefined;
    const compiled = ref.compiled ?? (ref.packed && this.packing.unpackMatcher?.(ref.packed));
    const matcher = compiled ? MentionMatcher.restore(entities, compiled) : new MentionMatcher(entities);
    this.matchers.set(ref.key, matcher);
    for (const old of this.matchers.keys()) if (this.matchers.size > MATCHERS_KEPT) this.matchers.delete(old);
    return { matcher, built: !compiled };
  }
}
