// What a file with findings, and Mark Entity, cost where the user waits (issue 15), in plain
// Node: CPU-bound single calls, medians of a few runs, before (the careful `yaml` Document parse
// and edit) and now (the writer's shape read directly: core/format/located.ts, registryAppend.ts).
//
//   a 4 MB sidecar with one unresolved merge conflict   the store's read for Problems (on the
//     (the large-sidecar bench's 20,000 annotations)     extension host when indexed or changed)
//   the 5,000-entity registry with a conflict on one     the same for marginalia.yaml
//   orphans' lines in that sidecar                        the worker's answer to Problems
//   Mark Entity on the 5,000-entity registry, its Undo   the worker's addToRegistryText and
//                                                         removeFromRegistryText: the user waits
//   the same, and a second entity marked after it        the worker's whole answer, the new
//                                                         registry parsed for the store with it
//   a status change in that sidecar with CRLF line ends  the worker's applyOps: the user waits
//
//   npm run bench -- findings
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addEntitiesToWorkspace, parseSidecar, parseSidecarQuick, parseWorkspace, parseWorkspaceQuick, serializeSidecar } from '../src/core/format';
import { applyOps, type Op } from '../src/core/ops';
import * as YAML from 'yaml';
import { addToRegistryText, isUnwritable, removeFromRegistryText } from '../src/core/format/registryEdits';
import { PRINT_OPTIONS } from '../src/core/format/yamlutil';
import { configOf } from '../src/core/format/written-errors';
import type { Entity } from '../src/core/types';
import { Work } from '../src/core/worker/work';
import { readWorkspaceFast } from '../src/core/format/workspace-fast';
import { packRegistries } from '../src/node/indexInit';
import type { WorkRequest } from '../src/core/worker/protocol';
import { withConflict } from './lib/conflict';
import { loadOrBuildLargeSidecar } from './lib/large-sidecar';
import { loadOrBuildVscodeWorkspaces } from './lib/vscode-workspaces';

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, 'bench', '.cache');
const ARTICLES = path.resolve(ROOT, '..', 'shared', 'corpus');
const RUNS = 5;

const median = (f: () => unknown): number => {
  const ms: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    f();
    ms.push(performance.now() - t);
  }
  return ms.sort((a, b) => a - b)[RUNS >> 1];
};

