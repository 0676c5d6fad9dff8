// An edited version of an article that knows, for every annotation target, where its words are
// now (or that they are gone). Edits are applied in stages of non-overlapping operations on the
// current text, in code points; each stage maps every target's truth forward.

export type Truth =
  /** The quote is at [start, end), possibly with cosmetic changes (CRLF, quote style, spacing). */
  | { kind: 'exact'; start: number; end: number; shaken?: true }
  /**
   * The quote was slightly edited (a typo fixed): placing it over most of [start, end) is right.
   * `shaken`: its context (CONTEXT code points on either side) was edited too.
   */
  | { kind: 'near'; start: number; end: number; shaken?: true }
  /** Heavily edited but partly there: an orphan is right, and so is a placement over [start, end). */
  | { kind: 'either'; start: number; end: number }
  /** The quote no longer exists: only an orphan is right. */
  | { kind: 'gone' };

export interface Op {
  /** Replaced span of the current text, code points. */
  start: number;
  end: number;
  insert: string;
  /** Only changes the text's form (line endings, quote style, spacing): truth stays exact. */
  cosmetic?: boolean;
  /** A small correction inside a quote: the quote stays findable (truth `near`). */
  typo?: boolean;
  /**
   * The insert holds, from its code point `offset`, the text at [start, end) of the current
   * text, which another operation of the same stage deletes: a sentence moved. Targets inside
   * it move with it.
   */
  from?: { start: number; end: number; offset: number };
}

export class Version {
  /** Current text as code points. */
  private cps: string[];
  readonly truths: Truth[];

  constructor(original: string, spans: { start: number; end: number }[]) {
    this.cps = Array.from(original);
    this.truths = spans.map((s) => ({ kind: 'exact', start: s.start, end: s.end }));
  }

  get text(): string {
    return this.cps.join('');
  }

  get length(): number {
    return this.cps.length;
  }

  /** Code points [start, end) of the current text. */
  slice(start: number, end: number): string {
    return this.cps.slice(start, end).join('');
  }

  at(i: number): string {
    return this.cps[i] ?? '';
  }

  apply(ops: Op[]): void {
    const sorted = ops.slice().sort((x, y) => x.start - y.start || x.end - y.end);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i].start < sorted[i - 1].end) throw new Error('overlapping edit operations');
    }
    for (let t = 0; t < this.truths.length; t++) this.truths[t] = mapTruth(this.truths[t], sorted);
    const out: string[] = [];
    let pos = 0;
    for (const op of sorted) {
      for (let i = pos; i < op.start; i++) out.push(this.cps[i]);
      out.push(...Array.from(op.insert));
      pos = op.end;
    }
    for (let i = pos; i < this.cps.length; i++) out.push(this.cps[i]);
    this.cps = out;
  }
}

function delta(op: Op): number {
  return Array.from(op.insert).length - (op.end - op.start);
}

/** New position of old position p; `side` says whether an insertion exactly at p comes before it. */
function mapPos(p: number, ops: Op[], side: 'start' | 'end'): number {
  let d = 0;
  for (const op of ops) {
    const before = op.end < p || (op.end === p && (op.start < p || side === 'start'));
    if (before) d += delta(op);
    else if (op.start < p && p < op.end) return op.start + d + (side === 'end' ? Array.from(op.insert).length : 0);
    else break;
  }
  return p + d;
}

/** Where a target inside moved text is now (ops sorted), if it is inside one. */
function movedWith(t: { kind: Truth['kind']; start: number; end: number }, ops: Op[]): Truth | undefined {
  let d = 0;
  for (const op of ops) {
    const f = op.from;
    if (f && t.start >= f.start && t.end <= f.end) {
      const at = op.start + d + f.offset + (t.start - f.start);
      return { kind: t.kind, start: at, end: at + (t.end - t.start) } as Truth;
    }
    d += delta(op);
  }
  return undefined;
}

/** The context stored on each side of a quote (selector.ts), code points. */
const CONTEXT = 32;

function mapTruth(t: Truth, ops: Op[]): Truth {
  const mapped = mapSpan(t, ops);
  if ((mapped.kind !== 'near' && mapped.kind !== 'exact') || t.kind === 'gone') return mapped;
  const was = t as { start: number; end: number; shaken?: true };
  const { start: s, end: e } = was;
  const beside = (op: Op) => {
    if (op.cosmetic) return false;
    // An insertion right at an end is the context's edit, unless it is the quote's own typo.
    if (op.start === op.end) return (op.start > s - CONTEXT && op.start < s) || (op.start > e && op.start < e + CONTEXT) || (!op.typo && (op.start === s || op.start === e));
    return (op.end > s - CONTEXT && op.start < s) || (op.start < e + CONTEXT && op.end > e);
  };
  return was.shaken || ops.some(beside) ? { ...mapped, shaken: true } : mapped;
}

function mapSpan(t: Truth, ops: Op[]): Truth {
  if (t.kind === 'gone') return t;
  const { start: s, end: e } = t;
  const moved = movedWith(t, ops);
  if (moved) return moved;
  // A typo inserted right at either end of a quote is part of its word ("RRussia").
  const typoAt = (p: number) => ops.some((op) => op.typo && op.start === p && op.end === p);
  const hits = ops.filter(
    (op) =>
      !op.cosmetic &&
      ((op.start < e && op.end > s) || (op.start === op.end && (op.typo ? op.start >= s && op.start <= e : op.start > s && op.start < e))),
  );
  const span = { start: mapPos(s, ops, typoAt(s) ? 'end' : 'start'), end: mapPos(e, ops, typoAt(e) ? 'start' : 'end') };
  if (hits.length === 0) return { kind: t.kind, ...span };
  const m = e - s;
  let removed = 0;
  let inserted = 0;
  for (const op of hits) {
    removed += Math.min(e, op.end) - Math.max(s, op.start);
    inserted += Array.from(op.insert).length;
  }
  const kept = m - removed;
  if (kept <= 0 || span.end <= span.start) return { kind: 'gone' };
  if (t.kind !== 'either' && hits.every((op) => op.typo)) return { kind: 'near', ...span };
  const changed = (removed + inserted) / m;
  if (t.kind !== 'either' && changed <= 0.1) return { kind: 'near', ...span };
  return kept / m >= 0.5 ? { kind: 'either', ...span } : { kind: 'gone' };
}
