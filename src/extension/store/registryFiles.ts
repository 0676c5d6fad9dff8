// Reading a corpus's marginalia.yaml for the store, never throwing: a clean registry the fast
// way, anything doubtful with positions for Problems, through the guarded read like every file.
//
// Issue 15 (counts complete in ≤ 1 s at 2,000 sources): an index reads each workspace folder's
// own registry at once, before the search for corpus roots ends (`once`), so the index workers
// start and build their mention matcher while the sources are still being listed; the store's
// corpus root for that folder is then made from the very same read, which is how the workers
// know their registry is the corpus's.
import * as vscode from 'vscode';
import { parseWorkspaceQuick, WORKSPACE_FILE, type ParsedWorkspace } from '../../core/format';
import type { WorkspaceConfig } from '../../core/types';
import { readWorkspaceIsolated, unreadableWorkspace } from '../../core/unreadable';
import { maxFileBytes, readGuarded, readGuardedSync } from './guardedRead';
import { buildOf } from '../../node/indexCache';
import type { IndexCacheGenerations } from '../../node/cacheGenerations';
import { adoptParse, keptPartsOf, OFF_THREAD_BYTES, parseRegistryOffThread } from '../../node/registryParse';
import type { RegistryKept } from '../../node/cacheGenerations';
import type { WrittenParse } from '../../core/worker/protocol';
import { fullTurn } from '../../core/slices';
import type { IndexAnswer, IndexTask } from '../../node/indexRead';
import type { WorkerPool } from '../../node/workerPool';

