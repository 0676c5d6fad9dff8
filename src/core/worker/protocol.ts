// The messages between the extension host and the editor's worker: what the host may ask
// (WorkRequest) and what comes back (WorkResponse), with the shapes both name. Apart from their
// handler (work.ts) so that the contract both sides keep reads in one place, and the host's
// client (extension/worker/workClient.ts), the store and the worker (src/node/anchorWorker.ts)
// name it without reading how each request is handled. Types only: naming them loads nothing.
//
// Plain data in and out (structured-clone safe): no functions, no class instances, and no
// annotation objects coming back — the caller pairs results with its own annotations by index,
// so identities on the host side never change. Offsets coming back are UTF-16 (the editor's).
import type { CompiledMatcher } from '../mentions/matcher';
import type { PlacedRead } from '../placement';
import type { Held } from '../sourceEntry';
import type { SidecarDelta } from '../live/sidecarDelta';
import type { Actor, Op } from '../ops';
import type { AnchorState, Annotation, Entity, Problem, Sidecar, WorkspaceConfig } from '../types';
import type { MentionSpan } from '../live/mentionsAround';
import type { LiveSpan } from '../live/saveOps';
import type { CueSpan } from '../live/cueScan';
import type { DocText, OnceText } from './docTexts';
import type { RegistryAddition } from '../format/registryEdits';
import type { ImportBatch } from '../import';

/**
 * A registry by number: its entities travel once per worker, the first time a request names
 * it (the caller remembers which numbers it sent), not with every request.
 */
export interface RegistryRef {
  key: number;
  entities?: Entity[];
  /**
   * Or the entities as the worker that parsed the registry packed them (node/registryParse.ts
   * packedAlone: a shared buffer, posted without a copy), unpacked here. Issue 15: cloned into
   * the message, a 5,000-entity registry was 19-31 ms of the host's thread, the largest part of
   * a registry change's longest stall with sources open.
   */
  packedEntities?: SharedArrayBuffer;
  /**
   * With `entities`: the matcher the host already has for them (built by an index worker),
   * restored here instead of built again (100-300 ms of the worker at 5,000 entities, the wait
   * before a first opened source's highlights).
   */
  compiled?: CompiledMatcher;
  /** Or that matcher as the host keeps it, packed (node/indexInit.ts packMatcher): a shared buffer, posted without a copy. */
  packed?: SharedArrayBuffer;
}

/**
 * The clean parse of a registry text a worker wrote, by the store's own reading rules
 * (readWorkspaceFast), made where the text was: the store takes it for that text instead of
 * parsing it again in an index worker started for it (issue 15: ~250 ms of a registry change,
 * the worker's start and a cold parse). With it, the entities packed as an index init's one
 * registry (node/indexInit.ts packRegistries) and, given the request's `keepFor` (the build to
 * keep a parse for), what the next session keeps of it (node/cacheGenerations.ts RegistryKept,
 * opaque here). Only a worker's answer has it: on the host's thread the parse would be a stall.
 */
export interface WrittenParse {
  config: WorkspaceConfig;
  packed: SharedArrayBuffer;
  keep?: unknown;
  /**
   * An addition's new registry's mention matcher, built here and packed (node/indexInit.ts
   * packMatcher): the store keeps it for the corpus as an index worker's (indexPools.ts
   * takeWritten), so the open sources take the new entity at once and the index workers that
   * read the closed ones again restore it rather than build it, cold (issue 15: New entity… at
   * 2,000 sources, its highlights in the open source ~0.5 s after the command began, most of it
   * a new index worker loading and building this very matcher). Not for an Undo's registry: the
   * one before, whose matcher the store keeps.
   */
  matcher?: SharedArrayBuffer;
}

