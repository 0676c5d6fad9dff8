// Creating a new file in the corpus (`add`, `import`). writeCorpusFile (node/writeAtomic)
// replaces a file that holds the expected text; a new source, sidecar or kept original needs
// the other half: create only, never replace. The folder must resolve inside the corpus and the
// name must be free; the bytes go to a temporary file that is then hard-linked to the name —
// link() fails when the name was taken meanwhile, so nothing anyone else made is overwritten.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { checkWritable } from './corpusFs';

/** Null when created, else why not. */
export async function createCorpusFile(root: string, file: string, data: string | Uint8Array): Promise<string | null> {
  const refused = await checkWritable(root, file);
  if (refused) return refused;
  if (fs.lstatSync(file, { throwIfNoEntry: false })) return `${file} already exists; left as it is`;
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'wx');
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(tmp, file);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EEXIST' ? `${file} already exists; left as it is` : `cannot write ${file}: ${(e as Error).message}`;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return null;
}
