// What every importer produces: sidecar records to attach to local sources. A record is plain
// data in the sidecar's own shape (id, kind, quote, prefix, suffix, start, end, note, …);
// nothing in it is trusted: apply.ts places it with the anchoring and runs it through the
// format's rules before anything is written.

export type SidecarRecord = Record<string, unknown>;

export interface Incoming {
  /** The local source as the imported file names it (relative path), or null: `--source` decides. */
  source: string | null;
  record: SidecarRecord;
  /** How the imported file names it, for the summary: `T3`, a Hypothesis id, an IRI. */
  origin: string;
}

export interface Skipped {
  origin: string;
  reason: string;
}

export interface ImportBatch {
  items: Incoming[];
  skipped: Skipped[];
  /** W3C exports of Marginalia: each sidecar's top-level fields (reliability…), by source. */
  sidecarFields: Map<string, { fields: SidecarRecord; comment?: { doc?: string; map?: string } }>;
  /** brat: entities to add to the registry (type and name from the `.ann`), created before the sidecars. */
  newEntities: { id: string; name: string; type: string }[];
}

export const emptyBatch = (): ImportBatch => ({ items: [], skipped: [], sidecarFields: new Map(), newEntities: [] });

/** The parsed JSON of an imported file, or a message saying why it is not JSON. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, message: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);

/** The selectors of a W3C or Hypothesis target, by type (first of each). */
export function selectorsOf(target: unknown): { quote?: { exact: string; prefix?: string; suffix?: string }; position?: { start: number; end: number } } {
  const t = Array.isArray(target) ? target[0] : target;
  if (!isObj(t)) return {};
  const list = Array.isArray(t.selector) ? t.selector : t.selector !== undefined ? [t.selector] : [];
  const out: ReturnType<typeof selectorsOf> = {};
  for (const s of list) {
    if (!isObj(s)) continue;
    if (s.type === 'TextQuoteSelector' && !out.quote && typeof s.exact === 'string') out.quote = { exact: s.exact, prefix: str(s.prefix), suffix: str(s.suffix) };
    if (s.type === 'TextPositionSelector' && !out.position) {
      const start = int(s.start);
      const end = int(s.end);
      if (start !== undefined && end !== undefined && end >= start) out.position = { start, end };
    }
  }
  return out;
}

/** A JSON file's format when none was given (the Explorer's file): a Hypothesis search or export, else W3C. */
export function jsonFormatOf(value: unknown): 'w3c' | 'hypothesis' {
  return isObj(value) && !('@context' in value) && (Array.isArray(value.rows) || 'export_date' in value) ? 'hypothesis' : 'w3c';
}
