// The registry's mention matcher, kept across re-indexes (issue 15). Building the matcher of a
// 5,000-entity registry takes 100–300 ms of the extension host's time, and a Refresh, a changed
// setting or a new workspace folder re-indexes with new corpora and, until now, a new matcher
// each, from the very same registry. The last matcher of each corpus root is kept with the
// registry's entities as its key, and given again while they are equal. The index workers build
// one too when they have none to restore; the first they send back is kept here (`adoptPacked`),
// so the next index hands them this one and the host never builds its own.
//
// A matcher comes here packed as often as built: from an index worker, or from the last session
// (one buffer of its serialized bytes, 3.2 MB at 5,000 entities). It is kept as those bytes,
// handed to the next index's workers as they are (`KeptMatcher.packed`), and restored on the
// host only when the host itself finds mentions with it (issue 15: restored and serialized again
// for the workers' init, it was 50-70 ms of the host's thread in one task of a reopened
// workspace's index, that index's longest stall). Packing is the caller's (node's v8), given.
import { MentionMatcher, type CompiledMatcher } from './matcher';
import type { Entity } from '../types';
import { sameValue } from '../review/history';

/** How a matcher becomes bytes and back (node/indexInit.ts packMatcher, unpackMatcher). */
export interface MatcherPacking {
  pack(compiled: CompiledMatcher): SharedArrayBuffer;
  unpack(packed: SharedArrayBuffer): CompiledMatcher;
}

/** A matcher kept for a registry's entities: built or restored here, or packed, restored on first use. */
export class KeptMatcher {
  private made: MentionMatcher | undefined;
  private bytes: SharedArrayBuffer | undefined;

  constructor(
    readonly entities: readonly Entity[],
    from: MentionMatcher | SharedArrayBuffer,
    private readonly packing: MatcherPacking | undefined,
  ) {
    if (from instanceof MentionMatcher) this.made = from;
    else this.bytes = from;
  }

  /** The matcher, restored from its bytes the first time it is asked for. */
  get matcher(): MentionMatcher {
    return (this.made ??= MentionMatcher.restore(this.entities, this.packing!.unpack(this.bytes!)));
  }

  /** Whether the matcher is restored (or was built) here. */
  get restored(): boolean {
    return this.made !== undefined;
  }

  /** Its bytes as it came, or packed now (once) from the one built here; undefined without a way to pack. */
  get packed(): SharedArrayBuffer | undefined {
    if (!this.bytes && this.packing) this.bytes = this.packing.pack(this.made!.compiled());
    return this.bytes;
  }

  /** Its bytes if it has them (it came packed, or was packed or given them since); never packs. */
  get bytesKept(): SharedArrayBuffer | undefined {
    return this.bytes;
  }

  /**
   * The bytes of the same matcher, built elsewhere from the same entities (the editor's worker's,
   * which the host did not pack for it), kept for the next worker that is handed it, if it has none.
   */
  keepBytes(packed: SharedArrayBuffer): void {
    this.bytes ??= packed;
  }
}

export class MatcherCache {
  /**
   * By corpus root: the kept matcher, with the very list of entities it came with. Another list
   * is compared with it field by field, stopping at the first difference and allocating nothing
   * (a re-index that reads the same registry text is given the same parse, registryFiles.ts, and
   * compares nothing; the JSON of both lists, compared before, was 10-35 ms of the host's thread
   * at each of a registry change's several asks, issue 15).
   */
  private readonly last = new Map<string, KeptMatcher[]>();
  /** Matchers built so far, for the tests. */
  builds = 0;
  /** Told of each matcher kept here, built or packed, with its root and entities (the store's registry changes wait for one). */
  onKeep: ((root: string, entities: readonly Entity[]) => void) | undefined;

  /** `packing`: how a packed matcher is restored, and one built here packed for a worker (the CLI has neither to do). */
  constructor(private readonly packing?: MatcherPacking) {}

  /**
   * What is kept for `root` if it came from these entities (equal ones, or the very list); never
   * builds nor restores. The root's last two are kept: the Undo of a registry change gives the
   * registry before it back (registryFiles.ts takes its parse again), and its matcher with it.
   */
  kept(root: string, entities: readonly Entity[]): KeptMatcher | undefined {
    const kept = this.last.get(root) ?? [];
    const hit = kept.find((k) => k.entities === entities) ?? kept.find((k) => sameEntities(k.entities, entities));
    // the one asked for is the one kept longest: another change, then its Undo, finds it still
    if (hit && hit !== kept[0]) this.last.set(root, [hit, ...kept.filter((k) => k !== hit)]);
    return hit;
  }

  /** The matcher kept for `root` if it was built from these entities, restored if it is packed; never builds. */
  peek(root: string, entities: readonly Entity[]): MentionMatcher | undefined {
    return this.kept(root, entities)?.matcher;
  }

  /** What is kept for this very list of entities, whatever its root; never builds nor restores. */
  keptFor(entities: readonly Entity[]): KeptMatcher | undefined {
    for (const kept of this.last.values()) for (const k of kept) if (k.entities === entities) return k;
    return undefined;
  }

  /** Keeps a matcher built elsewhere (restored from a worker's) for these entities. */
  adopt(root: string, entities: readonly Entity[], matcher: MentionMatcher): void {
    this.keep(root, new KeptMatcher(entities, matcher, this.packing));
  }

  /** Keeps a matcher as its bytes (a worker's, the last session's), restored when first used. */
  adoptPacked(root: string, entities: readonly Entity[], packed: SharedArrayBuffer): void {
    if (!this.packing) throw new Error('a packed matcher needs a way to restore it');
    this.keep(root, new KeptMatcher(entities, packed, this.packing));
  }

  /** `kept` first for its root, with the one before it (another registry's). */
  private keep(root: string, kept: KeptMatcher): void {
    const before = (this.last.get(root) ?? []).filter((k) => k.entities !== kept.entities);
    this.last.set(root, [kept, ...before].slice(0, 2));
    this.onKeep?.(root, kept.entities);
  }

  /** What a corpus at `root` builds its matcher with (Corpus's `matcherFor`). */
  for(root: string): (entities: readonly Entity[]) => MentionMatcher {
    return (entities) => {
      const kept = this.peek(root, entities);
      if (kept) return kept;
      const matcher = new MentionMatcher(entities);
      this.builds++;
      this.adopt(root, entities, matcher);
      return matcher;
    };
  }
}

/**
 * Whether two lists hold equal entities, compared from the end: an entity is added at the end of
 * the registry (New entity…), and the list before it and the one after the next addition are as
 * long as each other and differ only in their last (issue 15: compared from the start, 5,000
 * equal entities were ~3 ms of a registry change's longest stall).
 */
function sameEntities(a: readonly Entity[], b: readonly Entity[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = a.length - 1; i >= 0; i--) if (!sameValue(a[i], b[i])) return false;
  return true;
}
