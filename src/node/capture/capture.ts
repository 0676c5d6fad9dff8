// Reading one input of `marginalia add` / Add Source… (issue 14) into a Captured: a saved page
// or a URL (HTML), a PDF, or a text or Markdown file as it is. The input is untrusted and may
// lie outside the corpus (a page in Downloads): it is read only if it is a regular file (no
// FIFO, no device) under the size cap; its kind comes from its extension, else from its first
// bytes. Only the file's name, never its full local path, goes into the provenance.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanField, type Metadata } from '../../core/capture/metadata';
import { articleOfTextDump } from '../../core/capture/textDump';
import type { Captured } from './provenance';
import { decodeUtf8Strict } from '../../core/text/utf8';
import { readCorpusBytesSync } from '../corpusFs';
import { fetchPage } from './fetchPage';
import { decodeHtml, extractHtml } from './html';
import { extractPdf } from './pdf';

export class CaptureError extends Error {}

type Kind = 'html' | 'pdf' | 'txt' | 'md';

export interface CaptureOptions {
  cwd: string;
  maxBytes: number;
  /** Deadline of a URL fetch. */
  timeoutMs?: number;
}

export const isUrl = (s: string) => /^https?:\/\//i.test(s);

export async function capture(input: string, opts: CaptureOptions): Promise<Captured> {
  if (isUrl(input)) {
    const got = await fetchPage(input, opts.maxBytes, opts.timeoutMs).catch((e: Error) => {
      throw new CaptureError(e.message);
    });
    const type = got.contentType.toLowerCase();
    const kind: Kind = type.includes('pdf') ? 'pdf' : type.includes('html') ? 'html' : type.startsWith('text/markdown') ? 'md' : type.startsWith('text/') ? 'txt' : sniff(got.bytes);
    return fromBytes(got.bytes, kind, got.url, got.url, type);
  }
  const file = path.resolve(opts.cwd, input);
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch {
    throw new CaptureError(`not found: ${input}`);
  }
  const read = readCorpusBytesSync(path.dirname(real), real, { maxBytes: opts.maxBytes });
  if (!read.ok) throw new CaptureError(read.message.split(real).join(input));
  const ext = path.extname(file).toLowerCase();
  const kind: Kind = ext === '.pdf' ? 'pdf' : ext === '.html' || ext === '.htm' || ext === '.xhtml' ? 'html' : ext === '.md' || ext === '.markdown' ? 'md' : ext === '.txt' ? 'txt' : sniff(read.bytes);
  return fromBytes(read.bytes, kind, path.basename(file), undefined);
}

function sniff(bytes: Uint8Array): Kind {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).trimStart().toLowerCase();
  if (head.startsWith('%pdf-')) return 'pdf';
  if (/^(?:<!doctype html|<html|<head|<body|<\?xml[^>]*>\s*<html)/.test(head)) return 'html';
  throw new CaptureError('not an HTML page, a PDF, or a .txt or .md file: Marginalia adds those');
}

async function fromBytes(bytes: Uint8Array, kind: Kind, capturedFrom: string, url: string | undefined, contentType?: string): Promise<Captured> {
  const original = { bytes, ext: kind === 'html' ? 'html' : kind };
  if (kind === 'pdf') {
    const pdf = await extractPdf(bytes).catch((e: Error) => {
      throw new CaptureError(e.message);
    });
    return { text: pdf.text, ext: 'txt', meta: { ...pdf.meta, ...(url ? { url } : {}) }, capturedFrom, original };
  }
  if (kind === 'html') {
    let page;
    try {
      page = await extractHtml(decodeHtml(bytes, contentType), url);
    } catch (e) {
      throw new CaptureError((e as Error).message);
    }
    if (!page.text.trim()) throw new CaptureError('no article text found in this page');
    // the address it was fetched from is the page's, whatever its canonical link says
    return { text: page.text, ext: 'txt', meta: { ...page.meta, ...(url ? { url } : {}) }, capturedFrom, original };
  }
  const d = decodeUtf8Strict(bytes);
  if (!d.ok) throw new CaptureError(`${capturedFrom}: ${d.message} (line ${d.line}, column ${d.column}); save it as UTF-8 first`);
  if (!d.text.trim()) throw new CaptureError(`${capturedFrom} is empty`);
  // a page saved as text: its headline is the title, whether the whole text is kept or not
  const dump = kind === 'txt' ? articleOfTextDump(d.text) : null;
  const meta: Metadata = { title: dump?.title ? cleanField(dump.title, 120) : titleOfText(d.text, kind), ...(url ? { url } : {}) };
  return { text: d.text, ext: kind === 'md' ? 'md' : 'txt', meta, capturedFrom, ...(dump ? { pageDump: dump } : {}) };
}

/** A text's title: a Markdown file's first `# ` heading, else its first non-blank line, capped. */
export function titleOfText(text: string, kind: 'txt' | 'md'): string | undefined {
  const lines = text.slice(0, 64 * 1024).split(/\r?\n/);
  if (kind === 'md') {
    const h = lines.find((l) => /^#\s+\S/.test(l));
    if (h) return cleanField(h.replace(/^#\s+/, '').replace(/\s+#+\s*$/, ''), 120);
  }
  const first = lines.find((l) => l.trim() !== '');
  return first ? cleanField(first.replace(/^#+\s+/, ''), 120) : undefined;
}
