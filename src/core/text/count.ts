// A count as people read it, "12,345", for progress messages and tree labels. Not
// Number.toLocaleString: its first call in the extension host loads the locale's number data,
// 21 ms of the host's thread in the middle of the index's first progress message (issue 15: a
// profile of a reopened 2,000-source workspace), 16-29 ms in plain Node. The labels were 'en' already.

/** `n` with a comma between each group of three digits; anything but a safe integer as String gives it. */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n);
  const digits = String(Math.abs(n));
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let at = out.length; at < digits.length; at += 3) out += ',' + digits.slice(at, at + 3);
  return n < 0 ? '-' + out : out;
}
