// What each surface hands a review command, as one shape (issue 11): a comment thread's title
// menu passes the CommentThread, the reply box under it a CommentReply `{thread, text}`, a tree
// item the AnnotationNode, a hover link or a script an options object `{source, id, …}`, the
// palette nothing. Everything but our own objects is untrusted: only a string `text`, a string
// `tag`, and a `{source, id}` the store knows are taken from it.
import * as vscode from 'vscode';
import { AnnotationNode } from '../views/annotationNode';
import type { ReviewThreads } from './threads';

export interface ReviewArgs {
  /** The annotation named by the surface, if any (else: under the cursor, or picked). */
  target?: { source: string | vscode.Uri; id: string };
  /** Text typed in the thread's reply box, or given by a script. */
  text?: string;
  tag?: string;
}

export function reviewArgs(arg: unknown, threads: ReviewThreads): ReviewArgs {
  if (!arg || typeof arg !== 'object') return {};
  if (arg instanceof AnnotationNode) return { target: { source: arg.source, id: arg.annotation.id } };
  const o = arg as Record<string, unknown>;
  const text = typeof o.text === 'string' ? o.text : undefined;
  const tag = typeof o.tag === 'string' ? o.tag : undefined;
  // a CommentReply, or a CommentThread itself
  const thread = (o.thread ?? (o.comments && o.uri ? o : undefined)) as vscode.CommentThread | undefined;
  if (thread) {
    const t = threads.annotationOf(thread);
    return { ...(t ? { target: t } : {}), ...(text !== undefined ? { text } : {}) };
  }
  const target = typeof o.id === 'string' && (typeof o.source === 'string' || o.source instanceof vscode.Uri) ? { source: o.source, id: o.id } : undefined;
  return { ...(target ? { target } : {}), ...(text !== undefined ? { text } : {}), ...(tag !== undefined ? { tag } : {}) };
}
