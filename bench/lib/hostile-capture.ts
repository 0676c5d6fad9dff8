// Hostile inputs for capture and import (issue 8, "Bounded cost"): a PDF's text layer, a saved
// page's text and a brat `.ann` are whatever the file says. Each case times the core function the
// CLI and the extension call, on the input that was superlinear:
//
// - the PDF layout, 80,000 lines in one paragraph (every other one hyphenated): the paragraph's
//   end was tested as it grew by `+=`, 246 s;
// - cleanText, two lines of 100,000 spaces each ending in a letter: the regex `/[ \t\u00a0]+$/`
//   retried from every space, 14 to 18 s;
// - the PDF layout, a two-column page 320,000 units wide of 40,000 lines, both columns ragged,
//   under a title across them: each of the 40,000 candidate gutters (a right edge in the middle
//   half) was counted over all 80,001 segments, 8.3 to 9.2 s;
// - a brat import (fromBrat, then applyImport as `marginalia import` does) of 400 spans
//   `0 1;239999 240000` on a 240 KB text: each quoted the whole text, 16.9 s and a 102 MB
//   sidecar; they are now skipped, each with its reason.
import { layoutPdf, type PdfRun } from '../../src/core/capture/pdfLayout';
import { cleanText } from '../../src/core/capture/text';
import { applyImport } from '../../src/core/import/apply';
import { fromBrat } from '../../src/core/import/brat';
import type { Case } from '../hostile';

export function captureCases(): Case[] {
  return [
    {
      label: 'PDF layout: 80,000 lines in one paragraph',
      run: () => {
        const n = 80_000;
        const runs: PdfRun[] = Array.from({ length: n }, (_, i) => ({ str: i % 2 === 0 ? `line ${i} govern-` : `ment and line ${i}`, x: 50, y: n * 12 - i * 12, width: 200, size: 10 }));
        const out = layoutPdf([{ width: 600, height: n * 12 + 100, runs }]);
        return `${(out.length / 1e6).toFixed(1)} MB of text, ${out.split('\n\n').length} paragraph(s)`;
      },
    },
    {
      label: 'PDF layout: 40,000 lines in two ragged columns, wide page',
      run: () => {
        // every left and right edge its own whole unit in the middle half, and the title crosses
        // every gutter, so no candidate stops the search early
        const n = 40_000;
        const width = 8 * n;
        const runs: PdfRun[] = [{ str: 'A title across both columns', x: 10, y: n * 12 + 40, width: width - 20, size: 10 }];
        for (let i = 0; i < n; i++) {
          const y = n * 12 - i * 12;
          runs.push({ str: `left ${i}`, x: 10, y, width: 2 * n + i, size: 10 }, { str: `right ${i}`, x: 3 * n + 100, y, width: n + i, size: 10 });
        }
        const out = layoutPdf([{ width, height: n * 12 + 100, runs }]);
        return `${(out.length / 1e6).toFixed(1)} MB of text, ${out.split('\n\n').length} paragraph(s)`;
      },
    },
    {
      label: 'cleanText: 2 lines of 100,000 spaces inside',
      run: () => {
        const out = cleanText(('a' + ' '.repeat(100_000) + 'b  \n').repeat(2));
        return `${out.length} chars`;
      },
    },
    {
      label: 'brat: 400 spans 0 1;239999 240000 on 240 KB',
      run: () => {
        const txt = 'The cat sat on the mat. '.repeat(10_000);
        const end = txt.length;
        const ann = Array.from({ length: 400 }, (_, i) => `T${i + 1}\tNote 0 1;${end - 1} ${end}\tT  `).join('\n') + '\n';
        const batch = fromBrat(ann, txt, null);
        const applied = applyImport('doc.txt', 'doc.txt.yaml', txt, null, batch.items);
        return `${batch.items.length} imported, ${batch.skipped.length} skipped, sidecar ${((applied.text?.length ?? 0) / 1e6).toFixed(1)} MB`;
      },
    },
  ];
}
