// Which entities' highlights one edit changed, so the editor is sent only those (issue 15: a
// keystroke's extension time at most 5 ms in a 1 MB source). The editor moves every range it
// holds by itself (decorations are tracked ranges, ClosedClosed: typing at an edge does not grow
// one), the same rule as shiftSpan; so a mention drawn before the edit that LiveDocuments still
// has, exactly where shiftSpan puts it, needs nothing sent. One it dropped, altered or newly found
// near the edit does: its entity's ranges are sent again, the other entities' are not.
//
// `before` is a copy of what was drawn (LiveDocuments moves its mention objects in place, so
// its own list cannot serve as the "before"). Pure offsets, whatever unit the caller counts in.
import { firstEndingAfter, shiftSpan, type TextChange } from '../spans';
import { EDIT_REACH, type MentionSpan } from '../live/mentionsAround';

/**
 * The entity ids whose drawn mentions `change` altered: compared within EDIT_REACH of it (further
 * away nobody looked again), `after` only inside `within` (the drawn window, in the new text's
 * offsets) since only that part was drawn. Both lists sorted by start.
 */
export function entitiesChangedAround(before: readonly MentionSpan[], after: readonly MentionSpan[], change: TextChange, within: { from: number; to: number }): Set<string> {
  const changed = new Set<string>();
  const oldEnd = change.offset + change.removed;
  const delta = change.inserted - change.removed;
  const lo = change.offset - EDIT_REACH;
  const moved = new Map<string, number>();
  for (let i = firstEndingAfter(before, lo); i < before.length && before[i].start < oldEnd + EDIT_REACH; i++) {
    const b = before[i];
    const s = shiftSpan(b, change);
    if (!s) changed.add(b.entity);
    else {
      const k = `${s.start}:${s.end}:${b.entity}`;
      moved.set(k, (moved.get(k) ?? 0) + 1);
    }
  }
  const from = Math.max(lo, within.from);
  const to = Math.min(oldEnd + delta + EDIT_REACH, within.to);
  for (let j = firstEndingAfter(after, from); j < after.length && after[j].start < to; j++) {
    const a = after[j];
    const k = `${a.start}:${a.end}:${a.entity}`;
    const n = moved.get(k) ?? 0;
    if (n > 0) moved.set(k, n - 1);
    else changed.add(a.entity);
  }
  for (const [k, n] of moved) if (n > 0) changed.add(k.slice(k.indexOf(':', k.indexOf(':') + 1) + 1));
  return changed;
}

/** Copies of the mentions in [from, to): what a redraw of that window drew. */
export function mentionsIn(mentions: readonly MentionSpan[], from: number, to: number): MentionSpan[] {
  const out: MentionSpan[] = [];
  for (let i = firstEndingAfter(mentions, from); i < mentions.length && mentions[i].start < to; i++) {
    const m = mentions[i];
    out.push({ start: m.start, end: m.end, entity: m.entity });
  }
  return out;
}

/** Whether `drawn` (a copy, as mentionsIn made it) is what `mentions` holds in [from, to) now. */
export function sameMentionsIn(drawn: readonly MentionSpan[], mentions: readonly MentionSpan[], from: number, to: number): boolean {
  let k = 0;
  for (let i = firstEndingAfter(mentions, from); i < mentions.length && mentions[i].start < to; i++, k++) {
    const m = mentions[i];
    const d = drawn[k];
    if (!d || d.start !== m.start || d.end !== m.end || d.entity !== m.entity) return false;
  }
  return k === drawn.length;
}
