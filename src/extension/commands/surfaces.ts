// What each surface hands a command, turned into what its handler understands (issue 9, bugs 1
// and 2). The same command is reached from the palette (no argument), the editor context menu
// (the document's URI), a tree item's context menu or inline button (the tree node itself) and a
// hover link or script (an options object such as `{source, id, status}`). Handlers read
// options from their argument, so a tree node must not reach them as it is: an annotation row
// carries the status it *shows*, which Change Claim Status… took for the status *chosen*. And a
// URI from the editor menu only names the document the selection is in, which the handlers of
// selection commands read from the active editor anyway; passed on, it made Re-attach Orphan
// think a specific annotation had been named and list them all.
import * as vscode from 'vscode';
import { Commands } from '../ids';
import { AnnotationNode } from '../views/annotationNode';

/** Commands that act on the editor's selection: a URI argument only names the selection's document. */
const ON_SELECTION: ReadonlySet<string> = new Set([Commands.markEntity, Commands.markClaim, Commands.addNote, Commands.reattach]);

export function handlerArgs(command: string, args: unknown[]): unknown[] {
  const [first, ...rest] = args;
  // an annotation row: the annotation it names, and nothing it merely displays
  if (first instanceof AnnotationNode) return [{ source: first.source, id: first.annotation.id }, ...rest];
  // (the editor menus may add an editor-group object after it: not an option either)
  if (first instanceof vscode.Uri && ON_SELECTION.has(command)) return [];
  return args;
}
