// src/core/text/untrusted.ts: what each VS Code surface would make of file text after it has
// passed through the function for that surface. The surfaces are modelled on VS Code 1.100's
// own code (cited per model), so each test asserts what the analyst would see, not how the
// escaping is spelled; the property tests try every mix of the characters that matter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { clip, forLabel, forMessage, forPlain, forTerminal, inert, inertQuote } from '../../src/core/text/untrusted';

/** Notifications and dialogs (linkedText.ts `parseLinkedText`): `[label](href "title")`. */
const LINK = /\[([^\]]*)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: ("|')(.+?)(\3))?\)/gi;
const liveLinks = (shown: string) => [...shown.matchAll(LINK)].map((m) => m[2]);

/** Labels with icons (iconLabels.ts `renderLabelWithIcons`): unescaped `$(name)` is drawn. */
const ICON = /(\\)?\$\(([A-Za-z0-9-]+(?:~[A-Za-z]+)?)\)/g;
const drawnIcons = (label: string) => [...label.matchAll(ICON)].filter((m) => !m[1]).map((m) => m[2]);

/**
 * A MarkdownString with theme icons on (markdownRenderer.ts): escaped icons are protected,
 * markdown turns `\x` into `x` (entities stay entities in the HTML string), then icons are
 * drawn from that HTML string; the browser decodes entities last.
 */
function markdownHtml(md: string): string {
  const protectedIcons = md.replace(/\\\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/g, (m) => `\\${m}`);
  return protectedIcons.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}
const decode = (html: string) => html.replace(/&#36;/g, '$').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const HOSTILE = [
  '[Repair this sidecar](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22touch%20PWNED%5Cn%22%7D)',
  '[Undo](command:workbench.view.scm)',
  '[x] (command:a) [y]\t(command:b) [z]\n(command:c)',
  '[[nested](command:x)](https://evil.example)',
  "[t](command:x 'title')",
];

test('forMessage: no hostile text leaves a live link in a notification, and the words stay', () => {
  for (const h of HOSTILE) {
    const shown = forMessage(`Marginalia: ${h}`);
    assert.deepEqual(liveLinks(shown), [], shown);
    assert.match(shown, /Repair this sidecar|Undo|nested|\[x\]|\[t\]/);
  }
  assert.deepEqual(liveLinks(HOSTILE[0]), ['command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22touch%20PWNED%5Cn%22%7D'], 'the model sees the link in the raw text');
});

test('forMessage: any mix of brackets, parens, spaces and schemes leaves no live link (property)', () => {
  const piece = fc.constantFrom('[', ']', '(', ')', ' ', '\t', '\n', '\u2028', 'command:', 'https://', 'x', '"', "'", '\\');
  fc.assert(fc.property(fc.array(piece, { maxLength: 40 }), (parts) => liveLinks(forMessage(parts.join(''), 1000)).length === 0), { numRuns: 2000 });
});

test('forMessage and forLabel: one line, controls shown as escapes, cut with an ellipsis', () => {
  assert.equal(forMessage('a\nb\u001b[31mc\u202ed'), 'a b\\x1b[31mc\\u202ed');
  assert.equal(forLabel('x'.repeat(300)).length, 200);
  assert.ok(forLabel('x'.repeat(300)).endsWith('…'));
  assert.equal(forPlain('😀'.repeat(10), 5), '😀😀😀😀…', 'never splits a surrogate pair');
});

test('forLabel: a codicon in file text is shown as its characters, ours still draw', () => {
  const name = forLabel('A. Analyst $(verified-filled) $(pass~spin)');
  assert.deepEqual(drawnIcons(name), []);
  assert.deepEqual(drawnIcons(`$(add) New entity “${name}”`), ['add']);
  assert.deepEqual(drawnIcons('$(verified-filled)'), ['verified-filled'], 'the model draws unescaped icons');
  fc.assert(fc.property(fc.array(fc.constantFrom('$', '(', ')', '\\', 'a', '-', '~', ' '), { maxLength: 30 }), (p) => drawnIcons(forLabel(p.join(''), 1000)).length === 0), { numRuns: 2000 });
});

test('forTerminal: no line of its own, no ANSI sequence', () => {
  assert.equal(forTerminal('id\n::error file=x::forged\u001b[2K'), 'id\\n::error file=x::forged\\x1b[2K');
});

test('inert: hovers draw no codicon from a note or an author (reproduction 8)', () => {
  for (const text of ['$(verified-filled) checked by the desk', '\\$(verified-filled)', '$(pass)$(pass)', 'by A. Analyst $(verified)']) {
    assert.deepEqual(drawnIcons(markdownHtml(inert(text))), [], text);
    assert.deepEqual(drawnIcons(markdownHtml(inertQuote(text, 40))), [], text);
  }
  // the hovers' own icons, around file text, still draw
  assert.deepEqual(drawnIcons(markdownHtml(`$(warning) ${inert('$(verified-filled)')}`)), ['warning']);
});

test('inert: renders as exactly the text of each line, whatever it holds (property)', () => {
  const ch = fc.constantFrom('$', '(', ')', '[', ']', '\\', '<', '>', '&', '*', '_', '`', '#', '!', 'a', 'é', '😀', ' ', '|', '~', ':', '/', '.', '-', '+', '=');
  fc.assert(
    fc.property(fc.array(ch, { minLength: 1, maxLength: 40 }), (p) => {
      const text = p.join('').trim();
      if (!text) return true;
      const html = markdownHtml(inert(text));
      return !/<[a-z!/?]/i.test(html) && drawnIcons(html).length === 0 && decode(html) === text;
    }),
    { numRuns: 3000 },
  );
});

test('inert: no HTML, no link, no autolink, no code block; line breaks kept', () => {
  const md = inert('<img src=x onerror=alert(1)>\n    indented\n\n[a](command:x) https://e.example www.e.example');
  assert.doesNotMatch(md, /<[a-z]/i);
  assert.doesNotMatch(md, /\]\(/);
  assert.doesNotMatch(md, /https:\/\//);
  assert.doesNotMatch(md, /^ {4}/m);
  assert.match(md, / {2}\nindented\n\n/);
});

test('clip counts code points', () => {
  assert.equal(clip('a  b\n c', 10), 'a b c');
  assert.equal(clip('😀😀😀', 2), '😀…');
});
