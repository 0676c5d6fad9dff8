// Where an index pool's workers' time went, one line of the bench's verbose log: the first
// index's (sources.ts) and a registry change's reads of every closed source (registryChange.ts).
import type { MarginaliaApi } from '../../src/extension';

/**
 * Where the index workers' time went (the store's timings.workers), after the index started:
 * when the pool started, each worker loaded, got its init and had its matchers; its first task's
 * start and end; its tasks' busy time against the span they covered; and on the host, how long
 * an answer waited for the host's thread (received − end) and how long applying it took.
 */
export function workerLine(w: NonNullable<MarginaliaApi['store']['timings']['workers']>, started: number): string {
  const at = (x: number) => (x ? `${Math.round(x - started)}` : '–');
  const parts = [`workers: pool started ${at(w.spawned)} ms, given the first of the sources ${at(w.posted ?? 0)}, the last ${at(w.cut ?? 0)}`];
  for (const [thread, m] of Object.entries(w.workers)) {
    const own = w.answers.filter((a) => String(a.thread) === thread);
    // a worker holds several tasks at once: each counts from when the one before it ended
    const busy = own.reduce((n, a, k) => n + a.end - Math.max(a.start, k ? own[k - 1].end : a.start), 0);
    const first = own[0];
    parts.push(
      `#${thread} loaded ${at(m.loaded)}, init ${at(m.init)}, matchers ${at(m.prepared)}${m.fromParse ? ' (from its own parse)' : ''}, first task ${first ? `${at(first.start)}–${at(first.end)}` : '–'}, ` +
        `${own.length} tasks busy ${Math.round(busy)} ms of ${first ? Math.round(own[own.length - 1].end - first.start) : 0}, thread CPU ${Math.round(own[own.length - 1]?.cpu ?? 0)} ms, waiting for a CPU ${Math.round(own[own.length - 1]?.waited ?? 0)} ms`,
    );
  }
  const wait = w.answers.map((a) => a.received - a.end).sort((a, b) => a - b);
  const apply = w.answers.map((a) => a.applied - a.received);
  const sum = (xs: number[]) => Math.round(xs.reduce((n, x) => n + x, 0));
  if (wait.length) parts.push(`host: answer waited median ${Math.round(wait[wait.length >> 1])} / max ${Math.round(wait[wait.length - 1])} ms, applying ${sum(apply)} ms in all (max ${Math.round(Math.max(...apply))})`);
  return parts.join('; ');
}
