// Annotation changes as operations. The extension never writes its in-memory copy of a
// sidecar: it re-reads the file and applies the operation to what is there now, so changes
// made meanwhile (another window, a git pull, a script) are kept. Each application also
// yields the inverse operations, which is what "Undo last annotation change" replays.
import type { Annotation } from './types';

export type Op =
  | { type: 'add'; annotation: Annotation }
  /** Fields to set; a field set to null is removed. */
  | { type: 'update'; id: string; set: { [K in keyof Annotation]?: Annotation[K] | null } }
  | { type: 'delete'; id: string };

export class OpError extends Error {}

export function applyOps(annotations: readonly Annotation[], ops: readonly Op[]): { annotations: Annotation[]; inverse: Op[] } {
  let list = annotations.map((a) => ({ ...a }));
  const inverse: Op[] = [];
  for (const op of ops) {
    switch (op.type) {
      case 'add':
        if (list.some((a) => a.id === op.annotation.id)) throw new OpError(`an annotation with id "${op.annotation.id}" already exists`);
        list.push({ ...op.annotation });
        inverse.unshift({ type: 'delete', id: op.annotation.id });
        break;
      case 'delete': {
        const old = list.find((a) => a.id === op.id);
        if (!old) throw new OpError(`annotation "${op.id}" no longer exists (deleted elsewhere?)`);
        list = list.filter((a) => a.id !== op.id);
        inverse.unshift({ type: 'add', annotation: old });
        break;
      }
      case 'update': {
        const i = list.findIndex((a) => a.id === op.id);
        if (i < 0) throw new OpError(`annotation "${op.id}" no longer exists (deleted elsewhere?)`);
        const before = list[i];
        const after: Record<string, unknown> = { ...before };
        const undo: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(op.set)) {
          if (k === 'id' || v === undefined) continue;
          undo[k] = k in before ? (before as unknown as Record<string, unknown>)[k] : null;
          if (v === null) delete after[k];
          else after[k] = v;
        }
        list[i] = after as unknown as Annotation;
        inverse.unshift({ type: 'update', id: op.id, set: undo as Extract<Op, { type: 'update' }>['set'] });
        break;
      }
    }
  }
  return { annotations: list, inverse };
}
