// A PDF's text layer as a clean text source (issue 14), with pdf.js (Mozilla's PDF reader),
// legacy build, which runs in Node. pdf.js normally parses in a Web Worker; in Node it uses a
// "fake worker" that imports its worker module by URL, which a bundle (dist/cli.js,
// dist/extension.js) does not have. So the worker module is imported here, bundled, and handed
// to pdf.js as `globalThis.pdfjsWorker` — pdf.js's documented in-process mode — and parsing
// runs in this process. Both modules are imported only when a PDF is added, so activating the
// extension or starting the CLI does not load them.
//
// PDFs are untrusted: no fonts are loaded into the host (pdf.js 6 no longer compiles font
// programs with eval at all), nothing is fetched (the data is
// passed as bytes), and pdf.js's console warnings are silenced. The layout into reading order
// is core/capture/pdfLayout.ts.
import { cleanDate, cleanField, type Metadata } from '../../core/capture/metadata';
import { layoutPdf, type PdfPage, type PdfRun } from '../../core/capture/pdfLayout';
import { cleanText } from '../../core/capture/text';

/** A page count beyond this is refused: a report is tens of pages, not tens of thousands. */
export const MAX_PAGES = 2000;

export class PdfRefused extends Error {}

export interface ExtractedPdf {
  text: string;
  meta: Metadata;
}

interface TextItem {
  str?: string;
  transform?: number[];
  width?: number;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

async function loadPdfJs(): Promise<PdfJs> {
  // Node 20 lacks Promise.withResolvers (Node 22), which pdf.js 5+ uses even in its legacy build
  const P = Promise as unknown as { withResolvers?: unknown };
  if (typeof P.withResolvers !== 'function') {
    P.withResolvers = function withResolvers<T>() {
      let resolve!: (v: T) => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<T>((a, b) => {
        resolve = a;
        reject = b;
      });
      return { promise, resolve, reject };
    };
  }
  // pdf.js warns on console.warn while its modules load (no canvas, no DOMMatrix: only rendering
  // needs them, not text), before a verbosity can be set: those lines would land in the CLI's
  // output and the extension host's log. They are dropped while the modules load, nothing else.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!(typeof args[0] === 'string' && args[0].startsWith('Warning: '))) warn(...args);
  };
  try {
    const { pdfjs, worker } = await import('./pdfjsBundle');
    const g = globalThis as { pdfjsWorker?: unknown };
    g.pdfjsWorker ??= worker;
    return pdfjs as unknown as PdfJs;
  } finally {
    console.warn = warn;
  }
}

export async function extractPdf(bytes: Uint8Array): Promise<ExtractedPdf> {
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes), // pdf.js may transfer (detach) the buffer it is given
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (e) {
    throw new PdfRefused(`cannot read this PDF: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    if (doc.numPages > MAX_PAGES) throw new PdfRefused(`this PDF has ${doc.numPages} pages; Marginalia adds at most ${MAX_PAGES}`);
    const pages: PdfPage[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const [x0, y0, x1, y1] = page.view;
      const content = await page.getTextContent();
      const runs: PdfRun[] = [];
      for (const item of content.items as TextItem[]) {
        const t = item.transform;
        if (typeof item.str !== 'string' || !t || t.length < 6) continue;
        runs.push({ str: item.str, x: t[4] - x0, y: t[5] - y0, width: item.width ?? 0, size: Math.hypot(t[2], t[3]) || Math.abs(t[3]) || 1 });
      }
      pages.push({ width: x1 - x0, height: y1 - y0, runs });
      page.cleanup();
    }
    const text = cleanText(layoutPdf(pages));
    if (text.replace(/\s/g, '').length === 0) {
      throw new PdfRefused('this PDF has no text layer (a scan or images of text): Marginalia adds text, not pictures — run it through OCR first and add the result');
    }
    const info = ((await doc.getMetadata().catch(() => null))?.info ?? {}) as Record<string, unknown>;
    const meta: Metadata = { title: cleanField(info.Title), author: cleanField(info.Author), published: cleanDate(info.CreationDate) };
    return { text, meta };
  } finally {
    await task.destroy();
  }
}
