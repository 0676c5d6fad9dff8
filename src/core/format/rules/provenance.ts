// The `provenance:` rule (issue 14): where a captured source came from. Every value was read
// from a web page or a PDF's document info, so each is one line of text with no control
// characters (it prints in hovers, the Sources view and CLI output, always as plain text) and
// is capped in length. `url` is kept only as text — it is never made a link — but must still
// look like an http(s) address, so a `javascript:` or `file:` value is refused where it is
// written, not only where it is shown. Unknown keys are refused rather than kept: the block is
// rewritten whole when a source is re-added, and would silently lose them.
import type { Provenance } from '../../types';
import type { Read } from './fields';
import { isObj, shown } from './findings';
import { lineTextProblem } from './text';

export const PROVENANCE_KEYS = ['url', 'title', 'publisher', 'author', 'published', 'retrieved', 'sha256', 'capturedFrom'] as const;

/** Longest value kept: a title or URL longer than this is not a title or a URL. */
export const PROVENANCE_MAX = 2000;

const KNOWN = new Set<string>(PROVENANCE_KEYS);

export function readProvenance(v: unknown): Read<Provenance> & { at?: string[] } {
  if (!isObj(v)) return { error: `\`provenance\` must be a mapping of ${PROVENANCE_KEYS.join(', ')}` };
  const out: Provenance = {};
  for (const k of Object.keys(v)) {
    const bad = (error: string) => ({ error: `\`provenance.${KNOWN.has(k) ? k : 'field'}\` ${error}`, at: [k] });
    if (!KNOWN.has(k)) return { error: `\`provenance\` has unknown key ${shown(k)} (expected ${PROVENANCE_KEYS.join(', ')})`, at: [k] };
    const x = v[k];
    if (x === null || x === undefined) continue;
    if (typeof x !== 'string') return bad('must be text');
    const why = lineTextProblem(x);
    if (why) return bad(why);
    if (x.length > PROVENANCE_MAX) return bad(`is longer than ${PROVENANCE_MAX} characters`);
    if (k === 'sha256' && !/^[0-9a-f]{64}$/.test(x)) return bad('must be 64 lowercase hexadecimal digits (the SHA-256 of the source text)');
    if (k === 'url' && !/^https?:\/\/[^\s]+$/i.test(x)) return bad('must be an http or https address');
    out[k as keyof Provenance] = x;
  }
  return { value: out };
}
