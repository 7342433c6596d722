/**
 * CI template expressions (`${{ ... }}` on GitHub, `$[[ ... ]]` on GitLab) are
 * substituted before the shell ever sees the script, and they confuse shell
 * parsers. We replace each one with a same-length run of `_` (one shell word in
 * every dialect), keeping line breaks, so every offset still maps 1:1 onto the
 * original script.
 */

const PLACEHOLDER = '_';

export interface TemplateSpan {
  start: number;
  end: number;
}

/** Spans of `${{ ... }}` and `$[[ ... ]]` expressions; an unterminated opener is left alone. */
export function findTemplateSpans(script: string): TemplateSpan[] {
  const spans: TemplateSpan[] = [];
  let i = 0;
  const n = script.length;
  while (i < n) {
    const gh = script.indexOf('${{', i);
    const gl = script.indexOf('$[[', i);
    if (gh === -1 && gl === -1) break;
    const start = gh === -1 ? gl : gl === -1 ? gh : Math.min(gh, gl);
    const close = start === gh ? '}}' : ']]';
    const end = findClose(script, start + 3, close);
    if (end === -1) {
      i = start + 3;
      continue;
    }
    spans.push({ start, end });
    i = end;
  }
  return spans;
}

/** Index just past the closing delimiter, skipping single-quoted expression strings; -1 if none. */
function findClose(s: string, from: number, close: string): number {
  const c0 = close.charCodeAt(0);
  for (let j = from; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 39 /* ' */) {
      // Expression string literal: '' is an escaped quote. Never cross a line
      // break hunting for the close quote: a stray apostrophe must not swallow the script.
      let k = j + 1;
      for (; k < s.length; k++) {
        const d = s.charCodeAt(k);
        if (d === 10) break;
        if (d === 39) {
          if (s.charCodeAt(k + 1) === 39) k++;
          else break;
        }
      }
      if (k < s.length && s.charCodeAt(k) === 39) j = k;
      continue;
    }
    if (c === c0 && s.charCodeAt(j + 1) === c0) return j + 2;
  }
  return -1;
}

/** Same-length copy of `script` with template expressions replaced by `_` (line breaks kept). */
export function maskTemplates(script: string): string {
  if (script.indexOf('${{') === -1 && script.indexOf('$[[') === -1) return script;
  const spans = findTemplateSpans(script);
  if (spans.length === 0) return script;
  let out = '';
  let last = 0;
  for (const { start, end } of spans) {
    out += script.slice(last, start);
    for (let k = start; k < end; k++) {
      const ch = script.charCodeAt(k);
      out += ch === 10 || ch === 13 ? script[k] : PLACEHOLDER;
    }
    last = end;
  }
  return out + script.slice(last);
}
