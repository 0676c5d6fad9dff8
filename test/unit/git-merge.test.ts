// Sidecars and the registry through the real git binary (issue #5, "Done when"): two analysts'
// branches merged with the driver installed by `marginalia git-setup`, the same-field conflict
// and its resolution, a rebase, a merge without the driver and `marginalia resolve`, a source
// edited on one branch while annotations were added on the other. Every repository lives in a
// temp folder with HOME pointed there too, so no global git config is read or written.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { selectorFor } from '../../src/core/anchor';
import { addEntityToWorkspace, parseSidecar, parseWorkspace, serializeSidecar } from '../../src/core/format';
import { listConflicts, resolveConflict } from '../../src/core/merge';
import { applyOps, type Op } from '../../src/core/ops';
import type { Annotation, Entity } from '../../src/core/types';
import { scratchDir } from './scratch';

const ROOT = path.join(__dirname, '../..');
let tmp = '';
let cliJs = '';
let env: NodeJS.ProcessEnv = {};

before(async () => {
  tmp = scratchDir('marginalia-git-');
  const home = path.join(tmp, 'home');
  fs.mkdirSync(home);
  env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_EDITOR: 'true',
    LC_ALL: 'C',
  };
  for (const k of Object.keys(env)) if (k.startsWith('GIT_') && !['GIT_CONFIG_NOSYSTEM', 'GIT_TERMINAL_PROMPT', 'GIT_EDITOR'].includes(k)) delete env[k];
  // the CLI as it ships (one bundle), built into the temp folder: the driver git runs is this file
  cliJs = path.join(tmp, 'cli.js');
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'src/cli/main.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs',
    outfile: cliJs, define: { __VERSION__: '"test"' }, logLevel: 'silent',
  });
});

// KEEP_TMP=1 keeps the repositories for a look after a failure
after(() => (process.env.KEEP_TMP ? console.log(`repositories kept in ${tmp}`) : fs.rmSync(tmp, { recursive: true, force: true })));

interface Run { code: number; out: string; err: string }

function run(cmd: string, args: string[], cwd: string): Run {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function git(cwd: string, ...args: string[]): string {
  const r = run('git', args, cwd);
  assert.equal(r.code, 0, `git ${args.join(' ')} failed:\n${r.out}${r.err}`);
  return r.out;
}

const cli = (cwd: string, ...args: string[]) => run(process.execPath, [cliJs, ...args], cwd);

// ---------------------------------------------------------------------------------------------
// The corpus: two articles, their sidecars, the registry

const A_TXT = `Border talks stall in Aurel

Officials said on Monday that the talks had stalled. According to a source close to the delegation, the convoy was turned back at the river.

The minister denied it. Halvik said the border would stay open.
`;
const B_TXT = `Pact membership frozen

Veldonia froze its participation in the Pact on Tuesday, the foreign ministry said.
`;
const REGISTRY = `# Registry for the test corpus.
marginalia: 1
entities:
  - id: halvik
    name: Teodor Halvik
    type: person
    aliases: [Halvik]
  - id: aurel
    name: Aurel
    type: place
`;

function at(text: string, id: string, quote: string, extra: Partial<Annotation> = {}): Annotation {
  const start = [...text.slice(0, text.indexOf(quote))].length;
  assert.ok(text.includes(quote), quote);
  return { id, kind: 'claim', ...selectorFor(text, start, start + [...quote].length), status: 'unverified', author: 'Ana', created: '2026-11-21T10:00:00Z', updated: '2026-11-21T10:00:00Z', ...extra };
}

const baseA = [at(A_TXT, 'c1', 'the convoy was turned back at the river'), at(A_TXT, 'n1', 'The minister denied it', { kind: 'note', status: undefined, note: 'which minister?' })];
const baseB = [at(B_TXT, 'c9', 'Veldonia froze its participation in the Pact on Tuesday')];

const sidecarText = (source: string, annotations: Annotation[]) => serializeSidecar({ marginalia: 1, source, annotations });

function makeRepo(name: string, driver: boolean): string {
  const repo = path.join(tmp, name);
  fs.mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.name', 'Test Analyst');
  git(repo, 'config', 'user.email', 'analyst@example.org');
  git(repo, 'config', 'commit.gpgsign', 'false');
  const files: Record<string, string> = {
    'a.txt': A_TXT,
    'a.txt.annotations.yaml': '# Notes on the talks article.\n' + sidecarText('a.txt', baseA),
    'b.txt': B_TXT,
    'b.txt.annotations.yaml': sidecarText('b.txt', baseB),
    'marginalia.yaml': REGISTRY,
  };
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(repo, f), text);
  if (driver) {
    const first = cli(repo, 'git-setup');
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /added to \.gitattributes/);
    assert.match(first.out, /merge\.marginalia\.driver/);
    const again = cli(repo, 'git-setup');
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /already set up/);
    assert.equal(fs.readFileSync(path.join(repo, '.gitattributes'), 'utf8'), '*.annotations.yaml merge=marginalia\nmarginalia.yaml merge=marginalia\n');
    assert.ok(git(repo, 'config', '--get', 'merge.marginalia.driver').includes(cliJs), 'the driver runs this CLI by absolute path');
    assert.ok(!fs.existsSync(path.join(env.HOME!, '.gitconfig')), 'the global config is untouched');
  }
  commit(repo, 'base corpus');
  return repo;
}

