import { describe, expect, it } from 'vitest';
import { escapeMarkdown, markdownCode } from './markdown-text.js';

describe('markdownCode', () => {
  it.each([
    ['actions/checkout', '`actions/checkout`'],
    ['a | b', '`a \\| b`'],
    ['a`b', '`` a`b ``'],
    ['``x', '``` ``x ```'],
    [' lead', '`  lead `'], // one space each side is stripped when both are there
    ['<img src=x>', '`<img src=x>`'],
    ['line\nbreak', '`line\u240Abreak`'],
    ['\u202Eevil', '`\uFFFDevil`'],
  ])('%j -> %s', (value, expected) => {
    expect(markdownCode(value)).toBe(expected);
  });
});

describe('escapeMarkdown', () => {
  it.each([
    ['Release', 'Release'],
    ['CI *nightly* [beta]', 'CI \\*nightly\\* \\[beta\\]'],
    ['<script>x</script>', '\\<script\\>x\\</script\\>'],
    ['a | b', 'a \\| b'],
    ['snake_case & more', 'snake\\_case &amp; more'],
    ['@team see http://x.example', '\\@team see http://x.example'],
  ])('%j -> %s', (value, expected) => {
    expect(escapeMarkdown(value)).toBe(expected);
  });
});