export type WorkRequest =
  /**
   * Where each annotation stands in `text`, and (with `registry`) the registry's mentions in it.
   * `text` whole, or a clean document's file for the worker to read (docTexts.ts OnceText).
   */
  | { kind: 'place'; text: OnceText; annotations: Annotation[]; registry?: RegistryRef }
  /** placeAnnotations of a saved text whose edits the host could not carry the placements across (a large paste): packed. */
  | { kind: 'placeAll'; text: string; annotations: Annotation[] }
  /** The update operations a save writes to the sidecar (core/live/saveOps.ts). */
  | { kind: 'saveOps'; text: string; sidecarText: string; file: string; live: LiveSpan[] }
  /**
   * A guarded write's new sidecar text: `ops` applied to the sidecar as it is on disk now
   * (`sidecarText`; null when there is none yet and `empty` is created). `held`: the length and
   * hash of the sidecar text whose clean read the host holds (it may be told the change from it).
   */
  | { kind: 'applyOps'; sidecarText: string | null; file: string; empty: Sidecar; ops: Op[]; actor?: Actor; held?: Pick<Held, 'sidecarLength' | 'sidecarHash'> }
  /**
   * applyOps on the sidecar's bytes as read (null: none), decoded here, the new text answered
   * as its UTF-8 bytes (and as a string too with `withText`): the host neither decodes nor
   * encodes a large sidecar (extension/store/guardedEdit.ts guardedEditBytes).
   */
  | { kind: 'applyOpsToBytes'; sidecar: Uint8Array | null; file: string; empty: Sidecar; ops: Op[]; actor?: Actor; held?: Pick<Held, 'sidecarLength' | 'sidecarHash'>; withText: boolean }
  /** Line and column (1-based) of each annotation id in a sidecar, and of its `source` key. */
  | { kind: 'locate'; sidecarText: string; file: string; ids: string[] }
  /**
   * Claim-cue sentences of a document (UTF-16), with the registry's extra `cues`. `doc` names
   * the document: its paragraphs' results are kept for its next scan (core/live/cueScan.ts),
   * and its text at `version` (`length` UTF-16 units) for the next request, which may then bring
   * only the edits since, or have it read from the file (docTexts.ts). Sent whole the first time.
   */
  | { kind: 'cues'; doc: string; version: number; length: number; text: DocText; cues: string[] }
  /** A document was closed: its paragraphs' results go. */
  | { kind: 'forget'; doc: string }
  /**
   * A sidecar read from disk with its source's text: the fast reader's sidecar and where its
   * annotations stand, as an index worker sends them (the store takes both as they are). The
   * sidecar comes as the guarded read's bytes, decoded here with the one rule (strict UTF-8):
   * the host decodes nothing it does not keep (issue 15: decoding 3.8 MB and posting the text
   * held it ~100 ms), and may hand the bytes over rather than copy them.
   */
  /**
   * `held`: what the host holds of this source (its texts' hashes and the sidecar's length): when
   * the files are those, the answer says `same` and nothing else (a read after the store's own
   * write to a large sidecar, a watcher's event for an unchanged file).
   */
  | { kind: 'read'; text: string; sidecar: Uint8Array; file: string; held?: Held; heldRead?: boolean }
  /**
   * A guarded write's new registry text: `entities` (or their new aliases) added to
   * marginalia.yaml as it is on disk now (`text`; null: none yet, one is started), through the
   * Document so its comments stay (core/format/registryEdits.ts): off the host's thread, which
   * a registry of 5,000 entities held for most of a second (and so its Undo, below).
   */
  | { kind: 'addToRegistry'; text: string | null; file: string; entities: Entity[]; keepFor?: string }
  /** Undo of addToRegistry: what it `added` taken back from the registry text on disk now, with notes on what was left. */
  | { kind: 'removeFromRegistry'; text: string | null; file: string; added: RegistryAddition[]; keepFor?: string }
  /**
   * A registry text read ahead of an edit the user is choosing (Mark Entity's pick showing): its
   * entity list read now, for an addToRegistry of that same text (core/format/registryAppend.ts readAhead).
   */
  | { kind: 'readRegistryAhead'; text: string }
  /**
   * Import Annotations…' records from a JSON file's bytes (W3C or Hypothesis; `format` absent:
   * told from the file), decoded (strict UTF-8) and parsed here: a whole corpus's export is
   * 22 MB, whose JSON.parse alone held the host ~100 ms (issue 15). The records come back in parts.
   */
  | { kind: 'importRecords'; bytes: Uint8Array; format?: 'w3c' | 'hypothesis' };

/** One annotation's place in UTF-16 offsets, or null when it is orphaned. */
export interface PlacedSpan {
  start: number;
  end: number;
  state: AnchorState;
  confidence: number;
}

export interface Located {
  line: number;
  column: number;
}

/** Why a write is refused: the sidecar is not UTF-8, cannot be read, has errors, or an operation does not apply. */
export type Refusal = 'encoding' | 'unreadable' | 'invalid' | 'op';

