#!/usr/bin/env node
// Installs code-server (VS Code 1.100.3, server + web workbench) into .vscode-test/code-server/,
// following the recipe measured in issue #3: no internet here, so @vscode/test-electron cannot
// download VS Code, and code-server's own npm postinstall refuses root and fetches ripgrep from
// GitHub. We therefore install with --ignore-scripts and do the postinstall's work by hand.
//
// Idempotent: a marker file written last says the install is complete; with it present the
// script returns at once. Delete .vscode-test/code-server/ to reinstall.
//
//   node scripts/setup-vscode.mjs          (npm run setup:vscode)
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// 4.101+ need Node 22; keep package.json's engines.vscode at or below 1.100 to match.
export const CODE_SERVER_VERSION = '4.100.3';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const installDir = path.join(repoRoot, '.vscode-test', 'code-server');
const packageDir = path.join(installDir, 'node_modules', 'code-server');
export const codeServerEntry = path.join(packageDir, 'out', 'node', 'entry.js');
const markerFile = path.join(installDir, '.marginalia-complete');
// Bump when the recipe changes so existing caches are redone.
const markerText = `code-server ${CODE_SERVER_VERSION} recipe 1\n`;

export const chromiumPath = '/usr/bin/chromium';

// Debian packages the recipe needs, with a file whose presence proves each one is installed
// (cheaper than asking dpkg on the fast path).
const debianPackages = [
  { name: 'libkrb5-dev', probe: '/usr/include/gssapi/gssapi.h' }, // kerberos addon
  { name: 'pkg-config', probe: '/usr/bin/pkg-config' },
  { name: 'ripgrep', probe: '/usr/bin/rg' }, // replaces the GitHub download of @vscode/ripgrep
  { name: 'chromium', probe: chromiumPath }, // the browser for the tests; never a tool download
  { name: 'python3', probe: '/usr/bin/python3' }, // node-gyp
  { name: 'make', probe: '/usr/bin/make' },
  { name: 'g++', probe: '/usr/bin/g++' },
];

const nativeAddons = ['node-pty', '@vscode/spdlog', 'native-watchdog', 'kerberos'];

export function isCodeServerInstalled() {
  return (
    readOr(markerFile, '') === markerText && debianPackages.every((p) => fs.existsSync(p.probe))
  );
}

/** Makes sure code-server is installed; returns the path of its entry script. */
export function setupVscode({ log = (line) => process.stdout.write(`${line}\n`) } = {}) {
  if (isCodeServerInstalled()) {
    log(`setup-vscode: code-server ${CODE_SERVER_VERSION} already installed (delete ${path.relative(repoRoot, installDir)}/ to redo)`);
    return codeServerEntry;
  }
  const started = Date.now();
  installDebianPackages(log);

  log(`setup-vscode: installing code-server ${CODE_SERVER_VERSION} into ${path.relative(repoRoot, installDir)}/`);
  fs.rmSync(markerFile, { force: true });
  fs.mkdirSync(installDir, { recursive: true });
  // A package.json of its own, or npm would walk up and install into the extension's.
  fs.writeFileSync(
    path.join(installDir, 'package.json'),
    `${JSON.stringify({ name: 'marginalia-vscode-test', private: true, description: 'Cache: see scripts/setup-vscode.mjs' }, null, 2)}\n`,
  );
  npm(installDir, ['install', '--ignore-scripts', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`]);

  // What code-server's postinstall.sh would do, without its root check and downloads.
  const vscodeDir = path.join(packageDir, 'lib', 'vscode');
  npm(vscodeDir, ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund']);
  const rg = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  fs.mkdirSync(path.dirname(rg), { recursive: true });
  fs.copyFileSync('/usr/bin/rg', rg);
  fs.chmodSync(rg, 0o755);
  for (const addon of nativeAddons) {
    log(`setup-vscode: building ${addon}`);
    // npm's bundled node-gyp, directly: node-pty's own install script runs `npx node-gyp`,
    // which would try the registry for a node-gyp of its own, and the headers must come from
    // the Debian node (/usr/include/node), not a download.
    run(process.execPath, [nodeGyp(), 'rebuild', '--jobs=max', '--nodedir=/usr'], path.join(vscodeDir, 'node_modules', addon));
  }
  symlink('node_modules', path.join(vscodeDir, 'node_modules.asar'));
  symlink('code-linux.sh', path.join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  symlink('browser-linux.sh', path.join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
  const builtins = path.join(vscodeDir, 'extensions');
  npm(builtins, ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund']);
  run(process.execPath, ['./postinstall.mjs'], builtins);

  npm(installDir, ['rebuild', 'argon2']);

  // Smoke test before declaring the install complete.
  // CODE_SERVER_CONFIG: otherwise code-server writes ~/.config/code-server/config.yaml.
  const version = execFileSync(process.execPath, [codeServerEntry, '--version'], {
    encoding: 'utf8',
    env: { ...process.env, CODE_SERVER_CONFIG: path.join(installDir, 'config.yaml') },
  }).match(/^\d+\.\d+\.\d+.*$/m)?.[0];
  fs.writeFileSync(markerFile, markerText);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(`setup-vscode: code-server ${version} ready in ${seconds} s (${dirSizeMb(installDir)} MB)`);
  return codeServerEntry;
}

function installDebianPackages(log) {
  const missing = debianPackages.filter((p) => !fs.existsSync(p.probe)).map((p) => p.name);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`setup-vscode: missing Debian packages: ${missing.join(' ')}\n  run as root: ${command}`);
  }
  log(`setup-vscode: installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], repoRoot, env);
  run('apt-get', ['install', '-y', '-qq', ...missing], repoRoot, env);
}

function npm(cwd, args) {
  // nodedir: build native addons against the headers Debian's node ships in /usr/include/node.
  run('npm', args, cwd, { ...process.env, npm_config_nodedir: '/usr' });
}

function nodeGyp() {
  const npmCli = fs.realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim());
  return path.join(path.dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
}

function run(command, args, cwd, env = { ...process.env, npm_config_nodedir: '/usr' }) {
  const result = spawnSync(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`setup-vscode: \`${command} ${args.join(' ')}\` failed (exit ${result.status}) in ${cwd}`);
  }
}

function symlink(target, linkPath) {
  fs.rmSync(linkPath, { force: true, recursive: true });
  fs.symlinkSync(target, linkPath);
}

function readOr(file, fallback) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

function dirSizeMb(dir) {
  const out = execFileSync('du', ['-sm', dir], { encoding: 'utf8' });
  return Number(out.split('\t')[0]);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    setupVscode();
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
