// Review threads in the editor (issue 11), through VS Code's Comments API as the GitHub Pull
// Requests extension uses it: one CommentController; one thread per annotation that has replies
// or a verdict (or that someone started a thread on this session), at the annotation's range in
// every open source. Ranges come from LiveDocuments, which follows the anchor as the text is
// edited and re-placed when the store changes, so threads move with their words. Each thread's
// `contextValue` is built from tokens (`thread.claim.approved`) that the thread-title menus
// (Approve / Reject / Request Changes) match in `when` clauses.
//
// Runs on every keystroke in an open source (LiveDocuments moves the spans): a thread whose
// annotation is the same object with the same status keeps its comments without even comparing
// them, so a keystroke costs two positionAt calls per thread (issue 15; the JSON signature of
// every thread's replies was the largest share of Marginalia's typing profile).
//
// Bodies are file text (notes, replies, names from git): each is a MarkdownString made with
// `inert()` and never trusted — no command links, no HTML, no theme icons.
import * as vscode from 'vscode';
import { REVIEW_LABEL, reviewStateOf } from '../../core/review/loop';
import { forLabel, inert, inertQuote } from '../../core/text/untrusted';
import type { Annotation } from '../../core/types';
import type { LiveDocuments } from '../editor/liveDocuments';
import { COMMENT_CONTROLLER } from '../ids';
import type { CorpusStore } from '../store/corpusStore';

interface Entry {
  thread: vscode.CommentThread;
  source: vscode.Uri;
  id: string;
  /** What the comments were built from, to rebuild only on change. */
  sig: string;
  /** The annotation object and status the signature was taken of: the same ones need no new signature. */
  of: Annotation | undefined;
  status: string;
}

const key = (source: vscode.Uri, id: string) => `${source.toString()}#${id}`;

