// `marginalia git-setup`: registers `marginalia merge` as git's merge driver for sidecars and
// the registry. Idempotent, and it says what it changed: git config is per clone and never
// shared, so every analyst runs this once (the .gitattributes lines are committed and shared).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { displayPath } from '../fsutil';
import { git, repoRoot } from '../git';
import type { Io } from '../io';

export const ATTRIBUTES = ['*.annotations.yaml merge=marginalia', 'marginalia.yaml merge=marginalia'];
export const DRIVER_NAME = 'Marginalia: merge sidecars and marginalia.yaml by annotation id';

export const GIT_SETUP_HELP = `Usage: marginalia git-setup [--global]

Tells git to merge sidecars and marginalia.yaml with \`marginalia merge\` (by annotation id, so
two analysts' work on the same file combines) instead of line by line. Running it again
changes nothing that is already in place.

  - appends to .gitattributes at the top of the repository (commit it: the team shares it)
      ${ATTRIBUTES.join('\n      ')}
  - sets in the repository's git config (every clone needs this once: git never shares config)
      merge.marginalia.name    ${DRIVER_NAME}
      merge.marginalia.driver  <this marginalia> merge %O %A %B -o %A --path %P
    using the absolute path of this marginalia, so no global install is needed.

  --global  set the config in ~/.gitconfig for all your repositories instead; outside a
            repository the attributes go to your global attributes file
  --help    show this help
`;

export async function gitSetupCommand(args: string[], io: Io): Promise<number> {
  let opts;
  try {
    opts = parseArgs({ args, allowPositionals: false, options: { global: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    io.err(`marginalia git-setup: ${(e as Error).message}\n\n${GIT_SETUP_HELP}`);
    return 2;
  }
  if (opts.values.help) {
    io.out(GIT_SETUP_HELP);
    return 0;
  }
  const global = opts.values.global === true;
  const root = repoRoot(io.cwd);
  if (!root && !global) {
    io.err('marginalia git-setup: not inside a git repository (run it in one, or use --global)\n');
    return 2;
  }
  const attributesFile = root ? path.join(root, '.gitattributes') : globalAttributesFile(io.cwd);
  const done: string[] = [];

  const before = fs.existsSync(attributesFile) ? fs.readFileSync(attributesFile, 'utf8') : '';
  const have = new Set(before.split(/\r?\n/).map((l) => l.trim().replace(/\s+/g, ' ')));
  const missing = ATTRIBUTES.filter((l) => !have.has(l));
  if (missing.length) {
    fs.mkdirSync(path.dirname(attributesFile), { recursive: true });
    const sep = before === '' || before.endsWith('\n') ? '' : '\n';
    fs.writeFileSync(attributesFile, `${before}${sep}${missing.join('\n')}\n`);
    done.push(`added to ${displayPath(io.cwd, attributesFile)}:\n${missing.map((l) => `  ${l}\n`).join('')}`);
  }

  const scope = global ? '--global' : '--local';
  const config: [string, string][] = [
    ['merge.marginalia.name', DRIVER_NAME],
    ['merge.marginalia.driver', driverCommand()],
  ];
  for (const [key, value] of config) {
    const now = git(['config', scope, '--get', key], root ?? io.cwd);
    if (now.ok && now.stdout.replace(/\n$/, '') === value) continue;
    const set = git(['config', scope, key, value], root ?? io.cwd);
    if (!set.ok) {
      io.err(`marginalia git-setup: git config ${scope} ${key} failed: ${set.stderr.trim()}\n`);
      return 2;
    }
    done.push(`set ${key} (${global ? 'global' : 'repository'} git config):\n  ${value}\n`);
  }

  if (done.length) {
    io.out(done.join(''));
    io.out(`git now merges sidecars and marginalia.yaml by annotation id.${root && missing.length ? ' Commit .gitattributes so your team shares it.' : ''}\n`);
  } else io.out(`already set up: ${displayPath(io.cwd, attributesFile)} and the ${global ? 'global' : 'repository'} merge.marginalia git config are in place\n`);
  return 0;
}

/**
 * The driver as git runs it, through the shell: this node and this CLI script by absolute
 * path, each single-quoted. %O %A %B %P are substituted (and quoted) by git itself.
 */
export function driverCommand(script = process.argv[1]): string {
  const real = fs.realpathSync(script);
  const parts = [process.execPath];
  // run from the TypeScript sources (development): the driver needs the same loader
  if (/\.[cm]?ts$/.test(real)) parts.push('--import', pathToFileURL(createRequire(real).resolve('tsx')).href);
  parts.push(real);
  // inside VS Code the runtime is Electron, which runs scripts as Node only when told to
  const env = process.versions.electron ? 'ELECTRON_RUN_AS_NODE=1 ' : '';
  return `${env}${parts.map(shellQuote).join(' ')} merge %O %A %B -o %A --path %P`;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function globalAttributesFile(cwd: string): string {
  const set = git(['config', '--global', '--get', 'core.attributesFile'], cwd);
  if (set.ok && set.stdout.trim()) return set.stdout.trim().replace(/^~(?=\/)/, os.homedir());
  const xdg = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(xdg, 'git', 'attributes');
}
