// The quick picks the annotating commands share.
import * as vscode from 'vscode';
import { CREDIBILITY } from '../../core/admiralty';
import { CLAIM_STATUSES, type ClaimStatus } from '../../core/types';

const STATUS_DETAIL: Record<ClaimStatus, string> = {
  unverified: 'Not yet checked, or cannot be checked yet',
  disputed: 'Contested by another source or by evidence',
  corroborated: 'Confirmed by independent sources',
  refuted: 'Shown to be false',
};


/** The picker's label for a claim with no status of its own. */
export const NOT_ASSESSED = 'not yet assessed';

export const isStatus = (v: unknown): v is ClaimStatus => typeof v === 'string' && (CLAIM_STATUSES as readonly string[]).includes(v);
export const isCredibility = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 6;

/**
 * The claim's status; `null` for *not yet assessed* (no `status` is stored, so the claim shows
 * as disputed when a claim in another source contradicts it, else as unverified), undefined
 * when the analyst cancels. *Not yet assessed* comes first and is the default for a new claim:
 * before it existed every claim made in the UI stored a status, and the derivation never ran
 * (issue 9, bug 4).
 */
export async function pickStatus(current?: ClaimStatus | null): Promise<ClaimStatus | null | undefined> {
  const items = [
    { label: NOT_ASSESSED, description: current === null ? '(current)' : undefined, detail: 'No status of its own: shown as disputed while another source contradicts it, else unverified', status: null as ClaimStatus | null },
    ...CLAIM_STATUSES.map((s) => ({ label: s, description: s === current ? '(current)' : undefined, detail: STATUS_DETAIL[s], status: s as ClaimStatus | null })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Claim status', placeHolder: 'How does this claim stand?' });
  return picked ? picked.status : undefined;
}

/** Credibility 1–6, `null` for "not graded", undefined when the analyst cancels. */
export async function pickCredibility(current?: number): Promise<number | null | undefined> {
  const items = [
    { label: 'Skip', description: 'no credibility grade', value: null as number | null },
    ...Object.entries(CREDIBILITY).map(([n, text]) => ({ label: n, description: text + (Number(n) === current ? ' (current)' : ''), value: Number(n) as number | null })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Information credibility (Admiralty scale)', placeHolder: '1 confirmed … 6 cannot be judged' });
  return picked ? picked.value : undefined;
}
