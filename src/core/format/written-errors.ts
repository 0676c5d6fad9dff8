// The errors the careful readers would find in a file a tool has just written (a merge, a
// resolve), checked before it is handed back: a merge of two valid files can still be invalid.
// A written file is nearly always clean, and proving that with the `yaml` Document was most of
// a large merge (a 40,000-hypothesis registry merge writes 8.4 MB: 7.9 s of its 16 s), so a
// text in the writer's own shape is read directly first (yaml-subset.ts, the indexer's): when
// its value breaks no rule at error level, the careful reader finds no error either (the rules
// are the same functions on the same value). Anything else is read carefully, for the errors'
// positions. Not js-yaml: it accepts some YAML the careful reader refuses (sidecar-plain.ts).
import type { Problem } from '../types';
import { validateSidecar } from './rules/sidecar';
import { validateWorkspace } from './rules/workspace';
import type { Finding } from './rules/findings';
import { parseSidecar, type ParseOptions } from './sidecar-read';
import { loadWritten } from './sidecar-plain';
import { parseWorkspace } from './workspace';

const errorsIn = (problems: readonly Problem[]): Problem[] => problems.filter((p) => p.severity === 'error');
const noError = (findings: readonly Finding[]): boolean => !findings.some((f) => f.severity === 'error');

/** parseSidecar's errors for a sidecar text, or none when the writer-shaped reading breaks no rule at error level. */
export function sidecarErrors(text: string, file: string, options: ParseOptions = {}): Problem[] {
  const plain = loadWritten(text);
  if (plain !== undefined && noError(validateSidecar(plain, options.sidecarPath ?? file).findings)) return [];
  return errorsIn(parseSidecar(text, file, options).problems);
}

/** parseWorkspace's errors for a marginalia.yaml text, or none when the writer-shaped reading breaks no rule at error level. */
export function workspaceErrors(text: string, file: string): Problem[] {
  const plain = loadWritten(text);
  if (plain !== undefined && noError(validateWorkspace(plain).findings)) return [];
  return errorsIn(parseWorkspace(text, file).problems);
}
