// Entity mentions (issue #2, "Mentions"): every name and alias of every registry entity, found
// in one pass over a text. The matching rules live in automaton.ts; this file maps registry
// entities onto its patterns and back.
import type { Entity, Mention } from '../types';
import { AliasAutomaton, normalizePattern, type AutomatonOptions, type CompiledAutomaton } from './automaton';

/** Receives each mention: the entity's index in the registry and code point offsets. */
export type MentionSink = (entity: number, start: number, end: number) => void;

/** Something in the registry the matcher cannot honour as written. */
export interface RegistryWarning {
  entity: string;
  alias: string;
  message: string;
}

/**
 * The phrases a registry's matcher looks for, in order: each entity's name, then its aliases;
 * `owner` is each phrase's entity index. Cheap (no automaton): what turns a packed mention list
 * back into Mentions where no matcher was built (the extension host, from an index worker).
 */
export function registryPatterns(entities: readonly Entity[]): { patterns: { text: string; ignoreCase?: boolean }[]; owner: number[] } {
  const patterns: { text: string; ignoreCase?: boolean }[] = [];
  const owner: number[] = [];
  eachPattern(entities, (k, text, alias) => {
    patterns.push(alias ?? { text });
    owner.push(k);
  });
  return { patterns, owner };
}

/** registryPatterns' phrases in its order, each with its entity's index (and the alias, when it is one), making nothing. */
function eachPattern(entities: readonly Entity[], each: (k: number, text: string, alias?: Entity['aliases'][number]) => void): void {
  for (let k = 0; k < entities.length; k++) {
    const e = entities[k];
    each(k, e.name);
    for (const a of e.aliases) each(k, a.text, a);
  }
}

/** MentionTable.of's tables, by the entities' list: weak, nothing here keeps an old registry. */
const tables = new WeakMap<readonly Entity[], MentionTable>();

/**
 * Mentions packed as three Int32s each (phrase index, start, end), as `MentionMatcher.findPacked`
 * gives them, read back as `find` would have returned them. A worker sends the packed form: 12
 * bytes a mention instead of an object with two strings to clone (issue 15).
 */
export class MentionTable {
  private readonly entity: string[];
  private readonly alias: string[];

  /**
   * The table of this very list of entities, made once (the index's reads, the editor's worker's
   * answers and the corpus all read packed mentions of the registry now with it).
   */
  static of(entities: readonly Entity[]): MentionTable {
    let table = tables.get(entities);
    if (!table) tables.set(entities, (table = new MentionTable(entities)));
    return table;
  }

  constructor(entities: readonly Entity[]) {
    // the phrases as registryPatterns orders them, without its objects (issue 15: made on the
    // host's thread as a registry change's first read is taken)
    const entity: string[] = [];
    const alias: string[] = [];
    eachPattern(entities, (k, text) => {
      entity.push(entities[k].id);
      alias.push(text);
    });
    this.entity = entity;
    this.alias = alias;
  }

  /** The registry id of the entity of the `k`th mention of `packed`. */
  entityOf(packed: Int32Array, k: number): string {
    return this.entity[packed[3 * k]];
  }

  /** The registry id of the entity of each mention of `packed`, in order. */
  entityIds(packed: Int32Array): string[] {
    const out: string[] = new Array(packed.length / 3);
    for (let i = 0, k = 0; i < packed.length; i += 3, k++) out[k] = this.entity[packed[i]];
    return out;
  }

  unpack(packed: Int32Array): Mention[] {
    const out: Mention[] = new Array(packed.length / 3);
    for (let i = 0, k = 0; i < packed.length; i += 3, k++) {
      const p = packed[i];
      out[k] = { entity: this.entity[p], alias: this.alias[p], start: packed[i + 1], end: packed[i + 2] };
    }
    return out;
  }
}

/**
 * A source's registry mentions as an index worker found them, kept packed (issue 15: 10,000
 * sources in ≤ 300 MB): 12 bytes a mention instead of an object of four fields, read as
 * Mentions only when asked (`mentionList`). The table is the registry's, shared by every source.
 */
export interface PackedMentions {
  readonly packed: Int32Array;
  readonly table: MentionTable;
}

/** Mentions as a list, whether kept as objects or packed. A packed list gives new objects on each call. */
export function mentionList(m: readonly Mention[] | PackedMentions): Mention[] {
  return isPacked(m) ? m.table.unpack(m.packed) : (m as Mention[]);
}

