// The review loop through the real git binary (issue 11, "Done when"): two reviewers reply to and
// review the same claim on two branches; merged with the driver `marginalia git-setup` installs,
// both replies are kept in time order and the file is the same bytes whichever branch is merged
// into which; a review state changed both ways is a visible conflict credited to each reviewer.
// Repositories live in a temp folder with HOME pointed there, so no global git config is touched.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { selectorFor } from '../../src/core/anchor';
import { parseSidecar, serializeSidecar } from '../../src/core/format';
import { applyOps, type Actor, type Op } from '../../src/core/ops';
import { replyOp, reviewOp } from '../../src/core/review/loop';
import type { Annotation } from '../../src/core/types';
import { scratchDir } from './scratch';

const ROOT = path.join(__dirname, '../..');
let tmp = '';
let cliJs = '';
let env: NodeJS.ProcessEnv = {};

before(async () => {
  tmp = scratchDir('marginalia-git-review-');
  const home = path.join(tmp, 'home');
  fs.mkdirSync(home);
  env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_EDITOR: 'true', LC_ALL: 'C' };
  for (const k of Object.keys(env)) if (k.startsWith('GIT_') && !['GIT_CONFIG_NOSYSTEM', 'GIT_TERMINAL_PROMPT', 'GIT_EDITOR'].includes(k)) delete env[k];
  cliJs = path.join(tmp, 'cli.js');
  await esbuild.build({ entryPoints: [path.join(ROOT, 'src/cli/main.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: cliJs, define: { __VERSION__: '"test"' }, logLevel: 'silent' });
});

after(() => (process.env.KEEP_TMP ? console.log(`repositories kept in ${tmp}`) : fs.rmSync(tmp, { recursive: true, force: true })));

function run(cmd: string, args: string[], cwd: string): { code: number; out: string; err: string } {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function git(cwd: string, ...args: string[]): string {
  const r = run('git', args, cwd);
  assert.equal(r.code, 0, `git ${args.join(' ')} failed:\n${r.out}${r.err}`);
  return r.out;
}

const TEXT = 'Officials said on Monday that the convoy was turned back at the river. The minister denied it.\n';
const QUOTE = 'the convoy was turned back at the river';
const start = TEXT.indexOf(QUOTE);
const CLAIM: Annotation = { id: 'c1', kind: 'claim', ...selectorFor(TEXT, start, start + QUOTE.length), status: 'disputed', author: 'Ana', created: '2026-11-21T10:00:00Z' };
const BEN: Actor = { by: 'Ben Byrne', at: '2026-11-30T10:00:00Z' };
const CLEO: Actor = { by: 'Cleo Marsh', at: '2026-11-30T09:00:00Z' };
const FILE = 'a.txt.annotations.yaml';

function makeRepo(name: string): string {
  const repo = path.join(tmp, name);
  fs.mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.name', 'Test');
  git(repo, 'config', 'user.email', 't@example.org');
  git(repo, 'config', 'commit.gpgsign', 'false');
  fs.writeFileSync(path.join(repo, 'a.txt'), TEXT);
  fs.writeFileSync(path.join(repo, FILE), serializeSidecar({ marginalia: 1, source: 'a.txt', annotations: [CLAIM] }));
  assert.equal(run(process.execPath, [cliJs, 'git-setup'], repo).code, 0);
  commit(repo, 'base');
  return repo;
}

function commit(repo: string, message: string): void {
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', message);
}

/** What the extension's write path does: parse, apply the ops as `actor`, write over the document. */
function act(repo: string, actor: Actor, ops: (a: Annotation) => Op[]): void {
  const p = path.join(repo, FILE);
  const parsed = parseSidecar(fs.readFileSync(p, 'utf8'), FILE);
  const list = parsed.sidecar!.annotations;
  const next = applyOps(list, ops(list[0]), actor).annotations;
  fs.writeFileSync(p, serializeSidecar({ ...parsed.sidecar!, annotations: next }, parsed.doc));
}

/** Two branches from the same base; `merge` merges `into` ← `from` and returns the file and git's exit code. */
function branches(name: string, ours: (repo: string) => void, theirs: (repo: string) => void, into: 'ben' | 'cleo'): { text: string; code: number; out: string } {
  const repo = makeRepo(name);
  git(repo, 'checkout', '-q', '-b', 'ben');
  ours(repo);
  commit(repo, 'ben reviews');
  git(repo, 'checkout', '-q', 'main');
  git(repo, 'checkout', '-q', '-b', 'cleo');
  theirs(repo);
  commit(repo, 'cleo reviews');
  git(repo, 'checkout', '-q', into);
  const r = run('git', ['merge', '--no-edit', into === 'ben' ? 'cleo' : 'ben'], repo);
  return { text: fs.readFileSync(path.join(repo, FILE), 'utf8'), code: r.code, out: r.out + r.err };
}

test('two reviewers reply on two branches: both replies kept in time order, the same bytes either way', () => {
  const ben = (repo: string) => act(repo, BEN, (a) => [replyOp(a, 'The river crossing was closed that day.', BEN, 'r-ben')!, reviewOp('c1', 'approved', BEN)]);
  const cleo = (repo: string) => act(repo, CLEO, (a) => [replyOp(a, 'Which source says so?', CLEO, 'r-cleo')!]);
  const one = branches('replies-1', ben, cleo, 'ben');
  const two = branches('replies-2', ben, cleo, 'cleo');
  assert.equal(one.code, 0, one.out);
  assert.equal(two.code, 0, two.out);
  assert.equal(one.text, two.text, 'byte-identical whichever way the merge runs');
  const merged = parseSidecar(one.text, FILE).sidecar!.annotations[0];
  assert.deepEqual(merged.replies?.map((r) => [r.by, r.text]), [['Cleo Marsh', 'Which source says so?'], ['Ben Byrne', 'The river crossing was closed that day.']]);
  assert.equal(merged.review?.state, 'approved');
  assert.doesNotMatch(one.text, /<<<<<<<|>>>>>>>/);
});

test('a review state changed both ways is a visible conflict credited to each reviewer', () => {
  const ben = (repo: string) => act(repo, BEN, () => [reviewOp('c1', 'approved', BEN)]);
  const cleo = (repo: string) => act(repo, CLEO, () => [reviewOp('c1', 'changes-requested', CLEO)]);
  const one = branches('verdicts-1', ben, cleo, 'ben');
  const two = branches('verdicts-2', ben, cleo, 'cleo');
  assert.notEqual(one.code, 0, 'git reports the file as conflicted');
  assert.equal(one.text, two.text, 'byte-identical whichever way the merge runs');
  assert.doesNotMatch(one.text, /<<<<<<<|>>>>>>>/);
  const parsed = parseSidecar(one.text, FILE);
  const c = parsed.sidecar!.annotations[0].conflicts?.find((x) => x.field === 'review');
  assert.ok(c, one.text);
  assert.deepEqual(c.values.map((v) => [(v.value as { state: string }).state, v.author, v.updated]).sort(), [
    ['approved', 'Ben Byrne', BEN.at],
    ['changes-requested', 'Cleo Marsh', CLEO.at],
  ]);
  // the driver says so, and `check` fails until someone picks
  assert.match(one.out, /review/);
  const repo = path.join(tmp, 'verdicts-1');
  assert.equal(run(process.execPath, [cliJs, 'check'], repo).code, 1);
});
