// `npm run bench`: every benchmark, one after the other, each printing its own table.
// Figures are measured on this machine, each run; nothing here is a pass/fail test.
import { benchAnalysis } from './analysis';
import { benchAnchoring } from './anchoring';
import { benchCli } from './cli';
import { benchEntities } from './entities';
import { benchExport } from './export';
import { benchFindings } from './findings';
import { benchGrammar } from './grammar';
import { benchHostile } from './hostile';
import { benchSave } from './save';
import { benchVscode } from './vscode';
import { benchWorker } from './worker';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const all: [string, () => Promise<void>][] = [
    ['anchoring', benchAnchoring],
    ['entities', benchEntities],
    ['grammar', benchGrammar],
    // export and import of a 2,000-source corpus (issue 10); `npm run bench -- export` alone
    ['export', benchExport],
    // issue 13: each analysis view's model on 2,000 sources and 5,000 entities; `npm run bench -- analysis`
    ['analysis', benchAnalysis],
    // tiny crafted files that used to cost quadratic time (issue 8); `npm run bench -- hostile` alone
    ['hostile', benchHostile],
    // issue 15: check and entities on 10,000 sources, one thread and with workers; `npm run bench -- cli`
    ['cli', benchCli],
    // issue 15: a save of a typed-into 1 MB source, the extension host's part by part; `npm run bench -- save`
    ['save', benchSave],
    // issue 15: a large sidecar or registry with a finding, and Mark Entity on 5,000 entities; `npm run bench -- findings`
    ['findings', benchFindings],
    // issue 15: an index worker, cold, on 2,000 sources, alone (the first index's critical path); `npm run bench -- worker`
    ['worker', benchWorker],
    // inside the real VS Code (code-server): a few minutes; `npm run bench -- vscode` alone
    ['vscode', () => benchVscode()],
  ];
  for (const [name, run] of all) {
    if (only.length && !only.includes(name)) continue;
    console.log(`\n=== ${name} ===`);
    await run();
  }
}

void main();
