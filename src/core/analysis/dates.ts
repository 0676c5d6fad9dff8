// `when:` — the time a claimed event happened, distinct from when the source was published
// (issue 13). The syntax is the calendar part of ISO 8601 at three precisions, or an interval
// of two of them joined by `/` (ISO 8601's interval separator):
//
//   2024            the year            2024-09         the month        2024-09-01   the day
//   2024-09-01/2024-09-03   a range     2024-09/2024-10  months           2024/2025    years
//
// Each value stands for an interval of whole days [first, last], which is what the timeline
// draws and sorts by. No times, no time zones, no weeks or ordinal days: an analyst dates an
// event to the day at best, and a bare ISO date is what they type. Years 1000–9999.
// Also here: finding the one clear date in a claim's sentence, offered (never set) as `when`.

export interface DateSpan {
  /** The value as written (normalised: a year read as a YAML number becomes its digits). */
  text: string;
  /** First and last day covered, as `YYYY-MM-DD`: they sort as text. */
  first: string;
  last: string;
  /** The precision of the start: drawn as a point (day) or a bar (month, year, range). */
  precision: 'day' | 'month' | 'year' | 'range';
}

const PART = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** One part: its first and last day, or null when it is not a calendar date. */
function part(text: string): { first: string; last: string; precision: 'day' | 'month' | 'year' } | null {
  const m = PART.exec(text);
  if (!m) return null;
  const y = Number(m[1]);
  if (y < 1000) return null;
  if (m[2] === undefined) return { first: `${m[1]}-01-01`, last: `${m[1]}-12-31`, precision: 'year' };
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return null;
  if (m[3] === undefined) return { first: `${m[1]}-${m[2]}-01`, last: `${m[1]}-${m[2]}-${pad(daysIn(y, mo))}`, precision: 'month' };
  const d = Number(m[3]);
  if (d < 1 || d > daysIn(y, mo)) return null;
  return { first: text, last: text, precision: 'day' };
}

/** Reads a `when` value (text, or a year YAML read as a number). Null when it is not one. */
export function parseWhen(v: unknown): DateSpan | null {
  const text = typeof v === 'number' && Number.isInteger(v) ? String(v) : typeof v === 'string' ? v.trim() : null;
  if (text === null || text.length > 21) return null;
  const bits = text.split('/');
  if (bits.length === 1) {
    const p = part(text);
    return p && { text, ...p };
  }
  if (bits.length !== 2) return null;
  const a = part(bits[0]);
  const b = part(bits[1]);
  if (!a || !b || b.last < a.first) return null;
  return { text, first: a.first, last: b.last, precision: 'range' };
}

/** Why a `when` value is refused, for the format's rule (undefined when it reads). */
export const WHEN_SYNTAX = '`when` must be a date: 2024, 2024-09, 2024-09-01, or a range such as 2024-09-01/2024-09-03 (start before end)';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_RE = MONTHS.map((m) => `${m[0].toUpperCase()}${m.slice(1)}`).join('|');
const SHORT_RE = MONTHS.map((m) => `${m[0].toUpperCase()}${m.slice(1, 3)}\\.?`).join('|');
const MONTH_NAME = `(${MONTH_RE}|${SHORT_RE})`;

// "7 November 2026", "November 7, 2026", "2026-11-07", "7 November" (year from context)
const PATTERNS: { re: RegExp; read: (m: RegExpExecArray, year?: number) => string | null }[] = [
  { re: /\b(\d{4})-(\d{2})-(\d{2})\b/g, read: (m) => `${m[1]}-${m[2]}-${m[3]}` },
  { re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)? ${MONTH_NAME}(?:,? (\\d{4}))?\\b`, 'g'), read: (m, y) => day(m[3] ?? y, m[2], m[1]) },
  { re: new RegExp(`\\b${MONTH_NAME} (\\d{1,2})(?:st|nd|rd|th)?(?:,? (\\d{4}))?\\b`, 'g'), read: (m, y) => day(m[3] ?? y, m[1], m[2]) },
];

function monthOf(name: string): number {
  const k = name.toLowerCase().replace('.', '').slice(0, 3);
  return MONTHS.findIndex((m) => m.startsWith(k)) + 1;
}

function day(year: number | string | undefined, monthName: string, d: string): string | null {
  if (year === undefined) return null;
  const text = `${pad(Number(year), 4)}-${pad(monthOf(monthName))}-${pad(Number(d))}`;
  return part(text)?.precision === 'day' ? text : null;
}

/**
 * The one clear date a sentence holds, as a `when` value: a full date (day, month and year; the
 * year may come from `defaultYear`, say the source's), found exactly once — two different
 * dates, or none, offer nothing. Linear in the sentence (three regular scans, no backtracking
 * beyond a word).
 */
export function suggestWhen(sentence: string, defaultYear?: number): string | undefined {
  if (sentence.length > 2000) return undefined;
  const found = new Set<string>();
  const taken: [number, number][] = [];
  for (const { re, read } of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
      const s = m.index;
      const e = s + m[0].length;
      if (taken.some(([a, b]) => s < b && a < e)) continue;
      taken.push([s, e]);
      const d = read(m, defaultYear);
      if (d) found.add(d);
    }
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/** How far around a claim its sentence is looked for (UTF-16 units): a sentence, not the text. */
const WINDOW = 800;
const BOUNDARY = /[.!?…]["'”’)\]]*\s+(?=\S)|\n\s*\n/g;

/**
 * The `when` to suggest for a claim at [start, end) (UTF-16 offsets) of `text`: the one clear
 * full date in the sentence around it, the year taken from `defaultYear` when the sentence
 * leaves it out ("on Monday, 9 November"). Looks at a bounded window, so a hover costs the
 * same in a long source as in a short one.
 */
export function suggestWhenAt(text: string, start: number, end: number, defaultYear?: number): string | undefined {
  const from = Math.max(0, start - WINDOW);
  const to = Math.min(text.length, end + WINDOW);
  const window = text.slice(from, to);
  let s = 0;
  let e = window.length;
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(window); m; m = BOUNDARY.exec(window)) {
    const cut = m.index + m[0].length;
    if (cut <= start - from) s = cut;
    else if (m.index >= end - from) {
      e = m.index + 1;
      break;
    }
  }
  return suggestWhen(window.slice(s, e), defaultYear);
}
