// `conflicts:` entries left by `marginalia merge` (issue #5) are read like any other field
// (issue 8, reproduction 8: a crafted entry made `resolve --pick` write an invalid sidecar):
// each value a conflict offers must be one its field could hold, or the entry is an error.
import type { ConflictValue, FieldConflict } from '../../types';
import { isObj, shown, type Findings, type Path } from './findings';
import type { Read } from './fields';
import { idTextProblem, lineTextProblem } from './text';

/**
 * How to check a conflicted field's values: a reader, 'whole' for the record itself (deleted on
 * one side, changed on the other: its values carry no value), or null for a field that can
 * never be in conflict.
 */
export type ConflictField = ((v: unknown) => Read) | 'whole' | null;

export function readConflicts(
  v: unknown,
  path: Path,
  f: Findings,
  fieldRule: (field: string) => ConflictField,
  who: string,
  resolveHint: string,
): FieldConflict[] | null {
  if (!Array.isArray(v) || !v.every((c) => isObj(c) && typeof c.field === 'string' && Array.isArray(c.values) && c.values.every(isObj))) {
    f.error(path, `${who}\`conflicts\` must be a list of {field, base, values}`);
    return null;
  }
  const out: FieldConflict[] = [];
  let ok = true;
  v.forEach((c: Record<string, unknown>, i) => {
    const field = c.field as string;
    const at = [...path, i];
    const bad = (msg: string) => {
      f.error(at, `${who}conflict on ${shown(field)}: ${msg}`);
      ok = false;
    };
    const why = idTextProblem(field);
    if (why) return bad(`the field name ${why}`);
    const rule = fieldRule(field);
    if (rule === null) return bad('this field cannot be in conflict');
    const values = c.values as Record<string, unknown>[];
    for (let j = 0; j < values.length; j++) {
      const x = values[j];
      if (x.deleted !== undefined && typeof x.deleted !== 'boolean') return bad(`value ${j + 1}: \`deleted\` must be true or false`);
      for (const k of ['author', 'updated'] as const) {
        if (x[k] !== undefined && (typeof x[k] !== 'string' || lineTextProblem(x[k] as string))) return bad(`value ${j + 1}: \`${k}\` must be one line of text`);
      }
      if (rule !== 'whole' && !x.deleted && 'value' in x) {
        const r = rule(x.value);
        if (r.error !== undefined) return bad(`value ${j + 1} cannot be picked: ${r.error}`);
      }
    }
    if (rule !== 'whole' && 'base' in c && c.base !== undefined) {
      const r = rule(c.base);
      if (r.error !== undefined) return bad(`the ancestor's value is not valid: ${r.error}`);
    }
    out.push({ field, ...('base' in c ? { base: c.base } : {}), values: values as ConflictValue[] });
    const list = values.map((x) => (x.deleted ? '(deleted)' : shown(x.value ?? null))).join(' | ');
    f.warn(at, `${who}unresolved merge conflict on \`${field}\`: ${list} — ${resolveHint}`);
  });
  return ok ? out : null;
}
