// The value rules of each annotation and entity field, as pure functions of a plain value. The
// annotation and entity readers use them, and so does the check of merge conflicts: a value a
// conflict offers must be one the field could hold, so picking it can never write a bad file.
import { ACH_RATINGS, CLAIM_STATUSES, KINDS, LINK_RELS, type AchRating, type Alias, type HistoryEntry, type Hypothesis, type Link } from '../../types';
import { setOwn } from '../../records';
import { parseWhen, WHEN_SYNTAX } from '../../analysis/dates';
import { checkLinkTarget } from '../links';
import { nestsTooDeep, TOO_DEEP } from './depth';
import { isObj, shown } from './findings';
import { idTextProblem, lineTextProblem, noteTextProblem } from './text';

/** A field's value as read, or why it cannot be. */
export type Read<T = unknown> = { value: T; error?: undefined } | { error: string; value?: undefined };

const ok = <T>(value: T): Read<T> => ({ value });
const no = (error: string): Read<never> => ({ error });

/** An id: text (or a whole number, read as its digits) without control characters. */
export function readId(v: unknown): Read<string> {
  const id = typeof v === 'string' ? v : Number.isSafeInteger(v) && (v as number) >= 0 ? String(v) : undefined;
  if (id === undefined || id.trim() === '') return no('is missing `id`');
  const why = idTextProblem(id);
  return why ? no(`id ${shown(id)} ${why}`) : ok(id);
}

const oneOf = <T extends string>(what: string, allowed: readonly T[]) => (v: unknown): Read<T> =>
  typeof v === 'string' && (allowed as readonly string[]).includes(v) ? ok(v as T) : no(`unknown ${what} ${shown(v ?? null)} (expected ${allowed.join(', ')})`);

export const readKind = oneOf('kind', KINDS);
export const readStatus = oneOf('status', CLAIM_STATUSES);

export function readQuote(v: unknown): Read<string> {
  return typeof v === 'string' && v !== '' ? ok(v) : no('is missing `quote` (the exact annotated text)');
}

/** Prefix and suffix: copies of the source text, any characters. */
export function readContext(key: string): (v: unknown) => Read<string> {
  return (v) => (typeof v === 'string' ? ok(v) : no(`\`${key}\` must be text`));
}

export function readLine(key: string): (v: unknown) => Read<string> {
  return (v) => {
    if (typeof v !== 'string') return no(`\`${key}\` must be text`);
    const why = lineTextProblem(v);
    return why ? no(`\`${key}\` ${why}`) : ok(v);
  };
}

export function readNote(v: unknown): Read<string> {
  if (typeof v !== 'string') return no('`note` must be text');
  const why = noteTextProblem(v);
  return why ? no(`\`note\` ${why}`) : ok(v);
}

export function readOffset(key: string): (v: unknown) => Read<number> {
  return (v) => (Number.isSafeInteger(v) && (v as number) >= 0 ? ok(v as number) : no(`\`${key}\` must be a whole number of code points, 0 or more`));
}

export function readCredibility(v: unknown): Read<number> {
  return Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 6 ? ok(v as number) : no('`credibility` must be a whole number from 1 (confirmed) to 6 (cannot be judged)');
}

export function readTags(v: unknown): Read<string[]> {
  if (!Array.isArray(v) || !v.every((t) => typeof t === 'string' || typeof t === 'number')) return no('`tags` must be a list of words');
  const tags = v.map((t) => String(t));
  for (const t of tags) if (lineTextProblem(t)) return no(`tag ${shown(t)} ${lineTextProblem(t)}`);
  return ok(tags);
}

/** Links, with the index of the offending link when one is bad. */
export function readLinks(v: unknown): Read<Link[]> & { at?: (number | string)[] } {
  if (!Array.isArray(v)) return no('`links` must be a list of {rel, to}');
  const links: Link[] = [];
  for (let i = 0; i < v.length; i++) {
    const l = v[i];
    const bad = (error: string, key?: string) => ({ error, at: key && isObj(l) && key in l ? [i, key] : [i] });
    if (!isObj(l)) return bad('a link must be {rel: supports|contradicts|same-as|see-also, to: file#id}');
    if (typeof l.rel !== 'string' || !(LINK_RELS as readonly string[]).includes(l.rel)) return bad(`unknown link rel ${shown(l.rel ?? null)} (expected ${LINK_RELS.join(', ')})`, 'rel');
    if (typeof l.to !== 'string') return bad('a link needs `to: file#id`');
    const why = checkLinkTarget(l.to) ?? (idTextProblem(l.to) && `link target ${shown(l.to)} ${idTextProblem(l.to)}`);
    if (why) return bad(why, 'to');
    links.push({ rel: l.rel as Link['rel'], to: l.to });
  }
  return ok(links);
}

const HISTORY_KEYS = new Set(['at', 'by', 'field', 'from', 'to']);

/**
 * An annotation's `history` (issue 9): a list of `{at, by, field, from?, to?}`. `at`, `by` and
 * `field` are one line of text (`field` prints in hovers and the CLI, so it is held to the id
 * rule); `from`/`to` are whatever the field held, plain data not nested without end. Other keys
 * are refused rather than kept: an entry is rewritten whole, and would lose them. `level` is the
 * nesting level of the list itself.
 */