function commit(repo: string, message: string): void {
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', message);
}

/** What the extension does: parse, change, write over the parsed document. */
function editSidecar(repo: string, file: string, change: (list: Annotation[]) => Annotation[]): void {
  const p = path.join(repo, file);
  const parsed = parseSidecar(fs.readFileSync(p, 'utf8'), file);
  assert.ok(parsed.sidecar && parsed.writable, JSON.stringify(parsed.problems));
  fs.writeFileSync(p, serializeSidecar({ ...parsed.sidecar, annotations: change(parsed.sidecar.annotations) }, parsed.doc));
}

const update = (id: string, set: Partial<Annotation>) => (list: Annotation[]) => list.map((a) => (a.id === id ? { ...a, ...set } : a));
const add = (...more: Annotation[]) => (list: Annotation[]) => [...list, ...more];

function addEntity(repo: string, entity: Entity): void {
  const p = path.join(repo, 'marginalia.yaml');
  fs.writeFileSync(p, addEntityToWorkspace(parseWorkspace(fs.readFileSync(p, 'utf8'), 'marginalia.yaml'), entity));
}

/** Ana and Ben annotate the same sources on two branches, touching different fields. */
function twoAnalysts(repo: string): void {
  git(repo, 'checkout', '-q', '-b', 'ana', 'main');
  editSidecar(repo, 'a.txt.annotations.yaml', (l) => add(at(A_TXT, 'c2', 'the talks had stalled', { updated: '2026-11-22T09:00:00Z' }))(update('c1', { status: 'disputed', updated: '2026-11-22T09:00:00Z' })(l)));
  addEntity(repo, { id: 'dobrev', name: 'Kasimir Dobrev', type: 'person', aliases: [{ text: 'Dobrev' }] });
  addEntity(repo, { id: 'halvik', name: 'Teodor Halvik', type: 'person', aliases: [{ text: 'Prime Minister Halvik' }] });
  commit(repo, 'ana: c2, c1 disputed, Dobrev');
  git(repo, 'checkout', '-q', '-b', 'ben', 'main');
  editSidecar(repo, 'a.txt.annotations.yaml', (l) =>
    add(at(A_TXT, 'c3', 'Halvik said the border would stay open', { author: 'Ben', updated: '2026-11-23T08:00:00Z' }))(update('c1', { note: 'Single source.', tags: ['convoy'], updated: '2026-11-23T08:00:00Z' })(l)));
  editSidecar(repo, 'b.txt.annotations.yaml', update('c9', { status: 'corroborated' }));
  addEntity(repo, { id: 'ecsp', name: 'Eastern Collective Security Pact', type: 'organization', aliases: [{ text: 'the Pact' }] });
  addEntity(repo, { id: 'halvik', name: 'Teodor Halvik', type: 'person', aliases: [{ text: 'the prime minister', ignoreCase: true }] });
  commit(repo, 'ben: c3, note on c1, c9 corroborated, ECSP');
}

/** Merges `from` into a new branch made from `into`; returns git's exit code and output. */
function mergeInto(repo: string, into: string, from: string, branch: string): Run {
  git(repo, 'checkout', '-q', '-b', branch, into);
  return run('git', ['merge', '--no-edit', from], repo);
}

