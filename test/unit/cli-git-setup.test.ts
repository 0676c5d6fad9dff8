// `marginalia git-setup` against hostile repositories (issue 8, reproduction 6) and a
// half-configured driver (issue 9): a committed `.gitattributes` symlink must not get our lines
// appended to the file it points at; a missing driver command line is repaired and `check` says
// what is wrong. Real git, in temp folders, with HOME pointed there (this file runs in its own
// process under node --test, so setting process.env here reaches only its git calls).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { scratchDir } from './scratch';

let tmp = '';

before(() => {
  tmp = scratchDir('marginalia-setup-');
  const home = path.join(tmp, 'home');
  fs.mkdirSync(home);
  Object.assign(process.env, { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' });
  for (const k of Object.keys(process.env)) if (k.startsWith('GIT_') && k !== 'GIT_CONFIG_NOSYSTEM') delete process.env[k];
});

function repo(name: string): string {
  const dir = path.join(tmp, name, 'repo');
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q'], { cwd: dir });
  return dir;
}

async function run(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { cwd, out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const config = (cwd: string, key: string) => {
  try {
    return execFileSync('git', ['config', '--local', '--get', key], { cwd, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
};

test('a .gitattributes symlinked outside the repository is refused; the file it points at is untouched', async () => {
  const dir = repo('link');
  const bashrc = path.join(tmp, 'link', '.bashrc');
  fs.writeFileSync(bashrc, 'export PS1="$ "\n');
  fs.symlinkSync('../.bashrc', path.join(dir, '.gitattributes'));
  const r = await run(dir, 'git-setup');
  assert.equal(r.code, 2);
  assert.match(r.err, /\.gitattributes is a symbolic link/);
  assert.equal(fs.readFileSync(bashrc, 'utf8'), 'export PS1="$ "\n');
  assert.ok(fs.lstatSync(path.join(dir, '.gitattributes')).isSymbolicLink(), 'the link is left as it was');
  assert.equal(config(dir, 'merge.marginalia.driver'), null, 'nothing half-done: no config written either');
});

test('a .gitattributes symlinked inside the repository is refused too, and a FIFO one never opened', async () => {
  const dir = repo('inner');
  fs.writeFileSync(path.join(dir, 'other'), '');
  fs.symlinkSync('other', path.join(dir, '.gitattributes'));
  assert.equal((await run(dir, 'git-setup')).code, 2);
  const dir2 = repo('fifo');
  execFileSync('mkfifo', [path.join(dir2, '.gitattributes')]);
  const r = await run(dir2, 'git-setup');
  assert.equal(r.code, 2);
  assert.match(r.err, /not a regular file/);
});

test('a half-configured driver: check warns what git will fail with, git-setup repairs it', async () => {
  const dir = repo('half');
  fs.writeFileSync(path.join(dir, '.gitattributes'), '*.annotations.yaml merge=marginalia\nmarginalia.yaml merge=marginalia\n');
  execFileSync('git', ['config', 'merge.marginalia.name', 'Marginalia'], { cwd: dir });
  fs.writeFileSync(path.join(dir, 'a.txt'), 'The minister denied it.\n');
  fs.writeFileSync(path.join(dir, 'a.txt.annotations.yaml'), 'marginalia: 1\nsource: a.txt\nannotations:\n  - {id: n1, kind: note, quote: The minister}\n');
  const c = await run(dir, 'check');
  assert.equal(c.code, 0, c.out + c.err);
  assert.match(c.out, /warning: merge\.marginalia\.name is set but merge\.marginalia\.driver is not: .*lacks command line.*git-setup/);
  const j = await run(dir, 'check', '--json');
  assert.equal(JSON.parse(j.out).warnings.length, 1);

  const r = await run(dir, 'git-setup');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /repaired: .*lacks command line/);
  assert.match(config(dir, 'merge.marginalia.driver') ?? '', / merge %O %A %B -o %A --path %P$/);
  assert.doesNotMatch((await run(dir, 'check')).out, /warning/);
  assert.match((await run(dir, 'git-setup')).out, /^already set up/);
});

test('a regular .gitattributes gets the lines appended, once', async () => {
  const dir = repo('plain');
  fs.writeFileSync(path.join(dir, '.gitattributes'), '*.png binary');
  const r = await run(dir, 'git-setup');
  assert.equal(r.code, 0, r.err);
  assert.equal(fs.readFileSync(path.join(dir, '.gitattributes'), 'utf8'), '*.png binary\n*.annotations.yaml merge=marginalia\nmarginalia.yaml merge=marginalia\n');
  assert.match(r.out, /Commit \.gitattributes/);
});
