// The data model shared by the core, the CLI and the extension. Plain data, no behaviour:
// everything here must be serialisable to the sidecar format (README, "Sidecar format v1").

export const FORMAT_VERSION = 1;

export const KINDS = ['entity', 'claim', 'note'] as const;
export type Kind = (typeof KINDS)[number];

export const CLAIM_STATUSES = ['unverified', 'disputed', 'corroborated', 'refuted'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const LINK_RELS = ['supports', 'contradicts', 'same-as', 'see-also'] as const;
export type LinkRel = (typeof LINK_RELS)[number];

export const ENTITY_TYPES = ['person', 'organization', 'place', 'event', 'other'] as const;

/**
 * How a piece of evidence bears on a hypothesis (Analysis of Competing Hypotheses, Heuer):
 * very consistent, consistent, neutral, inconsistent, very inconsistent. Absent: not assessed.
 */
export const ACH_RATINGS = ['CC', 'C', 'N', 'I', 'II'] as const;
export type AchRating = (typeof ACH_RATINGS)[number];

/** A hypothesis the corpus is weighed against (`hypotheses:` in marginalia.yaml). */
export interface Hypothesis {
  id: string;
  text: string;
  note?: string;
}

/** A link from one annotation to another: `to` is `other-source.txt#id` or `#id` (same file). */
export interface Link {
  rel: LinkRel;
  to: string;
}

/**
 * One annotation. `quote` is the exact annotated text; `prefix`/`suffix` (up to 32 code points)
 * and `start`/`end` (Unicode code points from the start of the stored file) are hints the
 * anchoring uses to find the quote again after the source changes.
 */
export interface Annotation {
  id: string;
  kind: Kind;
  quote: string;
  prefix?: string;
  suffix?: string;
  start?: number;
  end?: number;
  status?: ClaimStatus;
  /** Admiralty information credibility, 1 (confirmed) … 6 (cannot be judged). */
  credibility?: number;
  entity?: string;
  note?: string;
  tags?: string[];
  links?: Link[];
  /** Claims: how this evidence bears on each hypothesis, by hypothesis id (ACH). */
  hypotheses?: Record<string, AchRating>;
  /** When the claimed event happened: `2024`, `2024-09`, `2024-09-01`, or a range `A/B` (analysis/dates.ts). */
  when?: string;
  author?: string;
  created?: string;
  updated?: string;
  /** Who made the last change (`updated`); `author` stays the creator (issue 9). */
  updatedBy?: string;
  /** A reviewer's verdict on the assessment (issue 11); absent: not reviewed. */
  review?: Review;
  /** Append-only discussion of the annotation (issue 11), plain untrusted text like notes. */
  replies?: Reply[];
  /** Append-only: one entry per change to a judged field (see review/history.ts). */
  history?: HistoryEntry[];
  /** Merge conflicts left for the analyst by `marginalia merge`: never a silent pick. */
  conflicts?: FieldConflict[];
}

/**
 * Two branches changed the same field differently (or one deleted the annotation the other
 * changed). The field keeps the common ancestor's value until someone picks; both sides'
 * values are kept here in a canonical order, so the merge reads the same whichever side was
 * "ours".
 */
export interface FieldConflict {
  /** The annotation field, or `annotation` when one side deleted it and the other changed it. */
  field: string;
  base?: unknown;
  values: ConflictValue[];
}

export interface ConflictValue {
  /** Absent when this side removed the field (or deleted the annotation). */
  value?: unknown;
  deleted?: boolean;
  /**
   * Who set this value on its side, and when: from that side's `history` (the entry that set the
   * field to this value), else its `updatedBy`/`updated`, else the annotation's `author`.
   */
  author?: string;
  updated?: string;
}

/**
 * One change to a judged field of an annotation (issue 9, "who changed what"): `from` is absent
 * when the field was unset, `to` when it was removed. Written as one flow mapping per entry.
 */
export interface HistoryEntry {
  at: string;
  by: string;
  field: string;
  from?: unknown;
  to?: unknown;
}

export const REVIEW_STATES = ['approved', 'rejected', 'changes-requested'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** Who reviewed an annotation's assessment, with what verdict, when (UTC ISO 8601). */
export interface Review {
  state: ReviewState;
  by: string;
  at: string;
}

/** One reply in an annotation's thread; `id` is generated like annotation ids. */
export interface Reply {
  id: string;
  by: string;
  at: string;
  text: string;
}

export interface Sidecar {
  marginalia: 1;
  /** The source, relative to the sidecar's folder. */
  source: string;
  /** Optional source reliability grade (Admiralty A–F), shown beside claim credibility. */
  reliability?: string;
  /** Where the source came from and what it held when captured (`marginalia add`, issue 14). */
  provenance?: Provenance;
  /**
   * Changes to the source's own fields (`reliability`, `provenance.sha256` when a changed text is
   * accepted): who, when, from what to what. Append-only, as an annotation's history.
   */
  history?: HistoryEntry[];
  annotations: Annotation[];
}

/**
 * Where a source came from (issue 14): written by `marginalia add` / Add Source…, read by the
 * rule in format/rules/provenance.ts. Every field is one line of text from an untrusted page;
 * `sha256` is the hex digest of the source's text as stored (UTF-8), `retrieved` and
 * `published` ISO 8601 times (UTC) or dates.
 */
export interface Provenance {
  url?: string;
  title?: string;
  publisher?: string;
  author?: string;
  published?: string;
  retrieved?: string;
  sha256?: string;
  capturedFrom?: string;
}

/** A name an entity goes by. Case-sensitive unless `ignoreCase` (YAML: `{text: …, ignoreCase: true}`). */
export interface Alias {
  text: string;
  ignoreCase?: boolean;
}

export interface Entity {
  id: string;
  name: string;
  type: string;
  /** Other names; the canonical `name` is always matched too and need not be listed. */
  aliases: Alias[];
  note?: string;
  /** Merge conflicts left by `marginalia merge` on `marginalia.yaml`, as on annotations. */
  conflicts?: FieldConflict[];
}

export interface WorkspaceConfig {
  marginalia: 1;
  entities: Entity[];
  /** Extra claim cues, on top of the built-in defaults. */
  cues: string[];
  /** Entity types beyond the built-in five. */
  entityTypes: string[];
  /** The competing hypotheses (ACH); absent when the file has none. */
  hypotheses?: Hypothesis[];
}

/** A problem in a file, positioned for humans: 1-based line and column. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning';
}

export type AnchorState = 'anchored' | 'moved' | 'fuzzy' | 'orphaned';

/** Where an annotation stands in the current text. Offsets are code points. */
export interface AnchorResult {
  state: AnchorState;
  start: number | null;
  end: number | null;
  /** 0..1; 1 for anchored and moved. */
  confidence: number;
  /** For orphans: the best place found, not trusted enough to use. */
  suggestion?: { start: number; end: number; confidence: number };
}

/** A registry alias found in a text. Offsets are code points. */
export interface Mention {
  entity: string;
  alias: string;
  start: number;
  end: number;
}
