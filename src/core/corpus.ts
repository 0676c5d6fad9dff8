// The corpus as the extension sees it: every source with its sidecar, where each annotation
// stands in the current text, registry mentions, and the cross-source relations (links,
// contradictions) that hovers and views need. Pure: callers feed it texts; it never reads files.
//
// Issue 15 (10,000 sources in ≤ 300 MB): a source's text and its sidecar's text are kept only
// while `keepText` says so (the CLI: always; the extension: while the source is open in an
// editor, where a save carries placements across the edits). Otherwise they serve the update
// that brought them (placing, finding mentions) and are dropped; what stays is compact: the
// parsed annotations, placements, mentions, and a hash of each text so that an editor opened
// later on the very same text can be given it back (`adopt`). Whoever needs a closed source's
// text reads it again (the extension's CorpusStore.textOf).
import { parseLinkTarget, parseSidecarQuick, resolveLinkSource } from './format';
import { AnchorText } from './anchor';
import { textEdits } from './live/editStretches';
import { keepPlacements } from './live/keepPlacements';
import { reuseAnnotations, reusePlacements } from './live/reuseUnchanged';
import { shiftMentions } from './live/shiftMentions';
import { shiftPlacements } from './live/shiftPlacements';
import { Backlinks, type Backlink } from './backlinks';
import { placeAnnotations, type Placement } from './placement';
import { annotationById, placementAt, placementById } from './byId';
import { isPacked, mentionList, MentionMatcher, MentionTable } from './mentions/matcher';
import type { Annotation, ClaimStatus, Entity, Link, Mention, WorkspaceConfig } from './types';

import { distinctMentions, mentionsCurrent, textHash, UNHASHED, type ClaimRef, type EntityHit, type LinkedAnnotation, type SourceChange, type SourceEntry } from './sourceEntry';
import { finish, type Sliced } from './slices';

// what the corpus's callers name with it (the extension, the CLI, the index workers)
export { distinctMentions, textHash, UNHASHED, type ClaimRef, type EntityHit, type LinkedAnnotation, type SourceChange, type SourceEntry };

export class Corpus {
  private readonly entries = new Map<string, SourceEntry>();
  /** `all()`'s answer until a source is added or removed: the views, Problems and the review panel each ask after every change (0.13 s a time to sort 10,000). */
  private sorted: SourceEntry[] | null = null;
  /** Built on first use: indexing gets every source's mentions from the index workers. */
  private built: MentionMatcher | null = null;
  private entitiesById = new Map<string, Entity>();
  /** Sources whose annotations this corpus anchored in full in its own thread (the tests read it: a save's are placed in a worker). */
  placedHere = 0;
  /** `source#id` → the annotations linking to it, kept per source (backlinks.ts). */
  private readonly links = new Backlinks((source) => {
    const e = this.entries.get(source);
    return e ? (e.parsed?.sidecar?.annotations ?? []) : undefined;
  });

  /**
   * `matcherFor` builds the registry's matcher when first needed; the extension passes one that
   * keeps the last matcher while the registry is unchanged, so a re-index does not build again
   * (a 5,000-entity registry takes a few hundred ms).
   */
  constructor(
    private config: WorkspaceConfig | null = null,
    private readonly matcherFor: (entities: readonly Entity[]) => MentionMatcher = (entities) => new MentionMatcher(entities),
    /** Whether to keep a source's text (and its sidecar's) after an update; the CLI keeps all. */
    private readonly keepText: (source: string) => boolean = () => true,
  ) {
    this.indexEntities();
  }

  private get matcher(): MentionMatcher {
    return (this.built ??= this.matcherFor(this.config?.entities ?? []));
  }

  get registry(): WorkspaceConfig | null {
    return this.config;
  }

  /** False, and nothing changed, for the parse held (the registry's file written with what it held). */
  setRegistry(config: WorkspaceConfig | null): boolean {
    if (config === this.config) return false;
    this.config = config;
    this.built = null;
    this.indexEntities();
    for (const e of this.entries.values()) {
      // a kept text finds its mentions again when asked; a closed source keeps those of entities
      // still in the registry until it is read again (the store re-reads it at once), so its
      // counts do not drop to 0 for the seconds a large corpus takes; marked carried, they are
      // found again at that read (an entity added was never looked for). Those of entities no
      // longer in the registry are left out as they are read (`mentions`), not here: filtering
      // every closed source's at once was 7-33 ms of the host's thread at 2,000 sources (issue 15).
      // An open source's are carried too, until its editor's worker finds them in the same text
      // (takeMentions): found here, a 1 MB source's were the new registry's matcher built and the
      // text searched on the host's thread, 100-200 ms, as the views counted it
      if (e.mentions === null) continue;
      e.mentionsCarried = true;
    }
    return true;
  }

