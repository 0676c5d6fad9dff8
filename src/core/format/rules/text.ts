// Which characters a text field may hold (issue 8, reproduction 7: ids with line breaks or ESC
// forged CI annotations and hid errors behind ANSI codes). Identifiers print in CLI output,
// git diffs and Problems, so they hold no control characters, no line breaks and no bidi
// overrides. One-line text (author, names, tags, times) holds no control characters either.
// Notes are prose: line breaks and tabs, nothing else. Quotes and their context are copies of
// the source text and may hold whatever the source holds (output layers escape them).

// C0 controls, DEL, C1 controls; U+2028/2029 are line breaks to JavaScript and many terminals
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROL_IN_NOTE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// bidirectional embeddings, overrides and isolates: text that displays in another order than it reads
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;

/** Why `s` cannot be an identifier (annotation or entity id, link target, source, field name), or null. */
export function idTextProblem(s: string): string | null {
  if (CONTROL.test(s)) return 'must not contain control characters or line breaks';
  if (BIDI.test(s)) return 'must not contain bidirectional-text controls';
  return null;
}

/** Why `s` cannot be one-line text (author, name, tag, time, alias, cue), or null. */
export function lineTextProblem(s: string): string | null {
  return CONTROL.test(s) ? 'must be one line of text without control characters' : null;
}

/** Why `s` cannot be a note (line breaks and tabs allowed), or null. */
export function noteTextProblem(s: string): string | null {
  return CONTROL_IN_NOTE.test(s) ? 'must not contain control characters other than line breaks and tabs' : null;
}
