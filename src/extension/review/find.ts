// Find Annotation… and the Claims view's filters (issue 11). Find is a quick pick over every
// annotation of every corpus, filtered live by the core's `matchesQuery` (quote, note, entity,
// tags, author: every word, ignoring case and accents) rather than VS Code's fuzzy label match,
// so a word in a note finds its annotation; each keystroke's search runs in slices, the first
// 500 matches shown, and one overtaken by the next keystroke is dropped (issue 15). The filter is a set of facet values (status, author,
// tag, credibility, source reliability, review state) picked in one multi-select; the Claims view
// lists only what it keeps, says so in its description, and its title bar clears it in one click.
// Labels are file text: every one goes through forLabel.
import * as vscode from 'vscode';
import { describeFilter, FACETS, isEmptyFilter, matchesFilter, matchesWords, queryWords, authorsOf, type AnnotationFilter, type Facet } from '../../core/review/filters';
import { finish, sliced, Stale, type Sliced } from '../../core/slices';
import { REVIEW_LABEL } from '../../core/review/loop';
import { forLabel } from '../../core/text/untrusted';
import { CLAIM_STATUSES, REVIEW_STATES, type Annotation } from '../../core/types';
import type { CommandDeps } from '../commands/deps';
import { Commands, ContextKeys } from '../ids';
import type { CorpusRoot } from '../store/corpusStore';

export interface Found {
  source: vscode.Uri;
  rel: string;
  annotation: Annotation;
}

/** The annotations of the corpus matching `query` (all of them for an empty query), in corpus order, the first `max`. */
export function findAnnotations(deps: CommandDeps, query: string, max = Infinity): Found[] {
  return finish(findSliced(deps, query, max));
}

/** `findAnnotations`, pausing between sources (run in slices at each keystroke of the quick pick). */
function* findSliced(deps: CommandDeps, query: string, max: number): Sliced<Found[]> {
  const out: Found[] = [];
  const words = queryWords(query);
  for (const root of deps.store.allRoots()) {
    for (const e of root.corpus.all()) {
      for (const a of e.parsed?.sidecar?.annotations ?? []) {
        const name = a.entity ? root.corpus.entity(a.entity)?.name : undefined;
        if (!matchesWords(a, words, name)) continue;
        out.push({ source: deps.store.uriOf(root, e.source), rel: e.source, annotation: a });
        if (out.length >= max) return out;
      }
      yield;
    }
  }
  return out;
}

const MAX_ITEMS = 500;

function item(f: Found): vscode.QuickPickItem & { found: Found } {
  const a = f.annotation;
  return {
    label: forLabel(a.quote, 80),
    description: forLabel([a.kind, a.status, f.rel].filter(Boolean).join(' · '), 100),
    detail: forLabel([a.note, a.tags?.length ? `#${a.tags.join(' #')}` : '', a.author].filter(Boolean).join(' · '), 140) || undefined,
    alwaysShow: true,
    found: f,
  };
}