const show = (repo: string, rev: string, file: string) => git(repo, 'show', `${rev}:${file}`);

test('with the driver, two analysts’ branches merge cleanly, keeping everything, the same either way', () => {
  const repo = makeRepo('clean', true);
  twoAnalysts(repo);
  const m1 = mergeInto(repo, 'ana', 'ben', 'ana-ben');
  assert.equal(m1.code, 0, m1.out + m1.err);
  const m2 = mergeInto(repo, 'ben', 'ana', 'ben-ana');
  assert.equal(m2.code, 0, m2.out + m2.err);
  for (const f of ['a.txt.annotations.yaml', 'b.txt.annotations.yaml', 'marginalia.yaml']) {
    assert.equal(show(repo, 'ana-ben', f), show(repo, 'ben-ana', f), `${f} is the same whichever branch merged into which`);
  }
  const a = parseSidecar(show(repo, 'ana-ben', 'a.txt.annotations.yaml'), 'a').sidecar!;
  assert.deepEqual(a.annotations.map((x) => x.id).sort(), ['c1', 'c2', 'c3', 'n1']);
  const c1 = a.annotations.find((x) => x.id === 'c1')!;
  assert.deepEqual([c1.status, c1.note, c1.tags, c1.updated, c1.conflicts], ['disputed', 'Single source.', ['convoy'], '2026-11-23T08:00:00Z', undefined]);
  assert.ok(show(repo, 'ana-ben', 'a.txt.annotations.yaml').startsWith('# Notes on the talks article.\n'), 'comments kept');
  const reg = parseWorkspace(show(repo, 'ana-ben', 'marginalia.yaml'), 'm').config!;
  assert.deepEqual(reg.entities.map((e) => e.id), ['halvik', 'aurel', 'dobrev', 'ecsp']);
  assert.deepEqual(reg.entities[0].aliases.map((x) => x.text).sort(), ['Halvik', 'Prime Minister Halvik', 'the prime minister']);
  git(repo, 'checkout', '-q', 'ana-ben');
  const check = cli(repo, 'check');
  assert.equal(check.code, 0, check.out + check.err);
});

test('the same field changed on both branches: the merge stops, the conflict is visible, check fails, resolving settles it', () => {
  const repo = makeRepo('conflict', true);
  git(repo, 'checkout', '-q', '-b', 'ana', 'main');
  editSidecar(repo, 'a.txt.annotations.yaml', update('c1', { status: 'refuted', updated: '2026-11-22T09:00:00Z' }));
  commit(repo, 'ana: c1 refuted');
  git(repo, 'checkout', '-q', '-b', 'ben', 'main');
  editSidecar(repo, 'a.txt.annotations.yaml', update('c1', { status: 'corroborated', author: 'Ben', updated: '2026-11-23T08:00:00Z' }));
  commit(repo, 'ben: c1 corroborated');

  const m2 = mergeInto(repo, 'ben', 'ana', 'ben-ana');
  assert.notEqual(m2.code, 0);
  const reverse = fs.readFileSync(path.join(repo, 'a.txt.annotations.yaml'), 'utf8');
  git(repo, 'merge', '--abort');
  const m1 = mergeInto(repo, 'ana', 'ben', 'ana-ben');
  assert.notEqual(m1.code, 0, 'git reports the conflict');
  const file = path.join(repo, 'a.txt.annotations.yaml');
  const text = fs.readFileSync(file, 'utf8');
  assert.equal(text, reverse, 'the same file whichever branch merged into which');
  assert.deepEqual(listConflicts('sidecar', text, 'a').map((c) => [c.id, c.conflict.field, c.conflict.values.map((v) => v.value)]), [['c1', 'status', ['corroborated', 'refuted']]]);
  assert.doesNotMatch(text, /^<<<<<<<|^>>>>>>>/m, 'no conflict markers: the conflict is in the format');
  assert.match(text, /status: unverified\n/, 'the field keeps the ancestor’s value until someone picks');

  const check = cli(repo, 'check');
  assert.equal(check.code, 1);
  assert.match(check.out, /unresolved merge conflict on `status`/);

  // the extension's path: the core helper picks a value and drops the conflict entry
  editSidecar(repo, 'a.txt.annotations.yaml', (l) => l.map((a) => (a.conflicts ? resolveConflict(a, 'status', 1)! : a)));
  assert.equal(cli(repo, 'check').code, 0);
  assert.match(fs.readFileSync(file, 'utf8'), /status: refuted\n/);
  git(repo, 'add', 'a.txt.annotations.yaml');
  git(repo, 'commit', '-q', '--no-edit');
  assert.equal(git(repo, 'status', '--porcelain'), '');
});

