// A fast read of marginalia.yaml for scans over large registries (`marginalia entities`): js-yaml
// builds plain objects about five times faster than the `yaml` Document API, which keeps the
// positions and comments that error messages and rewrites need. Only a file this reader fully
// accepts is returned; anything it doubts returns null, and the caller uses parseWorkspace,
// which then reports the problem with its line and column.
import { CORE_SCHEMA, load } from 'js-yaml';
import { ENTITY_TYPES, FORMAT_VERSION, type Alias, type Entity, type WorkspaceConfig } from '../types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const ENTITY_KEYS = new Set(['id', 'name', 'type', 'aliases', 'note']);

export function readWorkspaceFast(text: string): WorkspaceConfig | null {
  let root: unknown;
  try {
    root = load(text, { schema: CORE_SCHEMA, maxAliases: 50 });
  } catch {
    return null;
  }
  if (!isObj(root) || root.marginalia !== FORMAT_VERSION) return null;
  const config: WorkspaceConfig = { marginalia: FORMAT_VERSION, entities: [], cues: [], entityTypes: [...ENTITY_TYPES] };
  if (root.entityTypes !== undefined) {
    if (!Array.isArray(root.entityTypes) || !root.entityTypes.every((t) => typeof t === 'string')) return null;
    for (const t of root.entityTypes as string[]) if (!config.entityTypes.includes(t)) config.entityTypes.push(t);
  }
  if (root.cues !== undefined) {
    if (!Array.isArray(root.cues) || !root.cues.every((c) => typeof c === 'string')) return null;
    config.cues = (root.cues as string[]).filter((c) => c.trim() !== '');
  }
  const list = root.entities;
  if (list === undefined || list === null) return config;
  if (!Array.isArray(list)) return null;
  const seen = new Set<string>();
  for (const item of list) {
    const e = readEntity(item, config.entityTypes);
    if (!e || seen.has(e.id)) return null;
    seen.add(e.id);
    config.entities.push(e);
  }
  return config;
}

function readEntity(item: unknown, types: string[]): Entity | null {
  if (!isObj(item) || !isText(item.id) || !isText(item.name)) return null;
  // anything unusual (conflicts left by a merge, unknown keys) goes the careful way
  for (const k of Object.keys(item)) if (!ENTITY_KEYS.has(k)) return null;
  const type = item.type === undefined ? 'other' : item.type;
  if (!isText(type) || !types.includes(type)) return null;
  const entity: Entity = { id: item.id, name: item.name, type, aliases: [] };
  if (item.note !== undefined) {
    if (typeof item.note !== 'string') return null;
    entity.note = item.note;
  }
  if (item.aliases !== undefined && item.aliases !== null) {
    if (!Array.isArray(item.aliases)) return null;
    for (const a of item.aliases) {
      const alias = readAlias(a);
      if (!alias) return null;
      entity.aliases.push(alias);
    }
  }
  return entity;
}

function readAlias(a: unknown): Alias | null {
  if (isText(a)) return { text: a };
  if (!isObj(a) || !isText(a.text)) return null;
  for (const k of Object.keys(a)) if (k !== 'text' && k !== 'ignoreCase') return null;
  if (a.ignoreCase !== undefined && typeof a.ignoreCase !== 'boolean') return null;
  return a.ignoreCase === true ? { text: a.text, ignoreCase: true } : { text: a.text };
}
