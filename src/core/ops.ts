// Annotation changes as operations. The extension never writes its in-memory copy of a
// sidecar: it re-reads the file and applies the operation to what is there now, so changes
// made meanwhile (another window, a git pull, a script) are kept. Each application also
// yields the inverse operations, which is what "Undo last annotation change" replays.
//
// Who changed what (issue 9): given an actor, an update that changes anything but the
// anchoring hints (offsets, context) stamps `updated`/`updatedBy` and appends one `history`
// entry per judged field it changed, so the change is credited to whoever made it, not to the
// annotation's creator. The inverse restores
// the previous `updated`, `updatedBy` and `history` exactly: replayed *without* an actor, Undo
// leaves no trace in the file.
//
// An approval is of an assessment (issue 11): when an actor later changes what was approved —
// the status, the credibility, or the quote (new words confirmed) — the annotation goes back to
// "not reviewed", and the history records the `review` removed alongside the change.
//
// Linear time: a save of a long source sends one update per annotation (20,000 of them for a
// sidecar of 20,000), and its Undo as many again, so no op scans the list: ids are looked up in
// a map, a delete leaves a hole squeezed out once at the end, the inverse is reversed once.
import { changesBetween, sameValue } from './review/history';
import type { Annotation } from './types';

export type Op =
  | { type: 'add'; annotation: Annotation }
  /** Fields to set; a field set to null is removed. */
  | { type: 'update'; id: string; set: { [K in keyof Annotation]?: Annotation[K] | null } }
  | { type: 'delete'; id: string };

/** Who makes a change, and when (UTC ISO 8601). */
export interface Actor {
  by: string;
  at: string;
}

export class OpError extends Error {}

/** Fields the actor's stamp writes: never counted as "something changed" themselves. */
const STAMP = ['updated', 'updatedBy', 'history'] as const;
/** Where the words are, not what anyone said about them: new offsets or context alone stamp nothing. */
export const HINTS = ['prefix', 'suffix', 'start', 'end'] as const;
const NOT_A_CHANGE = new Set<string>([...STAMP, ...HINTS]);
/** What a reviewer approves: changing any of these withdraws an approval. */
export const ASSESSMENT = ['status', 'credibility', 'quote'] as const;

type Fields = Record<string, unknown>;

export function applyOps(annotations: readonly Annotation[], ops: readonly Op[], actor?: Actor): { annotations: Annotation[]; inverse: Op[] } {
  // A deleted annotation's slot becomes a hole (undefined; every live slot holds an object), so
  // the slots of the others stay valid until the holes are squeezed out at the end.
  const list: (Annotation | undefined)[] = annotations.map((a) => ({ ...a }));
  // Each live id's slots in list order. More than one only where the sidecar repeats an id (a bad
  // merge): an update changes the first of them and a delete removes them all, as a scan did.
  const slots = new Map<string, number[]>();
  list.forEach((a, i) => {
    const at = slots.get(a!.id);
    if (at) at.push(i);
    else slots.set(a!.id, [i]);
  });
  let holes = false;
  // In the order the ops came; reversed at the end, so Undo takes back the last change first.
  const inverse: Op[] = [];
  for (const op of ops) {
    switch (op.type) {
      case 'add':
        if (slots.has(op.annotation.id)) throw new OpError(`an annotation with id "${op.annotation.id}" already exists`);
        slots.set(op.annotation.id, [list.length]);
        list.push({ ...op.annotation });
        inverse.push({ type: 'delete', id: op.annotation.id });
        break;
      case 'delete': {
        const at = slots.get(op.id);
        if (!at) throw new OpError(`annotation "${op.id}" no longer exists (deleted elsewhere?)`);
        const old = list[at[0]]!;
        for (const i of at) list[i] = undefined;
        slots.delete(op.id);
        holes = true;
        inverse.push({ type: 'add', annotation: old });
        break;
      }
      case 'update': {
        const i = slots.get(op.id)?.[0];
        if (i === undefined) throw new OpError(`annotation "${op.id}" no longer exists (deleted elsewhere?)`);
        const before = list[i] as unknown as Fields;
        const after: Fields = { ...before };
        const touched = new Set<string>();
        for (const [k, v] of Object.entries(op.set)) {
          if (k === 'id' || v === undefined) continue;
          touched.add(k);
          if (v === null) delete after[k];
          else after[k] = v;
        }
        if (actor && !touched.has('review') && isApproved(before.review) && ASSESSMENT.some((k) => !sameValue(before[k], after[k]))) {
          delete after.review;
          touched.add('review');
        }
        if (actor && [...touched].some((k) => !NOT_A_CHANGE.has(k) && !sameValue(before[k], after[k]))) stamp(before, after, actor, touched);
        const undo: Fields = {};
        for (const k of touched) undo[k] = k in before ? before[k] : null;
        list[i] = after as unknown as Annotation;
        inverse.push({ type: 'update', id: op.id, set: undo as Extract<Op, { type: 'update' }>['set'] });
        break;
      }
    }
  }
  return { annotations: holes ? list.filter((a): a is Annotation => a !== undefined) : (list as Annotation[]), inverse: inverse.reverse() };
}

const isApproved = (r: unknown): boolean => typeof r === 'object' && r !== null && (r as { state?: unknown }).state === 'approved';

/** Credits a change to `actor`: `updated`/`updatedBy`, and the history entries it makes. */
function stamp(before: Fields, after: Fields, actor: Actor, touched: Set<string>): void {
  after.updated = actor.at;
  after.updatedBy = actor.by;
  const entries = changesBetween(before, after, actor.by, actor.at);
  const past = Array.isArray(before.history) ? before.history : [];
  if (entries.length) after.history = [...past, ...entries];
  else if (past.length) after.history = past;
  else delete after.history;
  for (const k of STAMP) touched.add(k);
}
