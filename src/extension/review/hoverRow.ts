// What a claim's hover says of its review (issue 11): the verdict with who and when, how many
// replies wait in its thread, and one row of links — Approve · Reject · Request Changes · Reply —
// running only Marginalia's own commands with `{source, id}` built here (file content never
// becomes a link; the hover's trust is limited to these commands, see editor/markdown.ts).
import { REVIEW_LABEL } from '../../core/review/loop';
import { inert, inertQuote } from '../../core/text/untrusted';
import type { Annotation } from '../../core/types';
import { actionLink, type Action } from '../editor/markdown';
import { Commands } from '../ids';

/** The commands a claim hover's review row runs: the section must enable them. */
export const REVIEW_ACTIONS: readonly Action[] = [Commands.approve, Commands.reject, Commands.requestChanges, Commands.openThread];

/** `*Approved by Ben Byrne, 2026-11-30* · 2 replies`, or `*Not reviewed*`. */
export function reviewStateLine(a: Annotation): string {
  const replies = a.replies?.length ? ` · ${a.replies.length} repl${a.replies.length === 1 ? 'y' : 'ies'}` : '';
  if (!a.review) return `*Not reviewed*${replies}`;
  const day = /^\d{4}-\d{2}-\d{2}/.exec(a.review.at)?.[0] ?? a.review.at.slice(0, 40);
  const label = REVIEW_LABEL[a.review.state];
  return `$(${ICON[a.review.state]}) *${label[0].toUpperCase()}${label.slice(1)} by ${inertQuote(a.review.by, 60)}, ${inert(day)}*${replies}`;
}

const ICON = { approved: 'check', rejected: 'close', 'changes-requested': 'request-changes' } as const;

/** The action row: `args` is `{source, id}` of the annotation, built by the hover. */
export function reviewActionRow(args: { source: string; id: string }): string {
  return [
    actionLink('Approve', Commands.approve, args),
    actionLink('Reject', Commands.reject, args),
    actionLink('Request Changes', Commands.requestChanges, args),
    actionLink('Reply', Commands.openThread, args),
  ].join(' · ');
}
