// Where the host's time goes when a 1 MB source is saved (issue 15: no stall over 50 ms): the
// longest single synchronous call of each part that runs on the extension host, timed by
// shadowing the methods on the instances the extension exports (measure.ts, timeMethod). The
// largest of them is the floor under the save's longest stall.
//   store: placing annotations after a change (Corpus.update on each corpus root: the saved
//          source re-read, or the sidecar just written taken)
//   store: taking the sidecar Marginalia just wrote (CorpusStore.setSidecarText: parse, place)
//   writer: reading the sidecar with positions on the host (SidecarWriter.parseWritable: only a
//          re-link now; an annotation change is parsed, applied and serialized in the worker)
//   live: installing the new placements in the open document (LiveDocuments.install)
import type { MarginaliaApi } from '../../src/extension';
import { timeMethod, type Call } from './measure';

export interface SaveParts {
  storeReloadMs: number;
  storeSidecarMs: number;
  writerParseMs: number;
  liveInstallMs: number;
}

export const SAVE_PARTS: [keyof SaveParts, string][] = [
  ['storeReloadMs', 'store: placing annotations after a change (Corpus.update)'],
  ['storeSidecarMs', 'store: taking the sidecar just written (setSidecarText: parse, place)'],
  ['writerParseMs', 'writer: reading the sidecar with positions on the host (parseWritable; a save computes in the worker)'],
  ['liveInstallMs', 'live document: installing the new placements (LiveDocuments.install)'],
];

/** One timer over the same method of several objects (each corpus root's Corpus). */
function timeEach(objects: object[], name: string): { calls: Call[]; restore: () => void } {
  const timers = objects.map((o) => timeMethod(o, name));
  const calls: Call[] = [];
  return {
    get calls() {
      calls.push(...timers.flatMap((t) => t.calls.splice(0)));
      return calls;
    },
    restore: () => timers.forEach((t) => t.restore()),
  };
}

/** Starts timing the parts; `take` gives the longest call of each since the last take. */
export function timeSaveParts(api: MarginaliaApi): { take: () => SaveParts; restore: () => void } {
  const timers = {
    storeReloadMs: timeEach(api.store.allRoots().map((r) => r.corpus), 'update'),
    storeSidecarMs: timeMethod(api.store, 'setSidecarText'),
    writerParseMs: timeMethod(api.writer, 'parseWritable'),
    liveInstallMs: timeMethod(api.live, 'install'),
  };
  const longest = (calls: Call[]) => calls.splice(0).reduce((m, c) => Math.max(m, c.ms), 0);
  return {
    take: () => Object.fromEntries(Object.entries(timers).map(([k, t]) => [k, longest(t.calls)])) as unknown as SaveParts,
    restore: () => Object.values(timers).forEach((t) => t.restore()),
  };
}
