// `marginalia check`'s output, written as each report arrives (issue 15): on 10,000 sidecars the
// whole --json document held in memory cost 150 MB, and the process grew with the corpus. Both
// forms are byte for byte what the one-shot printers wrote: the JSON is one compact object,
// {"sources":[…],"warnings":[…]}, its reports written one at a time, and the text totals line
// is counted as the reports pass.
import type { AnchorState } from '../../core/types';
import type { Io } from '../io';
import { forTerminal, safeJson } from '../output';
import type { SourceReport } from './checkFile';

/**
 * A report already written out for --json, and whether it fails the check: what a worker thread
 * hands back (one string crosses threads far faster than the object it was made from).
 */
export interface WrittenReport {
  json: string;
  failed: boolean;
}

/** Whether a report fails the check: an error, an orphan, a claim to review, a conflict. */
export function fails(r: SourceReport): boolean {
  return r.errors.some((e) => e.severity === 'error') || r.annotations.some((a) => a.state === 'orphaned' || a.needsReview) || !!r.conflicts;
}

/** One report as --json prints it. */
export function reportJson({ written, ...r }: SourceReport): string {
  // `written` last, and only when true, as the report was always printed
  return safeJson({ ...r, ...(written ? { written } : {}) });
}

export interface ReportSink {
  add(r: SourceReport | WrittenReport): void;
  /** Closes the output, with the warnings found after the reports. */
  end(warnings: string[]): void;
  /** Whether anything fails the check: an error, an orphan, a claim to review, a conflict. */
  readonly failed: boolean;
}

abstract class Sink implements ReportSink {
  failed = false;
  constructor(protected readonly io: Io) {}

  add(r: SourceReport | WrittenReport): void {
    if ('json' in r ? r.failed : fails(r)) this.failed = true;
    this.write(r);
  }

  protected abstract write(r: SourceReport | WrittenReport): void;
  abstract end(warnings: string[]): void;
}

export class JsonSink extends Sink {
  private started = false;

  protected write(r: SourceReport | WrittenReport): void {
    this.io.out((this.started ? ',' : '{"sources":[') + ('json' in r ? r.json : reportJson(r)));
    this.started = true;
  }

  end(warnings: string[]): void {
    this.io.out(`${this.started ? '' : '{"sources":['}]${warnings.length ? `,"warnings":${safeJson(warnings)}` : ''}}\n`);
  }
}

export class HumanSink extends Sink {
  private readonly totals: Record<AnchorState, number> = { anchored: 0, moved: 0, fuzzy: 0, orphaned: 0 };
  private sidecars = 0;
  private annotations = 0;
  private invalid = 0;
  private reviews = 0;
  private conflicts = 0;

  protected write(r: SourceReport | WrittenReport): void {
    if ('json' in r) throw new Error('a report written for --json reached the text output');
    const { io } = this;
    const counts: Record<AnchorState, number> = { anchored: 0, moved: 0, fuzzy: 0, orphaned: 0 };
    for (const a of r.annotations) counts[a.state]++;
    for (const k of Object.keys(counts) as AnchorState[]) this.totals[k] += counts[k];
    this.sidecars++;
    this.annotations += r.annotations.length;
    this.conflicts += r.conflicts ?? 0;
    const hasError = r.errors.some((e) => e.severity === 'error');
    if (hasError) this.invalid++;
    const review = r.annotations.filter((a) => a.needsReview).length;
    this.reviews += review;
    const mark = hasError || counts.orphaned || review || r.conflicts ? '✗' : '✓';
    const summary = hasError && r.annotations.length === 0 ? 'invalid' : describe(counts);
    const conflicts = r.conflicts ? `, ${r.conflicts} unresolved merge conflict${r.conflicts === 1 ? '' : 's'}` : '';
    const reviewing = review ? `, ${review} claim${review === 1 ? '' : 's'} to review` : '';
    io.out(`${mark} ${forTerminal(r.sidecar)}  ${summary}${reviewing}${conflicts}${r.written ? '  (offsets updated)' : ''}\n`);
    for (const e of r.errors) io.out(`  ${forTerminal(r.sidecar)}:${e.line}:${e.column}: ${e.severity}: ${forTerminal(e.message)}\n`);
    for (const a of r.annotations) {
      if (a.state !== 'orphaned') continue;
      const hint = a.suggestion ? ` — maybe at ${a.suggestion.start}–${a.suggestion.end} (confidence ${a.suggestion.confidence})` : '';
      io.out(`  orphaned ${forTerminal(a.kind)} ${forTerminal(a.id)}: “${forTerminal(clip(a.quote))}” not found in ${forTerminal(r.source)}${hint}\n`);
    }
    for (const a of r.annotations) {
      if (!a.needsReview) continue;
      const status = a.status ? ` (${forTerminal(a.status)})` : '';
      io.out(`  needs review: claim ${forTerminal(a.id)}${status} at ${a.start}–${a.end} in ${forTerminal(r.source)}: its words changed since it was assessed: “${forTerminal(clip(a.assessedQuote ?? ''))}” → “${forTerminal(clip(a.currentQuote ?? ''))}”\n`);
    }
  }

  end(warnings: string[]): void {
    const { sidecars, annotations: n, reviews, invalid, conflicts } = this;
    this.io.out(`\n${sidecars} sidecar${sidecars === 1 ? '' : 's'}, ${n} annotation${n === 1 ? '' : 's'}: ${describe(this.totals)}${reviews ? `; ${reviews} claim${reviews === 1 ? '' : 's'} to review (words changed since assessed)` : ''}${invalid ? `; ${invalid} invalid sidecar${invalid === 1 ? '' : 's'}` : ''}${conflicts ? `; ${conflicts} unresolved merge conflict${conflicts === 1 ? '' : 's'} (marginalia resolve)` : ''}\n`);
    for (const w of warnings) this.io.out(`${forTerminal(w)}\n`);
  }
}

function describe(c: Record<AnchorState, number>): string {
  return `${c.anchored} anchored, ${c.moved} moved, ${c.fuzzy} fuzzy, ${c.orphaned} orphaned`;
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 60 ? one.slice(0, 57) + '…' : one;
}
