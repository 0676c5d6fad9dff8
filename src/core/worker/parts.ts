// A large `read` answer in parts (issue 15: no extension-host pause over 50 ms). A 20,000-
// annotation sidecar's answer was one message, and the host deserializes a message in one task:
// ~40-60 ms for 20,000 annotation objects and their placements, on a thread that then had
// them to unpack and store. The worker posts the annotations and placements in parts of
// PART_SIZE, then the answer without them; the client joins them back in order (a port
// delivers in order). Parts go one at a time, each when the client says it took the one before
// (src/node/anchorWorker.ts): a port hands over every message waiting in one turn of the event
// loop, so parts posted together were one pause again. An import's records go in parts too
// (`importRecords`: 10,000 records deserialized in one message were 45–60 ms). Every other
// answer goes whole.
import type { Placement } from '../placement';
import type { Annotation } from '../types';
import type { Incoming } from '../import';
import type { WorkResponse } from './protocol';

/** Annotations a part: ~2-4 ms of the host's thread to take in. */
export const PART_SIZE = 2000;

/** Import records a part: a whole corpus's W3C export is 10,000, each a sidecar record with its history. */
export const RECORDS_PART_SIZE = 1000;

/** A part of a `read` answer. */
export interface AnnotationsPart {
  annotations: Annotation[];
  /** Their placements, unless the answer's are 'verbatim'. */
  placed?: Omit<Placement, 'annotation'>[];
}

/** A part of an `importRecords` answer: some of the batch's items. */
export interface RecordsPart {
  items: Incoming[];
}

export type ResponsePart = AnnotationsPart | RecordsPart;

/** `response` as parts and the rest of it (which says how many parts it lost); no parts for an answer that is not large. */
export function splitResponse(response: Extract<WorkResponse, { kind: 'read' }>): { parts: AnnotationsPart[]; rest: WorkResponse };
export function splitResponse(response: WorkResponse): { parts: ResponsePart[]; rest: WorkResponse };
export function splitResponse(response: WorkResponse): { parts: ResponsePart[]; rest: WorkResponse } {
  if (response.kind === 'importRecords' && 'batch' in response && response.batch.items.length > RECORDS_PART_SIZE) {
    const { items } = response.batch;
    const parts: ResponsePart[] = [];
    for (let at = 0; at < items.length; at += RECORDS_PART_SIZE) parts.push({ items: items.slice(at, at + RECORDS_PART_SIZE) });
    return { parts, rest: { ...response, batch: { ...response.batch, items: [] }, parts: parts.length } };
  }
  if (response.kind !== 'read' || !response.fast || response.fast.annotations.length <= PART_SIZE) return { parts: [], rest: response };
  const { annotations } = response.fast;
  const placed = response.placed;
  const parts: AnnotationsPart[] = [];
  for (let at = 0; at < annotations.length; at += PART_SIZE) {
    parts.push({ annotations: annotations.slice(at, at + PART_SIZE), ...(placed !== 'verbatim' ? { placed: placed.slice(at, at + PART_SIZE) } : {}) });
  }
  return { parts, rest: { ...response, fast: { ...response.fast, annotations: [] }, placed: placed === 'verbatim' ? placed : [], parts: parts.length } };
}

/** The answer `splitResponse` split, whole again; an error when parts are missing (never expected: a port loses no message). */
export function joinResponse(rest: WorkResponse, parts: readonly ResponsePart[]): WorkResponse {
  if (rest.kind === 'importRecords' && 'batch' in rest && rest.parts !== undefined) {
    if (parts.length !== rest.parts) return { kind: 'error', message: `the worker's answer came in ${parts.length} of its ${rest.parts} parts` };
    const items: Incoming[] = [];
    for (const part of parts) if ('items' in part) for (const i of part.items) items.push(i);
    const { parts: _, ...whole } = rest;
    return { ...whole, batch: { ...rest.batch, items } };
  }
  if (rest.kind !== 'read' || !rest.fast || rest.parts === undefined) return rest;
  if (parts.length !== rest.parts) return { kind: 'error', message: `the worker's answer came in ${parts.length} of its ${rest.parts} parts` };
  const annotations: Annotation[] = [];
  const placed: Omit<Placement, 'annotation'>[] = [];
  for (const part of parts) {
    if (!('annotations' in part)) continue;
    for (const a of part.annotations) annotations.push(a);
    if (part.placed) for (const p of part.placed) placed.push(p);
  }
  const { parts: _, ...whole } = rest;
  return { ...whole, fast: { ...rest.fast, annotations }, placed: rest.placed === 'verbatim' ? 'verbatim' : placed };
}