export async function benchFindings(): Promise<void> {
  const large = loadOrBuildLargeSidecar(CACHE, ARTICLES);
  const sidecarFile = fs.readdirSync(path.join(large.dir)).find((f) => f.endsWith('.annotations.yaml'))!;
  const sidecar = withConflict(fs.readFileSync(path.join(large.dir, sidecarFile), 'utf8'), 0, '    ');
  const ws = loadOrBuildVscodeWorkspaces(CACHE, ARTICLES);
  const registryText = fs.readFileSync(path.join(ws.editor.dir, 'marginalia.yaml'), 'utf8');
  const registry = withConflict(registryText, registryText.length >> 1, '    ');
  const F = 'marginalia.yaml';

  const rows: [string, number, number, string][] = [];
  const same = (a: unknown, b: unknown) => (JSON.stringify(a) === JSON.stringify(b) ? 'the same' : 'NOT the same');
  rows.push([
    `a ${(sidecar.length / 1e6).toFixed(1)} MB sidecar, one unresolved conflict: its problems (parseSidecarQuick)`,
    median(() => parseSidecar(sidecar, sidecarFile)),
    median(() => parseSidecarQuick(sidecar, sidecarFile)),
    `${same(parseSidecarQuick(sidecar, sidecarFile).problems, parseSidecar(sidecar, sidecarFile).problems)} problems`,
  ]);
  rows.push([
    `the 5,000-entity registry, a conflict on one: its problems (parseWorkspaceQuick)`,
    median(() => parseWorkspace(registry, F)),
    median(() => parseWorkspaceQuick(registry, F)),
    `${same(parseWorkspaceQuick(registry, F).problems, parseWorkspace(registry, F).problems)} problems`,
  ]);
  // Problems asks the worker where an orphan stands in its sidecar (Work `locate`)
  const clean = fs.readFileSync(path.join(large.dir, sidecarFile), 'utf8');
  const ids = parseSidecarQuick(clean, sidecarFile).sidecar!.annotations.filter((_, k) => k % 1000 === 7).map((a) => a.id);
  const ask = { kind: 'locate', sidecarText: clean, file: sidecarFile, ids } as const;
  const careful = () => {
    const p = parseSidecar(clean, sidecarFile);
    return ids.map((id) => p.locate('id', id));
  };
  rows.push([
    `${ids.length} orphans' lines in the ${(clean.length / 1e6).toFixed(1)} MB sidecar (the worker's locate, a new Work each time)`,
    median(careful),
    median(() => new Work().handle(ask)),
    `${same((new Work().handle(ask) as { ids: Record<string, unknown> }).ids, Object.fromEntries(ids.map((id, k) => [id, careful()[k]])))} lines`,
  ]);
  const mark: Entity[] = [{ id: 'bench-new', name: 'Vostrava Institute', type: 'organization', aliases: [{ text: 'the Institute', ignoreCase: true }] }];
  const byDocument = () => {
    const text = addEntitiesToWorkspace(parseWorkspace(registryText, F), mark);
    return { text, config: configOf(text, F) };
  };
  const now = addToRegistryText(registryText, F, mark);
  rows.push([
    'Mark Entity on the 5,000-entity registry (addToRegistryText)',
    median(byDocument),
    median(() => addToRegistryText(registryText, F, mark)),
    `${!isUnwritable(now) && same(configOf(now.text, F), byDocument().config) ? 'the same' : 'NOT the same'} registry written`,
  ]);
  if (!isUnwritable(now)) {
    // its Undo: the Document edit took the entity's node out and printed the registry again
    const undoByDocument = () => {
      const doc = parseWorkspace(now.text, F).doc!.clone();
      const seq = doc.get('entities', true) as YAML.YAMLSeq;
      seq.items = seq.items.filter((i) => !(YAML.isMap(i) && i.get('id') === mark[0].id));
      return doc.toString(PRINT_OPTIONS);
    };
    const undone = removeFromRegistryText(now.text, F, now.added);
    rows.push([
      'its Undo (removeFromRegistryText)',
      median(undoByDocument),
      median(() => removeFromRegistryText(now.text, F, now.added)),
      `${!isUnwritable(undone) && undone.text === registryText ? 'the registry as it was, byte for byte' : 'NOT the registry as it was'}`,
    ]);
    // the worker's whole answer, as the extension's worker gives it: the edit and the new
    // registry parsed for the store (work.ts parsedOf: the edit's read-back, no parse of its
    // own). A second entity marked edits the text the first wrote, whose list the first edit
    // read back (registryAppend.ts lastList). No `before`: the Document edit's rows are above
    const work = new Work({ packParse: (_text, config) => ({ packed: packRegistries([config.entities]) }) });
    const ask = (text: string, entities: Entity[]): WorkRequest => ({ kind: 'addToRegistry', text, file: F, entities });
    const second: Entity[] = [{ id: 'bench-second', name: 'Orlen Depot', type: 'place', aliases: [] }];
    const answered = work.handle(ask(registryText, mark));
    rows.push([
      'Mark Entity, the worker\'s answer: the edit, the new registry parsed for the store',
      NaN,
      median(() => work.handle(ask(registryText, mark))),
      `${answered.kind === 'addToRegistry' && answered.parsed && same(answered.parsed.config, readWorkspaceFast(answered.text)) ? 'the same' : 'NOT the same'} registry parsed`,
    ]);
    const ms: number[] = [];
    let both: ReturnType<Work['handle']> | undefined;
    for (let r = 0; r < RUNS; r++) {
      const first = work.handle(ask(registryText, mark)) as { text: string };
      const t = performance.now();
      both = work.handle(ask(first.text, second));
      ms.push(performance.now() - t);
    }
    rows.push([
      'a second entity marked after it, the worker\'s answer',
      NaN,
      ms.sort((a, b) => a - b)[RUNS >> 1],
      `${both?.kind === 'addToRegistry' && both.parsed?.config.entities.slice(-2).map((e) => e.id).join(', ') === 'bench-new, bench-second' ? 'both entities' : 'NOT both entities'} in the registry parsed`,
    ]);
  }

  // a status change in the large sidecar checked out with CRLF (Windows): the worker's applyOps,
  // which took the careful parse and print for any file in another shape than the writer's
  const crlfText = clean.replace(/\n/g, '\r\n');
  const claim = parseSidecarQuick(clean, sidecarFile).sidecar!.annotations.find((a) => a.kind === 'claim')!.id;
  const ops: Op[] = [{ type: 'update', id: claim, set: { status: 'disputed' } }];
  const actor = { by: 'bench', at: '2026-12-03T00:00:00Z' };
  const statusOps = (text: string): WorkRequest => ({ kind: 'applyOps', sidecarText: text, file: sidecarFile, empty: { marginalia: 1, source: 'x', annotations: [] }, ops, actor });
  const viaDocument = () => {
    const p = parseSidecar(crlfText, sidecarFile);
    const applied = applyOps(p.sidecar!.annotations, ops, actor);
    return serializeSidecar({ ...p.sidecar!, annotations: applied.annotations }, p.doc);
  };
  const crlfAnswer = new Work().handle(statusOps(crlfText));
  rows.push([
    `a status change in the ${(crlfText.length / 1e6).toFixed(1)} MB sidecar with CRLF line ends (the worker's applyOps)`,
    median(viaDocument),
    median(() => new Work().handle(statusOps(crlfText))),
    `${crlfAnswer.kind === 'applyOps' && parseSidecarQuick(crlfAnswer.text, sidecarFile).sidecar && same(parseSidecarQuick(crlfAnswer.text, sidecarFile).sidecar, parseSidecarQuick(viaDocument(), sidecarFile).sidecar) ? 'the same' : 'NOT the same'} sidecar written`,
  ]);

  console.log(`\nFiles with findings, and Mark Entity: time per call, median of ${RUNS} (before: the careful Document parse and edit)`);
  console.log(`  ${'call'.padEnd(84)} ${'before'.padStart(10)} ${'now'.padStart(10)}  outcome`);
  const shown = (ms: number) => (Number.isNaN(ms) ? '–' : `${ms.toFixed(0)} ms`);
  for (const [what, before, after, outcome] of rows) console.log(`  ${what.padEnd(84)} ${shown(before).padStart(10)} ${shown(after).padStart(10)}  ${outcome}`);
}
