// Did the words of a claim change, or only their typography? An assessment (disputed, refuted,
// a credibility grade) is a judgement about particular words: "are directed by the Kremlin" and
// "are not directed by the Kremlin" need a human to look again, while a re-fetched page that
// straightened quotes, changed dashes, case or line breaks does not. So the rule is: compare
// the letters and digits alone, case-folded; anything else is typography (issue 9,
// "A claim whose words changed needs a human").

const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/** The letters and digits of `text`, case-folded and normalised (NFKC): what the words say. */
export function wordContent(text: string): string {
  return text.normalize('NFKC').replace(NOT_WORD, '').toLocaleLowerCase('und');
}

/** True when the letters or digits differ: the claim needs review before its assessment stands. */
export function wordsChanged(assessed: string, current: string): boolean {
  // the common case, on every keystroke for every claim on screen: nothing changed at all
  if (assessed === current) return false;
  return wordContent(assessed) !== wordContent(current);
}

export type DiffOp = { op: 'same' | 'del' | 'ins'; text: string };

/** Words and the white space/punctuation between them, so a diff can be rejoined exactly. */
export function tokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+|[^\p{L}\p{N}]+/gu) ?? [];
}

/**
 * A word-level diff of `a` (the assessed quote) into `b` (the current text): Myers' O(ND)
 * algorithm over tokens. Past `maxEdits` token edits (a rewritten paragraph, or hostile input)
 * it answers "all of a deleted, all of b inserted", so the cost stays O((n+m)·maxEdits).
 * Joining the `same`+`del` texts gives `a`; `same`+`ins` gives `b`.
 */
export function wordDiff(a: string, b: string, maxEdits = 200): DiffOp[] {
  const x = tokens(a);
  const y = tokens(b);
  const n = x.length;
  const m = y.length;
  const max = Math.min(n + m, maxEdits);
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let px = k === -d || (k !== d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
      let py = px - k;
      while (px < n && py < m && x[px] === y[py]) {
        px++;
        py++;
      }
      v[off + k] = px;
      if (px >= n && py >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return merge([{ op: 'del', text: a }, { op: 'ins', text: b }].filter((o) => o.text !== '') as DiffOp[]);
  // Walk back through the saved frontiers.
  const ops: DiffOp[] = [];
  let px = n;
  let py = m;
  for (let d = found; d > 0; d--) {
    const vd = trace[d];
    const k = px - py;
    const down = k === -d || (k !== d && vd[off + k - 1] < vd[off + k + 1]);
    const pk = down ? k + 1 : k - 1;
    const sx = vd[off + pk];
    const sy = sx - pk;
    while (px > sx + (down ? 0 : 1) && py > sy + (down ? 1 : 0)) ops.push({ op: 'same', text: x[--px] }), py--;
    if (down) ops.push({ op: 'ins', text: y[--py] });
    else ops.push({ op: 'del', text: x[--px] });
  }
  while (px > 0 && py > 0) ops.push({ op: 'same', text: x[--px] }), py--;
  return merge(ops.reverse());
}

function merge(ops: DiffOp[]): DiffOp[] {
  const out: DiffOp[] = [];
  for (const o of ops) {
    const last = out[out.length - 1];
    if (last && last.op === o.op) last.text += o.text;
    else out.push({ ...o });
  }
  return out;
}
