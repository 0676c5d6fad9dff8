// `marginalia add FILE|URL… [--into DIR] [--keep-original]` (issue 14): sources come in clean
// and with provenance. Each input (a saved page, a URL, a PDF, a .txt or .md) is captured by
// node/capture and stored in DIR (default: the current folder) under a name made from its
// title, with a sidecar holding `provenance:`; the same document again updates its source and
// re-anchors its annotations. One input failing does not stop the others; the exit status says
// whether any failed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_FILE_MB, maxBytesFromMB } from '../../core/limits';
import { capture, CaptureError } from '../../node/capture/capture';
import { storeCapture, StoreError, type Stored } from '../../node/capture/store';
import { articleOnly } from '../../node/capture/provenance';
import { CorpusRoots } from '../../node/corpusRoot';
import { repoRoot } from '../../node/git';
import { displayPath } from '../fsutil';
import type { Io } from '../io';
import { describeError, forTerminal } from '../output';

export const ADD_HELP = `Usage: marginalia add FILE|URL… [--into DIR] [--clean] [--keep-original] [--max-size MB]

Adds web pages, PDFs and text files as sources, each with a sidecar recording where it came
from (provenance: url, title, publisher, author, published, retrieved, sha256, capturedFrom).

  HTML (.html, .htm, or an http(s) URL): the article only — navigation, menus, share buttons,
        cookie notices and repeated captions dropped — as paragraphs of plain text. Title,
        author, publisher and date from the page's JSON-LD, OpenGraph, <meta> and <time>.
        Nothing on the page is run or fetched; only the URL itself is downloaded.
  PDF:  the text layer in reading order (columns), running headers, footers and page numbers
        removed, hyphenation at line ends repaired; title and author from the document info.
        A PDF without a text layer (a scan) is refused.
  .txt, .md: added as they are. A .txt that is a web page saved as text (menus before the
        headline, a footer after the article) is named by its headline, and --clean keeps
        only the article: from the headline to the article's last paragraph, boilerplate
        lines, repeated lines and a closing newsletter or donation appeal dropped.

The source is saved as <title>.txt (or .md) in DIR. Adding the same document again (same URL,
else same title, in DIR) replaces its text and re-anchors its annotations, reporting those that
moved, changed a little (fuzzy) or could not be placed (orphaned).

  --into DIR        the folder to add to (default: the current folder; created if missing)
  --clean           for a web page saved as .txt: keep the article only (see above)
  --keep-original   keep the page or PDF beside the text, as <title>.original.html / .pdf
  --max-size MB     refuse inputs larger than this (default ${DEFAULT_MAX_FILE_MB})
  --help            show this help

Exit status: 0 when every input was added, 1 when any could not be, 2 on usage errors.
`;

export async function addCommand(args: string[], io: Io): Promise<number> {
  let opts;
  try {
    opts = parseArgs({ args, allowPositionals: true, options: { into: { type: 'string' }, clean: { type: 'boolean' }, 'keep-original': { type: 'boolean' }, 'max-size': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    io.err(`marginalia add: ${describeError(e)}\n\n${ADD_HELP}`);
    return 2;
  }
  if (opts.values.help) {
    io.out(ADD_HELP);
    return 0;
  }
  const maxSize = opts.values['max-size'];
  if (maxSize !== undefined && !(Number(maxSize) > 0)) {
    io.err(`marginalia add: --max-size takes a number of megabytes, not "${forTerminal(maxSize)}"\n`);
    return 2;
  }
  if (!opts.positionals.length) {
    io.err(`marginalia add: name a file or URL to add\n\n${ADD_HELP}`);
    return 2;
  }
  const into = path.resolve(io.cwd, opts.values.into ?? '.');
  const there = fs.statSync(into, { throwIfNoEntry: false });
  if (there && !there.isDirectory()) {
    io.err(`marginalia add: --into ${forTerminal(opts.values.into ?? '.')} is not a folder\n`);
    return 2;
  }
  if (!there) {
    // a new corpus's first `add --into sources`: make the folder, as the analyst asked for it
    try {
      fs.mkdirSync(into, { recursive: true });
    } catch (e) {
      io.err(`marginalia add: could not create --into ${forTerminal(opts.values.into ?? '.')}: ${forTerminal(describeError(e))}\n`);
      return 1;
    }
    io.out(`created folder ${forTerminal(displayPath(io.cwd, into))}\n`);
  }
  const maxBytes = maxBytesFromMB(maxSize === undefined ? undefined : Number(maxSize));
  const { root } = new CorpusRoots().of(path.join(into, 'x'), { fallback: into, gitTop: await repoRoot(into) });
  let failed = 0;
  for (const input of opts.positionals) {
    try {
      const whole = await capture(input, { cwd: io.cwd, maxBytes });
      const clean = opts.values.clean === true;
      const captured = clean ? articleOnly(whole) : whole;
      const stored = await storeCapture(captured, { into, root, maxBytes, keepOriginal: opts.values['keep-original'] === true, now: new Date() });
      io.out(describeStored(stored, (f) => displayPath(io.cwd, f)));
      const d = whole.pageDump;
      if (d && clean) io.out(`  a web page saved as text: the article kept, ${d.droppedBefore} lines before it and ${d.droppedAfter} after it dropped\n`);
      else if (d) io.out(`  looks like a web page saved as text (${d.droppedBefore} lines of menus before the headline, ${d.droppedAfter} after the article): add it again with --clean to keep the article only\n`);
    } catch (e) {
      if (!(e instanceof CaptureError || e instanceof StoreError)) throw e;
      failed++;
      io.err(`marginalia add: ${forTerminal(input)}: ${forTerminal(e.message)}\n`);
    }
  }
  return failed ? 1 : 0;
}

/** What happened, for the terminal: every value from the page through forTerminal. */
export function describeStored(s: Stored, shown: (file: string) => string): string {
  const src = forTerminal(shown(s.source));
  if (s.kind === 'unchanged') return `= ${src}: already up to date (same text)\n`;
  const p = s.provenance;
  const about = [p.title && `“${forTerminal(p.title)}”`, p.publisher && forTerminal(p.publisher), p.published && forTerminal(p.published.slice(0, 10))].filter(Boolean).join(', ');
  if (s.kind === 'created') return `+ ${src}${about ? `  ${about}` : ''}\n  sidecar ${forTerminal(shown(s.sidecar))}${s.original ? `, original kept as ${forTerminal(shown(s.original))}` : ''}\n`;
  const c = s.counts;
  let out = `~ ${src}: new version${about ? ` of ${about}` : ''}; annotations: ${c.anchored} anchored, ${c.moved} moved, ${c.fuzzy} fuzzy, ${c.orphaned} orphaned\n`;
  for (const o of s.orphans) out += `  orphaned ${forTerminal(o.id)}: “${forTerminal(o.quote.length > 60 ? `${o.quote.slice(0, 57)}…` : o.quote)}” — re-attach it (Re-attach Orphan to Selection)\n`;
  return out;
}
