// The two changes an analyst makes to a source itself rather than to one of its annotations
// (issue 14): setting its reliability grade (Admiralty A–F) and accepting that its text changed
// since it was captured (the new SHA-256 becomes the captured one). Both append a sidecar-level
// `history` entry with who, when, from and to — the same shape as an annotation's history — so a
// reviewer can see who vouched for a changed text and what its hash was before. Pure: the
// extension runs them through its one guarded write path (sidecarWriter `change().rebuild`),
// which re-reads the file and applies them to what is on disk now.
import { RELIABILITY } from '../admiralty';
import type { Sidecar } from '../types';

export interface Actor {
  by: string;
  at: string;
}

export const RELIABILITY_GRADES = Object.keys(RELIABILITY);

/** The sidecar with `reliability` set to `grade` (or removed with null); null when nothing changes. */
export function withReliability(s: Sidecar, grade: string | null, actor: Actor): Sidecar | null {
  if (grade !== null && !RELIABILITY_GRADES.includes(grade)) throw new Error(`reliability must be one of ${RELIABILITY_GRADES.join(', ')}`);
  const before = s.reliability;
  if ((before ?? null) === grade) return null;
  const next: Sidecar = { ...s, history: [...(s.history ?? []), { at: actor.at, by: actor.by, field: 'reliability', ...(before ? { from: before } : {}), ...(grade ? { to: grade } : {}) }] };
  if (grade === null) delete next.reliability;
  else next.reliability = grade;
  return next;
}

/**
 * The sidecar with `provenance.sha256` set to the hash of the text as it is now; null when the
 * source has no captured hash (nothing to accept) or the hash already matches.
 */
export function withAcceptedText(s: Sidecar, sha256: string, actor: Actor): Sidecar | null {
  const p = s.provenance;
  if (!p?.sha256 || p.sha256 === sha256) return null;
  return {
    ...s,
    provenance: { ...p, sha256 },
    history: [...(s.history ?? []), { at: actor.at, by: actor.by, field: 'provenance.sha256', from: p.sha256, to: sha256 }],
  };
}
