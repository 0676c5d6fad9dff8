import type { AnchorResult } from '../types';
import { prepare, type AnchorText } from './anchor-text';
import { Attempt } from './attempt';
import { settleWithNeighbours } from './neighbours';
import type { Selector } from './selector';

/** Where one annotation's words are now. */
export function anchor(text: string | AnchorText, sel: Selector): AnchorResult {
  return new Attempt(prepare(text), sel).run();
}

/**
 * Where each annotation of one source is now. Besides its own quote and context, each can use
 * where the others went: where two places are equally good (two copies of a caption), the one
 * lying where its neighbours moved to wins; two annotations never share a place by mistake.
 */
export function anchorAll(text: string | AnchorText, sels: Selector[]): AnchorResult[] {
  const at = prepare(text);
  const attempts = sels.map((sel) => new Attempt(at, sel));
  for (const a of attempts) a.run();
  settleWithNeighbours(attempts);
  return attempts.map((a) => a.result);
}
