import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeWithCode, jsonForScript, safeHref } from './escape-html.js';

describe('escapeHtml', () => {
  it.each([
    ['plain text', 'plain text'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['a & b', 'a &amp; b'],
    ['&amp; already', '&amp;amp; already'],
    [`" onmouseover='x'`, '&quot; onmouseover=&#39;x&#39;'],
    ['<!-- comment -->', '&lt;!-- comment --&gt;'],
    ['tab\tstays', 'tab\tstays'],
    ['line\nbreak\u202Ebidi', 'line\u240Abreak\uFFFDbidi'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe('escapeWithCode', () => {
  it.each([
    ['`github.head_ref` is expanded', '<code>github.head_ref</code> is expanded'],
    ['`<b>` and `a&b`', '<code>&lt;b&gt;</code> and <code>a&amp;b</code>'],
    ['one ` lone backtick', 'one ` lone backtick'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeWithCode(input)).toBe(expected);
  });
});

describe('safeHref', () => {
  it.each([
    ['https://pipewarden.dev/rules/x', 'https://pipewarden.dev/rules/x'],
    ['http://example.com/a?b=1&c=2', 'http://example.com/a?b=1&amp;c=2'],
    ['javascript:alert(1)', undefined],
    ['data:text/html,<b>x</b>', undefined],
    ['https://example.com/ space', undefined],
    ['//evil.example', undefined],
  ])('%j -> %j', (input, expected) => {
    expect(safeHref(input)).toBe(expected);
  });
});

describe('jsonForScript', () => {
  it.each([['</script><script>alert(1)</script>'], ['<!-- <script>'], ['a\u2028b\u2029c & d > e']])(
    'keeps %j intact through JSON.parse with no < > & or line separators in the text',
    (value) => {
      const text = jsonForScript({ value });
      expect(text).not.toMatch(/[<>&\u2028\u2029]/);
      expect(JSON.parse(text)).toEqual({ value });
    },
  );
});
