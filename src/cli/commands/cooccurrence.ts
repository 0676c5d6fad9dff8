// `marginalia entities --cooccurrence`: the Entity Network view's edges for scripts (issue 13).
// The entities command finds the mentions as it always does; this counts co-occurrences with
// the same core function the view uses (core/analysis/cooccurrence.ts) and prints them — as
// JSON, or one line per pair with its names made safe for a terminal.
import { cooccurrence, type SourceMentions, type Unit } from '../../core/analysis/cooccurrence';
import type { Entity } from '../../core/types';
import type { Io } from '../io';
import { forTerminal, safeJson } from '../output';

export interface CooccurrenceOptions {
  unit: Unit;
  minWeight: number;
  json: boolean;
}

/** Reads `--by` and `--min-weight`; a string says what is wrong. */
export function cooccurrenceOptions(by: string | undefined, minWeight: string | undefined, json: boolean): CooccurrenceOptions | string {
  if (by !== undefined && by !== 'sentence' && by !== 'paragraph') return `--by takes sentence or paragraph, not "${forTerminal(by)}"`;
  const w = minWeight === undefined ? 1 : Number(minWeight);
  if (!Number.isSafeInteger(w) || w < 1) return `--min-weight takes a whole number, 1 or more, not "${forTerminal(String(minWeight))}"`;
  return { unit: (by ?? 'sentence') as Unit, minWeight: w, json };
}

/** One registry's sources, as found by the entities command. */
export interface RegistryMentions {
  entities: readonly Entity[];
  sources: SourceMentions[];
}

export function printCooccurrence(groups: readonly RegistryMentions[], options: CooccurrenceOptions, io: Io): void {
  const edges = groups.flatMap((g) => cooccurrence(g.sources, g.entities, { unit: options.unit, minWeight: options.minWeight, maxPlaces: 1000 }).edges);
  edges.sort((x, y) => y.weight - x.weight || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0));
  if (options.json) {
    io.out(`{"unit":${safeJson(options.unit)},"edges":[`);
    edges.forEach((e, i) => io.out(`${i ? ',' : ''}\n${safeJson({ a: e.a, b: e.b, weight: e.weight, places: e.places })}`));
    io.out('\n]}\n');
    return;
  }
  const names = new Map(groups.flatMap((g) => g.entities.map((e) => [e.id, e.name] as const)));
  for (const e of edges) io.out(`${String(e.weight).padStart(6)}  ${forTerminal(names.get(e.a) ?? e.a)} — ${forTerminal(names.get(e.b) ?? e.b)}\n`);
  io.out(`${edges.length} pair${edges.length === 1 ? '' : 's'} of entities named in the same ${options.unit}${options.minWeight > 1 ? ` at least ${options.minWeight} times` : ''}\n`);
}
