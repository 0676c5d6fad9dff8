// The TextMate grammars of issue #4 ("Platform conventions"): quoted speech, dates and figures
// scoped in plain text and Markdown so that themes colour who-said-what. Lines are tokenized the
// way VS Code does it: a vscode-textmate Registry fed from package.json's `contributes.grammars`
// (injectTo, tokenTypes) with Oniguruma from WASM.
//
// Hosts: our own text.plain grammar (VS Code ships none), a small Markdown stand-in written here,
// and — when `npm run setup:vscode` has installed code-server — VS Code 1.100's real built-in
// grammars and default themes, so the injection is also checked against the real Markdown.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const repoRoot = path.join(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

const SPEECH = 'string.quoted.double.speech.marginalia';
const SPEECH1 = 'string.quoted.single.speech.marginalia';
const OPEN = 'punctuation.definition.string.begin.marginalia';
const CLOSE = 'punctuation.definition.string.end.marginalia';
const DATE = 'constant.numeric.date.marginalia';
const TIME = 'constant.numeric.time.marginalia';
const FIGURE = 'constant.numeric.figure.marginalia';
const UNIT = 'keyword.other.unit.marginalia';
const CURRENCY = 'keyword.other.unit.currency.marginalia';
const QUALIFIER = 'meta.qualifier.marginalia';
const COLOURED = [SPEECH, SPEECH1, DATE, TIME, FIGURE];

// ---------------------------------------------------------------------------------------------
// Registry: the same lookups VS Code's TMGrammarFactory makes
// ---------------------------------------------------------------------------------------------

interface GrammarContribution {
  language?: string;
  scopeName: string;
  path: string;
  injectTo?: string[];
  tokenTypes?: Record<string, 'string' | 'comment' | 'other'>;
}
interface Source { dir: string; grammars: GrammarContribution[] }

