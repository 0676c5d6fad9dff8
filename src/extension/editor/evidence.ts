// The evidence lines of a claim's hover: its own links and the links other annotations make to
// it, each with the linked text quoted and a link that opens it. Link targets come from files
// and are resolved only through Corpus.resolve, which refuses paths that leave the corpus root;
// what does not resolve is shown as text, never as a link. Each piece of evidence says how far
// it can be trusted (issue 9): its own credibility and the reliability of its source, so a
// reviewer can weigh a contradiction from a rumour against one from a confirmed report.
import { CREDIBILITY, RELIABILITY } from '../../core/admiralty';
import type { Placement } from '../../core/placement';
import type { Annotation, LinkRel } from '../../core/types';
import type { CorpusStore, SourceRef } from '../store/corpusStore';
import { inertQuote } from '../../core/text/untrusted';
import { revealLink } from './markdown';

const OUTGOING: Record<LinkRel, string> = { contradicts: 'Contradicts', supports: 'Supports', 'same-as': 'Same as', 'see-also': 'See also' };
const INCOMING: Record<LinkRel, string> = { contradicts: 'Contradicted by', supports: 'Supported by', 'same-as': 'Same as', 'see-also': 'Referred to by' };
const RANK: Record<LinkRel, number> = { contradicts: 0, supports: 1, 'same-as': 2, 'see-also': 3 };

interface Target {
  source: string;
  annotation: Annotation;
  placement: Placement | undefined;
}

/** Markdown lines (no list marker), contradicting evidence first. */
export function evidenceLines(store: CorpusStore, ref: SourceRef, a: Annotation): string[] {
  const { corpus } = ref.root;
  const out: { rank: number; text: string }[] = [];
  const shown = new Set<string>();
  for (const link of a.links ?? []) {
    const r = corpus.resolve(ref.rel, link);
    if (!r.target) {
      out.push({ rank: RANK[link.rel], text: `**${OUTGOING[link.rel]}** ${inertQuote(link.to, 100)} — *not found in this workspace*` });
      continue;
    }
    shown.add(`${r.target.source}#${r.target.annotation.id}`);
    out.push({ rank: RANK[link.rel], text: line(store, ref, OUTGOING[link.rel], r.target) });
  }
  for (const b of corpus.backlinks(ref.rel, a.id)) {
    // a pair linked both ways (A contradicts B, B contradicts A) is one piece of evidence
    if (shown.has(`${b.source}#${b.annotation.id}`)) continue;
    if (b.source === ref.rel && b.annotation.id === a.id) continue;
    shown.add(`${b.source}#${b.annotation.id}`);
    const placement = corpus.find(b.source, b.annotation.id)?.placement;
    out.push({ rank: RANK[b.rel], text: line(store, ref, INCOMING[b.rel], { source: b.source, annotation: b.annotation, placement }) });
  }
  return out.sort((x, y) => x.rank - y.rank).map((x) => x.text);
}

function line(store: CorpusStore, ref: SourceRef, label: string, t: Target): string {
  const { corpus } = ref.root;
  const where = t.source === ref.rel ? 'this document' : t.source;
  const link = revealLink(where, { source: store.uriOf(ref.root, t.source).toString(), id: t.annotation.id });
  const what = t.annotation.kind === 'claim' ? `claim, ${corpus.statusOf(t.source, t.annotation)}` : t.annotation.kind;
  const weight = t.annotation.kind === 'claim' ? ` · ${grades(ref, t).join(' · ')}` : '';
  const orphaned = !t.placement || t.placement.result.state === 'orphaned' ? ', *orphaned*' : '';
  return `**${label}** “${inertQuote(t.annotation.quote)}” — ${link} (${what}${orphaned})${weight}`;
}

/** `credibility 2 (probably true)`, `source reliability B (usually reliable)`: what is known of one piece of evidence. */
function grades(ref: SourceRef, t: Target): string[] {
  const out: string[] = [];
  const c = t.annotation.credibility;
  out.push(c !== undefined ? `credibility ${c}${CREDIBILITY[c] ? ` (${CREDIBILITY[c]})` : ''}` : 'credibility not graded');
  const r = ref.root.corpus.get(t.source)?.parsed?.sidecar?.reliability;
  if (r) out.push(`source reliability ${inertQuote(r, 10)}${RELIABILITY[r.trim().toUpperCase()] ? ` (${RELIABILITY[r.trim().toUpperCase()]})` : ''}`);
  return out;
}
