// The `marginalia` command. Commands are filled in by the core issue (#2).
async function main(argv: string[]): Promise<number> {
  process.stdout.write(`marginalia: ${argv.join(' ')}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`marginalia: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
