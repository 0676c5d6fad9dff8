// A file that cannot be read stays one located error on that file: it never stops the files
// after it. Sidecars and marginalia.yaml arrive through git from anyone, and a parser may throw
// on what it was never meant to see (a block sequence nested thousands deep overflows the
// stack; a refused read has no text at all). Callers that index many files go through here, so
// an exception from a reader becomes a result that Problems shows and writers refuse to touch.
import { parseSidecarQuick, parseWorkspace, type ParsedSidecar, type ParsedWorkspace } from './format';
import { withMarkerView } from './merge/markerView';
import type { Problem } from './types';

export interface Place {
  line?: number;
  column?: number;
}

function problem(file: string, message: string, at: Place = {}): Problem {
  return { file, line: at.line ?? 1, column: at.column ?? 1, message, severity: 'error' };
}

/** What an exception says, one line, for a message that names the file too. */
export function describeFailure(e: unknown): string {
  if (e instanceof RangeError) return `too deeply nested or too large to read (${e.message})`;
  return e instanceof Error ? e.message : String(e);
}

/** A sidecar known only by an error: nothing in it is shown, and it is never written. */
export function unreadableSidecar(file: string, message: string, at?: Place): ParsedSidecar {
  const p = problem(file, message, at);
  return { file, doc: null, sidecar: null, problems: [p], conflictLines: [], writable: false, locate: () => ({ line: p.line, column: p.column }) };
}

/** A registry known only by an error: no entities, never written. */
export function unreadableWorkspace(file: string, message: string, at?: Place): ParsedWorkspace {
  return { file, doc: null, config: null, problems: [problem(file, message, at)], writable: false };
}

/** `read` (parseSidecarQuick unless told) that never throws. */
export function readSidecarIsolated(text: string, file: string, read: (text: string, file: string) => ParsedSidecar = parseSidecarQuick): ParsedSidecar {
  try {
    // a file with git's conflict markers is shown read-only, both sides merged (markerView.ts)
    return withMarkerView(read(text, file), text);
  } catch (e) {
    return unreadableSidecar(file, `this sidecar cannot be read: ${describeFailure(e)}; it is left as it is`);
  }
}

/** `read` (a fast path, then parseWorkspace) that never throws. */
export function readWorkspaceIsolated(text: string, file: string, read: (text: string, file: string) => ParsedWorkspace = parseWorkspace): ParsedWorkspace {
  try {
    return read(text, file);
  } catch (e) {
    return unreadableWorkspace(file, `marginalia.yaml cannot be read: ${describeFailure(e)}; it is left as it is`);
  }
}
