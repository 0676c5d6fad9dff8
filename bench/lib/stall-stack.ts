// What the host's thread ran during one stall the bench measured (issue 15): the bench prints
// each re-index's longest stall with when it ended on the monotonic clock (StallMonitor.longest),
// which is the clock of V8's CPU profiles; this reads the profile's samples in that window and
// prints the heaviest frames (inclusive time), so a stall is traced to its code, not guessed.
//
//   node --import tsx bench/vscode.ts --runs 1 --only sources10k --profile --verbose
//   node --import tsx bench/lib/stall-stack.ts bench/.cache/profiles/sources-reindex.cpuprofile <endUs> <ms>
import * as fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export function stallStack(profile: Profile, endUs: number, ms: number, top = 25): { sampledMs: number; frames: [string, number][] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  const from = endUs - ms * 1000;
  const inclusive = new Map<string, number>();
  let sampled = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t < from || t > endUs) continue;
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    sampled += dt;
    const seen = new Set<string>();
    for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const k = name(byId.get(id)!);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  }
  return { sampledMs: sampled, frames: [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top) };
}

if (require.main === module) {
  const [file, end, ms] = process.argv.slice(2);
  if (!file || !end || !ms) throw new Error('usage: stall-stack.ts <profile> <endUs> <ms>');
  const { sampledMs, frames } = stallStack(JSON.parse(fs.readFileSync(file, 'utf8')) as Profile, Number(end), Number(ms));
  console.log(`${sampledMs.toFixed(1)} ms sampled in the ${ms} ms before ${end}`);
  for (const [k, v] of frames) console.log(`${v.toFixed(1).padStart(8)} ms  ${k}`);
}
