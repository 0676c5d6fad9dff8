// What the store read of a source, asked of what it keeps (issue 15): a closed source's text and
// its sidecar's are kept as hashes only (core/corpus.ts), so a test asks whether the store read
// exactly these texts. `undefined` asks nothing of that part; a sidecar `null` means none.
import { textHash, type SourceEntry } from '../../src/core/corpus';

export function readAs(e: SourceEntry | undefined, text: string | undefined, sidecar?: string | null): boolean {
  if (!e) return false;
  // a kept text is compared itself (its hash is computed when it is dropped)
  if (text !== undefined && !(e.readable && (e.text !== null ? e.text === text : e.textHash === textHash(text)))) return false;
  if (sidecar === null) return e.sidecarLength === null;
  return sidecar === undefined || (e.sidecarLength === sidecar.length && (e.sidecarText !== null ? e.sidecarText === sidecar : e.sidecarHash === textHash(sidecar)));
}