// Who changed what (issue 9): each analyst's clone has its own user.name; the change is written
// as the extension writes it, through applyOps with an actor named after `git config user.name`.
function cloneAs(origin: string, name: string, user: string): string {
  const repo = path.join(tmp, name);
  git(tmp, 'clone', '-q', origin, repo);
  git(repo, 'config', 'user.name', user);
  git(repo, 'config', 'user.email', `${name}@example.org`);
  git(repo, 'config', 'commit.gpgsign', 'false');
  assert.equal(cli(repo, 'git-setup').code, 0, 'git config is per clone: each analyst runs git-setup');
  return repo;
}

function changeAs(repo: string, file: string, ops: Op[], at: string): void {
  const p = path.join(repo, file);
  const parsed = parseSidecar(fs.readFileSync(p, 'utf8'), file);
  assert.ok(parsed.sidecar && parsed.writable, JSON.stringify(parsed.problems));
  const by = git(repo, 'config', 'user.name').trim();
  const { annotations } = applyOps(parsed.sidecar.annotations, ops, { by, at });
  fs.writeFileSync(p, serializeSidecar({ ...parsed.sidecar, annotations }, parsed.doc));
}

test('two clones with different user.name change the same claim’s status: each value credited to its analyst, both in history, the same bytes either way', () => {
  const origin = makeRepo('who-origin', true);
  const ana = cloneAs(origin, 'who-ana', 'Ana Analyst');
  const ben = cloneAs(origin, 'who-ben', 'Ben Byrne');
  const F = 'a.txt.annotations.yaml';
  // Ben refutes first; Ana corroborates later, then edits the note (so she is also the last to touch it)
  changeAs(ben, F, [{ type: 'update', id: 'c1', set: { status: 'refuted' } }], '2026-11-29T10:00:00Z');
  commit(ben, 'ben: c1 refuted');
  git(ben, 'push', '-q', 'origin', 'HEAD:ben');
  changeAs(ana, F, [{ type: 'update', id: 'c1', set: { status: 'corroborated' } }], '2026-11-29T11:00:00Z');
  changeAs(ana, F, [{ type: 'update', id: 'c1', set: { note: 'AP confirms' } }], '2026-11-29T12:00:00Z');
  commit(ana, 'ana: c1 corroborated, note');
  git(ana, 'push', '-q', 'origin', 'HEAD:ana');
  const benDiff = git(ben, 'show', '--format=', '-U0', 'HEAD', '--', F);
  assert.match(benDiff, /^\+ {6}- \{at: 2026-11-29T10:00:00Z, by: Ben Byrne, field: status, from: unverified, to: refuted\}$/m, 'one history line per change');

  git(ana, 'fetch', '-q', 'origin', 'ben');
  const m1 = run('git', ['merge', '--no-edit', 'FETCH_HEAD'], ana);
  git(ben, 'fetch', '-q', 'origin', 'ana');
  const m2 = run('git', ['merge', '--no-edit', 'FETCH_HEAD'], ben);
  assert.notEqual(m1.code, 0, 'git reports the conflict');
  assert.notEqual(m2.code, 0);
  const text = fs.readFileSync(path.join(ana, F), 'utf8');
  assert.equal(fs.readFileSync(path.join(ben, F), 'utf8'), text, 'byte-identical whichever way the merge ran');

  const c1 = parseSidecar(text, F).sidecar!.annotations.find((a) => a.id === 'c1')!;
  assert.deepEqual(c1.conflicts, [{
    field: 'status', base: 'unverified',
    values: [
      { value: 'corroborated', author: 'Ana Analyst', updated: '2026-11-29T11:00:00Z' },
      { value: 'refuted', author: 'Ben Byrne', updated: '2026-11-29T10:00:00Z' },
    ],
  }]);
  assert.deepEqual(c1.history?.map((h) => [h.by, h.field, h.to]), [['Ben Byrne', 'status', 'refuted'], ['Ana Analyst', 'status', 'corroborated'], ['Ana Analyst', 'note', 'AP confirms']]);
  assert.deepEqual([c1.author, c1.updatedBy, c1.updated, c1.note, c1.status], ['Ana', 'Ana Analyst', '2026-11-29T12:00:00Z', 'AP confirms', 'unverified']);
  assert.match(m1.out + m1.err, /"corroborated" — set by Ana Analyst, 2026-11-29T11:00:00Z\n.*"refuted" — set by Ben Byrne, 2026-11-29T10:00:00Z/s, 'the driver says who set each value');
  const list = cli(ana, 'resolve', F);
  assert.equal(list.code, 1);
  assert.match(list.err, /c1 · status \(was "unverified"\):\n {4}1\) "corroborated" — set by Ana Analyst, 2026-11-29T11:00:00Z\n {4}2\) "refuted" — set by Ben Byrne, 2026-11-29T10:00:00Z\n/);

  // Ana settles it for Ben's value: the trail says she decided, from the ancestor's value
  const pick = cli(ana, 'resolve', F, '--pick', 'c1/status=2');
  assert.equal(pick.code, 0, pick.err);
  const settled = parseSidecar(fs.readFileSync(path.join(ana, F), 'utf8'), F).sidecar!.annotations.find((a) => a.id === 'c1')!;
  assert.deepEqual([settled.status, settled.conflicts, settled.updatedBy], ['refuted', undefined, 'Ana Analyst']);
  const last = settled.history!.at(-1)!;
  assert.deepEqual([last.by, last.field, last.from, last.to, last.at], ['Ana Analyst', 'status', 'unverified', 'refuted', settled.updated]);
  assert.equal(settled.history!.length, 4);
  commit(ana, 'merge ben: c1 refuted');
  assert.equal(cli(ana, 'check').code, 0);
});

