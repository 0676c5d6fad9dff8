// Where the host's time goes when a 1 MB source is saved (issue 15: no stall over 50 ms): the
// longest single synchronous call of each part that runs on the extension host, timed by
// shadowing the methods on the instances the extension exports (measure.ts, timeMethod). The
// largest of them is the floor under the save's longest stall.
//   store: re-reading the saved source (CorpusStore.updateIsolated: Corpus.update, which places
//          the sidecar's annotations in the new text)
//   store: taking the sidecar Marginalia just wrote (CorpusStore.setSidecarText: parse, place)
//   writer: reading the sidecar with positions before writing it (SidecarWriter.parseWritable)
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
  ['storeReloadMs', 'store: re-reading the saved source (Corpus.update: placing annotations)'],
  ['storeSidecarMs', 'store: taking the sidecar just written (setSidecarText: parse, place)'],
  ['writerParseMs', 'writer: reading the sidecar with positions (SidecarWriter.parseWritable)'],
  ['liveInstallMs', 'live document: installing the new placements (LiveDocuments.install)'],
];

/** Starts timing the parts; `take` gives the longest call of each since the last take. */
export function timeSaveParts(api: MarginaliaApi): { take: () => SaveParts; restore: () => void } {
  const timers = {
    storeReloadMs: timeMethod(api.store, 'updateIsolated'),
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
