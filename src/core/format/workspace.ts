// `marginalia.yaml`: the entity registry and vocabulary at the corpus root. Read as untrusted
// input like a sidecar; edits (a new entity, a new alias) go through the Document so the
// team's comments and ordering survive.
import * as YAML from 'yaml';
import { ENTITY_TYPES, FORMAT_VERSION, type Alias, type Entity, type FieldConflict, type Problem, type WorkspaceConfig } from '../types';
import { parseLocated, toJS, type Located } from './yamlutil';

export interface ParsedWorkspace {
  file: string;
  doc: YAML.Document.Parsed | null;
  config: WorkspaceConfig | null;
  problems: Problem[];
  writable: boolean;
}

export function parseWorkspace(text: string, file: string): ParsedWorkspace {
  const loc = parseLocated(text, file);
  const done = (config: WorkspaceConfig | null): ParsedWorkspace => ({
    file,
    doc: loc.doc,
    config,
    problems: loc.problems,
    writable: config !== null && !loc.problems.some((p) => p.severity === 'error'),
  });
  if (loc.doc.errors.length > 0) return done(null);
  const root = loc.doc.contents;
  if (!YAML.isMap(root)) {
    loc.at(root, 'marginalia.yaml must be a mapping with `marginalia: 1` and `entities`');
    return done(null);
  }
  try {
    return done(readRoot(root, loc));
  } catch (e) {
    loc.at(root, `cannot read: ${e instanceof Error ? e.message : String(e)}`);
    return done(null);
  }
}

function readRoot(root: YAML.YAMLMap, loc: Located): WorkspaceConfig | null {
  const version = root.get('marginalia', true);
  if (!YAML.isScalar(version) || version.value !== FORMAT_VERSION) {
    loc.at(version ?? root, version === undefined
      ? 'missing `marginalia: 1` (the format version)'
      : `unsupported format version ${JSON.stringify(toJS(version, loc.doc))}: this Marginalia reads version ${FORMAT_VERSION}`);
    return null;
  }
  const config: WorkspaceConfig = { marginalia: FORMAT_VERSION, entities: [], cues: [], entityTypes: [...ENTITY_TYPES] };
  const types = root.get('entityTypes', true);
  if (types !== undefined) {
    const list = stringList(types);
    if (list) config.entityTypes.push(...list.filter((t) => !config.entityTypes.includes(t)));
    else loc.at(types, '`entityTypes` must be a list of words');
  }
  const cues = root.get('cues', true);
  if (cues !== undefined) {
    const list = stringList(cues);
    if (list) config.cues = list.filter((c) => c.trim() !== '');
    else loc.at(cues, '`cues` must be a list of phrases');
  }
  const entities = root.get('entities', true);
  if (entities === undefined || (YAML.isScalar(entities) && entities.value === null)) return config;
  if (!YAML.isSeq(entities)) {
    loc.at(entities, '`entities` must be a list');
    return config;
  }
  const seen = new Set<string>();
  for (const item of entities.items) {
    const e = readEntity(item, config.entityTypes, loc);
    if (!e) continue;
    if (seen.has(e.id)) {
      loc.at((item as YAML.YAMLMap).get('id', true), `duplicate entity id "${e.id}"`);
      continue;
    }
    seen.add(e.id);
    config.entities.push(e);
  }
  return config;
}

function stringList(n: unknown): string[] | null {
  if (!YAML.isSeq(n)) return null;
  const out: string[] = [];
  for (const i of n.items) {
    if (!YAML.isScalar(i) || typeof i.value !== 'string') return null;
    out.push(i.value);
  }
  return out;
}

function readEntity(item: unknown, types: string[], loc: Located): Entity | null {
  if (!YAML.isMap(item)) {
    loc.at(item, 'an entity must be a mapping with `id`, `name` and `type`');
    return null;
  }
  const get = (k: string) => item.get(k, true) as YAML.Node | undefined;
  const text = (k: string) => {
    const n = get(k);
    return YAML.isScalar(n) && typeof n.value === 'string' && n.value.trim() !== '' ? n.value : undefined;
  };
  const id = text('id');
  if (!id) {
    loc.at(get('id') ?? item, 'entity is missing `id`');
    return null;
  }
  const name = text('name');
  if (!name) {
    loc.at(get('name') ?? item, `entity "${id}" is missing \`name\``);
    return null;
  }
  const type = text('type') ?? 'other';
  if (!types.includes(type)) {
    loc.at(get('type'), `entity "${id}": unknown type "${type}" (expected ${types.join(', ')}, or add it to \`entityTypes\`)`);
    return null;
  }
  const entity: Entity = { id, name, type, aliases: [] };
  const conflicts = get('conflicts');
  if (conflicts !== undefined) readEntityConflicts(conflicts, entity, loc);
  const note = get('note');
  if (note !== undefined) {
    if (YAML.isScalar(note) && typeof note.value === 'string') entity.note = note.value;
    else loc.at(note, `entity "${id}": \`note\` must be text`);
  }
  const aliases = get('aliases');
  if (aliases !== undefined && !(YAML.isScalar(aliases) && aliases.value === null)) {
    if (!YAML.isSeq(aliases)) {
      loc.at(aliases, `entity "${id}": \`aliases\` must be a list`);
      return entity;
    }
    for (const a of aliases.items) {
      const alias = readAlias(a);
      if (alias) entity.aliases.push(alias);
      else loc.at(a, `entity "${id}": an alias must be text or {text: …, ignoreCase: true}`);
    }
  }
  return entity;
}