test('the CLI settles a conflict with `resolve --pick`, and lists what is left', () => {
  const repo = makeRepo('pick', true);
  git(repo, 'checkout', '-q', '-b', 'ana', 'main');
  editSidecar(repo, 'a.txt.annotations.yaml', update('n1', { note: 'the defence minister' }));
  commit(repo, 'ana');
  git(repo, 'checkout', '-q', '-b', 'ben', 'main');
  editSidecar(repo, 'a.txt.annotations.yaml', update('n1', { note: 'the foreign minister' }));
  commit(repo, 'ben');
  const m = mergeInto(repo, 'ana', 'ben', 'merged');
  assert.notEqual(m.code, 0);
  const list = cli(repo, 'resolve', 'a.txt.annotations.yaml');
  assert.equal(list.code, 1);
  assert.match(list.err, /n1 · note \(was "which minister\?"\):\n {4}1\) "the defence minister"[^\n]*\n {4}2\) "the foreign minister"/);
  const pick = cli(repo, 'resolve', 'a.txt.annotations.yaml', '--pick', 'n1/note=2');
  assert.equal(pick.code, 0, pick.err);
  assert.equal(parseSidecar(fs.readFileSync(path.join(repo, 'a.txt.annotations.yaml'), 'utf8'), 'a').sidecar!.annotations.find((a) => a.id === 'n1')!.note, 'the foreign minister');
  commit(repo, 'merged');
});

