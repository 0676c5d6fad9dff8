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


export const isStatus = (v: unknown): v is ClaimStatus => typeof v === 'string' && (CLAIM_STATUSES as readonly string[]).includes(v);
export const isCredibility = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 6;

export async function pickStatus(current?: ClaimStatus): Promise<ClaimStatus | undefined> {
  const items = CLAIM_STATUSES.map((s) => ({ label: s, description: s === current ? '(current)' : undefined, detail: STATUS_DETAIL[s], status: s }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Claim status', placeHolder: 'How does this claim stand?' });
  return picked?.status;
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
