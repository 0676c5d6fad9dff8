// Which file a sidecar left behind by a rename belongs to now. After `git mv a.txt b.txt` the
// sidecar `a.txt.annotations.yaml` stays where it was and its annotations vanish from the
// views; the analyst re-links it to another source. The best guess is the file whose text holds
// the most of the sidecar's quotes: the rename target holds all of them. Pure: callers pass
// texts already read.
//
// Cost is bounded whatever the sidecar holds (it arrives through git): at most MAX_QUOTES
// distinct quotes, each cut to MAX_QUOTE_CHARS, are looked for in each candidate, so ranking is
// linear in the candidates' total text.

export const MAX_QUOTES = 64;
export const MAX_QUOTE_CHARS = 200;

export interface RelinkCandidate {
  /** What the caller knows the file by (a path relative to the corpus root). */
  readonly id: string;
  readonly text: string;
}

export interface RankedCandidate {
  readonly id: string;
  /** How many of the sidecar's (distinct, non-empty) quotes the text holds. */
  readonly found: number;
  /** How many quotes were looked for. */
  readonly total: number;
}

/** White space runs become one space, so a reflowed copy of the text still matches. */
function flatten(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** The quotes worth looking for: distinct, non-empty, capped in number and length. */
export function searchQuotes(quotes: readonly string[]): string[] {
  const out = new Set<string>();
  for (const q of quotes) {
    if (out.size >= MAX_QUOTES) break;
    let flat = flatten(q).trim();
    if (flat.length > MAX_QUOTE_CHARS) {
      flat = flat.slice(0, MAX_QUOTE_CHARS);
      // never end on half a surrogate pair: it would match nothing
      if (/[\ud800-\udbff]$/.test(flat)) flat = flat.slice(0, -1);
    }
    if (flat) out.add(flat);
  }
  return [...out];
}

/**
 * Every candidate with the number of quotes its text holds, most first; ties (and files that
 * hold none) by id, so the order is stable and every file stays pickable.
 */
export function rankCandidates(quotes: readonly string[], candidates: Iterable<RelinkCandidate>): RankedCandidate[] {
  const wanted = searchQuotes(quotes);
  const ranked: RankedCandidate[] = [];
  for (const c of candidates) {
    const text = flatten(c.text);
    let found = 0;
    for (const q of wanted) if (text.includes(q)) found++;
    ranked.push({ id: c.id, found, total: wanted.length });
  }
  return ranked.sort((a, b) => b.found - a.found || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
