// The reading rules of `marginalia.yaml`, over plain values, shared by the fast registry reader
// and the located one (see sidecar.ts for the arrangement). Unknown fields are kept on both
// paths, as in sidecars: hand-added data survives rewrites and merges.
import { ENTITY_TYPES, FORMAT_VERSION, type Entity, type WorkspaceConfig } from '../../types';
import { readConflicts, type ConflictField } from './conflicts';
import { readAlias, readHypothesis, readId, readName, readNote, readUnknown, type Read } from './fields';
import { Findings, isObj, readVersioned, shown, type Finding, type Path } from './findings';
import { idTextProblem, lineTextProblem } from './text';

export interface WorkspaceReading {
  config: WorkspaceConfig | null;
  findings: Finding[];
}

const RESOLVE = 'run `marginalia resolve`';
const ROOT_LEVEL = 2;
const ENTITY_LEVEL = 4;

export function validateWorkspace(root: unknown): WorkspaceReading {
  const f = new Findings();
  return { config: readRoot(root, f), findings: f.list };
}

function readWords(v: unknown, what: string): Read<string[]> {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return { error: `\`${what}\` must be a list of ${what === 'cues' ? 'phrases' : 'words'}` };
  for (const x of v as string[]) if (lineTextProblem(x)) return { error: `${what === 'cues' ? 'cue' : 'entity type'} ${shown(x)} ${lineTextProblem(x)}` };
  return { value: v as string[] };
}

function readRoot(root: unknown, f: Findings): WorkspaceConfig | null {
  if (!readVersioned(root, f, 'marginalia.yaml must be a mapping with `marginalia: 1` and `entities`', FORMAT_VERSION)) return null;
  const config: WorkspaceConfig = { marginalia: FORMAT_VERSION, entities: [], cues: [], entityTypes: [...ENTITY_TYPES] };
  for (const key of Object.keys(root)) {
    const v = root[key];
    if (key === 'marginalia' || key === 'entities') continue;
    if (key === 'entityTypes') {
      const r = readWords(v, key);
      if (r.error !== undefined) f.error([key], r.error);
      else {
        const have = new Set(config.entityTypes);
        for (const t of r.value) if (!have.has(t)) (have.add(t), config.entityTypes.push(t));
      }
    } else if (key === 'cues') {
      const r = readWords(v, key);
      if (r.error !== undefined) f.error([key], r.error);
      else config.cues = r.value.filter((c) => c.trim() !== '');
    } else if (key === 'hypotheses') {
      readHypotheses(v, f, config);
    } else if (key === 'conflicts') {
      readConflicts(v, [key], f, rootConflictRule, '', RESOLVE);
    } else unknownField(v, key, [], ROOT_LEVEL, f, '');
  }
  const list = root.entities;
  if (list === undefined || list === null) return config;
  if (!Array.isArray(list)) {
    f.error(['entities'], '`entities` must be a list');
    return config;
  }
  const seen = new Set<string>();
  const types = typeRule(config.entityTypes);
  list.forEach((item, i) => {
    const path = ['entities', i];
    const e = readEntity(item, path, types, f);
    if (!e) return;
    if (seen.has(e.id)) {
      f.error([...path, 'id'], `duplicate entity id ${shown(e.id)}`);
      return;
    }
    seen.add(e.id);
    config.entities.push(e);
  });
  return config;
}

/** `hypotheses: [{id, text, note?}]` (issue 13): each read alone, a bad one reported and left out. */
function readHypotheses(v: unknown, f: Findings, config: WorkspaceConfig): void {
  if (v === null) return;
  if (!Array.isArray(v)) return f.error(['hypotheses'], '`hypotheses` must be a list of {id, text, note}');
  const list: NonNullable<WorkspaceConfig['hypotheses']> = [];
  const ids = new Set<string>();
  v.forEach((item, i) => {
    const r = readHypothesis(item);
    if (r.error !== undefined) return f.error(['hypotheses', i, ...(r.at && isObj(item) && r.at in item ? [r.at] : [])], r.error);
    if (ids.has(r.value.id)) return f.error(['hypotheses', i, 'id'], `duplicate hypothesis id ${shown(r.value.id)}`);
    ids.add(r.value.id);
    list.push(r.value);
  });
  config.hypotheses = list;
}

function rootConflictRule(field: string): ConflictField {
  if (field === 'entityTypes' || field === 'cues') return (v) => readWords(v, field);
  if (field === 'hypotheses') return (v) => {
    const probe = new Findings();
    const config = { hypotheses: [] } as unknown as WorkspaceConfig;
    readHypotheses(v, probe, config);
    return probe.list.length ? { error: probe.list[0].message } : { value: v };
  };
  if (field === 'marginalia' || field === 'entities' || field === 'conflicts' || field === 'registry') return null;
  return readUnknown(ROOT_LEVEL + 3);
}

