// The index's reads kept between sessions, on the host's side (indexCache.ts is the workers'):
// the generations of kept reads under the extension's workspace storage, and beside them the
// registry's matcher and its parse. Each full index writes a new generation (every worker
// appends its tasks' records to a file of its own), and the store names it current only once
// the index has ended; the one before is deleted then. An index that did not end leaves the
// current one as it was.
//
// The registry's matcher is kept (one file, for the registry last indexed): the next session's
// workers restore it instead of building it (~300 ms of a worker at 5,000 entities, which every
// task waited for even when it read nothing); and each registry's fast parse, by its path.
// Every file is the extension's own, never a corpus file, written aside and renamed with a
// checksum before it: one that does not agree is no cache.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { textHash } from '../core/sourceEntry';
import type { Entity, WorkspaceConfig } from '../core/types';
import { sha256Hex } from './capture/provenance';
import { readInto, registryKey, rememberRegistryKey, type IndexCacheDirs } from './indexCache';

/** The folder in the workspace's storage (VS Code's storageUri) where the extension keeps its index between sessions. */
export const INDEX_CACHE_FOLDER = 'index-cache';

/**
 * The kept matcher's file name (for the registry last indexed): a checksum of the rest, the
 * length of its description (uint32, little-endian), the description (v8-serialized: the build
 * and registry it was made for), then the matcher's packed bytes as they are.
 */
const MATCHER_FILE = 'matcher.bin';
/** A kept file's checksum (SHA-1) is its first bytes. */
const SUM_BYTES = 20;
/** The matcher file's fixed head: the checksum and its description's length. */
const MATCHER_HEAD = SUM_BYTES + 4;
/**
 * A registry's kept parse, by the registry's path: laid out as the matcher's file, a checksum of
 * the rest, the length of its description, the description (v8-serialized: the build, the
 * text's SHA-256 and the entities' fingerprint), then the parse (v8-serialized). The
 * description alone says whether the parse is this text's: a registry just changed is not
 * deserialized whole to find that it is not (~17 ms at 5,000 entities, issue 15).
 */
const registryFile = (file: string) => `registry-${textHash(file).toString(36)}.bin`;

/**
 * The bytes a kept parse was read from (loadRegistry), by its entities: a shared buffer, handed to
 * the editor's worker as they are (registryParse.ts entitiesPacked) instead of the entities cloned
 * into a message (issue 15: 19.8 ms of the host's thread in a registry change's Undo, whose
 * registry comes back from its kept parse).
 */
const keptBytes = new WeakMap<readonly Entity[], SharedArrayBuffer>();

/** The kept parse's bytes (a v8-serialized WorkspaceConfig) these very entities were read from, if they were. */
export function keptConfigBytes(entities: readonly Entity[]): SharedArrayBuffer | undefined {
  return keptBytes.get(entities);
}

/** A registry's parse as it is kept (`registryKeptParts`): its entities' fingerprint, and the file's parts but the checksum. */
export interface RegistryKept {
  key: string;
  parts: Uint8Array[];
}

/**
 * What is kept of `config`, the clean parse of `text`, for the next session: made where the
 * parse was, in a worker for a large registry (registryParse.ts), since its fingerprint (the
 * JSON of its entities, hashed) and its serialization held the host's thread 40-90 ms after a
 * change to a 5,000-entity registry (issue 15).
 */
export function registryKeptParts(build: string, text: string, config: WorkspaceConfig): RegistryKept {
  const key = registryKey(config.entities)!;
  return keptParts({ build, text: sha256Hex(text), key }, v8.serialize(config));
}

/** A kept parse's parts: what it is (`about`: its build, text's digest and entities' fingerprint), and the config serialized. */
function keptParts(about: { build: unknown; text: unknown; key: string }, body: Uint8Array): RegistryKept {
  const described = v8.serialize(about);
  const length = Buffer.alloc(MATCHER_HEAD - SUM_BYTES);
  length.writeUInt32LE(described.length);
  return { key: about.key, parts: [length, described, body] };
}

/**
 * The parts a parse was kept as (saveRegistry) or read from (loadRegistry), by its entities:
 * kept again as they are when that parse is taken again (the Undo of a registry change writes
 * the text before it back: registryFiles.ts), not serialized anew on the host's thread.
 */