export type WorkResponse =
  /**
   * `place`: the spans (UTF-16) and, with a registry, its mentions (UTF-16), and the same packed
   * in code points as an index worker sends them (`found`, MentionMatcher.findPacked), for the
   * corpus to take for a text it holds (Corpus.takeMentions): a registry change then finds an open
   * 1 MB source's mentions once, here, not again on the host (issue 15). `matcher`: the registry's
   * matcher, packed (node/indexInit.ts packMatcher), when this answer's request built it (its
   * registry came with none): the host keeps it, where its first keystroke after a registry change
   * with only open sources (none read again by an index worker) built its own, 20-65 ms.
   * `need`: the request's file was not its text (docTexts.ts), nothing was placed: ask again with it whole.
   */
  | { kind: 'place'; spans: (PlacedSpan | null)[]; mentions: MentionSpan[] | null; found?: Int32Array; matcher?: SharedArrayBuffer; need?: true }
  /** `importRecords`: the batch (its items posted in `parts` before it, parts.ts), or why the file cannot be read (file text: made inert by the caller). */
  | { kind: 'importRecords'; format: 'w3c' | 'hypothesis'; batch: ImportBatch; parts?: number }
  | { kind: 'importRecords'; refused: string; encoding: boolean }
  | { kind: 'placeAll'; placed: PlacedRead }
  | { kind: 'saveOps'; ops: Op[] }
  /**
   * `read`: the fast reader's sidecar of `text`, when it is clean (the host takes it instead of
   * parsing the text again); `delta` instead when the request's `held` is the text changed and
   * both reads are clean: that read, as the change from the host's (core/live/sidecarDelta.ts).
   * `sidecarHash`: textHash of `text`.
   */
  | { kind: 'applyOps'; text: string; inverse: Op[]; read?: Sidecar; delta?: SidecarDelta; sidecarHash: number }
  /** applyOps' answer with the text as UTF-8 `bytes`, its `length` in UTF-16 units, and the text itself when asked. */
  | { kind: 'applyOpsToBytes'; bytes: Uint8Array; length: number; text?: string; inverse: Op[]; read?: Sidecar; delta?: SidecarDelta; sidecarHash: number }
  /**
   * A write refused, nothing written: the sidecar cannot be read (`unreadable`), has errors
   * (`invalid`, at the first error's place when known), or an operation does not apply (`op`).
   * Messages are file text: the caller makes them inert before showing them.
   */
  | { kind: 'refused'; why: Refusal; message: string; line?: number; column?: number }
  | { kind: 'locate'; ids: Record<string, Located>; source: Located }
  /** `need`: the request's text could not be made here (docTexts.ts), no scan was made: ask again with it whole. */
  | { kind: 'cues'; cues: CueSpan[]; need?: true }
  | { kind: 'forget' }
  | { kind: 'readRegistryAhead' }
  /**
   * `read`, of a sidecar that is UTF-8: its decoded length (UTF-16 units) and, when the fast
   * reader took it (clean, or with findings placed: `findings`), its sidecar, placements and the
   * texts' hashes. `fast` null: not clean, and `sidecarText` is its text for the careful reader
   * on the host (which says what is wrong), or its problems found here.
   */
  // `parts`: posted in that many parts before it (parts.ts; the client joins them back)
  // `findings`: the sidecar read in the writer's shape with findings (a merge conflict's warning),
  // placed at their lines (core/format/located.ts): the host keeps its text, as for any sidecar
  // with problems, and takes them as they are
  | { kind: 'read'; fast: Sidecar; placed: PlacedRead; textHash: number; sidecarHash: number; sidecarLength: number; parts?: number; findings?: { problems: Problem[]; sidecarText: string } }
  /** `problems`: found at their lines and the sidecar unreadable for them; else the careful reader on the host says what is wrong. */
  | { kind: 'read'; fast: null; sidecarText: string; problems?: Problem[] }
  /** `read` of a sidecar that is not UTF-8: the guarded read's refusal (core/text/utf8.ts says where). */
  | { kind: 'read'; fast: null; notUtf8: { message: string; line: number; column: number } }
  /** `read` of the very files the host holds (`held`): it takes what it holds again. */
  | { kind: 'read'; fast: null; same: Held }
  /**
   * `fast` as the change from the read the host holds (`heldRead`: the clean read of the held
   * sidecar text), when that is the read this worker made last (a command's write, the last
   * pull) and every annotation stands verbatim: the host rebuilds it (core/live/sidecarDelta.ts)
   * instead of taking 20,000 annotations again for one that changed.
   */
  | { kind: 'read'; fast: null; delta: SidecarDelta; placed: 'verbatim'; textHash: number; sidecarHash: number; sidecarLength: number }
  /** The registry's new text and what it added (nothing added: `text` is the request's); refused as `invalid` when it has errors. */
  | { kind: 'addToRegistry'; text: string; added: RegistryAddition[]; parsed?: WrittenParse }
  /** The registry's new text (undefined: nothing to write) and what was left, and why. */
  | { kind: 'removeFromRegistry'; text?: string; notes: string[]; parsed?: WrittenParse }
  | { kind: 'error'; message: string };