  entity(id: string): Entity | undefined {
    return this.entitiesById.get(id);
  }

  /**
   * Sets what is known of one source; `undefined` leaves that part as it was (`parsed` goes with
   * `sidecarText`). `placements`: placeAnnotations' answer for this text and sidecar, computed
   * elsewhere (an index worker), taken instead of placing again. A new sidecar for a source whose
   * text is not kept comes with the text (placing needs it); the texts are then dropped unless
   * `keepText` says to keep them, after the mentions are found.
   */
  update(source: string, sidecarPath: string, change: SourceChange): SourceEntry {
    let e = this.entries.get(source);
    if (!e) {
      e = { source, sidecarPath, text: null, sidecarText: null, readable: false, sha256: null, textHash: 0, sidecarLength: null, sidecarHash: 0, parsed: null, placements: [], mentions: null, mentionsCarried: false };
      this.entries.set(source, e);
      this.sorted = null;
    }
    if (change.textUnsent) return this.takeUnsent(e, change);
    const keep = this.keepText(source);
    // the text the placements were made in, when it is not kept: its hash (0 when none)
    const placedIn = e.text === null && e.textHash !== UNHASHED ? e.textHash : 0;
    const sidecarHash = change.sidecarText === undefined || change.sidecarText === null ? 0 : (change.sidecarHash ?? (keep ? UNHASHED : textHash(change.sidecarText)));
    // the sidecar re-read with the very text already taken (a store re-reads both after a save);
    // asked of the kept text, else of the hash of what was read (an editor opened later)
    const sameSidecar = change.sidecarText === undefined || (change.sidecarText !== null && holdsSidecarText(e, change.sidecarText, sidecarHash));
    if (change.text !== undefined) {
      e.readable = change.text !== null;
      e.sha256 = change.text === null ? null : (change.sha256 ?? null);
      e.textHash = change.text === null ? 0 : (change.textHash ?? (keep ? UNHASHED : textHash(change.text)));
    }
    if (change.sidecarText !== undefined) {
      e.sidecarLength = change.sidecarText === null ? null : change.sidecarText.length;
      e.sidecarHash = sidecarHash;
    }
    this.updateKept(e, change, sameSidecar, placedIn);
    if (change.mentions && e.readable) this.setMentions(e, change.mentions);
    if (!keep) this.drop(e);
    return e;
  }

  /** A source read and placed elsewhere, whose text did not come: what was found stands for it. */
  private takeUnsent(e: SourceEntry, change: SourceChange): SourceEntry {
    e.readable = true;
    e.textHash = change.textHash ?? 0;
    e.sha256 = change.sha256 ?? null;
    e.text = null;
    if (change.sidecarUnsent !== undefined) {
      e.sidecarLength = change.sidecarUnsent;
      e.sidecarHash = change.sidecarHash ?? 0;
      e.sidecarText = null;
    } else if (change.sidecarText !== undefined) {
      e.sidecarLength = change.sidecarText === null ? null : change.sidecarText.length;
      e.sidecarHash = change.sidecarText === null ? 0 : (change.sidecarHash ?? textHash(change.sidecarText));
      e.sidecarText = change.sidecarText;
    }
    const before = { parsed: e.parsed, placements: e.placements };
    if (change.parsed !== undefined || change.sidecarText !== undefined) {
      e.parsed = change.parsed !== undefined ? change.parsed : change.sidecarText ? parseSidecarQuick(change.sidecarText, e.sidecarPath) : null;
      if (e.parsed !== before.parsed) this.links.changed(e.source); // the parse held, taken again: the same links
    }
    // unchanged annotations and their placements keep their objects (core/live/reuseUnchanged.ts)
    const now = e.parsed?.sidecar?.annotations ?? [];
    const was = e.parsed === before.parsed ? null : reuseAnnotations(before.parsed?.sidecar?.annotations ?? [], now);
    e.placements = reusePlacements(before.placements, change.placements ?? [], was, now);
    this.setMentions(e, change.mentions ?? null);
    this.drop(e);
    return e;
  }

  /**
   * Whether this is the sidecar text the source's entry holds, parsed (the text itself, or its
   * length and hash when the text is not kept): `update`'s own rule for a sidecar read again.
   */
  holdsSidecar(source: string, sidecarText: string): boolean {
    const e = this.entries.get(source);
    return e !== undefined && holdsSidecarText(e, sidecarText, UNHASHED);
  }

