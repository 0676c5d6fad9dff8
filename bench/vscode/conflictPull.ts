// A pull that leaves a large sidecar with an unresolved conflict (issue 15: "no extension-host
// pause over 50 ms"): the sources bench on a workspace of one heavily annotated source (the
// `large` mode) writes its sidecar on disk with a conflict, as `marginalia merge` leaves one,
// and measures the host's longest stall until the store holds the conflict's problem; then
// writes it back as it was, and the same until the problem is gone. A sidecar with findings is
// not read the fast way, so this is the path the clean re-index does not take.
import * as fs from 'node:fs';
import type { MarginaliaApi } from '../../src/extension';
import { withConflict } from '../lib/conflict';
import { profiled, StallMonitor, stats, waitFor, type Stats } from './measure';

export interface ConflictPull {
  /** ms: the host's longest stall from the write until the store held the conflict. */
  stall: Stats;
  /** ms: from the write until the store held it. */
  shown: Stats;
  /** The same for the sidecar written back clean. */
  cleanStall: Stats;
  cleanShown: Stats;
}

const RUNS = 3;

export async function conflictPull(api: MarginaliaApi, profileDir?: string): Promise<ConflictPull> {
  const root = api.store.allRoots()[0];
  const entry = root.corpus.all()[0];
  const sidecar = `${root.uri.fsPath}/${entry.sidecarPath}`;
  const clean = fs.readFileSync(sidecar, 'utf8');
  const conflicted = withConflict(clean, 0, '    ');
  const hasConflict = () => !!root.corpus.get(entry.source)?.parsed?.problems.some((p) => /conflict/i.test(p.message));
  const figures = { stall: [] as number[], shown: [] as number[], cleanStall: [] as number[], cleanShown: [] as number[] };
  const at: string[] = [];
  // --profile: one profile of the writes; `node --import tsx bench/lib/stall-stack.ts <profile> <endUs> <ms>` shows what ran in a stall
  await profiled(profileDir, 'conflict-pull', async () => {
    for (let k = 0; k < RUNS; k++) {
      for (const [text, want, stall, shown] of [
        [conflicted, true, figures.stall, figures.shown],
        [clean, false, figures.cleanStall, figures.cleanShown],
      ] as const) {
        await new Promise((r) => setTimeout(r, 300));
        const monitor = new StallMonitor();
        monitor.start();
        const t = performance.now();
        fs.writeFileSync(sidecar, text);
        await waitFor(() => hasConflict() === want, 60_000, want ? 'the store holds the conflict' : 'the conflict is gone');
        shown.push(performance.now() - t);
        // the views' draws after it too
        await api.store.whenDrawn();
        await new Promise((r) => setTimeout(r, 200));
        stall.push(monitor.stop().max);
        at.push(`${want ? 'conflict' : 'clean'} ${monitor.longest.ms.toFixed(0)} @ ${monitor.longest.endUs}`);
      }
    }
  });
  console.log(`[bench] a pull with a conflict and back, longest stalls (ms @ monotonic µs at their end): ${at.join(', ')}`);
  return { stall: stats(figures.stall), shown: stats(figures.shown), cleanStall: stats(figures.cleanStall), cleanShown: stats(figures.cleanShown) };
}