let onigLib: Promise<textmate.IOnigLib> | undefined;
function loadOniguruma(): Promise<textmate.IOnigLib> {
  onigLib ??= (async () => {
    const wasm = fs.readFileSync(path.join(repoRoot, 'node_modules/vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return {
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (text) => new oniguruma.OnigString(text),
    };
  })();
  return onigLib;
}

const ours: Source = { dir: repoRoot, grammars: pkg.contributes.grammars };

/** A Registry over contributed grammars plus in-memory stand-ins (which win over files). */
function registry(sources: Source[], stubs: object[] = []): textmate.Registry {
  const files = new Map<string, string>();
  const injections = new Map<string, string[]>();
  for (const { dir, grammars } of sources) {
    for (const g of grammars) {
      files.set(g.scopeName, path.join(dir, g.path));
      for (const target of g.injectTo ?? []) injections.set(target, [...(injections.get(target) ?? []), g.scopeName]);
    }
  }
  const inMemory = new Map(stubs.map((g) => [(g as { scopeName: string }).scopeName, JSON.stringify(g)]));
  return new textmate.Registry({
    onigLib: loadOniguruma(),
    async loadGrammar(scopeName) {
      const text = inMemory.get(scopeName);
      if (text) return textmate.parseRawGrammar(text, `${scopeName}.json`);
      const file = files.get(scopeName);
      return file && fs.existsSync(file) ? textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
    // As in VS Code: injections registered for every dotted prefix of the host's root scope.
    getInjections(scopeName) {
      const parts = scopeName.split('.');
      return parts.flatMap((_, i) => injections.get(parts.slice(0, i + 1).join('.')) ?? []);
    },
  });
}

/** VS Code's grammar configuration for a language: its contribution's tokenTypes, as numbers. */
function configurationFor(scopeName: string, sources: Source[]): textmate.IGrammarConfiguration {
  const contribution = sources.flatMap((s) => s.grammars).find((g) => g.scopeName === scopeName);
  const codes = { other: 0, comment: 1, string: 2 } as const;
  const tokenTypes = Object.fromEntries(Object.entries(contribution?.tokenTypes ?? {}).map(([k, v]) => [k, codes[v]]));
  return { tokenTypes };
}

// A Markdown stand-in: just the scopes our selector excludes, a list marker (to check that the
// host wins a tie), and an `inline` repository entry for the Markdown injection to include.
const markdownStub = {
  scopeName: 'text.html.markdown',
  patterns: [{ include: '#fenced' }, { include: '#list' }, { include: '#inline' }],
  repository: {
    fenced: { name: 'markup.fenced_code.block.markdown', begin: '^```', end: '^```' },
    list: { match: '^\\s*([0-9]+[.)])(?=\\s)', captures: { 1: { name: 'punctuation.definition.list.begin.markdown' } } },
    inline: { patterns: [{ include: '#bold' }, { include: '#raw' }] },
    bold: { name: 'markup.bold.markdown', begin: '\\*\\*', end: '\\*\\*' },
    raw: { name: 'markup.inline.raw.string.markdown', match: '`[^`]*`' },
  },
};

// VS Code itself, when `npm run setup:vscode` has installed it (see scripts/setup-vscode.mjs).
const vscodeDir = path.join(repoRoot, '.vscode-test/code-server/node_modules/code-server/lib/vscode');
const haveVscode = fs.existsSync(path.join(vscodeDir, 'extensions/markdown-basics/package.json'));
const vscodeVersion = haveVscode ? JSON.parse(fs.readFileSync(path.join(vscodeDir, 'package.json'), 'utf8')).version : '';
const skipWithoutVscode = haveVscode ? false : 'VS Code is not installed here (npm run setup:vscode)';
let builtins: Source[] | undefined;
function builtinSources(): Source[] {
  const dir = path.join(vscodeDir, 'extensions');
  builtins ??= fs.readdirSync(dir).flatMap((name) => {
    const manifest = path.join(dir, name, 'package.json');
    if (!fs.existsSync(manifest)) return [];
    const grammars = JSON.parse(fs.readFileSync(manifest, 'utf8')).contributes?.grammars ?? [];
    return grammars.length ? [{ dir: path.join(dir, name), grammars }] : [];
  });
  return builtins;
}

// ---------------------------------------------------------------------------------------------
// Tokenizing and looking at spans
// ---------------------------------------------------------------------------------------------

type Line = { text: string; tokens: textmate.IToken[] };

/** A host language as VS Code would tokenize it: its grammar, our injections, its tokenTypes. */
class Host {
  private reg: textmate.Registry | undefined;
  constructor(
    readonly name: string,
    readonly scopeName: string,
    private readonly sources: () => Source[],
    private readonly stubs: object[] = [],
    readonly skip: string | false = false,
  ) {}

  async lines(text: string): Promise<Line[]> {
    this.reg ??= registry(this.sources(), this.stubs);
    const grammar = await this.reg.loadGrammarWithConfiguration(this.scopeName, 1, configurationFor(this.scopeName, this.sources()));
    assert.ok(grammar, `grammar ${this.scopeName} loads`);
    let state = textmate.INITIAL;
    return text.split('\n').map((line) => {
      const r = grammar.tokenizeLine(line, state);
      state = r.ruleStack;
      return { text: line, tokens: r.tokens };
    });
  }
}

const plainText = new Host('plain text', 'text.plain', () => [ours]);
const markdownStandIn = new Host('Markdown (stand-in)', 'text.html.markdown', () => [ours], [markdownStub]);
const markdownVscode = new Host(`Markdown (VS Code ${vscodeVersion || 'built-in'})`, 'text.html.markdown', () => [...builtinSources(), ours], [], skipWithoutVscode);

/** The stretch of `line` around the first `needle` that carries `scope` (contiguous tokens). */
function spanWith({ text, tokens }: Line, needle: string, scope: string): string {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${JSON.stringify(needle)} occurs in ${JSON.stringify(text)}`);
  const i = tokens.findIndex((t) => t.startIndex <= at && at < t.endIndex);
  if (!tokens[i]?.scopes.includes(scope)) return '';
  let first = i;
  let last = i;
  while (first > 0 && tokens[first - 1].scopes.includes(scope)) first--;
  while (last + 1 < tokens.length && tokens[last + 1].scopes.includes(scope)) last++;
  return text.slice(tokens[first].startIndex, Math.min(tokens[last].endIndex, text.length));
}

/** Our colouring scopes on any token that overlaps `needle`. */
function colouredScopesIn({ text, tokens }: Line, needle: string): string[] {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${JSON.stringify(needle)} occurs in ${JSON.stringify(text)}`);
  const overlapping = tokens.filter((t) => t.startIndex < at + needle.length && at < t.endIndex);
  return [...new Set(overlapping.flatMap((t) => t.scopes.filter((s) => COLOURED.includes(s))))];
}

function expectRow(line: Line, needle: string, scope: string | null): void {
  if (scope === null) assert.deepEqual(colouredScopesIn(line, needle), [], `nothing coloured in ${JSON.stringify(needle)}`);
  else assert.equal(spanWith(line, needle, scope), needle, `${scope} spans exactly ${JSON.stringify(needle)}`);
}

// ---------------------------------------------------------------------------------------------
// The table: (line, substring, scope that spans exactly that substring — or null: none of ours)
// ---------------------------------------------------------------------------------------------

type Row = [line: string, substring: string, scope: string | null];

const speech: Row[] = [
  ['“We will not retreat,” the envoy said.', '“We will not retreat,”', SPEECH],
  ['“We will not retreat,” the envoy said.', '“', OPEN],
  ['“We will not retreat,” the envoy said.', '”', CLOSE],
  ['“We will not retreat,” the envoy said.', ' the envoy said.', null],
  ['“The minister’s plan is dead,” she said.', '“The minister’s plan is dead,”', SPEECH],
  ['He called it "a done deal" twice.', '"a done deal"', SPEECH],
  ['"Straight at the start," he said.', '"Straight at the start,"', SPEECH],
  ['A 12" screen and a "quoted" word.', '" screen and a ', null],
  ['A 12" screen and a "quoted" word.', '"quoted"', SPEECH],
  ['‘Never again,’ she wrote.', '‘Never again,’', SPEECH1],
  ['“They told us ‘hold the line’ and left,” he said.', '‘hold the line’', SPEECH1],
  ['“They told us ‘hold the line’ and left,” he said.', '“They told us ‘hold the line’ and left,”', SPEECH],
  ['“We lost 3 million on 9 November,” he said.', '3 million', FIGURE],
  ['“We lost 3 million on 9 November,” he said.', '9 November', DATE],
  ['«Nous ne céderons pas», a-t-il dit.', '«Nous ne céderons pas»', SPEECH],
  ['„Wir bleiben“, sagte sie.', '„Wir bleiben“', SPEECH],
  ['The mayor said “this quote never closes', '“this quote never closes', SPEECH],
  ['It’s the ministers’ call, not ours.', 'It’s the ministers’ call, not ours.', null],
];

const dates: Row[] = [
  ['Talks resumed on 9 November in Vienna.', '9 November', DATE],
  ['It was signed on November 9, 2026, in Oslo.', 'November 9, 2026', DATE],
  ['The vote is set for 12 November 2026.', '12 November 2026', DATE],
  ['Filed 2026-11-21 at the registry.', '2026-11-21', DATE],
  ['Minutes dated 21/11/2026 were leaked.', '21/11/2026', DATE],
  ['The panel meets on Thursday.', 'Thursday', DATE],
  ['Prices rose in March 2021.', 'March 2021', DATE],
  ['Due on the 3rd of Dec. 2025 at the latest.', '3rd of Dec. 2025', DATE],
  ['Polls open 9–11 November.', '9–11 November', DATE],
  ['Unchanged since 1991.', '1991', DATE],
  ['Figures for 2019–21 were revised in 2022.', '2022', DATE],
  ['They expect a ruling in May.', 'May', DATE],
  ['Troops withdrew by mid-March.', 'March', DATE],
  ['A fashion of the 1990s.', '1990s', DATE],
  ['Polls closed at 10:30 GMT.', '10:30 GMT', TIME],
  ['The statement came at 3 p.m. sharp.', '3 p.m.', TIME],
  ['Officials may resign over it.', 'Officials may resign over it.', null],
  ['May I ask a question?', 'May', null],
  ['The march on the capital began.', 'The march on the capital began.', null],
];

const figures: Row[] = [
  ['About 1,800 troops crossed.', 'About 1,800', FIGURE],
  ['About 1,800 troops crossed.', 'About', QUALIFIER],
  ['A magnitude 3.5 tremor.', '3.5', FIGURE],
  ['Support fell to 40% in the poll.', '40%', FIGURE],
  ['Support fell to 40% in the poll.', '%', UNIT],
  ['A grant of €2.4 million was frozen.', '€2.4 million', FIGURE],
  ['A grant of €2.4 million was frozen.', '€', CURRENCY],
  ['A grant of €2.4 million was frozen.', 'million', UNIT],
  ['The deal is worth $10bn.', '$10bn', FIGURE],
  ['Between 38–41 were hurt.', '38–41', FIGURE],
  ['It costs less than 3 million a year.', 'less than 3 million', FIGURE],
  ['Output fell by -2.5 per cent.', '-2.5 per cent', FIGURE],
  ['Up to 5,000 euros each.', 'Up to 5,000 euros', FIGURE],
  ['A bill of (US$1.2bn) was paid.', 'US$1.2bn', FIGURE],
  ['The 212th brigade moved.', '212th', null],
  ['She finished 2nd overall.', '2nd', null],
  ['G7 leaders met.', 'G7', null],
  ['New COVID-19 cases.', 'COVID-19', null],
  ['The 5G masts and an F-16 jet.', 'The 5G masts and an F-16 jet.', null],
  ['Update to version 2.4.1 now.', '2.4.1', null],
  ['See https://example.org/2026/11/21/story-40 for more.', 'https://example.org/2026/11/21/story-40', null],
  ['Write to desk2026@example.org today.', 'desk2026@example.org', null],
];

const table: [string, Row[]][] = [['quoted speech', speech], ['dates and times', dates], ['figures', figures]];

for (const host of [plainText, markdownStandIn, markdownVscode]) {
  describe(`grammar in ${host.name}`, { skip: host.skip }, () => {
    for (const [group, rows] of table) {
      for (const [text, needle, scope] of rows) {
        test(`${group}: ${JSON.stringify(needle)} in ${JSON.stringify(text)} → ${scope ?? 'nothing'}`, async () => {
          const [line] = await host.lines(text);
          expectRow(line, needle, scope);
        });
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Across lines, and what is particular to each host
// ---------------------------------------------------------------------------------------------

describe('quotes across lines in plain text', () => {
  const lines = (text: string) => plainText.lines(text);

  test('an unclosed quote runs on to the next line of its paragraph and ends at its closing mark', async () => {
    const [, second] = await lines('“The first line of a quote\nruns on here,” she said, “and');
    expectRow(second, 'runs on here,”', SPEECH);
    expectRow(second, ' she said, ', null);
    expectRow(second, '“and', SPEECH);
  });

  test('a blank line ends an unclosed quote', async () => {
    const [, , third] = await lines('“Never closed, with 7 figures\n\nThe next paragraph has 7 too.');
    expectRow(third, 'The next paragraph has ', null);
    expectRow(third, '7', FIGURE);
  });

  test('a straight quote may also wrap, and a stray opener cannot nest inside a quote', async () => {
    const [first, second] = await lines('He said "we will go,\nthen “stop” and then" nothing.');
    expectRow(first, '"we will go,', SPEECH);
    expectRow(second, 'then “stop” and then"', SPEECH);
    expectRow(second, ' nothing.', null);
  });
});

describe('Markdown particulars', () => {
  for (const host of [markdownStandIn, markdownVscode]) {
    describe(host.name, { skip: host.skip }, () => {
      const lines = (text: string) => host.lines(text);

      test('nothing is scoped in fenced or inline code', async () => {
        const [, fenced, , inline] = await lines('```\n“not speech” on 9 November, 40%\n```\nRun `“x” 2026-11-21 40%` now.');
        expectRow(fenced, '“not speech” on 9 November, 40%', null);
        expectRow(inline, '`“x” 2026-11-21 40%`', null);
      });

      test('a list marker stays Markdown’s, the figure after it is ours', async () => {
        const [item] = await lines('1. About 1,800 troops');
        assert.ok(spanWith(item, '1.', 'punctuation.definition.list.begin.markdown'), 'list marker');
        expectRow(item, '1.', null);
        expectRow(item, 'About 1,800', FIGURE);
      });

      test('Markdown emphasis still works inside a quote', async () => {
        const [text] = await lines('“We will **not** go,” he said.');
        expectRow(text, '“We will **not** go,”', SPEECH);
        assert.ok(spanWith(text, 'not', 'markup.bold.markdown'), 'bold inside the quote');
      });

      test('the second line of a wrapped quote is speech up to its closing mark', async () => {
        const [, second] = await lines('“A quote wrapped\nacross two lines” in one paragraph.');
        expectRow(second, 'across two lines”', SPEECH);
        expectRow(second, ' in one paragraph.', null);
      });
    });
  }

  describe(`VS Code ${vscodeVersion || 'built-in'} Markdown only`, { skip: skipWithoutVscode }, () => {
    const lines = (text: string) => markdownVscode.lines(text);

    test('dates in headings; link targets and HTML attributes left alone', async () => {
      const [heading, , link, , html] = await lines(
        '# Talks resume on 9 November\n\n“Read [the report](https://example.org/2026-11-21) now,” he said.\n\n<span title="300 on 9 November">text</span>',
      );
      expectRow(heading, '9 November', DATE);
      expectRow(link, '“Read [the report](https://example.org/2026-11-21) now,”', SPEECH);
      assert.deepEqual(colouredScopesIn(link, '2026-11-21'), [SPEECH], 'the link target is not read as a date');
      expectRow(html, '300 on 9 November', null);
    });

    test('front matter is left alone', async () => {
      const [, date] = await lines('---\ndate: 2026-11-21\n---\nText on 9 November.');
      expectRow(date, '2026-11-21', null);
    });

    test('a Markdown paragraph line ends a quote (VS Code’s grammar closes every paragraph at each line)', async () => {
      const [, , third] = await lines('“Three lines:\nthe middle one\nand the last.” End');
      expectRow(third, 'and the last.”', SPEECH);
      expectRow(third, ' End', null);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The contribution itself
// ---------------------------------------------------------------------------------------------

describe('contribution', () => {
  const grammars: GrammarContribution[] = pkg.contributes.grammars;
  const read = (g: GrammarContribution) => JSON.parse(fs.readFileSync(path.join(repoRoot, g.path), 'utf8'));

  test('every grammar file exists and declares the scopeName package.json gives it', () => {
    for (const g of grammars) assert.equal(read(g).scopeName, g.scopeName, g.path);
  });

  test('plain text gets a base grammar, and both injections target a host', () => {
    assert.deepEqual(grammars.find((g) => g.language === 'plaintext')?.scopeName, 'text.plain');
    const targets = grammars.flatMap((g) => g.injectTo ?? []).sort();
    assert.deepEqual(targets, ['text.html.markdown', 'text.plain']);
  });

  test('the Markdown injection keeps the plain-text quote rules, adding only Markdown’s inline rules inside', () => {
    const [plain, markdown] = ['marginalia.injection', 'marginalia.markdown.injection'].map((s) => read(grammars.find((g) => g.scopeName === s)!));
    const quoteRules = (g: { repository: Record<string, { patterns: { include: string }[] }> }) =>
      Object.entries(g.repository)
        .filter(([key]) => key.startsWith('quote-'))
        .map(([key, { patterns, ...rule }]) => {
          const inside = patterns.map((p) => p.include.replace(/^marginalia\.injection#/, '#')).filter((i) => i !== 'text.html.markdown#inline');
          return { key, rule, inside };
        });
    assert.deepEqual(quoteRules(markdown), quoteRules(plain));
  });

  test('plain-text editing is unchanged inside quotes: speech is not a String token (quick suggestions, auto-closing)', async () => {
    const text = '“We will not retreat,” she said.';
    const tokenTypes = async (configuration: textmate.IGrammarConfiguration) => {
      // A fresh registry each time: a registry keeps the first configuration it loaded a scope with.
      const grammar = await registry([ours]).loadGrammarWithConfiguration('text.plain', 1, configuration);
      const { tokens } = grammar!.tokenizeLine2(text, textmate.INITIAL);
      return [...new Set(tokens.filter((_, i) => i % 2 === 1).map((metadata) => (metadata >>> 8) & 0b11))]; // EncodedTokenAttributes
    };
    assert.deepEqual(await tokenTypes({}), [2, 0], 'without tokenTypes the speech would be String (2)');
    assert.deepEqual(await tokenTypes(configurationFor('text.plain', [ours])), [0], 'with them, all Other (0)');
  });

  test('VS Code ships no grammar for plain text, so ours is the only text.plain', { skip: skipWithoutVscode }, () => {
    const builtins = builtinSources().flatMap((s) => s.grammars);
    assert.deepEqual(builtins.filter((g) => g.language === 'plaintext' || g.scopeName === 'text.plain'), []);
  });

  test('the default themes colour every scope without any change', { skip: skipWithoutVscode }, async () => {
    const themeDir = path.join(vscodeDir, 'extensions/theme-defaults/themes');
    const loadTheme = (file: string): textmate.IRawTheme => {
      const json = JSON.parse(fs.readFileSync(path.join(themeDir, file), 'utf8').replace(/^\s*\/\/.*$/gm, ''));
      const base = json.include ? loadTheme(json.include).settings : [];
      return { name: json.name, settings: [...base, ...(json.tokenColors ?? [])] };
    };
    const text = 'Plain “speech” plain ‘single’ plain 9 November plain 10:30 plain 1,800 plain';
    for (const file of ['dark_modern.json', 'light_modern.json', 'dark_plus.json', 'light_plus.json', 'hc_black.json', 'hc_light.json']) {
      const reg = registry([ours]);
      reg.setTheme(loadTheme(file));
      const grammar = await reg.loadGrammar('text.plain');
      const { tokens } = grammar!.tokenizeLine2(text, textmate.INITIAL);
      const foreground = (offset: number) => {
        let i = 0;
        while (i + 2 < tokens.length && tokens[i + 2] <= offset) i += 2;
        return (tokens[i + 1] >>> 15) & 0x1ff;
      };
      const plain = foreground(0);
      for (const needle of ['speech', 'single', '“', '9 November', '10:30', '1,800']) {
        assert.notEqual(foreground(text.indexOf(needle)), plain, `${file}: ${needle} is coloured`);
      }
    }
  });
});

// Tokenizing speed (and linear time on pathological lines) is measured by `npm run bench`
// (bench/grammar.ts), not asserted here.
