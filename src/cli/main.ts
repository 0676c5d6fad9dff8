// The `marginalia` command: check, entities, merge … over the same core as the extension.
//
// Each command's code is loaded when it runs (issue 15): one bundle still, but `check` or a
// merge-driver call no longer sets up the web-page reader, the DOM and the exporters it never
// uses before doing its work.
import { blockWriter, type Command, type Io } from './io';
import { describeError, forTerminal } from './output';

const COMMANDS: Record<string, { load: () => Promise<Command>; summary: string }> = {
  add: { load: () => import('./commands/add').then((m) => m.addCommand), summary: 'add web pages, PDFs and text files as sources, with provenance' },
  check: { load: () => import('./commands/check').then((m) => m.checkCommand), summary: 'validate sidecars and re-anchor annotations (CI, pre-commit)' },
  entities: { load: () => import('./commands/entities').then((m) => m.entitiesCommand), summary: 'list registry mentions in every source' },
  merge: { load: () => import('./commands/merge').then((m) => m.mergeCommand), summary: 'three-way merge of a sidecar or marginalia.yaml by id (git merge driver)' },
  resolve: { load: () => import('./commands/resolve').then((m) => m.resolveCommand), summary: 'rebuild a file git left with conflict markers; settle merge conflicts' },
  review: { load: () => import('./commands/review').then((m) => m.reviewCommand), summary: 'what awaits review: unreviewed, changed, sent-back and conflicted claims (CI)' },
  export: { load: () => import('./commands/export').then((m) => m.exportCommand), summary: 'export annotations: W3C Web Annotation, brat, CSV, a brief (Markdown/HTML)' },
  import: { load: () => import('./commands/import').then((m) => m.importCommand), summary: 'import annotations from W3C Web Annotation, Hypothesis or brat' },
  'git-setup': { load: () => import('./commands/git-setup').then((m) => m.gitSetupCommand), summary: 'make git merge sidecars with `marginalia merge` (idempotent)' },
};

export const HELP = `Usage: marginalia <command> [options]

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`).join('\n')}

Run \`marginalia <command> --help\` for a command's options.
`;

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(HELP);
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.out(`${VERSION}\n`);
    return 0;
  }
  const cmd = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!cmd) {
    io.err(`marginalia: unknown command "${forTerminal(name)}"\n\n${HELP}`);
    return 2;
  }
  return (await cmd.load())(rest, io);
}

declare const __VERSION__: string | undefined;
/** The status of a run whose standard output was closed by its reader (128 + SIGPIPE, as a shell reports one). */
const EXIT_PIPE_CLOSED = 141;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

if (require.main === module) {
  const stdout = blockWriter((s) => process.stdout.write(s));
  const io: Io = {
    out: stdout.out,
    err: (s) => {
      stdout.flush();
      process.stderr.write(s);
    },
    cwd: process.cwd(),
    tty: process.stdout.isTTY,
  };
  // Whatever escapes a command is said in one line (no stack trace: it could quote file
  // content, and it is not what an analyst can act on); MARGINALIA_DEBUG=1 shows the stack.
  const fail = (err: unknown) => {
    stdout.flush();
    const debug = process.env.MARGINALIA_DEBUG === '1' && err instanceof Error ? `\n${err.stack}` : '';
    process.stderr.write(`marginalia: ${describeError(err)}${debug}\n`);
    process.exitCode = 2;
  };
  process.on('unhandledRejection', fail);
  // The reader went away (`marginalia check --json | head`): stop at once, quietly, as a
  // process killed by SIGPIPE would (status 141), instead of checking on for nobody and
  // ending on an unhandled EPIPE with a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') return fail(e);
    process.exit(EXIT_PIPE_CLOSED);
  });
  main(process.argv.slice(2), io).then((code) => {
    stdout.flush();
    process.exitCode = code;
  }, fail);
}
