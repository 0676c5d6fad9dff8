// The errors the careful readers would find in a file a tool has just written (a merge, a
// resolve), checked before it is handed back: a merge of two valid files can still be invalid.
// A written file is nearly always clean, and proving that with the `yaml` Document was most of
// a large merge (a 40,000-hypothesis registry merge writes 8.4 MB: 7.9 s of its 16 s), so a
// text in the writer's own shape is read directly first (yaml-subset.ts, the indexer's): when
// its value breaks no rule at error level, the careful reader finds no error either (the rules
// are the same functions on the same value). Anything else is read carefully, for the errors'
// positions. Not js-yaml: it accepts some YAML the careful reader refuses (sidecar-plain.ts).
// The same reading gives what the careful reader would read, where no position is asked for
// (sidecarValue, workspaceValue: a conflict list, an Undo's operations), warnings or errors
// alike: the rules' result on the same value.
import type { Problem, Sidecar, WorkspaceConfig } from '../types';
import { validateSidecar } from './rules/sidecar';
import { validateWorkspace } from './rules/workspace';
import { hasError } from './rules/findings';
import { parseSidecar, type ParseOptions } from './sidecar-read';
import { loadWritten } from './sidecar-plain';
import { parseWorkspace } from './workspace';

const errorsIn = (problems: readonly Problem[]): Problem[] => problems.filter((p) => p.severity === 'error');

/** parseSidecar's errors for a sidecar text, or none when the writer-shaped reading breaks no rule at error level. */
export function sidecarErrors(text: string, file: string, options: ParseOptions = {}): Problem[] {
  const plain = loadWritten(text);
  if (plain !== undefined && !hasError(validateSidecar(plain, options.sidecarPath ?? file).findings)) return [];
  return errorsIn(parseSidecar(text, file, options).problems);
}

/** parseWorkspace's errors for a marginalia.yaml text, or none when the writer-shaped reading breaks no rule at error level. */
export function workspaceErrors(text: string, file: string): Problem[] {
  const plain = loadWritten(text);
  if (plain !== undefined && !hasError(validateWorkspace(plain).findings)) return [];
  return errorsIn(parseWorkspace(text, file).problems);
}

/**
 * The writer-shaped value of a sidecar and parseSidecar's `sidecar` for it (the annotations
 * that validated), or undefined for a text not in the writer's shape: read it carefully.
 */
export function sidecarValue(text: string, file: string, options: ParseOptions = {}): { root: unknown; sidecar: Sidecar | null } | undefined {
  const root = loadWritten(text);
  return root === undefined ? undefined : { root, sidecar: validateSidecar(root, options.sidecarPath ?? file).sidecar };
}

/** parseWorkspace's `config` for a writer-shaped registry, with its value; undefined otherwise. */
export function workspaceValue(text: string): { root: unknown; config: WorkspaceConfig | null } | undefined {
  const root = loadWritten(text);
  return root === undefined ? undefined : { root, config: validateWorkspace(root).config };
}

/** A sidecar's annotations as parseSidecar reads them (null when it cannot), the writer's shape read directly. */
export function sidecarOf(text: string, file: string): Sidecar | null {
  const v = sidecarValue(text, file);
  return v ? v.sidecar : parseSidecar(text, file).sidecar;
}

/** A registry's configuration as parseWorkspace reads it (null when it cannot), the writer's shape read directly. */
export function configOf(text: string, file: string): WorkspaceConfig | null {
  const v = workspaceValue(text);
  return v ? v.config : parseWorkspace(text, file).config;
}
