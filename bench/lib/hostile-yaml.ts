// Hostile YAML (issue 8, "Bounded cost"): a sidecar whose one mapping holds tens of thousands of
// keys. The yaml package's duplicate-key check compared each key with every key before it
// (40,000 keys: 8 s per parse, src/core/format/yamlutil.ts uniqueKeys), and the merge looked
// each field up on each side with a scan (8,000 keys: 7 s, src/core/merge/nodes.ts buildMap),
// and each problem found in a mapping looked its key up with a scan of that mapping to give its
// line (20,000 bad field names: 5.6 s, yamlutil.ts nodeAt).
// The merge driver parses four times (base, ours, theirs, and its own result).
import { parseSidecar } from '../../src/core/format';
import { mergeTexts } from '../../src/core/merge';
import type { Case } from '../hostile';

const FILE = 'a.txt.annotations.yaml';

/** A valid sidecar with one annotation holding `keys` unknown fields; `mark` changes every 1,000th value. */
function wideSidecar(keys: number, mark = ''): string {
  let text = 'marginalia: 1\nsource: a.txt\nannotations:\n  - id: a1\n    kind: note\n    quote: x\n';
  for (let k = 0; k < keys; k++) text += `    x${k}: v${k}${mark && k % 1000 === 0 ? mark : ''}\n`;
  return text;
}

export function yamlCases(): Case[] {
  const wide = wideSidecar(40_000);
  // the same, with its last key repeating the first: refused at that key
  const repeated = `${wide}    x0: again\n`;
  // 40,000 field names holding a tab: a problem each
  const badNames = wideSidecar(40_000).replace(/^ {4}x(\d+):/gm, '    "x\\t$1":');
  const base = wideSidecar(8_000);
  const ours = wideSidecar(8_000, 'o');
  const theirs = wideSidecar(8_000, 't');
  const parsed = (text: string) => () => {
    const p = parseSidecar(text, FILE);
    const errors = p.problems.filter((x) => x.severity === 'error');
    return errors.length ? `${errors.length} error(s): ${errors[0].line}:${errors[0].column} ${errors[0].message}` : `${p.sidecar?.annotations.length ?? 0} annotation(s), no errors`;
  };
  return [
    { label: 'sidecar with a 40,000-key mapping (parseSidecar)', run: parsed(wide) },
    { label: 'sidecar with a 40,000-key mapping, last key repeated (parseSidecar)', run: parsed(repeated) },
    { label: 'sidecar with 40,000 bad field names in one mapping (parseSidecar)', run: parsed(badNames) },
    {
      label: 'merge of sidecars with 8,000 keys in one annotation (merge driver)',
      run: () => {
        const r = mergeTexts('sidecar', base, ours, theirs, FILE);
        return r.text === null ? `refused: ${r.problems[0]?.message}` : `${r.conflicts} conflict(s), ${(r.text.length / 1e3).toFixed(0)} KB written`;
      },
    },
  ];
}
