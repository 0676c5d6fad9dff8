// Reading many sidecars at once (indexing a workspace of thousands): js-yaml builds plain
// objects several times faster than the `yaml` Document API, and keeps no Document in memory;
// the writer's own shape is read faster still, to js-yaml's very value (yaml-subset.ts). The
// rules are the careful reader's own (rules/sidecar.ts), applied to that value: a file is
// returned only when they find nothing at all, not even a warning; anything else goes to
// parseSidecar (sidecar-fast.ts parseSidecarQuick), which reports it with its line and column.
//
// Apart from sidecar-fast.ts so that it does not load the `yaml` library: the index and check
// workers import this alone (issue 15: yaml's code was 250 KB of each worker's 520 KB, loaded
// and run before its first read).
import { CORE_SCHEMA, load } from 'js-yaml';
import type { Sidecar } from '../types';
import { findConflictMarkers } from './conflictMarkers';
import { MAX_DEPTH } from './rules/depth';
import { validateSidecar } from './rules/sidecar';
import { loadYamlSubset } from './yaml-subset';

/** The sidecar when the file is clean, else null. `file` names the sidecar for the `source:` rule. */
export function readSidecarFast(text: string, file?: string): Sidecar | null {
  const root = loadPlain(text);
  if (root === undefined) return null;
  const { sidecar, findings } = validateSidecar(root, file);
  return findings.length === 0 ? sidecar : null;
}

/**
 * js-yaml's plain value, or undefined for anything the careful reader might see differently:
 * conflict markers, aliases, deep nesting, anything that may be a tag (`!!str`, `!!binary`:
 * a `!` where a node may start, even inside text, is left to the careful path), any exception
 * (js-yaml refuses collection keys itself).
 */
export function loadPlain(text: string): unknown {
  // each test only where its characters occur at all (most sidecars have neither)
  if ((mayHaveConflictMarkers(text) && findConflictMarkers(text).length) || (text.includes('!') && MAYBE_TAG.test(text))) return undefined;
  // the writer's own shape, read directly; the same value as js-yaml's (yaml-subset.ts)
  const quick = loadYamlSubset(text);
  if (quick !== undefined) return quick;
  try {
    return load(text, { schema: CORE_SCHEMA, maxAliases: 0, maxDepth: MAX_DEPTH + 2 });
  } catch {
    return undefined;
  }
}

/** Whether a line could start with a conflict marker: seven of `<`, `=`, `>` or `|` somewhere. */
function mayHaveConflictMarkers(text: string): boolean {
  return text.includes('<<<<<<<') || text.includes('=======') || text.includes('>>>>>>>') || text.includes('|||||||');
}

// a `!` where a node may start (line start, after `:`, `-`, `?`, `,`, `[`, `{`): a tag
const MAYBE_TAG = /(?:^[ \t]*|[:\-?,[{][ \t]*)!/m;
