// The operations that take a sidecar's annotations from `after` back to `before`: how a change
// made as a whole text (settling a merge conflict) is undone as operations, so Undo restores
// the conflict while keeping whatever else was written to the file since (no `vscode`).
import type { Op } from '../../core/ops';
import { sameValue } from '../../core/review/history';
import type { Annotation } from '../../core/types';

export function inverseOps(before: readonly Annotation[], after: readonly Annotation[]): Op[] {
  const ops: Op[] = [];
  const was = new Map(before.map((a) => [a.id, a]));
  const is = new Map(after.map((a) => [a.id, a]));
  for (const a of after) if (!was.has(a.id)) ops.push({ type: 'delete', id: a.id });
  for (const b of before) {
    const a = is.get(b.id);
    if (!a) {
      ops.push({ type: 'add', annotation: b });
      continue;
    }
    const set: Record<string, unknown> = {};
    const rec = (x: Annotation) => x as unknown as Record<string, unknown>;
    for (const k of new Set([...Object.keys(b), ...Object.keys(a)])) {
      if (k === 'id' || sameValue(rec(b)[k], rec(a)[k])) continue;
      set[k] = k in b ? rec(b)[k] : null;
    }
    if (Object.keys(set).length) ops.push({ type: 'update', id: b.id, set: set as Extract<Op, { type: 'update' }>['set'] });
  }
  return ops;
}