test('a rebase of a branch of annotation commits replays cleanly through the driver', () => {
  const repo = makeRepo('rebase', true);
  git(repo, 'checkout', '-q', '-b', 'ana', 'main');
  editSidecar(repo, 'a.txt.annotations.yaml', add(at(A_TXT, 'c2', 'the talks had stalled')));
  commit(repo, 'ana 1: c2');
  editSidecar(repo, 'a.txt.annotations.yaml', update('c1', { status: 'disputed' }));
  commit(repo, 'ana 2: c1 disputed');
  editSidecar(repo, 'a.txt.annotations.yaml', update('c2', { note: 'the ministry confirms' }));
  addEntity(repo, { id: 'dobrev', name: 'Kasimir Dobrev', type: 'person', aliases: [] });
  commit(repo, 'ana 3: note on c2, Dobrev');
  git(repo, 'checkout', '-q', 'main');
  editSidecar(repo, 'a.txt.annotations.yaml', (l) => add(at(A_TXT, 'c3', 'Halvik said the border would stay open'))(update('c1', { tags: ['convoy'] })(l)));
  addEntity(repo, { id: 'ecsp', name: 'Eastern Collective Security Pact', type: 'organization', aliases: [] });
  commit(repo, 'main: c3, tag on c1, ECSP');

  git(repo, 'checkout', '-q', 'ana');
  const r = run('git', ['rebase', 'main'], repo);
  assert.equal(r.code, 0, r.out + r.err);
  assert.equal(git(repo, 'rev-list', '--count', 'main..ana').trim(), '3', 'three commits replayed');
  const a = parseSidecar(fs.readFileSync(path.join(repo, 'a.txt.annotations.yaml'), 'utf8'), 'a').sidecar!;
  assert.deepEqual(a.annotations.map((x) => x.id).sort(), ['c1', 'c2', 'c3', 'n1']);
  const c1 = a.annotations.find((x) => x.id === 'c1')!;
  assert.deepEqual([c1.status, c1.tags], ['disputed', ['convoy']]);
  assert.equal(a.annotations.find((x) => x.id === 'c2')!.note, 'the ministry confirms');
  assert.deepEqual(parseWorkspace(fs.readFileSync(path.join(repo, 'marginalia.yaml'), 'utf8'), 'm').config!.entities.map((e) => e.id), ['halvik', 'aurel', 'dobrev', 'ecsp'], 'added after the same entity: ordered by content');
  assert.equal(cli(repo, 'check').code, 0);
});

test('without the driver git leaves markers; check reports the line; resolve rebuilds the same file either way', () => {
  const repo = makeRepo('markers', false);
  twoAnalysts(repo);
  const results: Record<string, string>[] = [];
  for (const [into, from] of [['ana', 'ben'], ['ben', 'ana']]) {
    const m = mergeInto(repo, into, from, `${into}-${from}`);
    assert.notEqual(m.code, 0, 'a plain line merge conflicts');
    const marked = fs.readFileSync(path.join(repo, 'a.txt.annotations.yaml'), 'utf8');
    const line = marked.split('\n').findIndex((l) => l.startsWith('<<<<<<<')) + 1;
    assert.ok(line > 0, 'git left markers');
    const check = cli(repo, 'check', '--json');
    assert.equal(check.code, 1);
    const report = JSON.parse(check.out).sources.find((s: { sidecar: string }) => s.sidecar === 'a.txt.annotations.yaml');
    assert.equal(report.errors[0].line, line);
    assert.match(report.errors[0].message, /unresolved git merge conflict/);
    assert.equal(fs.readFileSync(path.join(repo, 'a.txt.annotations.yaml'), 'utf8'), marked, 'check never overwrites it');

    const files: Record<string, string> = {};
    for (const f of ['a.txt.annotations.yaml', 'marginalia.yaml']) {
      if (!fs.readFileSync(path.join(repo, f), 'utf8').includes('<<<<<<<')) continue;
      const r = cli(repo, 'resolve', f);
      assert.equal(r.code, 0, r.out + r.err);
      assert.match(r.out, /rebuilt .* from git's index \(ancestor, ours, theirs\)/);
      files[f] = fs.readFileSync(path.join(repo, f), 'utf8');
    }
    assert.ok(files['a.txt.annotations.yaml'], 'the sidecar needed rebuilding');
    commit(repo, `merge ${from} into ${into}`);
    assert.equal(cli(repo, 'check').code, 0);
    results.push(files);
  }
  assert.deepEqual(results[0], results[1], 'the same bytes whichever branch merged into which');
  const a = parseSidecar(results[0]['a.txt.annotations.yaml'], 'a').sidecar!;
  assert.deepEqual(a.annotations.map((x) => x.id).sort(), ['c1', 'c2', 'c3', 'n1']);

  // the same file outside git, rebuilt from the markers alone: without an ancestor nothing can
  // be told to be a deletion or a change, so it is a union and a changed field is a conflict…
  const loose = (name: string) => {
    git(repo, 'checkout', '-q', 'ana');
    assert.notEqual(run('git', ['merge', '--no-edit', 'ben'], repo).code, 0);
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(repo, 'a.txt.annotations.yaml'), path.join(dir, 'a.txt.annotations.yaml'));
    git(repo, 'merge', '--abort');
    const r = cli(dir, 'merge', '--markers', 'a.txt.annotations.yaml');
    return { r, sidecar: parseSidecar(fs.readFileSync(path.join(dir, 'a.txt.annotations.yaml'), 'utf8'), 'a').sidecar! };
  };
  const union = loose('loose');
  assert.equal(union.r.code, 1);
  assert.match(union.r.out, /from the conflict markers \(no ancestor recorded/);
  assert.match(union.r.err, /c1 · status:\n {4}1\) "disputed"[^\n]*\n {4}2\) "unverified"/);
  assert.deepEqual(union.sidecar.annotations.map((x) => x.id).sort(), ['c1', 'c2', 'c3', 'n1']);
  // …while git's diff3 style records the ancestor in the markers, and the merge is clean again
  git(repo, 'config', 'merge.conflictStyle', 'diff3');
  const diff3 = loose('loose-diff3');
  assert.equal(diff3.r.code, 0, diff3.r.err);
  assert.match(diff3.r.out, /from the conflict markers \(with the ancestor\)/);
  assert.equal(serializeSidecar(diff3.sidecar), serializeSidecar(parseSidecar(results[0]['a.txt.annotations.yaml'], 'a').sidecar!));
});

