/**
 * Inline suppressions: `# pipewarden-ignore[rule-id, other-id]: reason` in a YAML comment.
 * `[*]`... is deliberately not supported: a suppression names what it silences.
 */
export interface InlineSuppression {
  line: number;
  ruleIds: string[];
  reason: string;
}

const MARKER = 'pipewarden-ignore';
const PATTERN = /#\s*pipewarden-ignore\[([^\]]*)\](?::\s*(.*))?/;

export function findSuppressions(text: string): InlineSuppression[] {
  const out: InlineSuppression[] = [];
  let from = text.indexOf(MARKER);
  while (from !== -1) {
    const lineStart = text.lastIndexOf('\n', from) + 1;
    const lineEndRaw = text.indexOf('\n', from);
    const lineEnd = lineEndRaw === -1 ? text.length : lineEndRaw;
    const lineText = text.slice(lineStart, lineEnd);
    const match = PATTERN.exec(lineText);
    if (match) {
      let line = 1;
      for (let i = text.indexOf('\n'); i !== -1 && i < lineStart; i = text.indexOf('\n', i + 1)) line++;
      out.push({
        line,
        ruleIds: (match[1] ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        reason: (match[2] ?? '').trim(),
      });
    }
    from = text.indexOf(MARKER, lineEnd);
  }
  return out;
}