export class RegistryFiles {
  /** This index's reads, by the registry's URI: one read per file per index. */
  private readonly reads = new Map<string, Promise<ParsedWorkspace | null>>();
  /**
   * Each registry's last text and what it parsed to, and the one before, by URI: a re-index that
   * reads the very same text takes that parse again (issue 15: a 5,000-entity registry took the
   * host's thread 100-150 ms at every re-index, its longest stall), and so does the Undo of a
   * change, which writes the text before it back (a parse in a worker started for it, ~300 ms,
   * and its 5,000 entities cloned on the host's thread). Nothing changes a parse once made.
   */
  private readonly parsed = new Map<string, { text: string; registry: ParsedWorkspace }[]>();

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly realRootOf: (root: vscode.Uri) => Promise<string>,
    /** Where registries' parses are kept between sessions (node/cacheGenerations.ts), when they are. */
    private readonly kept: () => IndexCacheGenerations | null = () => null,
  ) {}

  /** Registries a worker parsed (for the tests). */
  parsedOffThread = 0;
  /** Of those, the texts Marginalia wrote, parsed by the worker that wrote them (`written`; for the tests). */
  parsedAsWritten = 0;
  /** Registry texts read again as they were before the last, whose parse was taken again (an Undo; for the tests). */
  parsedBefore = 0;

  /** By the registry's URI: a text Marginalia is writing to it, and its parse as the editor's worker made it (`written`). */
  private readonly given = new Map<string, { text: string; parsed: WrittenParse }>();

  /**
   * A registry text Marginalia is about to write, with its clean parse made in the worker that
   * made the text (WrittenParse): the read that finds that text takes it instead of parsing it
   * again (issue 15: a registry change's parse, in an index worker started for it, was ~250 ms
   * of the wait for the new entity's mentions). The last one per registry is kept.
   */
  written(uri: vscode.Uri, text: string, parsed: WrittenParse): void {
    this.given.set(uri.toString(), { text, parsed });
  }

  /** The build registries' parses are kept for (the next session's), or undefined when none are kept (the setting off). */
  private build(): string | undefined {
    return this.kept() ? buildOf(__filename) : undefined;
  }

  /**
   * The build a registry's parse made now is kept for, its parts made where it is parsed, or
   * undefined when none is made now: within an index, whose parses are kept once it has ended
   * (keepHeld), not made in the worker whose parse the index waits for.
   */
  keepFor(): string | undefined {
    return this.held ? undefined : this.build();
  }
  /** Registry parses written for the next session, or tried (a write the disk refuses is let go: the next session parses it again); for the tests. */
  keptParses = 0;

  /** While an index runs (`hold`): its parses to keep for the next session, kept once it has ended (`keepHeld`). */
  private held: (() => Promise<void>)[] | null = null;

  /** An index begins: a parse made meanwhile is kept once it has ended (keepHeld). */
  hold(): void {
    this.held ??= [];
  }

  /**
   * The index has ended: the parses it made are kept now, each in a task of its own a full turn
   * later (issue 15: serialized with its fingerprint, a 5,000-entity registry held the host's
   * thread 15.6 ms in the middle of a first index, as the listing ended and the reads began).
   */
  async keepHeld(): Promise<void> {
    const held = this.held ?? [];
    this.held = null;
    for (const keep of held) {
      await fullTurn();
      await keep();
    }
  }

  /** The index's workers, started early, to parse a large registry in (node/registryParse.ts); else one is started for it. */
  private pool: WorkerPool<IndexTask, IndexAnswer> | null = null;

  /** A new index: registries are read again; a large one is parsed in `pool`, the index's workers waiting for their init, if any. */
  clear(pool: WorkerPool<IndexTask, IndexAnswer> | null = null): void {
    this.reads.clear();
    this.pool = pool;
  }

  /**
   * The first index's registries, each workspace folder's own, read as that index is asked for
   * (in activate()) and not in its own task, which the extension host runs only once it has
   * activated the other extensions, 50-100 ms later: a large one goes at once to `pool`, the
   * index's first worker, which parses it meanwhile (issue 15). The index then takes these reads
   * (`once`), so `clear` is not called for it. Not a registry whose parse the last session kept:
   * restoring it reads and deserializes a file (~10 ms at 5,000 entities), which stays in the
   * index's task, out of activate(). True when any was read.
   */
  readAhead(dirs: readonly vscode.Uri[], pool: WorkerPool<IndexTask, IndexAnswer> | null): boolean {
    this.hold(); // its parses are kept once that index has ended, as the index's own
    this.clear(pool);
    let any = false;
    for (const dir of dirs) {
      const uri = vscode.Uri.joinPath(dir, WORKSPACE_FILE);
      if (uri.scheme !== 'file' || this.kept()?.hasRegistry(uri.fsPath)) continue;
      void this.once(dir, uri).catch(() => undefined); // never rejects (read); the index awaits it
      any = true;
    }
    return any;
  }

  /** The registry `uri` of the corpus at `dir`, read once per index (see the header). */
  once(dir: vscode.Uri, uri: vscode.Uri): Promise<ParsedWorkspace | null> {
    const key = uri.toString();
    let read = this.reads.get(key);
    if (!read) this.reads.set(key, (read = this.read(dir, uri)));
    return read;
  }

  /**
   * The registry read and parsed now, without ever throwing; null when there is none.
   * `workers`: called when the text is not the one last parsed (a registry's change, reloads.ts),
   * it starts the workers that will read the sources again with the new parse, not yet given
   * their init: the first of them parses a large one, and builds its matcher straight after.
   */
  async read(dir: vscode.Uri, uri: vscode.Uri, workers?: () => WorkerPool<IndexTask, IndexAnswer> | null): Promise<ParsedWorkspace | null> {
    const r = readGuardedSync(dir, uri, maxFileBytes(dir)) ?? (await readGuarded(await this.realRootOf(dir), uri, maxFileBytes(dir)));
    if (!r.ok && r.reason === 'missing') return null;
    const key = uri.toString();
    const last = this.parsed.get(key) ?? [];
    const same = r.ok && last[0]?.text === r.text;
    const before = r.ok && !same && last[1]?.text === r.text ? last[1] : undefined;
    if (before) this.taken(key, uri.fsPath, before);
    const registry = same ? last[0].registry : before ? before.registry : r.ok ? await this.parseAndKeep(key, r.text, uri.fsPath, workers) : unreadableWorkspace(uri.fsPath, r.message, r);
    if (!r.ok) this.parsed.delete(key);
    if (registry.problems.length) this.log.warn(`${uri.fsPath}: ${registry.problems.length} problem(s)`);
    return registry;
  }

  /** Parses under way, by the registry's URI, with the text each is of. */
  private readonly parsing = new Map<string, { text: string; parse: Promise<ParsedWorkspace> }>();

  /**
   * `text` parsed and kept as the registry's last parse: as the editor's worker parsed it, when
   * Marginalia wrote this very text (`written`), else here or in a worker (`parse`). A parse of
   * this very text under way answers instead: an index's read and a watcher's event for the same
   * write, read while the index runs, parsed it twice (each kept, and workers started for each).
   * Two reloads of one registry are one after the other already (reloads.ts reloadRegistry, whose
   * caller must return with the change in the store); this is for the reads of an index, which
   * no reload waits for once it has begun (a reload waits for the index only as it is asked for).
   */
  private async parseAndKeep(key: string, text: string, file: string, workers?: () => WorkerPool<IndexTask, IndexAnswer> | null): Promise<ParsedWorkspace> {
    const under = this.parsing.get(key);
    if (under?.text === text) return under.parse;
    const given = this.given.get(key);
    if (given) this.given.delete(key);
    const parse = this.parse(text, file, workers?.() ?? this.pool, given?.text === text ? given.parsed : undefined);
    this.parsing.set(key, { text, parse });
    try {
      const registry = await parse;
      this.parsed.set(key, [{ text, registry }, ...(this.parsed.get(key) ?? []).filter((p) => p.text !== text)].slice(0, 2));
      return registry;
    } finally {
      if (this.parsing.get(key)?.parse === parse) this.parsing.delete(key);
    }
  }

  /** The parse before the last taken again (its text written back): the last again, kept for the next session as a new parse is. */
  private taken(key: string, file: string, before: { text: string; registry: ParsedWorkspace }): void {
    this.parsed.set(key, [before, ...(this.parsed.get(key) ?? []).filter((p) => p !== before)].slice(0, 2));
    this.parsedBefore++;
    const config = before.registry.config;
    if (config && before.registry.doc === null && !before.registry.problems.length) this.keepClean(file, before.text, config);
  }

  /**
   * `text` parsed, or its kept fast parse from the last session; a new clean parse is kept for
   * the next. A large registry is parsed in a worker (node/registryParse.ts); one that needs the
   * careful reader, or that no worker could parse, is parsed here.
   */
  private async parse(text: string, file: string, pool: WorkerPool<IndexTask, IndexAnswer> | null, given?: WrittenParse): Promise<ParsedWorkspace> {
    if (given) {
      // the text Marginalia wrote, parsed where it was made: its packed entities, kept parts and
      // matcher taken as an index worker's are (the matcher kept for its root: indexPools.ts takeWritten)
      adoptParse(given.config, given.packed, given.keep as RegistryKept | undefined, given.matcher);
      this.parsedOffThread++;
      this.parsedAsWritten++;
      this.keepClean(file, text, given.config);
      return clean(file, given.config);
    }
    const build = this.build();
    const restored = build ? this.kept()?.loadRegistry(file, text, build) : null;
    if (restored) return clean(file, restored);
    // outside an index, what the next session keeps of it is made in the worker too (a registry's change, issue 15)
    const offThread = text.length >= OFF_THREAD_BYTES ? await parseRegistryOffThread(text, pool, undefined, this.keepFor()) : undefined;
    if (offThread !== undefined) this.parsedOffThread++;
    // not clean: its problems placed from the writer's shape where it has it (a 5,000-entity
    // registry with one merge conflict: ~0.1 s here, where the careful parse took ~0.4 s)
    const registry = offThread ? clean(file, offThread) : readWorkspaceIsolated(text, file, parseWorkspaceQuick);
    // kept in a task of its own, a full turn later, and after the index that read it (keepHeld):
    // serialized in the index's first task, a 5,000-entity registry added 15 ms to the host's
    // longest stall of a first index (issue 15)
    if (registry.config && registry.doc === null && !registry.problems.length) this.keepClean(file, text, registry.config);
    return registry;
  }

  /** A clean parse of `text` kept for the next session (when parses are kept), with what its worker made of it, if one did. */
  private keepClean(file: string, text: string, config: WorkspaceConfig): void {
    const kept = this.kept();
    const build = this.build();
    if (!kept || !build) return;
    const made = keptPartsOf(config.entities);
    const keep = () => kept.saveRegistry(file, text, build, config, made).then(() => void this.keptParses++);
    if (this.held) this.held.push(keep);
    else void fullTurn().then(keep);
  }
}

function clean(file: string, config: WorkspaceConfig): ParsedWorkspace {
  return { file, doc: null, config, problems: [], writable: true };
}
