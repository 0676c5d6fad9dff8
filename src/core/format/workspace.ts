// `marginalia.yaml`: the entity registry and vocabulary at the corpus root. Read as untrusted
// input like a sidecar; edits (a new entity, a new alias) go through the Document so the
// team's comments and ordering survive. The rules are in rules/workspace.ts, shared with the
// fast reader; this adds positions.
import * as YAML from 'yaml';
import type { Alias, Entity, Problem, WorkspaceConfig } from '../types';
import { hasError } from './rules/findings';
import { validateWorkspace } from './rules/workspace';
import { readWorkspaceLocated } from './workspace-fast';
import { parseLocated, PRINT_OPTIONS, seqUnder } from './yamlutil';

export interface ParsedWorkspace {
  file: string;
  doc: YAML.Document.Parsed | null;
  config: WorkspaceConfig | null;
  problems: Problem[];
  writable: boolean;
}

export function parseWorkspace(text: string, file: string): ParsedWorkspace {
  const loc = parseLocated(text, file);
  let config: WorkspaceConfig | null = null;
  if (loc.value !== undefined) {
    const reading = validateWorkspace(loc.value);
    for (const f of reading.findings) loc.report(f);
    config = reading.config;
  }
  return {
    file,
    doc: loc.doc,
    config,
    problems: loc.problems,
    writable: config !== null && loc.doc !== null && !hasError(loc.problems),
  };
}

/**
 * parseWorkspace's result without the Document (`doc` null: a writer parses the file again) when
 * the file is clean or in the writer's shape, its problems at the same lines and columns; else
 * parseWorkspace's own.
 */
export function parseWorkspaceQuick(text: string, file: string): ParsedWorkspace {
  const r = readWorkspaceLocated(text, file);
  if (!r) return parseWorkspace(text, file);
  return { file, doc: null, config: r.config, problems: r.problems, writable: r.config !== null && !hasError(r.problems) };
}

/** An alias node's text (a plain alias, or `{text: …}`), as the registry's edits find aliases. */
export function aliasText(n: unknown): string | undefined {
  if (YAML.isScalar(n)) return typeof n.value === 'string' ? n.value : undefined;
  if (YAML.isMap(n)) {
    const t = n.get('text');
    return typeof t === 'string' ? t : undefined;
  }
  return undefined;
}

/** A new, empty workspace file. */
export function newWorkspaceText(): string {
  return '# Marginalia workspace: the entity registry and claim cues for this corpus.\nmarginalia: 1\nentities: []\n';
}

/** Adds an entity (or an alias to an existing one) keeping everything else in the document. */
export function addEntityToWorkspace(parsed: ParsedWorkspace, entity: Entity): string {
  return addEntitiesToWorkspace(parsed, [entity]);
}

/**
 * Adds entities (or aliases to existing ones), in order, keeping everything else in the
 * document: parsed and printed once, entities found by id through a map (an import that adds
 * 1,000 entities one file edit at a time parsed and printed the registry 1,000 times: 75 s).
 */
export function addEntitiesToWorkspace(parsed: ParsedWorkspace, entities: readonly Entity[]): string {
  if (!parsed.writable || !parsed.doc) throw new Error(`${parsed.file} has errors; fix them before adding entities`);
  const doc = parsed.doc.clone();
  const root = doc.contents as YAML.YAMLMap;
  const list = seqUnder(root, 'entities');
  list.flow = false;
  // the first item with each id, as a search of the list finds it
  const byId = new Map<unknown, YAML.YAMLMap>();
  for (const i of list.items) if (YAML.isMap(i) && !byId.has(i.get('id'))) byId.set(i.get('id'), i);
  for (const entity of entities) addEntity(list, byId, entity);
  return doc.toString(PRINT_OPTIONS);
}

function addEntity(list: YAML.YAMLSeq, byId: Map<unknown, YAML.YAMLMap>, entity: Entity): void {
  const existing = byId.get(entity.id);
  if (existing) {
    const aliases = seqUnder(existing, 'aliases');
    const have = new Set(aliases.items.map(aliasText));
    for (const a of entity.aliases) if (!have.has(a.text)) aliases.items.push(aliasNode(a));
  } else {
    const m = entityNode(entity);
    list.items.push(m);
    byId.set(entity.id, m);
  }
}

/** A new entity as the registry lists it (its aliases in block style, like the entity around them: issue 9, bug 10). */
export function entityNode(entity: Entity): YAML.YAMLMap {
  const m = new YAML.YAMLMap();
  m.set('id', entity.id);
  m.set('name', entity.name);
  m.set('type', entity.type);
  if (entity.aliases.length) {
    const a = new YAML.YAMLSeq();
    a.flow = false;
    for (const al of entity.aliases) a.items.push(aliasNode(al));
    m.set('aliases', a);
  }
  if (entity.note) m.set('note', entity.note);
  return m;
}

function aliasNode(a: Alias): unknown {
  if (!a.ignoreCase) return new YAML.Scalar(a.text);
  const m = new YAML.YAMLMap();
  m.flow = true;
  m.set('text', a.text);
  m.set('ignoreCase', true);
  return m;
}