export function isPacked(m: readonly Mention[] | PackedMentions): m is PackedMentions {
  return !Array.isArray(m);
}

/**
 * A built matcher as plain data (typed arrays, no functions): what the extension hands its index
 * workers so that they need not build the matcher again each (issue 15: a 5,000-entity registry
 * takes 100–300 ms of a worker's time, per worker, per index). Restored, it finds exactly what
 * the matcher it came from finds.
 */
export interface CompiledMatcher {
  automaton: CompiledAutomaton;
  patternEntity: Int32Array;
  patternAlias: string[];
  warnings: RegistryWarning[];
}

export class MentionMatcher {
  private readonly automaton: AliasAutomaton;
  /** Per pattern: the entity's index and the alias as the registry spells it. */
  private readonly patternEntity: Int32Array;
  private readonly patternAlias: string[];
  readonly warnings: RegistryWarning[] = [];

  /**
   * Registry order decides ties: when two entities share an alias (after normalising white
   * space and apostrophes), the first one listed is reported and a warning says so. The
   * canonical `name` is matched case-sensitively, like any alias without `ignoreCase`.
   */
  /** This matcher as plain data, for MentionMatcher.restore (in a worker thread, after a structured clone). */
  compiled(): CompiledMatcher {
    return { automaton: this.automaton.compiled(), patternEntity: this.patternEntity, patternAlias: this.patternAlias, warnings: this.warnings };
  }

  /** The matcher `compiled` came from, for the same `entities`, without building it. */
  static restore(entities: readonly Entity[], c: CompiledMatcher): MentionMatcher {
    const restored = { entities, automaton: AliasAutomaton.restore(c.automaton), patternEntity: c.patternEntity, patternAlias: c.patternAlias, warnings: c.warnings };
    return Object.assign(Object.create(MentionMatcher.prototype) as MentionMatcher, restored);
  }

  constructor(
    readonly entities: readonly Entity[],
    options?: AutomatonOptions,
  ) {
    const { patterns, owner } = registryPatterns(entities);
    this.automaton = new AliasAutomaton(patterns, options);
    this.patternEntity = Int32Array.from(owner);
    this.patternAlias = patterns.map((p) => p.text);
    for (const r of this.automaton.rejected) {
      this.warnings.push({ entity: entities[owner[r.pattern]].id, alias: patterns[r.pattern].text, message: `alias is ${r.reason}; it is never matched` });
    }
    for (const d of this.automaton.duplicates) {
      if (owner[d.pattern] === owner[d.of]) continue; // a name repeated among its own aliases
      const first = entities[owner[d.of]].id;
      const text = normalizePattern(patterns[d.pattern].text);
      this.warnings.push({ entity: entities[owner[d.pattern]].id, alias: text, message: `"${text}" is also an alias of ${first}; mentions go to ${first}` });
    }
  }

  /** Every mention in `text`, in order, non-overlapping; offsets in code points. */
  find(text: string): Mention[] {
    const out: Mention[] = [];
    this.automaton.scan(text, (p, start, end) => {
      out.push({ entity: this.entities[this.patternEntity[p]].id, alias: this.patternAlias[p], start, end });
    });
    return out;
  }

  /** The registry id of the entity whose phrase is the `p`th: a packed mention's (findPacked) entity. */
  entityOfPattern(p: number): string {
    return this.entities[this.patternEntity[p]].id;
  }

  /** `find`'s mentions packed for a worker's answer: phrase index, start, end each (MentionTable reads them). */
  findPacked(text: string): Int32Array {
    const out: number[] = [];
    this.automaton.scan(text, (p, start, end) => {
      out.push(p, start, end);
    });
    return Int32Array.from(out);
  }

  /** The allocation-free variant of `find` for scanning a whole corpus; returns the count. */
  scan(text: string, sink: MentionSink): number {
    const owner = this.patternEntity;
    return this.automaton.scan(text, (p, start, end) => sink(owner[p], start, end));
  }

  /** `scan` over a file's bytes; they must be valid UTF-8 (`isUtf8` from node:buffer). */
  scanUtf8(bytes: Uint8Array, sink: MentionSink): number {
    const owner = this.patternEntity;
    return this.automaton.scanUtf8(bytes, (p, start, end) => sink(owner[p], start, end));
  }
}
