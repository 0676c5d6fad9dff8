// The keystroke path run once, on a copy, before the analyst's first keystroke (issue 15: a
// keystroke's extension time at most 5 ms). The extension host never searched a text for
// mentions before that keystroke (the index workers and the editor's worker do), so the first
// one ran the matcher, the re-find and the redraw's comparisons cold, in V8's interpreter: 4-8 ms
// of re-finding where every later keystroke took 0.3 (bench editor --verbose, "slowest
// keystrokes": site 1, keystroke 1). Run here once in an idle moment after a document opens,
// the same code then answers the first real keystroke compiled. It is a rehearsal and nothing
// more: it works on a piece of text it is given and mentions it finds there itself, and holds
// or changes nothing of the editor's.
import { shiftSpansInPlace } from './shiftInPlace';
import { refindMentions, type FindInSlice, type TextReader } from './refind';
import type { MentionSpan } from './mentionsAround';
import { entitiesChangedAround, mentionsIn } from '../redraw/mentionChanges';
import type { TextChange } from '../spans';
import { unitBoundary } from '../text/positions';

/** How much of a document a rehearsal reads: enough to hold mentions, little enough to take well under a millisecond warm. */
export const REHEARSAL_CHARS = 4000;

/**
 * Types one letter into `piece` and takes it back (a backspace), as the editor would: the spans
 * moved in place, the mentions re-found around the edit, the redraw's choice of entities. The
 * letter goes inside the piece's first mention, if it has one, so that the mention is dropped
 * and found again. Returns where the letter went and the mentions after each keystroke (for the
 * tests: what a search of the whole edited piece finds).
 */
export function rehearseKeystroke(piece: string, find: FindInSlice): { at: number; typed: MentionSpan[]; undone: MentionSpan[] } {
  const found = find(piece);
  const at = unitBoundary(piece, found.length && found[0].end - found[0].start > 1 ? found[0].start + 1 : piece.length >> 1);
  const typed = piece.slice(0, at) + 'x' + piece.slice(at);
  const type: TextChange = { offset: at, removed: 0, inserted: 1 };
  const backspace: TextChange = { offset: at, removed: 1, inserted: 0 };
  const mentions = found.map(copy);
  const afterTyping = keystroke(mentions, type, typed, find);
  const undone = keystroke(afterTyping.map(copy), backspace, piece, find);
  return { at, typed: afterTyping, undone };
}

/** One keystroke as LiveDocuments.onEdit and Decorations.update take it; `mentions` is changed in place and returned. */
function keystroke(mentions: MentionSpan[], change: TextChange, text: string, find: FindInSlice): MentionSpan[] {
  const drawn = mentionsIn(mentions, 0, Number.MAX_SAFE_INTEGER);
  shiftSpansInPlace(mentions.map(copy), [change]);
  refindMentions(mentions, [change], readerOf(text), find);
  entitiesChangedAround(drawn, mentions, change, { from: 0, to: text.length });
  return mentions;
}

function readerOf(text: string): TextReader {
  return { length: text.length, slice: (a, b) => text.slice(a, b) };
}

const copy = (m: MentionSpan): MentionSpan => ({ start: m.start, end: m.end, entity: m.entity });