export function readHistory(level: number): (v: unknown) => Read<HistoryEntry[]> & { at?: (number | string)[] } {
  return (v) => {
    if (!Array.isArray(v)) return no('`history` must be a list of {at, by, field, from, to}');
    const out: HistoryEntry[] = [];
    for (let i = 0; i < v.length; i++) {
      const e = v[i];
      const bad = (error: string, key?: string) => ({ error: `history entry ${i + 1}: ${error}`, at: key && isObj(e) && key in e ? [i, key] : [i] });
      if (!isObj(e)) return bad('must be {at, by, field, from, to}');
      for (const k of Object.keys(e)) if (!HISTORY_KEYS.has(k)) return bad(`unknown key ${shown(k)} (expected at, by, field, from, to)`, k);
      for (const k of ['at', 'by', 'field'] as const) {
        const x = e[k];
        if (typeof x !== 'string' || x.trim() === '') return bad(`\`${k}\` must be one line of text`, k);
        const why = k === 'field' ? idTextProblem(x) : lineTextProblem(x);
        if (why) return bad(`\`${k}\` ${why}`, k);
      }
      const entry: HistoryEntry = { at: e.at as string, by: e.by as string, field: e.field as string };
      for (const k of ['from', 'to'] as const) {
        if (!(k in e) || e[k] === undefined) continue;
        if (nestsTooDeep(e[k], level + 2)) return bad(`\`${k}\` is ${TOO_DEEP}`, k);
        entry[k] = e[k];
      }
      out.push(entry);
    }
    return ok(out);
  };
}

/** Fields Marginalia does not know: any plain data, kept as it is, but not nested without end. */
export function readUnknown(level: number): (v: unknown) => Read {
  return (v) => (nestsTooDeep(v, level) ? no(TOO_DEEP) : ok(v));
}

export function readAlias(v: unknown): Read<Alias> {
  const bad = no('an alias must be text or {text: …, ignoreCase: true}');
  let alias: Alias;
  if (typeof v === 'string') alias = { text: v };
  else if (isObj(v) && typeof v.text === 'string' && Object.keys(v).every((k) => k === 'text' || k === 'ignoreCase')) {
    if (v.ignoreCase !== undefined && typeof v.ignoreCase !== 'boolean') return bad;
    alias = v.ignoreCase === true ? { text: v.text, ignoreCase: true } : { text: v.text };
  } else return bad;
  if (alias.text.trim() === '') return bad;
  const why = lineTextProblem(alias.text);
  return why ? no(`alias ${shown(alias.text)} ${why}`) : ok(alias);
}

/** Non-blank one-line text (an entity's name, type). */
export function readName(key: string): (v: unknown) => Read<string> {
  return (v) => {
    if (typeof v !== 'string' || v.trim() === '') return no(`is missing \`${key}\``);
    const why = lineTextProblem(v);
    return why ? no(`\`${key}\` ${why}`) : ok(v);
  };
}

/**
 * A claim's ACH ratings (issue 13): `{hypothesis-id: CC|C|N|I|II}`. Hypothesis ids follow the
 * id rule (they print in the matrix and the CLI); whether each names a hypothesis in
 * marginalia.yaml is not the sidecar's business (the matrix leaves unknown ones out), so a
 * hypothesis removed from the registry never makes a sidecar unreadable.
 */
export function readAchRatings(v: unknown): Read<Record<string, AchRating>> & { at?: (number | string)[] } {
  if (!isObj(v)) return no(`\`hypotheses\` must be a mapping of hypothesis id to ${ACH_RATINGS.join(' | ')}`);
  const out: Record<string, AchRating> = {};
  for (const [k, r] of Object.entries(v)) {
    const why = k.trim() === '' ? 'is blank' : idTextProblem(k);
    if (why) return { error: `hypothesis id ${shown(k)} ${why}`, at: [k] };
    if (typeof r !== 'string' || !(ACH_RATINGS as readonly string[]).includes(r)) return { error: `unknown rating ${shown(r ?? null)} for hypothesis ${shown(k)} (expected ${ACH_RATINGS.join(', ')})`, at: [k] };
    setOwn(out, k, r as AchRating);
  }
  return ok(out);
}

/** `when`: a date, partial date or range (analysis/dates.ts); a year YAML read as a number is its digits. */
export function readWhen(v: unknown): Read<string> {
  const d = parseWhen(v);
  return d ? ok(d.text) : no(WHEN_SYNTAX);
}

/** One hypothesis of marginalia.yaml: `{id, text, note?}`, nothing else (it is rewritten whole by the view). */
export function readHypothesis(v: unknown): Read<Hypothesis> & { at?: string } {
  if (!isObj(v)) return no('a hypothesis must be {id, text, note}');
  const id = readId(v.id);
  if (id.error !== undefined) return { error: `hypothesis ${id.error}`, at: 'id' };
  for (const k of Object.keys(v)) if (k !== 'id' && k !== 'text' && k !== 'note') return { error: `hypothesis ${shown(id.value)}: unknown key ${shown(k)} (expected id, text, note)`, at: k };
  const text = readName('text')(v.text);
  if (text.error !== undefined) return { error: `hypothesis ${shown(id.value)} ${text.error}`, at: 'text' };
  const h: Hypothesis = { id: id.value, text: text.value };
  if (v.note !== undefined && v.note !== null) {
    const n = readNote(v.note);
    if (n.error !== undefined) return { error: `hypothesis ${shown(id.value)}: ${n.error}`, at: 'note' };
    h.note = n.value;
  }
  return ok(h);
}