  /**
   * Gives a source its text back to keep, when it is the very text it was last read with (an
   * editor opened on it): the editor then shows the store's placements, and a save carries them
   * across the edits. False, and nothing kept, when it differs or the source is not known.
   */
  adopt(source: string, text: string): boolean {
    const e = this.entries.get(source);
    if (!e || !e.readable) return false;
    if (e.text !== null) return e.text === text;
    if (textHash(text) !== e.textHash) return false;
    e.text = text;
    if (e.mentionsCarried) this.setMentions(e, null); // found again in the text, with the registry now
    return true;
  }

  /** Whether this source's texts are kept after an update (an index worker sends them then). */
  keeps(source: string): boolean {
    return this.keepText(source);
  }

  /** Stops keeping a source's texts (its editor closed); its mentions are found first if they are not yet. */
  release(source: string): void {
    const e = this.entries.get(source);
    if (e) this.drop(e);
  }

  private drop(e: SourceEntry): void {
    // (mentions carried over a registry change are found in the text before it goes: no read of
    // this source is coming for them, the store's re-read was of the closed sources)
    if (e.text !== null && (e.mentions === null || e.mentionsCarried)) this.setMentions(e, this.matcher.find(e.text));
    if (e.text !== null && e.textHash === UNHASHED) e.textHash = textHash(e.text);
    e.text = null;
    // a sidecar with problems keeps its text, for their places in Problems: such sidecars are few,
    // and their careful parse (kept for the same reason) is many times its size
    if (!e.parsed?.problems.length && !e.parsed?.conflictLines.length) {
      if (e.sidecarText !== null && e.sidecarHash === UNHASHED) e.sidecarHash = textHash(e.sidecarText);
      e.sidecarText = null;
    }
  }

  /** `update` as it was when every text was kept: `e.text`/`e.sidecarText` are what is known of the last read. */
  private updateKept(e: SourceEntry, change: SourceChange, sameSidecar: boolean, placedIn = 0): void {
    const sidecarPath = e.sidecarPath;
    // a source read and not kept: nothing to place in without its text (the extension's store
    // gives the text with any sidecar change to such a source)
    if (e.readable && e.text === null && change.text === undefined && change.sidecarText === undefined) return;
    // the text changed and its sidecar did not: placements carried across the edits (a save
    // after typing; core/live/shiftPlacements.ts), else anchored again below
    // (a save gives both, computed against the text held: documentHooks.ts)
    const changed = change.text !== undefined && change.text !== null && e.text !== null && change.text !== e.text;
    const edits = changed ? (change.shifted?.edits ?? textEdits(e.text!, change.text!)) : undefined;
    // a closed source read again with the text its placements and mentions were made in (its hash)
    const sameClosedText = change.text !== undefined && e.text === null && placedIn !== 0 && change.text !== null && e.textHash === placedIn;
    const carried =
      change.text !== undefined && sameSidecar && e.text !== null && change.text !== null
        ? change.shifted && changed
          ? change.shifted.placements
          : !changed
            ? e.placements // the very text and sidecar it holds (a watcher's late echo): its placements as they are
            : shiftPlacements(e.text, change.text, e.placements, edits)
        : // and with the sidecar it holds, staying closed (a Refresh, a write's echo): its placements as they are, not
          // anchored again (issue 15: a long source whose annotations are off their stored places
          // was anchored in full on the host at every such read)
          sameSidecar && sameClosedText && e.parsed !== null && !this.keepText(e.source)
          ? e.placements
          : null;
    const before = { text: e.text, placements: e.placements };
    if (change.text !== undefined) {
      // mentions too: moved, and searched again only around the edits (core/live/shiftMentions.ts);
      // kept for a closed source read again with the text they were found in
      // (not those a registry change carried: found again)
      const same = (change.text === e.text || sameClosedText) && !e.mentionsCarried;
      this.setMentions(e, same ? e.mentions : edits && e.mentions && !e.mentionsCarried ? shiftMentions(change.text!, mentionList(e.mentions), (t) => this.matcher.find(t), edits) : null);
      e.text = change.text;
    }
    if (carried) {
      e.placements = carried;
      return;
    }
    if (change.sidecarText !== undefined) {
      e.sidecarText = change.sidecarText;
      // `parsed`: the caller read it already (or knows it unreadable), e.g. with a reader that never throws
      const beforeParsed = e.parsed;
      e.parsed = change.parsed !== undefined ? change.parsed : change.sidecarText === null ? null : parseSidecarQuick(change.sidecarText, sidecarPath);
      this.links.changed(e.source);
      // unchanged annotations and their placements keep their objects (core/live/reuseUnchanged.ts)
      const now = e.parsed?.sidecar?.annotations ?? [];
      const was = reuseAnnotations(beforeParsed?.sidecar?.annotations ?? [], now);
      const reuse = () => (e.placements = reusePlacements(before.placements, e.placements, was, now));
      // a new sidecar for a text already placed (a save writes one back, a command changes a
      // closed source's sidecar): placements kept where the anchoring would be asked the same
      // question (core/live/keepPlacements.ts). A closed source's text is not kept, but its hash
      // says whether the text read now is the one its placements were made in (issue 15: a
      // status change re-anchored all 20,000 annotations of a transcript, ~450 ms of the host)
      const annotations = e.parsed?.sidecar?.annotations ?? [];
      const sameAsPlaced = before.text === null && placedIn !== 0 && e.text !== null && e.textHash === placedIn;
      const moved =
        sameSidecar || e.text === null || !before.placements.length
          ? null
          : before.text === null
            ? sameAsPlaced
              ? before.placements
              : null
            : before.text === e.text
              ? before.placements
              : shiftPlacements(before.text, e.text, before.placements, edits);
      const kept = moved && e.text !== null ? keepPlacements(e.text, moved, annotations, moved === before.placements) : null;
      if (kept) e.placements = kept;
      else if (change.placements && e.text !== null) e.placements = change.placements;
      else this.place(e);
      reuse();
      return;
    }
    if (change.placements && e.text !== null) e.placements = change.placements;
    else this.place(e);
  }

