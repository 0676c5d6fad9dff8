// Which annotation a command acts on: the one passed by a tree item or hover link, else the
// one under the cursor, else one the analyst picks from the current document.
import * as vscode from 'vscode';
import type { Annotation, Kind } from '../../core/types';
import type { CommandDeps } from './deps';
import type { SourceRef } from '../store/corpusStore';
import { forLabel } from '../../core/text/untrusted';

export interface Target {
  ref: SourceRef;
  annotation: Annotation;
}

/** `{source, id}` as tree items and hover links pass it; `source` is a URI string or Uri. */
export function refFromArg(arg: unknown): { source: vscode.Uri; id: string } | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const o = arg as Record<string, unknown>;
  const nested = (o.ref ?? o.target) as Record<string, unknown> | undefined;
  const src = o.source ?? o.sourceUri ?? nested?.source;
  const id = o.id ?? (o.annotation as { id?: unknown } | undefined)?.id ?? nested?.id;
  if (typeof id !== 'string') return undefined;
  if (src instanceof vscode.Uri) return { source: src, id };
  if (typeof src === 'string') {
    try {
      return { source: vscode.Uri.parse(src, true), id };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export async function resolveTarget(deps: CommandDeps, arg: unknown, want: { kinds?: Kind[]; orphansOnly?: boolean; verb: string }): Promise<Target | undefined> {
  const passed = refFromArg(arg);
  if (passed) {
    const ref = deps.store.sourceFor(passed.source);
    const annotation = ref?.entry?.parsed?.sidecar?.annotations.find((a) => a.id === passed.id);
    if (ref && annotation) return { ref, annotation };
    void deps.ui.warn(`Marginalia: that annotation no longer exists.`);
    return undefined;
  }
  const editor = vscode.window.activeTextEditor;
  const ref = editor && deps.store.sourceFor(editor.document.uri);
  if (!editor || !ref?.entry) {
    void deps.ui.info(`Marginalia: open a source document to ${want.verb}.`);
    return undefined;
  }
  const live = deps.live.get(editor.document);
  const ok = (a: Annotation) => !want.kinds || want.kinds.includes(a.kind);
  if (want.orphansOnly) {
    const orphans = (live?.orphans ?? []).filter(ok);
    return pick(deps, ref, orphans, `Which orphaned annotation should be re-attached here?`, 'No orphaned annotations in this document.');
  }
  const offset = editor.document.offsetAt(editor.selection.active);
  const under = (live?.annotations ?? []).filter((s) => ok(s.annotation) && s.start <= offset && offset <= s.end).map((s) => s.annotation);
  if (under.length === 1) return { ref, annotation: under[0] };
  const candidates = under.length ? under : (ref.entry.parsed?.sidecar?.annotations ?? []).filter(ok);
  return pick(deps, ref, candidates, `Which annotation should Marginalia ${want.verb}?`, `No ${want.kinds?.join(' or ') ?? 'annotation'}s in this document.`);
}

async function pick(deps: CommandDeps, ref: SourceRef, list: Annotation[], title: string, none: string): Promise<Target | undefined> {
  if (list.length === 0) {
    void deps.ui.info(`Marginalia: ${none}`);
    return undefined;
  }
  if (list.length === 1) return { ref, annotation: list[0] };
  const item = await vscode.window.showQuickPick(
    list.map((a) => ({ label: forLabel(a.quote, 70), description: forLabel([a.kind, a.status].filter(Boolean).join(' · ')), annotation: a })),
    { title, matchOnDescription: true },
  );
  return item && { ref, annotation: item.annotation };
}

export function clip(s: string, n = 70): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? one.slice(0, n - 1) + '…' : one;
}
