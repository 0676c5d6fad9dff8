// An index of every 8-unit substring of the folded text, built once per text when anchoring
// has to look beyond exact matches or work through many annotations. It turns "where could this
// quote (or its context) be, allowing some edits?" into a few table look-ups: by the pigeonhole
// principle a match with few errors keeps some pieces intact, and each intact piece points at the
// place ("seed and extend", as in BLAST).

export const GRAM = 8;
const B = 0x01000193; // FNV prime: spreads UTF-16 units well under Math.imul

function hashAt(text: string, i: number): number {
  let h = 0;
  for (let t = 0; t < GRAM; t++) h = (Math.imul(h, B) + text.charCodeAt(i + t)) | 0;
  return h;
}

export class GramIndex {
  private readonly mask: number;
  /** Bucket b holds positions[heads[b] .. heads[b + 1]), ascending. */
  private readonly heads: Int32Array;
  private readonly positions: Int32Array;

  constructor(private readonly text: string) {
    const n = Math.max(0, text.length - GRAM + 1);
    // About four positions per bucket: a small table stays in cache while it is filled.
    let bits = 8;
    while (bits < 22 && 1 << (bits + 2) < n) bits++;
    const size = 1 << bits;
    this.mask = size - 1;
    const buckets = new Int32Array(n);
    const heads = new Int32Array(size + 1);
    // B^(GRAM-1), to roll the hash along the text in O(1) per position.
    let top = 1;
    for (let t = 0; t < GRAM - 1; t++) top = Math.imul(top, B);
    let h = n > 0 ? hashAt(text, 0) : 0;
    for (let i = 0; i < n; i++) {
      if (i > 0) {
        h = (h - Math.imul(text.charCodeAt(i - 1), top)) | 0;
        h = (Math.imul(h, B) + text.charCodeAt(i + GRAM - 1)) | 0;
      }
      const b = this.bucket(h);
      buckets[i] = b;
      heads[b + 1]++;
    }
    for (let b = 0; b < size; b++) heads[b + 1] += heads[b];
    const fill = heads.slice(0, size);
    const positions = new Int32Array(n);
    for (let i = 0; i < n; i++) positions[fill[buckets[i]]++] = i;
    this.heads = heads;
    this.positions = positions;
  }

  private bucket(h: number): number {
    return (Math.imul(h, 0x9e3779b1) >>> 7) & this.mask;
  }

  /** Calls `found` for every position where `piece` (exactly GRAM units long) occurs. */
  lookup(piece: string, found: (position: number) => void): void {
    if (piece.length !== GRAM) throw new RangeError(`pieces are ${GRAM} units`);
    const b = this.bucket(hashAt(piece, 0));
    for (let k = this.heads[b]; k < this.heads[b + 1]; k++) {
      const p = this.positions[k];
      if (this.text.startsWith(piece, p)) found(p);
    }
  }

  /** How many positions share the bucket of `piece`: an upper bound on its occurrences. */
  count(piece: string): number {
    const b = this.bucket(hashAt(piece, 0));
    return this.heads[b + 1] - this.heads[b];
  }
}