export class ReviewThreads implements vscode.Disposable {
  readonly controller: vscode.CommentController;
  private readonly entries = new Map<string, Entry>();
  private readonly byThread = new Map<vscode.CommentThread, Entry>();
  /** Annotations a thread was started on without replies yet (from a hover or tree item). */
  private readonly started = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    store: CorpusStore,
    private readonly live: LiveDocuments,
  ) {
    this.controller = vscode.comments.createCommentController(COMMENT_CONTROLLER, 'Marginalia Review');
    this.controller.options = { prompt: 'Reply to this annotation…', placeHolder: 'Reply (plain text, shared through the sidecar)' };
    this.disposables.push(
      this.controller,
      live.onDidChange((d) => this.sync(d)),
      store.onDidChange(() => this.syncAll()),
      vscode.workspace.onDidOpenTextDocument((d) => this.sync(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.drop(d.uri, new Set())),
    );
    this.syncAll();
  }

  /** The annotation a thread stands for (commands run from a thread's menus get the thread). */
  annotationOf(thread: vscode.CommentThread): { source: vscode.Uri; id: string } | undefined {
    const e = this.byThread.get(thread);
    return e && { source: e.source, id: e.id };
  }

  /** The thread of an annotation, if one is shown. */
  threadOf(source: vscode.Uri, id: string): vscode.CommentThread | undefined {
    return this.entries.get(key(source, id))?.thread;
  }

  /** Shows (creating if need be) and expands the thread of an annotation, opening its source. */
  async open(source: vscode.Uri, id: string): Promise<vscode.CommentThread | undefined> {
    this.started.add(key(source, id));
    const document = await vscode.workspace.openTextDocument(source);
    this.sync(document);
    const thread = this.threadOf(source, id);
    if (!thread) return undefined;
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    if (thread.range) editor.revealRange(thread.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
    return thread;
  }

  private syncAll(): void {
    for (const d of vscode.workspace.textDocuments) this.sync(d);
  }

  private sync(document: vscode.TextDocument): void {
    const doc = this.live.get(document);
    const uri = document.uri;
    const keep = new Set<string>();
    if (doc) {
      // most annotations have no thread: no key, position or status for them
      const prefix = `${doc.ref.uri.toString()}#`;
      const started = this.started.size > 0;
      for (const span of doc.annotations) {
        const a = span.annotation;
        if (!a.replies?.length && !a.review && !(started && this.started.has(prefix + a.id))) continue;
        const k = prefix + a.id;
        keep.add(k);
        const range = new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
        this.show(k, doc.ref.uri, a, range, doc.ref.root.corpus.statusOf(doc.ref.rel, a));
      }
    }
    this.drop(uri, keep);
  }

  private show(k: string, source: vscode.Uri, a: Annotation, range: vscode.Range, status: string): void {
    let e = this.entries.get(k);
    if (!e) {
      const thread = this.controller.createCommentThread(source, range, []);
      thread.canReply = true;
      e = { thread, source, id: a.id, sig: '', of: undefined, status: '' };
      this.entries.set(k, e);
      this.byThread.set(thread, e);
    } else if (!e.thread.range || !e.thread.range.isEqual(range)) e.thread.range = range;
    if (e.of === a && e.status === status) return;
    e.of = a;
    e.status = status;
    const sig = JSON.stringify([a.kind, a.status, status, a.credibility, a.note, a.author, a.created, a.review, a.replies]);
    if (e.sig === sig) return;
    e.sig = sig;
    const state = reviewStateOf(a);
    e.thread.contextValue = `thread.${a.kind}.${state}`;
    const verdict = a.review ? ` · ${REVIEW_LABEL[a.review.state]} by ${a.review.by}` : a.kind === 'claim' ? ' · not reviewed' : '';
    e.thread.label = forLabel(`${a.kind === 'claim' ? `Claim — ${status}` : a.kind === 'note' ? 'Note' : 'Entity'}${verdict}`, 120);
    e.thread.comments = comments(a, status);
  }

  private drop(uri: vscode.Uri, keep: Set<string>): void {
    const prefix = `${uri.toString()}#`;
    for (const [k, e] of this.entries) {
      if (!k.startsWith(prefix) || keep.has(k)) continue;
      e.thread.dispose();
      this.entries.delete(k);
      this.byThread.delete(e.thread);
    }
  }

  dispose(): void {
    for (const e of this.entries.values()) e.thread.dispose();
    this.entries.clear();
    this.byThread.clear();
    for (const d of this.disposables) d.dispose();
  }
}

/** Untrusted markdown: file text made inert, no links, no icons, no HTML. */
function body(markdown: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(markdown, false);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

const when = (iso: string | undefined) => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? new Date(t) : undefined;
};

/** What a thread names as the author of an annotation that records none (hand-written, imported). */
const NO_AUTHOR = '(author not recorded)';

/** The annotation as its author left it, then replies and the verdict in time order. */
function comments(a: Annotation, status: string): vscode.Comment[] {
  const head: string[] = [];
  if (a.kind === 'claim') head.push(`**${status}**${a.credibility !== undefined ? ` · credibility ${a.credibility}` : ''}`);
  head.push(`“${inertQuote(a.quote, 200)}”`);
  if (a.note) head.push(inert(a.note));
  const first: vscode.Comment = { body: body(head.join('\n\n')), mode: vscode.CommentMode.Preview, author: { name: a.author ? forLabel(a.author, 60) : NO_AUTHOR }, contextValue: 'annotation', timestamp: when(a.created) };
  const rest: { at: string; comment: vscode.Comment }[] = (a.replies ?? []).map((r) => ({
    at: r.at,
    comment: { body: body(inert(r.text)), mode: vscode.CommentMode.Preview, author: { name: forLabel(r.by, 60) }, contextValue: 'reply', timestamp: when(r.at) },
  }));
  if (a.review) {
    rest.push({
      at: a.review.at,
      comment: { body: body(`**${REVIEW_LABEL[a.review.state]}**`), mode: vscode.CommentMode.Preview, author: { name: forLabel(a.review.by, 60) }, label: 'review', contextValue: `review.${a.review.state}`, timestamp: when(a.review.at) },
    });
  }
  rest.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
  return [first, ...rest.map((r) => r.comment)];
}
