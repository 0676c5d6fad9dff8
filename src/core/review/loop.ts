// The review loop (issue 11), as pure rules shared by the CLI (`marginalia review`) and the
// extension (the Review view, comment threads, hover links): the operations a reviewer's
// verdict and a reply are, and what awaits review. An annotation awaits review when it is a
// claim nobody has reviewed yet, a claim whose words changed since it was assessed (placement's
// `needsReview`), one whose assessment a reviewer sent back (changes requested), or any
// annotation holding an open merge conflict. Approved and rejected claims await nothing.
import { newId } from '../ids';
import type { Actor, Op } from '../ops';
import type { Placement } from '../placement';
import type { Annotation, ClaimStatus, Reply, Review, ReviewState } from '../types';

/** Why an annotation awaits review, in the order the Review view lists its groups. */
export const AWAITING = ['needs-review', 'changes-requested', 'conflict', 'not-reviewed'] as const;
export type Awaiting = (typeof AWAITING)[number];

export const AWAITING_LABEL: Record<Awaiting, string> = {
  'needs-review': 'words changed since assessed',
  'changes-requested': 'changes requested',
  conflict: 'open merge conflict',
  'not-reviewed': 'not reviewed',
};

export const REVIEW_LABEL: Record<ReviewState, string> = {
  approved: 'approved',
  rejected: 'rejected',
  'changes-requested': 'changes requested',
};

/** `approved`, …, or `not-reviewed` when no verdict is recorded. */
export type ReviewStateOrNone = ReviewState | 'not-reviewed';

export function reviewStateOf(a: Annotation): ReviewStateOrNone {
  return a.review?.state ?? 'not-reviewed';
}

/**
 * The reasons `placement`'s annotation awaits review, most pressing first; empty when it awaits
 * nothing. A conflict counts for every kind; the rest concern claims, the assessments.
 */
export function awaitingReview(p: Placement): Awaiting[] {
  const bits = awaitingBits(p);
  const out: Awaiting[] = [];
  for (let k = 0; bits >> k; k++) if (bits & (1 << k)) out.push(AWAITING[k]);
  return out;
}

/**
 * The rule itself: `awaitingReview`'s reasons as bits, bit k for AWAITING[k]; 0 when the
 * annotation awaits nothing. Nothing is made: a count of every source's annotations (the Review
 * view's badge after each index) asks it of each (issue 15).
 */
export function awaitingBits(p: Placement): number {
  const a = p.annotation;
  let bits = 0;
  if (a.kind === 'claim' && p.needsReview) bits |= BIT['needs-review'];
  if (a.review?.state === 'changes-requested') bits |= BIT['changes-requested'];
  if (a.conflicts?.length) bits |= BIT.conflict;
  if (a.kind === 'claim' && !a.review && !p.needsReview) bits |= BIT['not-reviewed'];
  return bits;
}

const BIT = Object.fromEntries(AWAITING.map((why, k) => [why, 1 << k])) as Record<Awaiting, number>;

/**
 * Whether a claim fails `--require approved` (CI): a disputed or refuted claim without an
 * approval. `status` is the claim's effective status (a claim contradicted elsewhere reads as
 * disputed though none is stored).
 */
export function lacksRequiredApproval(a: Annotation, status: ClaimStatus | undefined): boolean {
  return a.kind === 'claim' && (status === 'disputed' || status === 'refuted') && a.review?.state !== 'approved';
}

/** The update recording a reviewer's verdict; the write path credits it and records history. */
export function reviewOp(id: string, state: ReviewState, actor: Actor): Op {
  const review: Review = { state, by: actor.by, at: actor.at };
  return { type: 'update', id, set: { review } };
}

/** The update appending a reply (replies are append-only); null for empty text. */
export function replyOp(a: Annotation, text: string, actor: Actor, id: string = newId(Date.parse(actor.at) || Date.now())): Op | null {
  const clean = text.replace(/\r\n?/g, '\n').trim();
  if (clean === '') return null;
  const reply: Reply = { id, by: actor.by, at: actor.at, text: clean };
  return { type: 'update', id: a.id, set: { replies: [...(a.replies ?? []), reply] } };
}

/** The update adding (or removing) tags; null when nothing would change. */
export function tagOp(a: Annotation, add: readonly string[], remove: readonly string[] = []): Op | null {
  const now = a.tags ?? [];
  const gone = new Set(remove);
  const next = [...now.filter((t) => !gone.has(t))];
  for (const t of add.map((x) => x.trim()).filter(Boolean)) if (!next.includes(t)) next.push(t);
  if (next.length === now.length && next.every((t, i) => t === now[i])) return null;
  return { type: 'update', id: a.id, set: { tags: next.length ? next : null } };
}
