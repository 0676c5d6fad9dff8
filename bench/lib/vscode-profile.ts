// Where the extension's time goes in a .cpuprofile written inside the extension host
// (`--profile`): functions of dist/extension.js by self and total time, mapped back to
// src/ through the bundle's source map.
import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Hotspot {
  name: string;
  /** src/… file and line of the function. */
  where: string;
  selfMs: number;
  totalMs: number;
}

/** Functions of `bundle` (a path) by self time, with their inclusive time. */
export function hotspots(profileFile: string, bundle: string, top = 12): { hotspots: Hotspot[]; extensionMs: number; profileMs: number } {
  const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8')) as Profile;
  const bundleUrl = pathToFileURL(bundle).href;
  const mapFile = `${bundle}.map`;
  const map = fs.existsSync(mapFile) ? new SourceMap(JSON.parse(fs.readFileSync(mapFile, 'utf8'))) : null;
  const root = path.dirname(path.dirname(bundle));

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ours = (n: ProfileNode) => n.callFrame.url === bundleUrl || n.callFrame.url === bundle;
  const key = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'}@${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const frames = new Map<string, ProfileNode>();
  let extensionMs = 0;
  let profileMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000; // a sample lasts until the next one
    profileMs += ms;
    const leaf = byId.get(id)!;
    if (ours(leaf)) self.set(key(leaf), (self.get(key(leaf)) ?? 0) + ms);
    const seen = new Set<string>();
    let inExtension = false;
    for (let n: ProfileNode | undefined = leaf; n; n = parent.has(n.id) ? byId.get(parent.get(n.id)!) : undefined) {
      if (!ours(n)) continue;
      inExtension = true;
      const k = key(n);
      frames.set(k, n);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + ms);
    }
    if (inExtension) extensionMs += ms;
  });

  const where = (n: ProfileNode): string => {
    const entry = map?.findEntry(n.callFrame.lineNumber, n.callFrame.columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
    if (!entry?.originalSource) return `dist/extension.js:${n.callFrame.lineNumber + 1}`;
    const file = entry.originalSource.startsWith('file:') ? new URL(entry.originalSource).pathname : path.resolve(path.dirname(bundle), entry.originalSource);
    return `${path.relative(root, file)}:${(entry.originalLine ?? 0) + 1}`;
  };
  const rows = [...frames.entries()]
    .map(([k, n]) => ({ name: n.callFrame.functionName || '(anonymous)', where: where(n), selfMs: self.get(k) ?? 0, totalMs: total.get(k) ?? 0 }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top);
  return { hotspots: rows, extensionMs, profileMs };
}

/**
 * Where a workbench (renderer) profile's busy time went: functions of any script by self time,
 * named by script file and line (the workbench is minified: the names say little, the places
 * and the native and GC frames more), with the busy total (everything but idle).
 */
export function workbenchHotspots(profileFile: string, top = 15): { hotspots: Hotspot[]; busyMs: number; profileMs: number } {
  const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, { n: ProfileNode; ms: number }>();
  let busyMs = 0;
  let profileMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    profileMs += ms;
    const n = byId.get(id)!;
    if (n.callFrame.functionName === '(idle)') return;
    busyMs += ms;
    const k = `${n.callFrame.functionName}@${n.callFrame.url}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
    const e = self.get(k) ?? { n, ms: 0 };
    e.ms += ms;
    self.set(k, e);
  });
  const rows = [...self.values()]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top)
    .map(({ n, ms }) => ({ name: n.callFrame.functionName || '(anonymous)', where: n.callFrame.url ? `${path.basename(n.callFrame.url)}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}` : '', selfMs: ms, totalMs: NaN }));
  return { hotspots: rows, busyMs, profileMs };
}