  remove(source: string): void {
    if (this.entries.delete(source)) {
      this.links.changed(source);
      this.sorted = null;
    }
  }

  get(source: string): SourceEntry | undefined {
    return this.entries.get(source);
  }

  /** Every source in path order; a new array each call (callers may keep or change it). */
  all(): SourceEntry[] {
    this.sorted ??= [...this.entries.values()].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
    return [...this.sorted];
  }

  /** Registry mentions in any text (an unsaved editor, a fragment around an edit). */
  matcherFind(text: string): Mention[] {
    return this.matcher.find(text);
  }

  mentions(e: SourceEntry): Mention[] {
    // a source whose text is not kept has its mentions from its last read (a registry change keeps those still in it until it is read again)
    if (e.mentions === null && e.text !== null) this.setMentions(e, this.matcher.find(e.text));
    if (!e.mentions) return [];
    const list = mentionList(e.mentions);
    return e.mentionsCarried ? list.filter((m) => this.entitiesById.has(m.entity)) : list;
  }

  /**
   * The registry's mentions in `text`, found elsewhere (the editor's worker) with `registry` and
   * packed in code points (MentionMatcher.findPacked), taken for the source when they are what it
   * lacks: its text is this one, the registry is the corpus's now, and the mentions it holds were
   * carried over a registry change (or never found). False, and nothing changed, otherwise.
   */
  takeMentions(source: string, text: string, registry: WorkspaceConfig | null, packed: Int32Array): boolean {
    const e = this.entries.get(source);
    if (!e || e.text !== text || registry !== this.config || mentionsCurrent(e)) return false;
    this.setMentions(e, { packed, table: MentionTable.of(this.config?.entities ?? []) });
    return true;
  }

  /**
   * The entity of each of `mentions(e)`: packed mentions (a closed source's, from an index
   * worker) read as they are, without making an object of each (issue 15: every source is
   * counted after each index).
   */
  mentionedIds(e: SourceEntry): string[] {
    if (!e.mentions || !isPacked(e.mentions)) return this.mentions(e).map((m) => m.entity);
    const ids = e.mentions.table.entityIds(e.mentions.packed);
    return e.mentionsCarried ? ids.filter((id) => this.entitiesById.has(id)) : ids;
  }

  /** Mentions found with the registry now (or null: to be found), no longer carried from an earlier one. */
  private setMentions(e: SourceEntry, mentions: SourceEntry['mentions']): void {
    e.mentions = mentions;
    e.mentionsCarried = false;
  }

  /**
   * Every mention in one source, counted once: its placed `entity` annotations, and the registry
   * matches no annotation of the same entity overlaps. Hand-marking a name the registry also
   * finds is one mention, not two (issue 9, bug 3: the hover said 52 where the view said 49).
   */
  entityHits(e: SourceEntry): EntityHit[] {
    const annotated: EntityHit[] = [];
    for (const p of e.placements) {
      const a = p.annotation;
      if (a.kind !== 'entity' || !a.entity || p.result.start === null || p.result.end === null || p.result.state === 'orphaned') continue;
      annotated.push({ entity: a.entity, start: p.result.start, end: p.result.end, annotation: a });
    }
    return [...annotated, ...distinctMentions(this.mentions(e), annotated)].sort((a, b) => a.start - b.start);
  }

