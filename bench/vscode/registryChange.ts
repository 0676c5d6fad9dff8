// An entity added to the registry the way Mark Entity → New entity… adds it, and that addition
// undone, on the 2,000-source workspace (issue 15: "no extension-host pause over 50 ms, at any
// corpus size"). A registry change reaches every source: the 5,000-entity registry is parsed
// again, a new matcher made, and every closed source read again for its mentions. Measured: the
// command's own time (write, re-read, every source's mentions found again), the host's longest
// stall from the write until its draws are done, and that the new entity is then counted. In the
// editor bench (`open`), with a 1 MB source open: the open document is placed again with the new
// registry too, and the time until its editor holds the new entity's mentions is measured, and
// the first keystroke typed in it after each change (`typeAfter`): the keystroke path's matcher
// is the new registry's.
import * as fs from 'node:fs';
import type * as vscode from 'vscode';
import type { MarginaliaApi } from '../../src/extension';
import type { Entity } from '../../src/core/types';
import type { KeystrokeSplit } from './editor';
import { cpuByProcess, cpuSince, ownMs, profiled, StallMonitor, stats, timeAsync, timeMethod, waitFor, type Stats } from './measure';
import { workerLine } from './workerLine';

export interface RegistryChange {
  /** ms: the change's command, from its start until it returned (every source read again). */
  addMs: Stats;
  /** ms: the host's longest stall from the command's start until its draws were done, 300 ms after. */
  addStall: Stats;
  undoMs: Stats;
  undoStall: Stats;
  /** Sources where the added entity was counted, after the first addition. */
  countedIn: number;
  /** With `open`: ms from the command's start until the open document's mentions had the new entity (add), or had it no more (undo). */
  shownMs?: Stats;
  undoneMs?: Stats;
  /**
   * With `open`: the host's time in each open source's refresh until its request to the editor's
   * worker was posted (the text posted whole, or only where the worker reads its file), over all
   * changes; and how the requests' texts went, summed (WorkClient.placeTexts).
   */
  refreshMs?: Stats;
  placeTexts?: { whole: number; file: number; needed: number };
  /** With `typeAfter`: the extension time of the first keystroke typed after each change, of its re-find, and that time less the host thread's wait for a CPU. */
  keystrokeAfter?: { total: Stats; refind: Stats; own: Stats };
}

/** Types in the open document once a change's draws are done; answers its first keystroke's parts (ms). */
export type TypeAfter = () => Promise<KeystrokeSplit>;

const RUNS = 3;

