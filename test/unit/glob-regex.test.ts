// The source globs compiled to one RegExp (src/extension/store/globRegex.ts) answer exactly as
// minimatch does with the store's options: a table of the default globs and their edges, and
// generated patterns and paths (fast-check), including those it leaves to minimatch.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { minimatch } from 'minimatch';
import { compileGlob, globToRegExp } from '../../src/extension/store/globRegex';

const OPTS = { dot: false, nocase: false };

const TABLE: [pattern: string, paths: string[]][] = [
  ['**/*.txt', ['a.txt', 'x/a.txt', 'x/y/a.txt', '.a.txt', 'x/.a.txt', '.x/a.txt', 'a.txt.annotations.yaml', 'a.TXT', 'atxt', 'a.txt/b']],
  ['**/*.md', ['README.md', 'docs/a.md', 'docs/.hidden/a.md', 'a.md.bak']],
  ['**/node_modules/**', ['node_modules', 'node_modules/a', 'x/node_modules/a/b.txt', 'x/node_modules', 'x/.node_modules/a', 'node_modules/.bin/a']],
  ['**/*.annotations.yaml', ['a.txt.annotations.yaml', 'x/a.txt.annotations.yaml', 'annotations.yaml', '.annotations.yaml']],
  ['a/**', ['a', 'a/b', 'a/b/c', 'a/.b', 'b/a']],
  ['**', ['a', 'a/b', '.a', 'a/.b']],
  ['*.txt', ['a.txt', 'x/a.txt', '.txt']],
  ['sources/{a,b}/**/*.txt', ['sources/a/x.txt', 'sources/b/y/x.txt', 'sources/c/x.txt', 'sources/a.txt']],
  ['{**/*.txt,**/*.md}', ['a.txt', 'x/a.md', 'a.yaml']],
  ['.*', ['.a', 'a', '.a/b']],
  ['?a', ['ba', '.a', 'a']],
  ['a?b/**/c', ['axb/c', 'axb/d/c', 'a/b/c', 'a.b/c']],
  ['**/**/*.txt', ['a.txt', 'x/y/a.txt']],
  ['x/{a,b/**}', ['x/a', 'x/b', 'x/b/c']],
  ['{a}', ['a', '{a}']],
  ['[ab].txt', ['a.txt', 'c.txt']],
  ['!*.txt', ['a.txt', 'a.md']],
  ['a/+(b|c)', ['a/b', 'a/bc']],
  ['a\\*b', ['a*b', 'axb']],
  ['./a.txt', ['a.txt']],
  ['/a.txt', ['a.txt', '/a.txt']],
  ['a//b', ['a/b']],
  ['{1..3}.txt', ['1.txt', '2.txt']],
  ['a.{txt,md}', ['a.txt', 'a.md', 'a.yaml']],
  ['', ['', 'a']],
];

for (const [pattern, paths] of TABLE) {
  test(`glob ${JSON.stringify(pattern)}: as minimatch`, () => {
    const match = compileGlob(pattern);
    for (const p of paths) assert.equal(match(p), minimatch(p, pattern, OPTS), `${JSON.stringify(p)}`);
  });
}

test('the default globs and the plain subset are compiled, not left to minimatch', () => {
  for (const g of ['**/*.txt', '**/*.md', '**/node_modules/**', '**/*.annotations.yaml', 'sources/{a,b}/**/*.txt', 'a?b/**/c']) assert.ok(globToRegExp(g), g);
  for (const g of ['[ab].txt', '!*.txt', 'a/+(b|c)', 'a\\*b', './a.txt', '{1..3}.txt', '{a}']) assert.equal(globToRegExp(g), null, g);
});

test('a pattern whose RegExp would backtrack (settings come from git) is left to minimatch, and answers on a long name', () => {
  // `*a*a…b` as [^/]*a[^/]*a…b took 4.5 s on a 30-character name, two `**` segments likewise on deep paths
  const hostile = ['*a*a*a*a*a*a*a*a*a*a*a*a*b', 'x/*a*b/y', '**/**/*.txt', '**/a/**/b', '{*a*a*a*a*a*a*a*b,*.md}', `${'{a,b,c,d,e,f,g,h,i}'.repeat(2)}.txt`];
  for (const g of hostile) assert.equal(globToRegExp(g), null, g);
  const long = 'a'.repeat(200);
  for (const [g, p] of [[hostile[0], long], [hostile[4], long], [hostile[3], Array(60).fill('a').join('/')], [hostile[5], 'ci.txt']] as const) assert.equal(compileGlob(g)(p), minimatch(p, g, OPTS), g);
});

const segmentPart = fc.constantFrom('a', 'b', '.', '*', '?', 'x.txt', '.a', 'node_modules', '{a,b}', '{a,*.md}', '{a,b/c}', '[a]', '\\*', '!', '-');
const patternArb = fc
  .array(fc.oneof(fc.constant('**'), fc.array(segmentPart, { minLength: 1, maxLength: 3 }).map((s) => s.join(''))), { minLength: 1, maxLength: 4 })
  .map((segs) => segs.join('/'));
const pathArb = fc
  .array(fc.constantFrom('a', 'b', '.a', 'ab', 'a.b', 'x.txt', '.x.txt', 'node_modules', 'b.md', 'a.txt.annotations.yaml', '.', 'c'), { minLength: 1, maxLength: 5 })
  .map((segs) => segs.join('/'));

test('generated patterns and paths: the same answers as minimatch', () => {
  fc.assert(
    fc.property(patternArb, fc.array(pathArb, { minLength: 1, maxLength: 8 }), (pattern, paths) => {
      const match = compileGlob(pattern);
      for (const p of paths) assert.equal(match(p), minimatch(p, pattern, OPTS), `${JSON.stringify(pattern)} on ${JSON.stringify(p)}`);
    }),
    { numRuns: 3000, seed: 15 },
  );
});
