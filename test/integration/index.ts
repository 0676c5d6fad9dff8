// Placeholder; the harness issue (#3) provides the runner.
export async function run(): Promise<void> {}
