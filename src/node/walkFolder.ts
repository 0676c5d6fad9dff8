// Every file under a folder, listed with Node's own directory reads, for the extension's index
// (issue 15: at activation VS Code's search — three ripgrep walks run by the main process, for
// the corpus roots, the sources and the sidecars — took 450–860 ms at 2,000 sources before a
// single sidecar could be read; one walk here takes a few ms). The store sorts the one listing
// into registries, sources and sidecars itself (extension/store/sourceFinder.ts listFolder).
//
// The same symlink rule as the CLI's walk (cli/fsutil.ts walkFiles), since a corpus arrives
// through git: a symlinked folder is never followed (isFolderLink: VS Code's search followed a
// link to `/` and walked the disk, and listed a folder linked inside twice); a symlinked file, a
// dangling link and a special file are listed, so that reading refuses each with a message
// naming it instead of skipping it in silence. Folders the caller prunes (node_modules, .git)
// are not entered. Linear in the files and folders walked, and a folder of many thousand
// entries is read a batch at a time, so the extension host's thread is never held for all of
// them at once (issue 15: "at any corpus size").
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

/** Directory reads in flight at once: Node runs them on its 4 libuv threads. */
const CONCURRENCY = 8;
/**
 * A folder larger on disk than this (the size the file system gives a folder grows with its
 * entries: ~28 bytes each on ext4, 20 on tmpfs, so some 4,500-6,500 entries) is read a batch at
 * a time (inBatches); a smaller one in one read (`readdir`, the quickest for the folders of a
 * corpus). Read whole, a folder of 100,000 files was one array made on the thread: a 160-180 ms
 * stall (Node 20, plain, ext4), growing with the folder; read in batches, 7-8 ms.
 */
const WHOLE_MAX_BYTES = 128 * 1024;
/** Entries one read of a large folder takes (one libuv task each). */
const BATCH = 256;

export interface WalkOptions {
  /** A folder (path relative to the root, `/`-separated) whose contents are never listed. */
  prune?: (rel: string) => boolean;
  /** A file (path relative to the root) to list; every one when not given. Asked as the walk goes, so that memory follows what is kept, not the folder's size. */
  want?: (rel: string) => boolean;
  /** A folder that could not be read: the others still are. */
  onError?: (dir: string, message: string) => void;
}

/**
 * The paths, relative to `root` and `/`-separated, of every file under it (regular files,
 * links that do not lead to a folder, special files). Rejects only when `root` itself
 * cannot be resolved.
 */
export async function walkFolder(root: string, options: WalkOptions = {}): Promise<string[]> {
  await fsp.realpath(root); // a root that cannot be resolved rejects
  const out: string[] = [];
  // folders to read, where they are and their path from the root (plain folders only: no cycle)
  const queue: Folder[] = [{ dir: root, rel: '' }];
  let next = 0;

  const want = options.want;
  const visit = async ({ dir, rel }: Folder) => {
    // a link is asked where it leads (off the thread); every other entry is taken at once
    const take = (e: fs.Dirent): Promise<void> | undefined => {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!options.prune?.(childRel)) queue.push({ dir: path.join(dir, e.name), rel: childRel });
      } else if (want && !want(childRel)) return;
      else if (!e.isSymbolicLink()) out.push(childRel); // regular and special files
      else return leadsToFolder(path.join(dir, e.name)).then((folder) => void (folder || out.push(childRel))); // links to files, dangling or looping links: refused when read if they must be
    };
    try {
      // the folder's size: one stat, on the thread (a local call; the walk is at activation)
      if (fs.statSync(dir).size > WHOLE_MAX_BYTES) return await inBatches(dir, take); // what was listed before a failure stays listed
      for (const e of await fsp.readdir(dir, { withFileTypes: true })) {
        const asked = take(e);
        if (asked) await asked;
      }
    } catch (e) {
      options.onError?.(dir, (e as Error).message);
    }
  };

  // a few directory reads at a time, breadth first
  const running = new Set<Promise<void>>();
  while (next < queue.length || running.size) {
    while (next < queue.length && running.size < CONCURRENCY) {
      const p: Promise<void> = visit(queue[next++]).finally(() => running.delete(p));
      running.add(p);
    }
    if (running.size) await Promise.race(running);
  }
  return out;
}

/**
 * Every entry of a large folder, a batch per read of the disk on libuv's pool (the async
 * `read`), the rest of the batch taken from the Dir's buffer (`readSync` reads the disk only
 * when the buffer is empty: at the folder's end). The thread is never held for more than one
 * batch's entries, and the listing's memory follows what `take` keeps.
 */
export async function inBatches(dir: string, take: (e: fs.Dirent) => Promise<void> | undefined): Promise<void> {
  const folder = fs.opendirSync(dir, { bufferSize: BATCH });
  try {
    for (let e = await folder.read(); e !== null; e = await folder.read()) {
      for (let n = 1; e !== null; n++) {
        const asked = take(e);
        if (asked) await asked;
        if (n === BATCH) break; // the batch is used up: the next one is read off the thread
        e = folder.readSync();
      }
      if (e === null) break;
    }
  } finally {
    folder.closeSync();
  }
}

interface Folder {
  dir: string;
  rel: string;
}

/**
 * Whether the link at `p` leads to a folder: such a link is never followed (nor listed). One
 * outside the corpus is not the corpus's; one inside leads to a folder the walk lists under its
 * own path (else a file would be listed twice, or under another name), and no link cycle is
 * walked round. The CLI's walk asks this; the index's asks the same without blocking (leadsToFolder).
 */
export function isFolderLink(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false; // dangling or looping: listed, refused when read
  }
}

/** isFolderLink without holding the thread (the extension host's: a corpus may hold many links). */
function leadsToFolder(p: string): Promise<boolean> {
  return fsp.stat(p).then(
    (st) => st.isDirectory(),
    () => false,
  );
}