/** Left by `marginalia merge` (issue #5): kept on the entity and shown as warnings until resolved. */
function readEntityConflicts(n: YAML.Node, entity: Entity, loc: Located): void {
  const v = toJS(n, loc.doc);
  const ok = Array.isArray(v) && v.every((c) => c && typeof c === 'object' && typeof c.field === 'string' && Array.isArray(c.values) && c.values.every((x: unknown) => x && typeof x === 'object'));
  if (!ok) return loc.at(n, `entity "${entity.id}": \`conflicts\` must be a list of {field, base, values}`);
  if (v.length) entity.conflicts = v as FieldConflict[];
  for (const c of v as FieldConflict[]) {
    const shown = c.values.map((x) => (x.deleted ? '(deleted)' : JSON.stringify(x.value ?? null))).join(' | ');
    loc.at(n, `entity "${entity.id}": unresolved merge conflict on \`${c.field}\`: ${shown} — run \`marginalia resolve\``, 'warning');
  }
}

function readAlias(n: unknown): Alias | null {
  if (YAML.isScalar(n) && typeof n.value === 'string' && n.value.trim() !== '') return { text: n.value };
  if (YAML.isMap(n)) {
    const t = n.get('text', true);
    const ic = n.get('ignoreCase', true);
    if (!YAML.isScalar(t) || typeof t.value !== 'string' || t.value.trim() === '') return null;
    if (ic !== undefined && !(YAML.isScalar(ic) && typeof ic.value === 'boolean')) return null;
    return YAML.isScalar(ic) && ic.value === true ? { text: t.value, ignoreCase: true } : { text: t.value };
  }
  return null;
}

/** A new, empty workspace file. */
export function newWorkspaceText(): string {
  return '# Marginalia workspace: the entity registry and claim cues for this corpus.\nmarginalia: 1\nentities: []\n';
}

/** Adds an entity (or an alias to an existing one) keeping everything else in the document. */
export function addEntityToWorkspace(parsed: ParsedWorkspace, entity: Entity): string {
  if (!parsed.writable || !parsed.doc) throw new Error(`${parsed.file} has errors; fix them before adding entities`);
  const doc = parsed.doc.clone();
  const root = doc.contents as YAML.YAMLMap;
  let seq = root.get('entities', true) as unknown;
  if (!YAML.isSeq(seq)) {
    seq = new YAML.YAMLSeq();
    root.set('entities', seq);
  }
  const list = seq as YAML.YAMLSeq;
  list.flow = false;
  const existing = list.items.find((i) => YAML.isMap(i) && (i.get('id') as unknown) === entity.id) as YAML.YAMLMap | undefined;
  if (existing) {
    let found = existing.get('aliases', true) as unknown;
    if (!YAML.isSeq(found)) {
      found = new YAML.YAMLSeq();
      existing.set('aliases', found);
    }
    const aliases = found as YAML.YAMLSeq;
    const have = new Set(aliases.items.map((a) => readAlias(a)?.text));
    for (const a of entity.aliases) if (!have.has(a.text)) aliases.items.push(aliasNode(a));
  } else {
    const m = new YAML.YAMLMap();
    m.set('id', entity.id);
    m.set('name', entity.name);
    m.set('type', entity.type);
    if (entity.aliases.length) {
      const a = new YAML.YAMLSeq();
      a.flow = true;
      for (const al of entity.aliases) a.items.push(aliasNode(al));
      m.set('aliases', a);
    }
    if (entity.note) m.set('note', entity.note);
    list.items.push(m);
  }
  return doc.toString({ lineWidth: 100, flowCollectionPadding: false });
}

function aliasNode(a: Alias): unknown {
  if (!a.ignoreCase) return new YAML.Scalar(a.text);
  const m = new YAML.YAMLMap();
  m.flow = true;
  m.set('text', a.text);
  m.set('ignoreCase', true);
  return m;
}
