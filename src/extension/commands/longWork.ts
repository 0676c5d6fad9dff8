// What the commands whose work grows with the corpus share (Export…, Open Brief, Import
// Annotations…, the pickers of Link Claim, Mark Entity and the sources' commands): their work
// runs in slices on the extension host's thread (core/slices.ts; issue 15: no pause over 50 ms
// for every other extension); the long ones under a progress notification whose Cancel calls the
// rest off.
import type * as vscode from 'vscode';
import { sliced, Stale, type Sliced } from '../../core/slices';

/** The analyst dismissed a dialog or cancelled the progress: the command ends quietly. */
export class Cancelled extends Error {}

/** Runs the work in slices; throws Cancelled at the next slice once `token` is cancelled. */
export function inSlices<T>(work: Sliced<T>, token?: vscode.CancellationToken): Promise<T> {
  return sliced(work, { stop: () => token?.isCancellationRequested === true }).catch((e: unknown) => {
    throw e instanceof Stale ? new Cancelled() : e;
  });
}
