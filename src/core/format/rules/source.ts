// The `source:` rule (issue 8, reproduction 2: `source: ../secret.txt` made `check` read and
// rewrite files outside the corpus). A sidecar annotates exactly one file, the one it is named
// after: `dir/a.txt.annotations.yaml` holds `source: a.txt`, nothing else. The CLI and the
// extension use this one function, so they always anchor against the same text.
import { SIDECAR_SUFFIX } from '../paths';
import { idTextProblem } from './text';

/** A path's last part: all of a sidecar's path these rules read (a cache of their answers may key on it). */
export function fileBase(file: string): string {
  return file.split(/[\\/]/).pop() ?? '';
}

/** The `source:` a sidecar file must hold, or null when `file` is not named like a sidecar. */
export function expectedSource(file: string): string | null {
  const base = fileBase(file);
  if (!base.endsWith(SIDECAR_SUFFIX) || base.length === SIDECAR_SUFFIX.length) return null;
  return base.slice(0, -SIDECAR_SUFFIX.length);
}

/**
 * Why `source` cannot be the source of the sidecar at `file`, or null when it can. When `file`
 * is not a sidecar name (the merge driver's temporary files), only the shape is checked: a
 * plain file name, no folder, no URI.
 */
export function sourceProblem(source: string, file?: string): string | null {
  const why = idTextProblem(source);
  if (why) return `\`source\` ${why}`;
  const expected = file === undefined ? null : expectedSource(file);
  if (expected !== null) {
    return source === expected ? null : `\`source\` must be ${JSON.stringify(expected)}, the file this sidecar is named after`;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(source) || /[\\/]/.test(source) || source === '.' || source === '..') {
    return '`source` must be the name of the file beside the sidecar that it annotates';
  }
  return null;
}