export async function registryChange(api: MarginaliaApi, profileDir?: string, open?: vscode.TextDocument, typeAfter?: TypeAfter): Promise<RegistryChange> {
  const root = api.store.allRoots()[0];
  const registryText = fs.readFileSync(root.registryUri.fsPath, 'utf8');
  // a name the texts hold: a word of the open document, or of the first source, so the new entity has mentions to find
  const first = root.corpus.all()[0];
  // (none that is a word of an entity's name or alias: those spans are that entity's mentions already)
  const taken = new Set((root.corpus.registry?.entities ?? []).flatMap((e) => [e.name, ...e.aliases.map((a) => a.text)]).flatMap((n) => n.toLowerCase().split(/\s+/)));
  const words = [...new Set((open?.getText() ?? fs.readFileSync(`${root.uri.fsPath}/${first.source}`, 'utf8')).match(/\p{Lu}\p{Ll}{3,}/gu) ?? [])].filter((w) => !taken.has(w.toLowerCase()));
  if (!words.length) throw new Error('no word of the text to name an entity after');
  const work = (api.writer as unknown as { work: { placeTexts: { whole: number; file: number; needed: number } } }).work;
  const textsBefore = { ...work.placeTexts };
  const refreshMs: number[] = [];
  const retries = (api.live as unknown as { orphanRetries: { asked: number; inVain: number; skipped: number } }).orphanRetries;
  const retriesBefore = { ...retries };
  const figures = { addMs: [] as number[], addStall: [] as number[], undoMs: [] as number[], undoStall: [] as number[], shownMs: [] as number[], undoneMs: [] as number[], keyTotal: [] as number[], keyRefind: [] as number[], keyOwn: [] as number[] };
  const inOpen = (id: string) => !!open && api.live.get(open)?.mentions.some((m) => m.entity === id) === true;
  const at: string[] = [];
  const keys: string[] = [];
  const steps: string[] = [];
  const parts: string[] = [];
  // where the command's time goes (the store's own objects, reached as the bench reaches them elsewhere)
  const store = api.store as unknown as { registries: object; loader: { pools: object } & object };
  let countedIn = 0;
  try {
    // --profile: one profile of the changes; `node --import tsx bench/lib/stall-stack.ts <profile> <endUs> <ms>` shows what ran in a stall
    await profiled(profileDir, 'registry-change', async () => {
      for (let k = 0; k < RUNS; k++) {
        const entity: Entity = { id: `bench-added-${k}`, name: words[(k * 7) % words.length], type: 'person', aliases: [] };
        for (const [what, ms, stall, shown] of [
          ['add', figures.addMs, figures.addStall, figures.shownMs],
          ['undo', figures.undoMs, figures.undoStall, figures.undoneMs],
        ] as const) {
          await new Promise((r) => setTimeout(r, 500));
          const monitor = new StallMonitor(true);
          const cpu = cpuByProcess();
          monitor.start();
          const t = performance.now();
          const refreshes = timeMethod(api.live as unknown as object, 'refresh');
          const edits = timeAsync(api.writer, 'edit');
          const parses = timeAsync(store.registries, 'read');
          const reads = timeAsync(store.loader, 'loadMany');
          const pools = timeAsync(store.loader.pools, 'serving');
          let toldAt = NaN;
          const told = api.store.onDidChange((c) => {
            if (c.all && Number.isNaN(toldAt)) toldAt = performance.now() - t;
          });
          // when the open document's editor first held the change, which may be before the command returns
          let shownAt = NaN;
          const drawn = api.live.onDidChange((d) => {
            if (d === open && Number.isNaN(shownAt) && inOpen(entity.id) === (what === 'add')) shownAt = performance.now() - t;
          });
          if (what === 'add') await api.writer.change('New entity', (c) => c.registry(root, entity));
          else await api.writer.undo();
          ms.push(performance.now() - t);
          if (open) {
            await waitFor(() => inOpen(entity.id) === (what === 'add'), 60_000, `the open document's mentions ${what === 'add' ? 'with' : 'without'} the new entity`).catch((e: Error) => {
              const live = api.live.get(open);
              const state = live ? `${live.mentions.length} mentions, its registry ${live.registry === root.corpus.registry ? 'the store\'s' : 'another'} (${live.registry?.entities.length} entities)` : 'not live';
              throw new Error(`${e.message}: ${entity.name} (${entity.id}); the document ${open.isClosed ? 'closed' : 'open'}, ${state}; the store's registry ${root.corpus.entity(entity.id) ? 'has' : 'lacks'} it`);
            });
            shown.push(Number.isNaN(shownAt) ? performance.now() - t : shownAt);
            const first = refreshes.calls.find((c) => (c.args[0] as { document: vscode.TextDocument }).document === open);
            // where the wait goes: the command until the store tells every view, the document's refresh, the worker's answer
            const mine = refreshes.calls.map((c) => c.ms);
            refreshMs.push(...mine);
            steps.push(`${what}: told ${toldAt.toFixed(0)}, refreshed ${first ? (first.start - t).toFixed(0) : '?'} (${mine.length} refreshes on the host, the longest ${Math.max(0, ...mine).toFixed(2)} ms), shown ${shown[shown.length - 1].toFixed(0)}`);
          }
          refreshes.restore();
          told.dispose();
          drawn.dispose();
          for (const timed of [edits, parses, reads, pools]) timed.restore();
          const span = (c?: { start: number; end?: number }) => (c ? `${(c.start - t).toFixed(0)}–${c.end === undefined ? '?' : (c.end - t).toFixed(0)}` : '–');
          const served = pools.calls.map((c) => c.result).find(Boolean) as { timeline?: Parameters<typeof workerLine>[0] } | undefined;
          parts.push(`${what}: edited and written ${span(edits.calls[0])}, parsed ${span(parses.calls[0])}, sources read again ${span(reads.calls[0])} (${reads.calls.map((c) => `${(c.args[0] as unknown[]).length} at ${(c.start - t).toFixed(0)}`).join(', ')}), told ${toldAt.toFixed(0)}, returned ${ms[ms.length - 1].toFixed(0)}${served?.timeline ? `; ${workerLine(served.timeline, t)}` : ''}`);
          await api.store.whenDrawn();
          // the file watcher's event for the write, and the views' draws after it
          await new Promise((r) => setTimeout(r, 300));
          const stopped = monitor.stop();
          stall.push(stopped.max);
          at.push(`${what} ${stopped.max.toFixed(0)} @ ${monitor.longest.endUs} (host thread CPU ${stopped.worst?.threadCpuMs.toFixed(0) ?? '?'} ms, waiting ${stopped.worst?.threadWaitMs.toFixed(0) ?? '?'}, GC ${stopped.gc.inLongestStallMs.toFixed(0)}; CPU ${cpuSince(cpu, 10)})`);
          if (what === 'add' && k === 0) countedIn = new Set(root.corpus.mentionsOf(entity.id).map((m) => m.source)).size;
          if (typeAfter) {
            const builds = api.store.matchers.builds;
            const first = await typeAfter();
            const f = (n: number) => n.toFixed(1);
            keys.push(`${what} ${f(first.total)} (onEdit ${f(first.sync)}: re-find ${f(first.refind)}, listeners ${f(first.listeners)}; redraw ${f(first.redraw)}; gc ${f(first.gc)}${first.gcKinds ? ` (${first.gcKinds})` : ''}; waited for a CPU ${f(first.waitMs)}${first.endUs ? ` @ ${first.endUs}` : ''}${api.store.matchers.builds > builds ? '; the host built the matcher' : ''})`);
            figures.keyTotal.push(first.total);
            figures.keyRefind.push(first.refind);
            figures.keyOwn.push(ownMs(first));
          }
        }
      }
    });
  } finally {
    // the workspace is kept between runs: its registry as it was, whatever happened
    if (fs.readFileSync(root.registryUri.fsPath, 'utf8') !== registryText) fs.writeFileSync(root.registryUri.fsPath, registryText);
  }
  console.log(`[bench] registry changes, longest stalls (ms @ monotonic µs at their end): ${at.join('; ')}`);
  console.log(`[bench] registry changes, the command (ms from its start): ${parts.join(' | ')}`);
  const placeTexts = { whole: work.placeTexts.whole - textsBefore.whole, file: work.placeTexts.file - textsBefore.file, needed: work.placeTexts.needed - textsBefore.needed };
  if (steps.length) console.log(`[bench] registry changes, the open document (ms from the command's start): ${steps.join('; ')}; the place requests' texts: ${JSON.stringify(placeTexts)}; orphan retries asked ${retries.asked - retriesBefore.asked} (in vain ${retries.inVain - retriesBefore.inVain}), skipped as repeats ${retries.skipped - retriesBefore.skipped}`);
  if (keys.length) console.log(`[bench] registry changes, the first keystroke after each (ms): ${keys.join('; ')}`);
  return {
    addMs: stats(figures.addMs),
    addStall: stats(figures.addStall),
    undoMs: stats(figures.undoMs),
    undoStall: stats(figures.undoStall),
    countedIn,
    ...(open ? { shownMs: stats(figures.shownMs), undoneMs: stats(figures.undoneMs), refreshMs: stats(refreshMs), placeTexts } : {}),
    ...(typeAfter ? { keystrokeAfter: { total: stats(figures.keyTotal), refind: stats(figures.keyRefind), own: stats(figures.keyOwn) } } : {}),
  };
}
