// Whether a long index should have the views draw its list before the counts (issue 15). An
// index that is still reading after a second has the views show the sources it listed, without
// counts, so a big workspace's Sources view is not empty for the seconds its reads take. That
// draw takes the extension host's thread (120-280 ms at 2,000 sources in the bench, the views
// and VS Code sending every row to the window), time the index's answers wait for; when the
// counts are a moment away it only delays them. So the list is drawn unless the reads so far say
// they will be done within `worthMs`: nothing read yet always draws (the pace is unknown).
//
// No `vscode` here: unit-tested in plain Node.

/** How soon the counts must be expected for the list draw to be left out. */
export const LIST_WORTH_MS = 400;

/**
 * `done` of `total` sources read in `readingMs` since they were listed: whether to draw the list
 * now, or let the counts come first.
 */
export function drawListFirst(done: number, total: number, readingMs: number, worthMs = LIST_WORTH_MS): boolean {
  if (done <= 0 || total <= 0) return total > 0;
  if (done >= total) return false;
  const remainingMs = (readingMs * (total - done)) / done;
  return remainingMs > worthMs;
}