function unknownField(v: unknown, key: string, path: Path, level: number, f: Findings, who: string): void {
  const why = idTextProblem(key);
  if (why) return f.error([...path, key], `${who}field name ${shown(key)} ${why}`, true);
  const r = readUnknown(level)(v);
  if (r.error !== undefined) f.error([...path, key], `${who}\`${key}\` is ${r.error}`);
}

function readAliases(v: unknown): Read<Entity['aliases']> {
  if (!Array.isArray(v)) return { error: '`aliases` must be a list' };
  const out: Entity['aliases'] = [];
  for (const a of v) {
    const r = readAlias(a);
    if (r.error !== undefined) return r;
    out.push(r.value);
  }
  return { value: out };
}

/** Types an error names as expected; more are counted, not listed. */
const TYPES_LISTED = 12;

/** The registry's entity types as each entity is checked against them: a lookup, and one message made once. */
interface TypeRule {
  known: ReadonlySet<string>;
  expected: string;
}

/**
 * Made once per registry (issue 15: a registry of thousands of types checked each entity by a
 * scan of them, and an entity of an unknown type listed them all in its error, so thousands of
 * such entities made an error text quadratic in the file).
 */
function typeRule(types: readonly string[]): TypeRule {
  const listed = types.slice(0, TYPES_LISTED).join(', ');
  return { known: new Set(types), expected: types.length > TYPES_LISTED ? `${listed} and ${types.length - TYPES_LISTED} more` : listed };
}

/** An entity's name and type as read (made once, not per entity: a registry has thousands). */
const readEntityName = readName('name');
const readEntityType = readName('type');

/** An entity's type: `other` when absent, else one of the registry's types. */
function readType(v: unknown, types: TypeRule): Read<string> {
  const t = v === undefined || v === null ? { value: 'other' } : readEntityType(v);
  if (t.error !== undefined) return t;
  return types.known.has(t.value) ? t : { error: `unknown type ${shown(t.value)} (expected ${types.expected}, or add it to \`entityTypes\`)` };
}

/** How each field of an entity's `conflicts` entries is checked (readConflicts). */
function entityConflictRule(types: TypeRule): (field: string) => ConflictField {
  return (field) => {
    if (field === 'entity') return 'whole';
    if (field === 'conflicts') return null;
    if (field === 'id') return null;
    if (field === 'name') return readEntityName;
    if (field === 'type') return (v) => readType(v, types);
    if (field === 'note') return readNote;
    if (field === 'aliases') return readAliases;
    return readUnknown(ENTITY_LEVEL + 3);
  };
}

function readEntity(item: unknown, path: Path, types: TypeRule, f: Findings): Entity | null {
  if (!isObj(item)) {
    f.error(path, 'an entity must be a mapping with `id`, `name` and `type`');
    return null;
  }
  const id = readId(item.id);
  if (id.error !== undefined) {
    f.error([...path, 'id'], `entity ${id.error}`);
    return null;
  }
  // an error's prefix (the JSON of the id), made only for an error, not for each of thousands of clean entities
  const who = () => `entity ${shown(id.value)}: `;
  const name = readEntityName(item.name);
  if (name.error !== undefined) {
    f.error([...path, 'name'], `entity ${shown(id.value)} ${name.error}`);
    return null;
  }
  const type = readType(item.type, types);
  if (type.error !== undefined) {
    f.error([...path, 'type'], `${who()}${type.error}`);
    return null;
  }
  const entity: Entity = { id: id.value, name: name.value, type: type.value, aliases: [] };
  for (const key of Object.keys(item)) {
    const v = item[key];
    if (key === 'id' || key === 'name' || key === 'type') continue;
    if (key === 'conflicts') {
      const c = readConflicts(v, [...path, key], f, entityConflictRule(types), who(), RESOLVE);
      if (c && c.length) entity.conflicts = c;
    } else if (key === 'note') {
      const r = readNote(v);
      if (r.error !== undefined) f.error([...path, key], `${who()}${r.error}`);
      else entity.note = r.value;
    } else if (key === 'aliases') {
      if (v === null) continue;
      if (!Array.isArray(v)) {
        f.error([...path, key], `${who()}\`aliases\` must be a list`);
        continue;
      }
      for (let j = 0; j < v.length; j++) {
        const r = readAlias(v[j]);
        if (r.error !== undefined) f.error([...path, key, j], `${who()}${r.error}`);
        else entity.aliases.push(r.value);
      }
    } else unknownField(v, key, path, ENTITY_LEVEL, f, who());
  }
  return entity;
}
