// A captured document's metadata (issue 14): title, author, publisher, published date and
// canonical URL, gathered from whatever the page offers — JSON-LD (schema.org NewsArticle and
// its kin), OpenGraph and other <meta> tags, <time datetime>, the <title>, a PDF's document
// info — and merged by precedence, first non-empty value wins. Every value is untrusted page
// text: made one line, stripped of invisible characters and capped, a URL kept only when it is
// http(s), a date kept only when it parses (normalised to ISO 8601).
import { oneLine } from './text';

export interface Metadata {
  title?: string;
  author?: string;
  publisher?: string;
  published?: string;
  url?: string;
}

const FIELD_MAX = 300;
const URL_MAX = 2000;
/** JSON-LD blocks larger than this are skipped: metadata is a few KB. */
export const JSONLD_MAX = 256 * 1024;
/** How many objects of a JSON-LD graph are looked at, so a crafted block costs bounded time. */
const JSONLD_NODES = 2000;

const ARTICLE_TYPES = /^(?:NewsArticle|Article|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|ReviewNewsArticle|BlogPosting|Report|ScholarlyArticle|WebPage|LiveBlogPosting)$/;

export function cleanField(v: unknown, max = FIELD_MAX): string | undefined {
  if (typeof v !== 'string') return undefined;
  const s = oneLine(v);
  if (!s) return undefined;
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function cleanUrl(v: unknown, base?: string): string | undefined {
  if (typeof v !== 'string') return undefined;
  try {
    const u = new URL(v.trim(), base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    u.username = '';
    u.password = '';
    u.hash = '';
    const s = u.toString();
    return s.length <= URL_MAX && !/\s/.test(s) ? s : undefined;
  } catch {
    return undefined;
  }
}

/** A date as ISO 8601: `YYYY-MM-DD` when only a day was given, else the UTC time. */
export function cleanDate(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return Number.isNaN(Date.parse(s)) ? undefined : s;
  // PDF dates: D:YYYYMMDDHHmmSS(Z|+hh'mm')
  const pdf = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?/.exec(s);
  const t = pdf ? Date.UTC(+pdf[1], +(pdf[2] ?? 1) - 1, +(pdf[3] ?? 1), +(pdf[4] ?? 0), +(pdf[5] ?? 0), +(pdf[6] ?? 0)) : s.length <= 64 ? Date.parse(s) : NaN;
  if (Number.isNaN(t)) return undefined;
  return new Date(t).toISOString().replace(/\.000Z$/, 'Z');
}

/** Merges metadata from several places; earlier ones win. */
export function mergeMetadata(...all: (Metadata | undefined)[]): Metadata {
  const out: Metadata = {};
  for (const m of all) {
    if (!m) continue;
    for (const k of ['title', 'author', 'publisher', 'published', 'url'] as const) if (out[k] === undefined && m[k]) out[k] = m[k];
  }
  return out;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Text of a schema.org name-ish value: a string, {name}, or a list of those (joined by ", "). */
function names(v: unknown, depth = 0): string | undefined {
  if (typeof v === 'string') return cleanField(v);
  if (Array.isArray(v) && depth === 0) {
    const all = v.slice(0, 10).map((x) => names(x, 1)).filter((x): x is string => !!x);
    return all.length ? cleanField(all.join(', ')) : undefined;
  }
  if (isObj(v)) return cleanField(v.name);
  return undefined;
}

function types(o: Obj): string[] {
  const t = o['@type'];
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string');
}

/**
 * The article metadata of JSON-LD blocks (the text of each `<script type="application/ld+json">`):
 * the first object typed as an article, looked for in lists and `@graph`s, breadth first.
 */
export function metadataFromJsonLd(blocks: readonly string[], base?: string): Metadata {
  let page: Metadata | undefined; // a bare WebPage: used only when no article is described
  for (const text of blocks) {
    if (text.length > JSONLD_MAX) continue;
    let root: unknown;
    try {
      root = JSON.parse(text);
    } catch {
      continue;
    }
    const queue: unknown[] = [root];
    for (let i = 0; i < queue.length && i < JSONLD_NODES; i++) {
      const node = queue[i];
      if (Array.isArray(node)) {
        queue.push(...node.slice(0, JSONLD_NODES));
        continue;
      }
      if (!isObj(node)) continue;
      const t = types(node);
      if (t.some((x) => ARTICLE_TYPES.test(x))) {
        const m = articleMetadata(node, base);
        if (!t.every((x) => x === 'WebPage')) return m;
        page ??= m;
      }
      if (Array.isArray(node['@graph'])) queue.push(node['@graph']);
      if (isObj(node.mainEntity)) queue.push(node.mainEntity);
    }
  }
  return page ?? {};
}

function articleMetadata(node: Obj, base?: string): Metadata {
  const main = node.mainEntityOfPage;
  return {
    title: cleanField(node.headline) ?? cleanField(node.name),
    author: names(node.author) ?? names(node.creator),
    publisher: names(node.publisher) ?? names(node.sourceOrganization),
    published: cleanDate(node.datePublished) ?? cleanDate(node.dateCreated),
    url: cleanUrl(node.url, base) ?? cleanUrl(isObj(main) ? main['@id'] : main, base),
  };
}
