// A fast read of marginalia.yaml for scans over large registries (`marginalia entities`): js-yaml
// builds plain objects about five times faster than the `yaml` Document API, which keeps the
// positions and comments that error messages and rewrites need. The rules are parseWorkspace's
// own (rules/workspace.ts): only a file they find nothing in is returned; anything else returns
// null, and the caller uses parseWorkspace, which then reports the problem with its position.
import type { Problem, WorkspaceConfig } from '../types';
import { locatedFindings } from './located';
import { validateWorkspace } from './rules/workspace';
import { loadPlain } from './sidecar-plain';

export function readWorkspaceFast(text: string): WorkspaceConfig | null {
  const root = loadPlain(text);
  if (root === undefined) return null;
  const { config, findings } = validateWorkspace(root);
  return findings.length === 0 ? config : null;
}

/**
 * The registry's config and its problems at the careful reader's lines and columns, without its
 * parse, when the file is clean or in the writer's shape (located.ts); else null (the careful
 * reader then reads it).
 */
export function readWorkspaceLocated(text: string, file: string): { config: WorkspaceConfig | null; problems: Problem[] } | null {
  const root = loadPlain(text);
  if (root === undefined) return null;
  const { config, findings } = validateWorkspace(root);
  if (findings.length === 0) return { config, problems: [] };
  const problems = locatedFindings(text, file, findings);
  return problems ? { config, problems } : null;
}
