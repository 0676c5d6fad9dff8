// Plain text from captured documents (issue 14): the blocks an extractor found (headings,
// paragraphs, captions, list items) become a source an analyst annotates — one paragraph per
// block, a blank line between blocks, LF, one final newline. What a reader never wants to
// annotate is dropped here, whatever the extractor: a caption or paragraph repeated word for
// word (saved pages repeat photo captions in galleries and "related" boxes), and short
// boilerplate lines a page scatters through its article (share prompts, cookie notices,
// "Skip to main content", "Advertisement"). Linear in the text.

export type BlockKind = 'heading' | 'paragraph' | 'caption' | 'item' | 'quote';

export interface Block {
  kind: BlockKind;
  text: string;
}

// C0/C1 controls (but tab and line feed), zero-width and bidi controls, BOM: never useful in a source
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** One line of text: invisible characters removed, every run of white space one space. */
export function oneLine(s: string): string {
  return s.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/**
 * A whole text as stored: CRLF and CR to LF, invisible characters removed, trailing spaces cut,
 * at most one blank line in a row, one final newline.
 */
export function cleanText(s: string): string {
  const lines = s.replace(/\r\n?/g, '\n').replace(INVISIBLE, '').split('\n').map(trimEndSpaces);
  const out: string[] = [];
  for (const l of lines) {
    if (l.trim() === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(l.trim() === '' ? '' : l);
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.length ? out.join('\n') + '\n' : '';
}

/**
 * A line without the spaces, tabs and no-break spaces that end it. A loop from the end: the
 * regex `/[ \t\u00a0]+$/` retried from every space of a run that does not end the line, so a
 * line of 100,000 spaces and a letter took seconds.
 */
function trimEndSpaces(l: string): string {
  let end = l.length;
  for (let c = l.charCodeAt(end - 1); c === 0x20 || c === 0x09 || c === 0xa0; c = l.charCodeAt(end - 1)) end--;
  return end === l.length ? l : l.slice(0, end);
}

// Short lines that are the page talking about itself, not the article. Matched on the whole
// block (after oneLine, case-insensitive), so an article sentence that merely mentions cookies stays.
const BOILERPLATE = [
  /^skip to (?:main )?content$/,
  /^(?:share|share this|share this article|share on \w+|tweet|email|print|copy link|copied)$/,
  /^(?:advertisement|sponsored|related|read more|more on this story|most read|sign up|subscribe|newsletter|support us)$/,
  /^(?:accept|reject|manage) (?:all )?cookies$/,
  /\bwe use cookies\b.{0,200}$/,
  /^(?:image|photo|photograph)(?: source)?:? [^.]{0,60}$/,
  // a byline (the author is in the provenance): short, no sentence end
  /^by [^.!?]{1,100}$/,
];

export function isBoilerplate(line: string): boolean {
  if (line.length > 240) return false;
  const l = line.toLowerCase();
  return BOILERPLATE.some((r) => r.test(l));
}

/** The text of the blocks, without repeats and boilerplate (see the header). */
export function blocksToText(blocks: readonly Block[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const b of blocks) {
    const t = oneLine(b.text);
    if (t === '' || isBoilerplate(t)) continue;
    // a block said twice is said once; short headings ("Analysis") may legitimately repeat
    const key = t.toLowerCase();
    if (seen.has(key) && !(b.kind === 'heading' && t.length < 40)) continue;
    seen.add(key);
    out.push(b.kind === 'item' ? `- ${t}` : t);
  }
  return cleanText(out.join('\n\n'));
}
