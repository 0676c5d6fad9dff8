// Entity mentions (issue #2, "Mentions"): every name and alias of every registry entity, found
// in one pass over a text. The matching rules live in automaton.ts; this file maps registry
// entities onto its patterns and back.
import type { Entity, Mention } from '../types';
import { AliasAutomaton, normalizePattern, type AutomatonOptions } from './automaton';

/** Receives each mention: the entity's index in the registry and code point offsets. */
export type MentionSink = (entity: number, start: number, end: number) => void;

/** Something in the registry the matcher cannot honour as written. */
export interface RegistryWarning {
  entity: string;
  alias: string;
  message: string;
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
  constructor(
    readonly entities: readonly Entity[],
    options?: AutomatonOptions,
  ) {
    const patterns: { text: string; ignoreCase?: boolean }[] = [];
    const owner: number[] = [];
    entities.forEach((e, k) => {
      patterns.push({ text: e.name });
      owner.push(k);
      for (const a of e.aliases) {
        patterns.push(a);
        owner.push(k);
      }
    });
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
