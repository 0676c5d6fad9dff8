// A web page saved as plain text (issue 14): "Skip to main content", forty lines of site menu,
// then the headline and the article, then "Related", "Popular", a footer and a cookie policy.
// There is no DOM left for a reader-mode extractor, so the article is found from the shape of
// the lines alone: an article is a run of long prose lines, menus and footers are runs of short
// ones. Each non-blank line scores its length (capped) when it reads as prose and a fixed
// penalty when it does not, and the best-scoring run (Kadane's maximum subarray, one pass) is
// the body. The headline is searched just above it: the block of lines directly before the
// body that read like a headline, a standfirst or a byline (not a list of tags or menu items).
// Inside the body, boilerplate lines and repeated lines are dropped as for an HTML page; a
// trailing newsletter or donation appeal is dropped too. Pure and linear in the text.
import { isBoilerplate, oneLine } from './text';

export interface TextDump {
  /** The article only: headline, standfirst, byline, body; a blank line between paragraphs. */
  text: string;
  /** The headline found above the body, when there is one. */
  title?: string;
  /** Non-blank lines dropped before the headline and after the body. */
  droppedBefore: number;
  droppedAfter: number;
}

/** A line counts as prose from this length, if it has a sentence's punctuation and words. */
const PROSE_MIN = 80;
/** A prose line scores its length up to this, so one long cookie policy cannot outweigh a menu. */
const PROSE_CAP = 300;
/** What a short (menu, tag, footer) line costs the run it is in. */
const SHORT_COST = 100;
/** At most this many lines above the body are taken as headline, standfirst and byline. */
const HEADER_LINES = 4;
/** Dropped lines from which a text is treated as a page dump rather than an article. */
const DUMP_MIN_DROPPED = 3;

const APPEAL = /\b(?:newsletter|subscribe|donat(?:e|ion)|support (?:us|our)|sign up|not-for-profit|become a (?:member|patron))\b/i;

function isProse(line: string): boolean {
  if (line.length < PROSE_MIN || isBoilerplate(line)) return false;
  // "Terms of Use | Cookie policy | …": a menu, however long
  if (line.split('|').length > 2) return false;
  const words = line.split(' ').length;
  return words >= 12 && /[.!?:;”"’)]/.test(line);
}

/** A headline, standfirst or byline: a few words at least, not a comma list of tags or menu items. */
function isHeaderLike(line: string): boolean {
  if (line.length > 240 || isBoilerplate(line)) return false;
  const words = line.split(' ');
  if (words.length < 4) return false;
  const parts = line.split(',');
  if (parts.length >= 3 && parts.every((p) => p.trim().split(' ').length <= 3)) return false;
  return !/^[•·*\-–]/.test(line);
}

const isTitleLike = (line: string) => isHeaderLike(line) && !/[.;]$/.test(line) && !/\b\d{4}\b/.test(line.slice(-12));

/**
 * The article of a page saved as text, or null when the text already reads as an article (at
 * most a couple of lines would go): then it is added as it is.
 */
export function articleOfTextDump(text: string): TextDump | null {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map(oneLine).filter((l) => l !== '');
  if (lines.length === 0) return null;
  // the best run of lines: prose adds, short lines cost
  let best = -Infinity;
  let bestStart = 0;
  let bestEnd = -1;
  let run = 0;
  let runStart = 0;
  for (let i = 0; i < lines.length; i++) {
    const score = isProse(lines[i]) ? Math.min(lines[i].length, PROSE_CAP) : -SHORT_COST;
    if (run <= 0) {
      run = score;
      runStart = i;
    } else run += score;
    if (run > best) {
      best = run;
      bestStart = runStart;
      bestEnd = i;
    }
  }
  if (bestEnd < 0 || best <= 0) return null;
  // the headline block directly above the body
  let start = bestStart;
  while (start > 0 && bestStart - start < HEADER_LINES && isHeaderLike(lines[start - 1])) start--;
  let title: string | undefined;
  for (let i = start; i < bestStart; i++) {
    if (isTitleLike(lines[i])) {
      title = lines[i];
      start = i;
      break;
    }
  }
  // a trailing appeal to subscribe or donate is the site's, not the article's
  let end = bestEnd;
  while (end > bestStart && APPEAL.test(lines[end]) && lines[end].length < 600) end--;
  const droppedBefore = start;
  const droppedAfter = lines.length - 1 - end;
  if (droppedBefore + droppedAfter < DUMP_MIN_DROPPED && !isBoilerplate(lines[0])) return null;
  const kept: string[] = [];
  const seen = new Set<string>();
  for (let i = start; i <= end; i++) {
    const l = lines[i];
    if (isBoilerplate(l) || seen.has(l)) continue;
    seen.add(l);
    kept.push(l);
  }
  return { text: kept.join('\n\n') + '\n', ...(title ? { title } : {}), droppedBefore, droppedAfter };
}
