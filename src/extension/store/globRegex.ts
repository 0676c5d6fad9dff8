// The source globs (marginalia.sources.include / exclude) compiled once into one RegExp each,
// with minimatch kept for any pattern outside the plain subset. Every index asks whether each
// listed file and each sidecar's source is a source, and minimatch's `match` walks its parsed
// pattern segment by segment on every call (issue 15: about 90 ms of the extension host's
// thread per index at 10,000 sources); the minimatch here has no makeRe. No `vscode`: unit-tested
// in plain Node against minimatch itself (test/unit/glob-regex.test.ts).
//
// The subset, as minimatch reads it with { dot: false, nocase: false }: literal characters,
// `*` and `?` (never across a `/`, never matching a leading `.` of a path segment unless the
// pattern's segment starts with one), `**` as a whole segment (any number of segments that do
// not start with `.`; at least one at the end of a pattern), and `{a,b}` alternatives. Classes,
// extglobs, negation, escapes, `.`/`..` segments, odd slashes, and patterns whose RegExp would
// not run in linear time (two `*` in one segment, two `**` segments) go to minimatch.
import { Minimatch } from 'minimatch';

const MAGIC = /[*?]/;
/** Characters that make a pattern minimatch's to read (classes, extglobs, negation, escapes). */
const NOT_PLAIN = /[[\]()!+@\\]/;
const SEGMENT = '(?!\\.)[^/]+';
/** More `{a,b}` alternatives than this go to minimatch. */
const MAX_ALTERNATIVES = 64;

/** A test for paths (relative, `/`-separated) that answers as minimatch(path, pattern, { dot: false }). */
export function compileGlob(pattern: string): (path: string) => boolean {
  const re = globToRegExp(pattern);
  // most paths lack the pattern's longest literal (`node_modules`, `.annotations.yaml`): a
  // substring test answers them before the RegExp runs (issue 15: 20,000 files listed per index
  // at 10,000 sources, each against every glob)
  const literal = re ? requiredLiteral(pattern) : '';
  if (re && literal) return (path) => path.includes(literal) && re.test(path);
  if (re) return (path) => re.test(path);
  const mm = new Minimatch(pattern, { dot: false, nocase: false });
  return (path) => mm.match(path);
}

/**
 * Text every path the pattern matches holds as it is: the longest run of literal characters of
 * one of its segments (a segment's literal characters stand in the path segment it matches,
 * whatever `*`, `?` or `**` match around them). '' when there is none, or when the pattern has
 * `{a,b}` alternatives. Only for patterns globToRegExp reads (no classes, escapes or negation).
 */
function requiredLiteral(pattern: string): string {
  if (/[{}]/.test(pattern)) return '';
  let best = '';
  for (const seg of pattern.split('/')) {
    if (seg === '**') continue;
    for (const piece of seg.split(/[*?]/)) if (piece.length > best.length) best = piece;
  }
  return best;
}

/** The pattern as a RegExp, or null when it is outside the subset this file reads. */
export function globToRegExp(pattern: string): RegExp | null {
  if (pattern === '' || NOT_PLAIN.test(pattern) || pattern.startsWith('#')) return null;
  const alternatives = expandBraces(pattern);
  if (!alternatives) return null;
  const bodies: string[] = [];
  for (const alt of alternatives) {
    const body = alternative(alt);
    if (body === null) return null;
    bodies.push(body);
  }
  return new RegExp(`^(?:${bodies.join('|')})$`);
}

/** One brace-free pattern as a RegExp body, or null. */
function alternative(pattern: string): string | null {
  const segments = pattern.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || /[{}]/.test(s))) return null;
  if (!backtracksLittle(segments)) return null;
  let out = '';
  segments.forEach((seg, i) => {
    const last = i === segments.length - 1;
    if (seg === '**') {
      // zero or more segments before another one; at least one at the end (as minimatch)
      out += last ? `${SEGMENT}(?:/${SEGMENT})*` : `(?:${SEGMENT}/)*`;
      return;
    }
    out += segment(seg) + (last ? '' : '/');
  });
  return out;
}

/**
 * Whether the RegExp of these segments runs in about linear time. Two `*` in a segment
 * (`[^/]*a[^/]*a…`) or `**` segments one after another backtrack polynomially, and a
 * workspace's settings come from git (`*a*a*a*a*a*a*a*a*a*a*a*a*b` took 4.5 s on a
 * 30-character name): minimatch reads those. Allowed: one `**`, or two where the second ends
 * the pattern and a plain segment stands between them (the default exclude: node_modules
 * between two `**`).
 */
function backtracksLittle(segments: readonly string[]): boolean {
  if (segments.some((s) => s !== '**' && (s.match(/\*/g)?.length ?? 0) > 1)) return false;
  const globstars = segments.flatMap((s, i) => (s === '**' ? [i] : []));
  if (globstars.length <= 1) return true;
  if (globstars.length > 2 || globstars[1] !== segments.length - 1) return false;
  return segments.slice(globstars[0] + 1, globstars[1]).some((s) => !MAGIC.test(s));
}

function segment(seg: string): string {
  if (!MAGIC.test(seg)) return escape(seg);
  // a leading `.` is matched only by a pattern segment that starts with one, and `.` or `..` never
  let out = seg.startsWith('.') ? '(?!\\.\\.?(?:/|$))' : '(?!\\.)';
  for (const c of seg) out += c === '*' ? '[^/]*' : c === '?' ? '[^/]' : escape(c);
  return out;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * `{a,b}` alternatives expanded (nested ones too), as minimatch's brace expansion does; null
 * for anything it reads otherwise (a group without a comma, ranges, unbalanced braces), or too
 * many alternatives.
 */
function expandBraces(pattern: string): string[] | null {
  const open = pattern.indexOf('{');
  if (open < 0) return pattern.includes('}') ? null : [pattern];
  let depth = 0;
  let close = -1;
  const commas: number[] = [];
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      close = i;
      break;
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  if (close < 0 || commas.length === 0 || pattern.slice(0, open).includes('}')) return null;
  const inner: string[] = [];
  let from = open + 1;
  for (const at of [...commas, close]) {
    inner.push(pattern.slice(from, at));
    from = at + 1;
  }
  if (inner.some((s) => s.includes('..'))) return null;
  const rest = expandBraces(pattern.slice(close + 1));
  if (!rest) return null;
  const out: string[] = [];
  for (const part of inner) {
    const expanded = expandBraces(part);
    if (!expanded) return null;
    for (const e of expanded) {
      for (const r of rest) out.push(pattern.slice(0, open) + e + r);
      if (out.length > MAX_ALTERNATIVES) return null; // stop at once: a long list must not be built first
    }
  }
  return out;
}
