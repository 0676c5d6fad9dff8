// Scratch folders for the unit tests, removed once the test file's tests are done (a root-level
// `after` hook; at process exit too, for a file that ends otherwise): a test that failed
// half-way, or never cleaned up, left its folder behind, and a full unit run left about 120 in
// the temp folder, thousands over a day of runs. An `exit` handler alone did not do: `node
// --test` ends some files' processes without it running when it runs many files.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';

const made: string[] = [];
function removeAll(): void {
  for (const dir of made.splice(0)) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // a folder a test left unreadable: nothing more to do
    }
  }
}
after(removeAll);
process.on('exit', removeAll);

/** A new empty folder in the temp folder, named from `prefix`, removed when this process exits. */
export function scratchDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}
