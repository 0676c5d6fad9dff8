// A saved or fetched web page as a clean text source (issue 14). The article is found by
// Mozilla's Readability (Firefox reader mode's algorithm) over linkedom, a DOM for Node that
// parses HTML into nodes and nothing more: it runs no script, applies no style and loads no
// image, frame or stylesheet, so a page can do nothing while it is read. Readability drops the
// navigation, menus, share buttons and sidebars; blocksOf walks what remains into headings,
// paragraphs, list items and captions, and core/capture/text.ts drops repeats and boilerplate.
// Metadata comes from the page's JSON-LD, OpenGraph and <meta>/<time> tags, read before
// Readability rewrites the document (it removes scripts, JSON-LD included). Both libraries load
// on the first page read (domBundle.ts), not with the extension (the CLI bundles them inline).
import { cleanDate, cleanField, cleanUrl, mergeMetadata, metadataFromJsonLd, type Metadata } from '../../core/capture/metadata';
import { blocksToText, type Block, type BlockKind } from '../../core/capture/text';

/** Readability gives up (an error, not minutes of work) on pages with more elements than this. */
export const MAX_ELEMENTS = 200_000;

// The little of the DOM this file uses (the project compiles without the DOM library).
interface DomNode {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  tagName?: string;
}
interface DomElement extends DomNode {
  getAttribute(name: string): string | null;
}
interface DomDocument {
  title: string;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement>;
}

export interface ExtractedPage {
  text: string;
  meta: Metadata;
}

/** Bytes of an HTML page as text: the BOM, else the HTTP charset, else <meta charset>, else UTF-8. */
export function decodeHtml(bytes: Uint8Array, httpContentType?: string): string {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 'utf-8' : bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const declared = /charset\s*=\s*["']?([\w.:-]+)/i.exec(httpContentType ?? '')?.[1] ?? /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  for (const label of [bom, declared, 'utf-8']) {
    if (!label) continue;
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // an unknown label: try the next
    }
  }
  return new TextDecoder().decode(bytes);
}

export async function extractHtml(html: string, pageUrl?: string): Promise<ExtractedPage> {
  const { parseHTML, Readability } = await import('./domBundle');
  const { document } = parseHTML(html) as unknown as { document: DomDocument };
  const meta = pageMetadata(document, pageUrl);
  const base = meta.url ?? pageUrl;
  let article: { title?: string | null; byline?: string | null; siteName?: string | null; publishedTime?: string | null; content?: unknown } | null;
  try {
    article = new Readability(document as never, { maxElemsToParse: MAX_ELEMENTS, serializer: (n: unknown) => n, keepClasses: false }).parse();
  } catch (e) {
    throw new Error(`cannot read this page: ${e instanceof Error ? e.message : String(e)}`);
  }
  const fromReader: Metadata = { title: cleanField(article?.title), author: cleanField(article?.byline), publisher: cleanField(article?.siteName), published: cleanDate(article?.publishedTime ?? undefined) };
  const merged = mergeMetadata(meta, fromReader, { title: cleanField(document.title) });
  if (base && !merged.url) merged.url = cleanUrl(base);
  const root = article?.content as DomNode | undefined;
  const blocks = root ? blocksOf(root) : [];
  if (merged.title && !blocks.some((b) => b.kind === 'heading' && b.text.trim() === merged.title)) blocks.unshift({ kind: 'heading', text: merged.title });
  return { text: blocksToText(blocks), meta: merged };
}

const attr = (doc: DomDocument, selector: string, name = 'content') => doc.querySelector(selector)?.getAttribute(name) ?? undefined;

/** JSON-LD first, then OpenGraph and article tags, then plain <meta> and <time>. */
function pageMetadata(doc: DomDocument, pageUrl?: string): Metadata {
  const jsonld = [...doc.querySelectorAll('script[type="application/ld+json"]')].slice(0, 20).map((s) => s.textContent ?? '');
  const base = pageUrl;
  const og: Metadata = {
    title: cleanField(attr(doc, 'meta[property="og:title"]')),
    publisher: cleanField(attr(doc, 'meta[property="og:site_name"]')),
    published: cleanDate(attr(doc, 'meta[property="article:published_time"]')),
    url: cleanUrl(attr(doc, 'meta[property="og:url"]'), base),
    // article:author is often a profile URL; a name only when it is not one
    author: nameNotUrl(attr(doc, 'meta[property="article:author"]')),
  };
  const plain: Metadata = {
    title: cleanField(attr(doc, 'meta[name="title"]')) ?? cleanField(attr(doc, 'meta[name="citation_title"]')),
    author: cleanField(attr(doc, 'meta[name="author"]')) ?? cleanField(attr(doc, 'meta[name="byl"]')?.replace(/^by\s+/i, '')) ?? cleanField(attr(doc, 'meta[name="citation_author"]')),
    publisher: cleanField(attr(doc, 'meta[name="application-name"]')) ?? cleanField(attr(doc, 'meta[name="publisher"]')),
    published: cleanDate(attr(doc, 'meta[name="date"]')) ?? cleanDate(attr(doc, 'meta[itemprop="datePublished"]')) ?? cleanDate(attr(doc, 'time[datetime]', 'datetime')),
    url: cleanUrl(attr(doc, 'link[rel="canonical"]', 'href'), base),
  };
  return mergeMetadata(metadataFromJsonLd(jsonld, base), og, plain);
}

const nameNotUrl = (v: string | undefined) => (v && !/^[a-z]+:\/\//i.test(v.trim()) ? cleanField(v) : undefined);

const KIND: Record<string, BlockKind> = { H1: 'heading', H2: 'heading', H3: 'heading', H4: 'heading', H5: 'heading', H6: 'heading', LI: 'item', FIGCAPTION: 'caption', BLOCKQUOTE: 'quote' };
const BLOCK = new Set(['P', 'DIV', 'SECTION', 'ARTICLE', 'UL', 'OL', 'LI', 'PRE', 'TABLE', 'TR', 'FIGURE', 'FIGCAPTION', 'BLOCKQUOTE', 'DL', 'DT', 'DD', 'HEADER', 'MAIN', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HR']);
// never article text, even if Readability kept them
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'NAV', 'BUTTON', 'FORM', 'SVG', 'IFRAME', 'OBJECT', 'EMBED', 'SELECT', 'TEXTAREA', 'IMG', 'PICTURE', 'VIDEO', 'AUDIO', 'CANVAS']);

/** Headings, paragraphs, items and captions of an element, in document order (iterative: no recursion on hostile nesting). */
export function blocksOf(root: DomNode): Block[] {
  const out: Block[] = [];
  let buf = '';
  const kinds: BlockKind[] = ['paragraph'];
  const flush = () => {
    if (buf.trim()) out.push({ kind: kinds[kinds.length - 1], text: buf });
    buf = '';
  };
  const stack: (DomNode | 'exit')[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n === 'exit') {
      flush();
      kinds.pop();
      continue;
    }
    if (n.nodeType === 3) {
      buf += n.textContent ?? '';
      continue;
    }
    if (n.nodeType !== 1) continue;
    const tag = (n.tagName ?? '').toUpperCase();
    if (SKIP.has(tag)) continue;
    if (tag === 'BR') {
      buf += ' ';
      continue;
    }
    if (BLOCK.has(tag)) {
      flush();
      kinds.push(KIND[tag] ?? kinds[kinds.length - 1]);
      stack.push('exit');
    }
    const children = n.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  flush();
  return out;
}
