// The plain-Node benches' printed tables and medians, one way for all (bench/cli.ts, entities.ts,
// worker.ts): the first column left-aligned, the figures right-aligned, and with `leftLast` the
// last column (a verdict) left-aligned too.

export function table(head: string[], rows: string[][], leftLast = false): void {
  const w = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const left = (k: number, n: number) => k === 0 || (leftLast && k === n - 1);
  const line = (cells: string[]) => '  ' + cells.map((c, k) => (left(k, cells.length) ? c.padEnd(w[k]) : c.padStart(w[k]))).join('  ').trimEnd();
  console.log(line(head));
  console.log('  ' + w.map((n) => '─'.repeat(n)).join('  '));
  for (const r of rows) console.log(line(r));
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
