// A fast read of marginalia.yaml for scans over large registries (`marginalia entities`): js-yaml
// builds plain objects about five times faster than the `yaml` Document API, which keeps the
// positions and comments that error messages and rewrites need. The rules are parseWorkspace's
// own (rules/workspace.ts): only a file they find nothing in is returned; anything else returns
// null, and the caller uses parseWorkspace, which then reports the problem with its position.
import type { WorkspaceConfig } from '../types';
import { validateWorkspace } from './rules/workspace';
import { loadPlain } from './sidecar-plain';

export function readWorkspaceFast(text: string): WorkspaceConfig | null {
  const root = loadPlain(text);
  if (root === undefined) return null;
  const { config, findings } = validateWorkspace(root);
  return findings.length === 0 ? config : null;
}