const partsOf = new WeakMap<readonly Entity[], RegistryKept>();

/** The parts these very entities' parse was kept as or read from, if it was. */
export function keptPartsFor(entities: readonly Entity[]): RegistryKept | undefined {
  return partsOf.get(entities);
}

/**
 * The cache's generations under `base` (the extension's workspace storage): `current` names the
 * last complete one. For the store, on the host (a few small file operations per index).
 */
export class IndexCacheGenerations {
  constructor(private readonly base: string) {}

  /** The folders for a new full index: the current generation to read (unless `reread`), a new one to write. */
  begin(reread: boolean): IndexCacheDirs {
    try {
      const current = this.current();
      const write = path.join(this.base, `gen-${Date.now().toString(36)}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
      fs.mkdirSync(write, { recursive: true });
      return { ...(current && !reread ? { read: path.join(this.base, current) } : {}), write };
    } catch {
      return {};
    }
  }

  /** `dirs.write` made current, and every other generation deleted. */
  commit(dirs: IndexCacheDirs): void {
    if (!dirs.write) return;
    try {
      const name = path.basename(dirs.write);
      const tmp = path.join(this.base, `current.${process.pid}.tmp`);
      fs.writeFileSync(tmp, name);
      fs.renameSync(tmp, path.join(this.base, 'current'));
      this.prune(name);
    } catch {
      // the next index reads the generation before, or none
    }
  }

  /** Everything kept (the setting turned off): the generations and the matcher. */
  clear(): void {
    try {
      fs.rmSync(this.base, { recursive: true, force: true });
    } catch {
      // what could not be deleted is deleted at the next commit's prune, or stays unused
    }
  }

  /** An index that did not end: what it wrote is deleted. */
  abandon(dirs: IndexCacheDirs): void {
    try {
      if (dirs.write) fs.rmSync(dirs.write, { recursive: true, force: true });
    } catch {
      // left for the next commit's prune
    }
  }

  /**
   * The matcher kept for `entities` by `build`, as its packed bytes, or null: the file's own checksum, build and
   * registry must agree (the host reads it at an index's start). Its bytes are read straight into
   * the buffer handed on, in one copy (MATCHER_FILE).
   */
  loadMatcher(entities: readonly Entity[], build: string): SharedArrayBuffer | null {
    // synchronously: ~15 ms for 3 MB, where an asynchronous read at activation waited its turns
    // of a busy event loop for 100-200 ms (issue 15); as the workers packed it: handed to the
    // next ones as it is, restored here only when used (core/mentions/matcherCache.ts)
    const kept = this.readDescribed(MATCHER_FILE, (about) => about?.build === build && about.registry === registryKey(entities), (n) => new Uint8Array(new SharedArrayBuffer(n)));
    return kept ? (kept.body.buffer as SharedArrayBuffer) : null;
  }

  /**
   * A kept file laid out as MATCHER_FILE (a checksum of the rest, the length of its description,
   * the description, the body), read synchronously: the body only when `wanted` takes the
   * description, into the array `alloc` makes, and the checksum then checked. Null when the file
   * is absent, cut short, not wanted or not as checksummed.
   */
  private readDescribed(name: string, wanted: (about: Record<string, unknown> | null) => boolean, alloc: (n: number) => Uint8Array): { about: Record<string, unknown>; body: Uint8Array } | null {
    let fd: number | undefined;
    try {
      fd = fs.openSync(path.join(this.base, name), 'r');
      const size = fs.fstatSync(fd).size;
      const head = Buffer.alloc(MATCHER_HEAD);
      if (size < MATCHER_HEAD || !readInto(fd, head, 0)) return null;
      const aboutLength = head.readUInt32LE(SUM_BYTES);
      if (MATCHER_HEAD + aboutLength > size) return null;
      const aboutBytes = Buffer.alloc(aboutLength);
      if (!readInto(fd, aboutBytes, MATCHER_HEAD)) return null;
      const about = v8.deserialize(aboutBytes) as Record<string, unknown> | null;
      if (!wanted(about)) return null;
      const body = alloc(size - MATCHER_HEAD - aboutLength);
      if (!readInto(fd, body, MATCHER_HEAD + aboutLength)) return null;
      if (!checksum([head.subarray(SUM_BYTES), aboutBytes, body]).equals(head.subarray(0, SUM_BYTES))) return null;
      return { about: about!, body };
    } catch {
      return null;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  /**
   * Keeps the matcher of `entities` (in place of the one before), written aside and renamed: its
   * bytes as a worker packed them (indexInit.ts packMatcher), never unpacked nor copied on the
   * host (issue 15: serialized with its description into one buffer, a 5,000-entity matcher's
   * 3.2 MB were two copies and 37 ms of the host's thread after a first index, the longest
   * stall of its final draw with the collection they brought on).
   */
  async saveMatcher(entities: readonly Entity[], build: string, packed: SharedArrayBuffer | Uint8Array): Promise<void> {
    const about = v8.serialize({ build, registry: registryKey(entities) });
    const length = Buffer.alloc(MATCHER_HEAD - SUM_BYTES);
    length.writeUInt32LE(about.length);
    await this.writeParts(MATCHER_FILE, [length, about, packed instanceof Uint8Array ? packed : new Uint8Array(packed)]);
  }

  /**
   * The registry `file` parsed the fast way, when its text is byte for byte the one kept with it
   * by `build` (SHA-256): the host's parse of a 5,000-entity registry took 100-140 ms at
   * activation (issue 15), its deserialization ~10 ms. Read synchronously, as loadMatcher; the
   * parse only when the description says it is this text's.
   */
  loadRegistry(file: string, text: string, build: string): WorkspaceConfig | null {
    try {
      const kept = this.readDescribed(registryFile(file), (about) => about?.build === build && about.text === sha256Hex(text), (n) => new Uint8Array(new SharedArrayBuffer(n)));
      const config = kept && (v8.deserialize(kept.body) as WorkspaceConfig | null);
      if (!kept || !Array.isArray(config?.entities)) return null;
      keptBytes.set(config.entities, kept.body.buffer as SharedArrayBuffer);
      if (typeof kept.about.key === 'string') partsOf.set(config.entities, keptParts({ build: kept.about.build, text: kept.about.text, key: kept.about.key }, kept.body));
      // its entities' fingerprint, taken when it was kept: the matcher kept with them is then
      // found without one taken again (registryKey: 20-26 ms of the host's thread at 5,000)
      if (typeof kept.about.key === 'string') rememberRegistryKey(config.entities, kept.about.key);
      return config;
    } catch {
      return null;
    }
  }

  /** Whether a parse of the registry `file` is kept (of any text: loadRegistry says whether it is this one's), without reading it. */
  hasRegistry(file: string): boolean {
    return fs.existsSync(path.join(this.base, registryFile(file)));
  }

  /**
   * Keeps a registry's fast parse for the next session (loadRegistry), in place of the one
   * before: `made`, when the worker that parsed it made its parts (registryKeptParts), else made here.
   */
  async saveRegistry(file: string, text: string, build: string, config: WorkspaceConfig, made?: RegistryKept): Promise<void> {
    const parts = made ?? registryKeptParts(build, text, config);
    partsOf.set(config.entities, parts);
    await this.writeParts(registryFile(file), parts.parts);
  }

  /** `parts` one after the other under `name`, the checksum of them all before them, written aside and renamed; nothing copied. */
  private async writeParts(name: string, parts: Uint8Array[]): Promise<void> {
    try {
      const tmp = path.join(this.base, `${name}.${process.pid}.tmp`);
      await fs.promises.mkdir(this.base, { recursive: true });
      await fs.promises.writeFile(tmp, [checksum(parts), ...parts]);
      await fs.promises.rename(tmp, path.join(this.base, name));
    } catch {
      // the next session reads it again
    }
  }

  private current(): string | null {
    try {
      const name = fs.readFileSync(path.join(this.base, 'current'), 'utf8').trim();
      return /^gen-[\w-]+$/.test(name) && fs.existsSync(path.join(this.base, name)) ? name : null;
    } catch {
      return null;
    }
  }

  private prune(keep: string): void {
    for (const name of fs.readdirSync(this.base)) {
      if (name.startsWith('gen-') && name !== keep) fs.rmSync(path.join(this.base, name), { recursive: true, force: true });
    }
  }
}

/** The checksum of `parts` one after the other (SHA-1: ~2 ms for a 3.2 MB matcher). */
function checksum(parts: readonly Uint8Array[]): Buffer {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part);
  return hash.digest();
}