  /** Mentions of one entity across the corpus, each counted once (see `entityHits`). */
  mentionsOf(entityId: string): { source: string; start: number; end: number; annotation?: Annotation }[] {
    const out: { source: string; start: number; end: number; annotation?: Annotation }[] = [];
    for (const e of this.all()) {
      for (const h of this.entityHits(e)) if (h.entity === entityId) out.push({ source: e.source, start: h.start, end: h.end, ...(h.annotation ? { annotation: h.annotation } : {}) });
    }
    return out;
  }

  find(source: string, id: string): { entry: SourceEntry; annotation: Annotation; placement: Placement | undefined } | undefined {
    const entry = this.entries.get(source);
    const annotations = entry?.parsed?.sidecar?.annotations;
    const annotation = annotations && annotationById(annotations, id);
    if (!entry || !annotation) return undefined;
    return { entry, annotation, placement: placementById(entry.placements, id) };
  }

  /** The annotation a link points to, resolved inside the workspace only. */
  resolve(fromSource: string, link: Link): LinkedAnnotation {
    const t = parseLinkTarget(link.to);
    const source = t && resolveLinkSource(fromSource, t);
    const hit = source ? this.find(source, t!.id) : undefined;
    return { link, target: hit ? { source: hit.entry.source, annotation: hit.annotation, placement: hit.placement } : null };
  }

  /** The links of the sources changed so far taken in now (Backlinks.settle): an index does so after each batch it reads. */
  settleLinks(): void {
    this.links.settle();
  }

  /** Claims elsewhere that link to this one, with the relation. */
  backlinks(source: string, id: string): Backlink[] {
    return this.links.of(source, id);
  }

  /**
   * The status a claim shows: its own when assessed; otherwise disputed when a claim in
   * another source contradicts it (either direction), else unverified.
   */
  statusOf(source: string, a: Annotation): ClaimStatus {
    if (a.status) return a.status;
    const contradicted =
      (a.links ?? []).some((l) => {
        if (l.rel !== 'contradicts') return false;
        // a link to no claim (a typo, a claim deleted) contradicts nothing: Problems reports it
        const target = this.resolve(source, l).target;
        return target != null && target.source !== source;
      }) ||
      this.backlinks(source, a.id).some((b) => b.rel === 'contradicts' && b.source !== source);
    return contradicted ? 'disputed' : 'unverified';
  }

  claims(): ClaimRef[] {
    return finish(this.claimsSliced());
  }

  /** `claims`, pausing between sources and every 256 claims (core/slices.ts: the extension's pickers and views run it in slices). */
  *claimsSliced(): Sliced<ClaimRef[]> {
    const out: ClaimRef[] = [];
    for (const e of this.all()) {
      const annotations = e.parsed?.sidecar?.annotations ?? [];
      for (let k = 0; k < annotations.length; k++) {
        const a = annotations[k];
        if (a.kind !== 'claim') continue;
        // its placement at the same index (byId.ts placementAt): an index of ids built for each
        // of 10,000 sources was 76 ms of the ACH matrix's open (issue 15)
        out.push({ source: e.source, annotation: a, placement: placementAt(e.placements, k, a.id), status: this.statusOf(e.source, a) });
        if (out.length % 256 === 0) yield; // a transcript of 13,000 claims is one source
      }
      yield;
    }
    return out;
  }

  private place(e: SourceEntry): void {
    const annotations = e.parsed?.sidecar?.annotations ?? [];
    if (e.text !== null && annotations.length) this.placedHere++;
    e.placements = e.text === null || annotations.length === 0 ? [] : placeAnnotations(new AnchorText(e.text), annotations);
  }

  private indexEntities(): void {
    const byId = new Map<string, Entity>();
    for (const e of this.config?.entities ?? []) byId.set(e.id, e);
    this.entitiesById = byId;
  }
}

/** `sidecarText` is the one `e` holds, parsed; `hash`: its textHash if known, else UNHASHED. */
function holdsSidecarText(e: SourceEntry, sidecarText: string, hash: number): boolean {
  if (sidecarText === '' || e.parsed === null) return false;
  if (e.sidecarText !== null) return sidecarText === e.sidecarText;
  return e.sidecarLength === sidecarText.length && (hash === UNHASHED ? textHash(sidecarText) : hash) === e.sidecarHash;
}