test('a source edited on one branch while annotations were added on the other: check --write re-anchors after the merge', () => {
  const repo = makeRepo('reanchor', true);
  git(repo, 'checkout', '-q', '-b', 'editor', 'main');
  fs.writeFileSync(path.join(repo, 'a.txt'), A_TXT.replace('Border talks stall in Aurel\n', 'UPDATED 14:05: adds the minister’s denial.\n\nBorder talks stall in Aurel\n'));
  commit(repo, 'editor: update note at the top');
  git(repo, 'checkout', '-q', '-b', 'ana', 'main');
  editSidecar(repo, 'a.txt.annotations.yaml', add(at(A_TXT, 'c2', 'the talks had stalled')));
  commit(repo, 'ana: c2');
  const m = mergeInto(repo, 'ana', 'editor', 'merged');
  assert.equal(m.code, 0, m.out + m.err);
  const states = () => JSON.parse(cli(repo, 'check', '--json').out).sources.find((s: { sidecar: string }) => s.sidecar === 'a.txt.annotations.yaml').annotations.map((a: { id: string; state: string }) => `${a.id}:${a.state}`).sort();
  assert.deepEqual(states(), ['c1:moved', 'c2:moved', 'n1:moved']);
  const w = cli(repo, 'check', '--write');
  assert.equal(w.code, 0, w.out);
  assert.match(w.out, /offsets updated/);
  assert.deepEqual(states(), ['c1:anchored', 'c2:anchored', 'n1:anchored']);
});

test('merge as a command: exit 2 and OUT untouched when a side does not parse; --help', () => {
  const dir = path.join(tmp, 'cmd');
  fs.mkdirSync(dir);
  const ok = sidecarText('a.txt', baseA);
  fs.writeFileSync(path.join(dir, 'base'), ok);
  fs.writeFileSync(path.join(dir, 'ours'), ok);
  fs.writeFileSync(path.join(dir, 'theirs'), 'marginalia: 1\nsource: a.txt\nannotations:\n  - {id: x, kind: nonsense, quote: q}\n');
  const r = cli(dir, 'merge', 'base', 'ours', 'theirs', '-o', 'ours', '--path', 'a.txt.annotations.yaml');
  assert.equal(r.code, 2);
  assert.match(r.err, /theirs\):4:\d+: error: unknown kind "nonsense"/);
  assert.equal(fs.readFileSync(path.join(dir, 'ours'), 'utf8'), ok);
  for (const c of ['merge', 'resolve', 'git-setup']) {
    const h = cli(dir, c, '--help');
    assert.equal(h.code, 0);
    assert.match(h.out, new RegExp(`^Usage: marginalia ${c}`));
  }
  const empty = cli(dir, 'merge', 'base', 'ours', 'ours');
  assert.equal(empty.code, 0);
  assert.equal(empty.out, ok, 'to standard output by default');
});
