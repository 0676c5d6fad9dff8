// Word boundaries. A quote that began at the start of a word is a word (or words); a place
// where it "matches" from the middle of another word ("rme" in "Armenian" for a deleted
// "Prime", "Russia" in "Russian") is a different word, however well the context agrees.

const WORD = /[\p{L}\p{N}\p{M}]/u;

export function isWordUnit(c: number): boolean {
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
  // Surrogates: astral letters are rare in prose; treat them as word units.
  if (c >= 0xd800 && c <= 0xdfff) return true;
  return WORD.test(String.fromCharCode(c));
}

/** Whether the units on either side of position `i` of `s` are not both word units. */
export function boundaryAt(s: string, i: number): boolean {
  if (i <= 0 || i >= s.length) return true;
  return !(isWordUnit(s.charCodeAt(i - 1)) && isWordUnit(s.charCodeAt(i)));
}
