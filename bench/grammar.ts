// Tokenizing cost of the injection grammar: dense prose, and the pathological 20,000-character
// lines (VS Code's editor.maxTokenizationLineLength) where a backtracking regex would go
// quadratic. Prints CPU milliseconds; nothing here is asserted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const repo = path.join(__dirname, '..');

async function plainGrammar(): Promise<textmate.IGrammar> {
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  const grammars = pkg.contributes.grammars as { scopeName: string; path: string; injectTo?: string[] }[];
  const wasm = fs.readFileSync(path.join(repo, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (s) => new oniguruma.OnigScanner(s), createOnigString: (t) => new oniguruma.OnigString(t) }),
    async loadGrammar(scope) {
      const g = grammars.find((x) => x.scopeName === scope);
      return g ? textmate.parseRawGrammar(fs.readFileSync(path.join(repo, g.path), 'utf8'), g.path) : null;
    },
    getInjections: (scope) => grammars.filter((g) => g.injectTo?.some((t) => scope === t || scope.startsWith(t + '.'))).map((g) => g.scopeName),
  });
  return (await registry.loadGrammar('text.plain'))!;
}

function cpuMs(work: () => void): number {
  const started = process.cpuUsage();
  work();
  const { user, system } = process.cpuUsage(started);
  return (user + system) / 1000;
}

export async function benchGrammar(): Promise<void> {
  const grammar = await plainGrammar();
  const paragraph = 'The minister said on Monday, 9 November, that “about 1,800 personnel and 46 armoured vehicles” had left; a €2.4 million contract, signed in March 2021, covers 38–41 sites, “the ministry’s figures” show.';
  const rows: [string, number, number][] = [];
  rows.push(['1 MB of dense prose', 1_000_000, cpuMs(() => {
    let state = textmate.INITIAL;
    for (let size = 0; size < 1_000_000; size += paragraph.length + 1) state = grammar.tokenizeLine(paragraph, state).ruleStack;
  })]);
  const n = 20_000;
  const lines: Record<string, string> = {
    digits: '1'.repeat(n),
    'comma lists': '1, '.repeat(n / 3),
    'a dotted word': 'a.'.repeat(n / 2) + '@',
    'straight quotes': ' "a'.repeat(n / 3),
    'opening quotes': '“'.repeat(n),
    'prepositions and numbers': 'in 19 '.repeat(n / 6),
    'days without a month': '9 '.repeat(n / 2),
  };
  for (const [name, text] of Object.entries(lines)) rows.push([`20,000-char line: ${name}`, text.length, cpuMs(() => grammar.tokenizeLine(text, textmate.INITIAL))]);
  console.log('\nTextMate injection grammar (plain text), CPU time');
  console.log(`${'input'.padEnd(44)} ${'chars'.padStart(10)} ${'ms'.padStart(9)}`);
  for (const [name, chars, ms] of rows) console.log(`${name.padEnd(44)} ${chars.toLocaleString('en').padStart(10)} ${ms.toFixed(1).padStart(9)}`);
}

if (require.main === module) void benchGrammar();
