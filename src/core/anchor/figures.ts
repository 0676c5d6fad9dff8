// The figures a claim states (issue 12). Templated text (a report, a transcript, a press release)
// holds sibling sentences that differ from the annotated one only in a number: "338 complaints"
// beside "240 complaints", "10 per cent of the homes" beside "26 per cent". To the approximate
// search that is two or three edits, a typo's worth; to a reader it is another statement. So a
// place where a figure of the quote reads as a different figure is never the quote edited: it is
// not placed, only offered as a suggestion (a corrected figure is worth the analyst's look anyway).
//
// A label that opens the quote ("3.7 ", "12. ", "(4) ") numbers a paragraph, not a statement:
// paragraphs are renumbered when one is inserted. Figures only added (a timestamp put before a
// line inside a long quote) or only dropped replace nothing.

/** Runs of digits, with their decimal or thousands separators: "3.7", "1,200", "2016". */
const FIGURE = /\d+(?:[.,]\d+)*/g;
/** A paragraph or list number opening the text. */
const LABEL = /^\s*(?:\d+(?:\.\d+)+\.?|\d+[.)\]:]|[([]\d+[)\]])\s+/;

/** The figures stated in `text`, without a leading label. */
export function figuresOf(text: string): string[] {
  return text.replace(LABEL, '').match(FIGURE) ?? [];
}

/** Whether `found` states a figure of `quote` (given as figuresOf(quote)) as a different one. */
export function figureReplaced(quoteFigures: readonly string[], found: string): boolean {
  if (quoteFigures.length === 0) return false;
  const there = figuresOf(found);
  // A long quote of numbered lines states thousands of figures: compared list against list, one
  // claim of 270 KB took 1.5 s here (issue 15). A sentence's few are compared as they are.
  if (quoteFigures.length * there.length > FEW) {
    const inQuote = new Set(quoteFigures);
    const inFound = new Set(there);
    return quoteFigures.some((f) => !inFound.has(f)) && there.some((f) => !inQuote.has(f));
  }
  return quoteFigures.some((f) => !there.includes(f)) && there.some((f) => !quoteFigures.includes(f));
}

const FEW = 256;
