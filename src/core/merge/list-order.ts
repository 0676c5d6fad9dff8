// The order of a merged hand-ordered list (the registry's entities, grouped under comments by
// the team). Sidecars have a canonical order; the registry does not, so the merged order is
// built from the files: the common entries in their order, and what each side added placed
// after the entry it followed there. Ties are broken by content, never by which side is ours.
import { byContent, eq } from './values';

export function mergeOrder(b: readonly string[] | null, o: readonly string[], t: readonly string[], keep: ReadonlySet<string>): string[] {
  const inTheirs = b ? null : new Set(t);
  const common = b ? new Set(b.filter((id) => keep.has(id))) : new Set(o.filter((id) => inTheirs!.has(id) && keep.has(id)));
  const bs = b ? b.filter((id) => common.has(id)) : null;
  const os = o.filter((id) => common.has(id));
  const ts = t.filter((id) => common.has(id));
  // a reordering made on one side only is kept; when both reordered differently, the ancestor's
  let skeleton: readonly string[];
  if (eq(os, ts)) skeleton = os;
  else if (bs && eq(os, bs)) skeleton = ts;
  else if (bs && eq(ts, bs)) skeleton = os;
  else skeleton = bs ?? byContent(os, ts)[0];

  const inSkeleton = new Set(skeleton);
  const runs = new Map<string, string[][]>();
  for (const side of [o, t]) {
    let anchor = '';
    let run: string[] = [];
    const flush = () => {
      if (run.length) runs.set(anchor, [...(runs.get(anchor) ?? []), run]);
      run = [];
    };
    for (const id of side) {
      if (inSkeleton.has(id)) {
        flush();
        anchor = id;
      } else if (keep.has(id)) run.push(id);
    }
    flush();
  }
  const out: string[] = [];
  const seen = new Set<string>();
  const emit = (id: string) => {
    if (!seen.has(id)) {
      seen.add(id);
      out.push(id);
    }
  };
  const emitRuns = (anchor: string) => {
    const rs = (runs.get(anchor) ?? []).map((r) => [JSON.stringify(r), r] as const).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    for (const [, r] of rs) r.forEach(emit);
  };
  emitRuns('');
  for (const id of skeleton) {
    emit(id);
    emitRuns(id);
  }
  for (const id of [...keep].sort()) emit(id);
  return out;
}
