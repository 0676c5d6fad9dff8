// `marginalia git-setup`: registers `marginalia merge` as git's merge driver for sidecars and
// the registry. The logic is shared with the VS Code command, in src/node/gitSetup.ts; this
// file is the command line around it.
import { parseArgs } from 'node:util';
import { ATTRIBUTES, DRIVER_NAME, describeSetup, driverCommand, setUpMergeDriver } from '../../node/gitSetup';
import { displayPath } from '../fsutil';
import type { Io } from '../io';

export const GIT_SETUP_HELP = `Usage: marginalia git-setup [--global]

Tells git to merge sidecars and marginalia.yaml with \`marginalia merge\` (by annotation id, so
two analysts' work on the same file combines) instead of line by line. Running it again
changes nothing that is already in place; a half-configured driver is repaired.

  - appends to .gitattributes at the top of the repository (commit it: the team shares it)
      ${ATTRIBUTES.join('\n      ')}
  - sets in the repository's git config (every clone needs this once: git never shares config)
      merge.marginalia.name    ${DRIVER_NAME}
      merge.marginalia.driver  <this marginalia> merge %O %A %B -o %A --path %P
    using the absolute path of this marginalia, so no global install is needed.

A .gitattributes (or repository git config) that is a symbolic link or leads outside the
repository is refused: it came with the repository and may point anywhere.

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
  const outcome = await setUpMergeDriver({ cwd: io.cwd, global: opts.values.global === true, driver: driverCommand(process.argv[1]) });
  if (!outcome.ok) {
    io.err(`marginalia git-setup: ${outcome.message}\n`);
    return 2;
  }
  io.out(describeSetup(outcome, (f) => displayPath(io.cwd, f)));
  return 0;
}
