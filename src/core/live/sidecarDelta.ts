// A sidecar written by a command, sent back to the extension host as what changed (issue 15).
// The worker that applies a command's operations to a sidecar reads the text it made, and the
// store takes that read instead of parsing again; for a transcript of 20,000 annotations that
// was 20,000 objects cloned across threads for one changed claim, and the host's thread took
// them in one task (50-120 ms) and then compared each with the one it held. When the worker
// knows the host holds the read of the very text it changed (same length and hash), it sends the
// annotations that differ from that read instead: the run between the unchanged ones at either
// end, by value (reuseUnchanged.ts sameFields). The host puts that run into the read it holds;
// every other annotation is the host's own object, so its views tell them unchanged by identity.
import type { Annotation, Sidecar } from '../types';
import { sameFields } from './reuseUnchanged';

/** A read as the change from another: `before.annotations[from, to)` became `annotations`. */
export interface SidecarDelta {
  /** The sidecar's fields besides its annotations, as they are now. */
  rest: Omit<Sidecar, 'annotations'>;
  from: number;
  to: number;
  annotations: Annotation[];
}

/** What turns `before` into `after` (both reads of a sidecar, plain data). */
export function sidecarDelta(before: Sidecar, after: Sidecar): SidecarDelta {
  const was = before.annotations;
  const { annotations: now, ...fields } = after;
  let from = 0;
  while (from < was.length && from < now.length && sameFields(was[from], now[from])) from++;
  let tail = 0;
  while (tail < was.length - from && tail < now.length - from && sameFields(was[was.length - 1 - tail], now[now.length - 1 - tail])) tail++;
  return { rest: fields, from, to: was.length - tail, annotations: now.slice(from, now.length - tail) };
}

/** `base` changed as `delta` says: a new read whose unchanged annotations are `base`'s objects. */
export function applySidecarDelta(base: Sidecar, delta: SidecarDelta): Sidecar {
  const was = base.annotations;
  const annotations = was.slice(0, delta.from);
  for (const a of delta.annotations) annotations.push(a);
  for (let i = delta.to; i < was.length; i++) annotations.push(was[i]);
  return { ...delta.rest, annotations } as Sidecar;
}
