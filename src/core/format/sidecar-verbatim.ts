// Lines the sidecar writer keeps exactly as they were written (issue 11): a one-line flow
// mapping or flow list printed as a placeholder token and put back after printing, because the
// YAML printer would break it over several lines. Apart from the writer (sidecar-write.ts) and
// its node builders (sidecar-nodes.ts), which both use it — the builders reserve lines, the
// writer puts them back — so the tokens' rules stay in one place: one unguessable run id per
// printing, and every token put back in one pass.
import * as YAML from 'yaml';
import { PRINT_OPTIONS } from './yamlutil';

/**
 * Lines kept exactly as they were written: a placeholder token printed in their place, and the
 * line's text. The YAML printer breaks a flow mapping longer than the line width over several
 * lines; a reply written by hand (or by another tool) on one long line would then be rewritten
 * as a block of six lines when someone appends a reply next to it (issue 11). Its one-line form
 * goes back in after printing, so adding a reply only adds lines. The tokens of one printing
 * share an unguessable run id and differ by their number, so all of them go back in one pass
 * over the printed text (one search per token was quadratic: 8,000 one-line replies, 22 s).
 */
export type Verbatim = { run: string; texts: string[] };

export const newVerbatim = (): Verbatim => ({ run: randomToken(), texts: [] });

/** The placeholder printed for `text`, to be put back by restoreVerbatim. */
export function reserve(verbatim: Verbatim, text: string): string {
  verbatim.texts.push(text);
  return `marginalia-verbatim-${verbatim.run}-${verbatim.texts.length - 1}-v`;
}

export function restoreVerbatim(out: string, verbatim: Verbatim): string {
  if (!verbatim.texts.length) return out;
  const token = new RegExp(`marginalia-verbatim-${verbatim.run}-(\\d+)-v`, 'g');
  const seen = new Uint32Array(verbatim.texts.length);
  for (const m of out.matchAll(token)) {
    const i = Number(m[1]);
    if (i < seen.length) seen[i]++;
  }
  // the run id is unguessable, but should a token ever occur twice the printed form stands
  return out.replace(token, (whole, n: string) => {
    const i = Number(n);
    return i < seen.length && seen[i] === 1 ? verbatim.texts[i] : whole;
  });
}

/** A flow mapping kept unchanged, as a placeholder that prints on one line (with its comment). */
export function keepOnOneLine(node: YAML.Node, verbatim: Verbatim): YAML.Node {
  if (!YAML.isMap(node) || !node.flow) return node;
  const bare = node.clone() as YAML.YAMLMap;
  bare.comment = undefined;
  bare.commentBefore = undefined;
  const doc = new YAML.Document();
  doc.contents = bare as never;
  const text = doc.toString({ ...PRINT_OPTIONS, lineWidth: 0 }).trimEnd();
  if (text.includes('\n')) return node;
  const placeholder = new YAML.Scalar(reserve(verbatim, text));
  placeholder.comment = node.comment;
  placeholder.commentBefore = node.commentBefore;
  placeholder.spaceBefore = node.spaceBefore;
  return placeholder;
}

function randomToken(): string {
  let s = '';
  for (let i = 0; i < 4; i++) s += Math.floor(Math.random() * 0x100000000).toString(36);
  return s;
}
