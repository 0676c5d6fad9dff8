// What the reading rules say about a file, over plain values (issue 8, "one set of reading
// rules"): a finding names the place by its path in the data (`annotations.3.credibility`), so
// the fast reader can just count them and the careful reader turns the path into a line and a
// column. Neither reader states a rule of its own.
export type Path = readonly (string | number)[];

export interface Finding {
  path: Path;
  /** Point at the key of the last path step rather than its value (an unknown key's name). */
  key?: boolean;
  message: string;
  severity: 'error' | 'warning';
}

/** Collects findings; one per validation run, never shared. */
export class Findings {
  readonly list: Finding[] = [];
  error(path: Path, message: string, key = false): void {
    this.list.push({ path, message, severity: 'error', ...(key ? { key } : {}) });
  }
  warn(path: Path, message: string): void {
    this.list.push({ path, message, severity: 'warning' });
  }
  get hasErrors(): boolean {
    return hasError(this.list);
  }
}

/** Whether any finding or problem is an error: a file with one is never written over. */
export const hasError = (found: readonly { severity: Finding['severity'] }[]): boolean => found.some((f) => f.severity === 'error');

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The file's root: a mapping that says `marginalia: 1`. One rule for sidecars and the
 * registry; `shape` says what the mapping must hold. False when nothing further can be read.
 */
export function readVersioned(root: unknown, f: Findings, shape: string, version: number): root is Obj {
  if (!isObj(root)) {
    f.error([], shape);
    return false;
  }
  if (!('marginalia' in root)) {
    f.error([], 'missing `marginalia: 1` (the format version)');
    return false;
  }
  if (root.marginalia !== version) {
    f.error(['marginalia'], `unsupported format version ${shown(root.marginalia)}: this Marginalia reads version ${version}`);
    return false;
  }
  return true;
}

/** A value from a file, shown in a message: JSON (control characters escaped), cut short. */
export function shown(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? 'nothing';
  } catch {
    s = 'a value';
  }
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
