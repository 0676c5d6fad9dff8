// Merging sidecars and the registry three-way (issue #5): the git merge driver, conflict-marker
// recovery and conflict resolution, shared by the CLI and the extension.
import * as YAML from 'yaml';
import { WORKSPACE_FILE, parseSidecar, parseWorkspace, type ParsedSidecar } from '../format';
import { toJS } from '../format/yamlutil';
import { sidecarValue, workspaceValue } from '../format/written-errors';
import { ownValue } from '../records';
import type { Actor } from '../ops';
import type { WorkspaceConfig } from '../types';
import { isConflictList } from './record-merge';
import { mergeRegistryTexts } from './registry-merge';
import { mergeSidecarTexts, reportConflicts, type ConflictReport, type TextMerge } from './sidecar-merge';
import { resolveRegistryChecked, resolveRegistryText, resolveSidecarChecked, resolveSidecarText, type Pick, type TextResolve } from './resolve';

export { mergeSidecars, mergeSidecarTexts, reportConflicts, type ConflictReport, type MergedSidecar, type SidecarMerge, type TextMerge } from './sidecar-merge';
export { mergeRegistryTexts } from './registry-merge';
export { splitConflictMarkers, type MarkerSides } from './markers';
export {
  resolveConflict, resolveSidecarText, resolveRegistryText, resolveSidecarChecked, resolveRegistryChecked, type Pick, type TextResolve, type ResolveOptions,
} from './resolve';

export type MergeKind = 'sidecar' | 'registry';

/** `marginalia.yaml` is the registry; anything else a sidecar, unless its content says otherwise. */
export function mergeKindOf(path: string | undefined, text?: string): MergeKind {
  const name = path?.split(/[\\/]/).pop();
  if (name === WORKSPACE_FILE) return 'registry';
  if (name?.endsWith('.annotations.yaml')) return 'sidecar';
  if (text !== undefined) {
    try {
      const v = YAML.parse(text, { schema: 'core', maxAliasCount: 50 }) as unknown;
      if (v && typeof v === 'object' && !('source' in v) && ('entities' in v || 'cues' in v || 'entityTypes' in v)) return 'registry';
    } catch {
      // unreadable: the sidecar merge will report it with its position
    }
  }
  return 'sidecar';
}

export function mergeTexts(kind: MergeKind, base: string | null, ours: string, theirs: string, file: string): TextMerge {
  return kind === 'registry' ? mergeRegistryTexts(base, ours, theirs, file) : mergeSidecarTexts(base, ours, theirs, file);
}

/** `actor` (sidecars only): who settles the conflicts, recorded in each annotation's history. */
export function resolveText(kind: MergeKind, text: string, file: string, picks: readonly Pick[], actor?: Actor): string {
  return kind === 'registry' ? resolveRegistryText(text, file, picks) : resolveSidecarText(text, file, picks, { actor });
}

/** resolveText without exceptions: the new text, or no text and located problems (never an invalid file). */
export function resolveTextChecked(kind: MergeKind, text: string, file: string, picks: readonly Pick[], actor?: Actor): TextResolve {
  return kind === 'registry' ? resolveRegistryChecked(text, file, picks) : resolveSidecarChecked(text, file, picks, { actor });
}

/** The unresolved conflicts a file carries (none when it does not parse: its errors say more). */
export function listConflicts(kind: MergeKind, text: string, file: string): ConflictReport[] {
  // a file in the writer's shape read directly, as the careful reader would (no position is
  // asked for here: Resolve lists them on the extension host, a 3 MB sidecar's careful parse
  // took 2.4 s of it); any other carefully (written-errors.ts)
  if (kind === 'sidecar') {
    const v = sidecarValue(text, file);
    if (!v) return sidecarConflicts(parseSidecar(text, file));
    return v.sidecar ? [...topConflictsOf(v.root), ...reportConflicts(v.sidecar)] : [];
  }
  const v = workspaceValue(text);
  if (!v) {
    const p = parseWorkspace(text, file);
    return p.config ? [...topConflicts(p.doc), ...entityConflicts(p.config)] : [];
  }
  return v.config ? [...topConflictsOf(v.root), ...entityConflicts(v.config)] : [];
}

const entityConflicts = (config: WorkspaceConfig): ConflictReport[] => config.entities.flatMap((e) => (e.conflicts ?? []).map((conflict) => ({ id: e.id, conflict })));

/** A parsed sidecar's unresolved conflicts: its annotations' and the top level's (`source`, `reliability`). */
export function sidecarConflicts(p: ParsedSidecar): ConflictReport[] {
  return p.sidecar ? [...topConflicts(p.doc), ...reportConflicts(p.sidecar)] : [];
}

/** The top level's conflicts in a file's plain value (topConflicts of its Document). */
function topConflictsOf(root: unknown): ConflictReport[] {
  const top = root && typeof root === 'object' && !Array.isArray(root) ? ownValue(root as Record<string, unknown>, 'conflicts') : undefined;
  return isConflictList(top) ? top.map((conflict) => ({ id: null, conflict })) : [];
}

function topConflicts(doc: YAML.Document.Parsed | null): ConflictReport[] {
  const root = doc?.contents;
  const top = YAML.isMap(root) && doc ? toJS(root.get('conflicts', true), doc) : undefined;
  return isConflictList(top) ? top.map((conflict) => ({ id: null, conflict })) : [];
}