/** `{query}` from a script reveals the first match; the palette opens the live quick pick. */
export async function findAnnotation(deps: CommandDeps, arg: unknown): Promise<Found | undefined> {
  const given = arg && typeof arg === 'object' && typeof (arg as { query?: unknown }).query === 'string' ? (arg as { query: string }).query : undefined;
  if (given !== undefined) {
    const first = findAnnotations(deps, given, 1)[0];
    if (first) await reveal(first);
    return first;
  }
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { found: Found }>();
  qp.title = 'Find Annotation';
  qp.placeholder = 'Words from the quote, note, entity, tag or author';
  qp.matchOnDescription = false;
  // each keystroke's search in slices (issue 15: 40 ms a keystroke in one task at 10,000
  // annotations); one overtaken by the next keystroke is dropped
  let searches = 0;
  const refill = () => {
    const run = ++searches;
    qp.busy = true;
    sliced(findSliced(deps, qp.value, MAX_ITEMS), { stop: () => run !== searches }).then(
      (found) => {
        qp.items = found.map(item);
        qp.busy = false;
      },
      (e: unknown) => {
        if (!(e instanceof Stale)) deps.log.error(`Find Annotation: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      },
    );
  };
  refill();
  qp.onDidChangeValue(refill);
  return new Promise((resolve) => {
    let picked: Found | undefined;
    qp.onDidAccept(() => {
      picked = qp.selectedItems[0]?.found;
      qp.hide();
      if (picked) void reveal(picked);
    });
    qp.onDidHide(() => {
      searches++; // a search under way is dropped
      qp.dispose();
      resolve(picked);
    });
    qp.show();
  });
}

const reveal = (f: Found) => vscode.commands.executeCommand(Commands.reveal, { source: f.source.toString(), id: f.annotation.id });

/** A filter from a script: only the facets and value types a filter has. */
export function filterFromArg(arg: unknown): AnnotationFilter | undefined {
  if (!arg || typeof arg !== 'object' || !FACETS.some((k) => k in (arg as object))) return undefined;
  const o = arg as Record<string, unknown>;
  const out: Record<string, unknown[]> = {};
  for (const k of FACETS) {
    const v = o[k];
    if (!Array.isArray(v)) continue;
    out[k] = v.filter((x) => (k === 'credibility' ? Number.isInteger(x) : typeof x === 'string'));
  }
  return out as AnnotationFilter;
}

/** Facet values found in the corpus, for the picker. */
function facetValues(deps: CommandDeps): { facet: Facet; value: string | number; label: string }[] {
  const authors = new Set<string>();
  const tags = new Set<string>();
  const reliabilities = new Set<string>();
  for (const root of deps.store.allRoots()) {
    for (const e of root.corpus.all()) {
      const r = e.parsed?.sidecar?.reliability;
      if (r) reliabilities.add(r);
      for (const a of e.parsed?.sidecar?.annotations ?? []) {
        for (const x of authorsOf(a)) authors.add(x);
        for (const t of a.tags ?? []) tags.add(t);
      }
    }
  }
  return [
    ...[...CLAIM_STATUSES, 'not-assessed' as const].map((v) => ({ facet: 'status' as const, value: v, label: v })),
    ...[...REVIEW_STATES, 'not-reviewed' as const].map((v) => ({ facet: 'review' as const, value: v, label: v === 'not-reviewed' ? 'not reviewed' : REVIEW_LABEL[v] })),
    ...[...authors].sort().map((v) => ({ facet: 'author' as const, value: v, label: v })),
    ...[...tags].sort().map((v) => ({ facet: 'tag' as const, value: v, label: v })),
    ...[1, 2, 3, 4, 5, 6].map((v) => ({ facet: 'credibility' as const, value: v, label: String(v) })),
    ...[...reliabilities].sort().map((v) => ({ facet: 'reliability' as const, value: v, label: v })),
  ];
}

/** Holds the filter of the Claims and Sources views (one filter for both) and applies it. */
export class ViewFilters {
  private current: AnnotationFilter = {};

  constructor(private readonly deps: CommandDeps) {}

  get filter(): AnnotationFilter {
    return this.current;
  }

  set(f: AnnotationFilter): void {
    this.current = f;
    const empty = isEmptyFilter(f);
    const { claims, claimsView } = this.deps.trees;
    claims.filter = empty ? undefined : (c, root: CorpusRoot) => matchesFilter(c.annotation, f, { status: c.status, reliability: root.corpus.get(c.source)?.parsed?.sidecar?.reliability });
    claimsView.description = empty ? undefined : forLabel(`filtered: ${describeFilter(f)}`, 120);
    claims.update();
    // one filter for both views: the Sources view lists the sources holding what it keeps (issue 11)
    this.deps.trees.sources.setFilter(empty ? undefined : f);
    this.deps.trees.sourcesView.description = claimsView.description;
    void vscode.commands.executeCommand('setContext', ContextKeys.filtered, !empty);
  }

  async pick(arg: unknown): Promise<void> {
    const given = filterFromArg(arg);
    if (given) return this.set(given);
    const values = facetValues(this.deps);
    const chosen = (v: { facet: Facet; value: string | number }) => ((this.current[v.facet] ?? []) as readonly (string | number)[]).includes(v.value);
    const items = values.map((v) => ({ label: forLabel(v.label, 80), description: v.facet, picked: chosen(v), v }));
    const picked = await vscode.window.showQuickPick(items, { title: 'Filter the Claims and Sources views (any value of a facet, every facet)', canPickMany: true, matchOnDescription: true });
    if (!picked) return;
    const f: Record<string, (string | number)[]> = {};
    for (const p of picked) (f[p.v.facet] ??= []).push(p.v.value);
    this.set(f as AnnotationFilter);
  }
}
