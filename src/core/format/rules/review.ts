// The rules of the review loop's two fields (issue 11). `review: {state, by, at}` is a
// reviewer's verdict on an annotation's assessment; `replies: [{id, by, at, text}]` is the
// thread around it. Both arrive through git from anyone, so they are held to the rules of the
// fields they resemble: `by`/`at` are one line of text (authors, times), a reply's `id` is an
// identifier (it prints in CLI output and is the merge's key), its `text` is prose like a note.
// Unknown keys are refused rather than kept: both are rewritten whole and would lose them.
import { REVIEW_STATES, type Reply, type Review, type ReviewState } from '../../types';
import type { Read } from './fields';
import { isObj, shown } from './findings';
import { idTextProblem, lineTextProblem, noteTextProblem } from './text';

export const REVIEW_KEYS = ['state', 'by', 'at'] as const;
export const REPLY_KEYS = ['id', 'by', 'at', 'text'] as const;

/** Longest reply kept: a reply is a comment, not a document. */
export const REPLY_MAX = 20_000;

function oneLine(o: Record<string, unknown>, k: string): string | null {
  const x = o[k];
  if (typeof x !== 'string' || x.trim() === '') return `\`${k}\` must be one line of text`;
  const why = lineTextProblem(x);
  return why ? `\`${k}\` ${why}` : null;
}

export function readReview(v: unknown): Read<Review> & { at?: (string | number)[] } {
  if (!isObj(v)) return { error: '`review` must be {state: approved|rejected|changes-requested, by, at}' };
  for (const k of Object.keys(v)) {
    if (!(REVIEW_KEYS as readonly string[]).includes(k)) return { error: `\`review\` has unknown key ${shown(k)} (expected ${REVIEW_KEYS.join(', ')})`, at: [k] };
  }
  if (typeof v.state !== 'string' || !(REVIEW_STATES as readonly string[]).includes(v.state)) {
    return { error: `unknown review state ${shown(v.state ?? null)} (expected ${REVIEW_STATES.join(', ')})`, at: 'state' in v ? ['state'] : [] };
  }
  for (const k of ['by', 'at']) {
    const why = oneLine(v, k);
    if (why) return { error: `\`review\`: ${why}`, at: k in v ? [k] : [] };
  }
  return { value: { state: v.state as ReviewState, by: v.by as string, at: v.at as string } };
}

export function readReplies(v: unknown): Read<Reply[]> & { at?: (string | number)[] } {
  if (!Array.isArray(v)) return { error: '`replies` must be a list of {id, by, at, text}' };
  const out: Reply[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < v.length; i++) {
    const r = v[i];
    const bad = (error: string, key?: string) => ({ error: `reply ${i + 1}: ${error}`, at: key && isObj(r) && key in r ? [i, key] : [i] });
    if (!isObj(r)) return bad('must be {id, by, at, text}');
    for (const k of Object.keys(r)) if (!(REPLY_KEYS as readonly string[]).includes(k)) return bad(`unknown key ${shown(k)} (expected ${REPLY_KEYS.join(', ')})`, k);
    const id = typeof r.id === 'number' && Number.isSafeInteger(r.id) && r.id >= 0 ? String(r.id) : r.id;
    if (typeof id !== 'string' || id.trim() === '') return bad('is missing `id`', 'id');
    const idWhy = idTextProblem(id);
    if (idWhy) return bad(`id ${shown(id)} ${idWhy}`, 'id');
    if (seen.has(id)) return bad(`duplicate id ${shown(id)}: reply ids must be unique on an annotation`, 'id');
    seen.add(id);
    for (const k of ['by', 'at']) {
      const why = oneLine(r, k);
      if (why) return bad(why, k);
    }
    if (typeof r.text !== 'string') return bad('`text` must be text', 'text');
    const why = noteTextProblem(r.text);
    if (why) return bad(`\`text\` ${why}`, 'text');
    if (r.text.length > REPLY_MAX) return bad(`\`text\` is longer than ${REPLY_MAX} characters`, 'text');
    out.push({ id, by: r.by as string, at: r.at as string, text: r.text });
  }
  return { value: out };
}
