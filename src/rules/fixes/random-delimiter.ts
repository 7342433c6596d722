/**
 * The env-file fix for a multi-line value behind a fixed delimiter (`NAME<<EOF` ... `EOF` written
 * to GITHUB_ENV or GITHUB_OUTPUT by a bash or sh script): the delimiter becomes a variable set to
 * a random value on the line before the write that opens the value, so no line of the data can
 * end it and start entries of its own. The value keeps its line breaks, and for any data that
 * did not hold the delimiter line the runner reads the same entries as before.
 * Offered only where every rewritten word sits in plain shell text (outside quotes, in double
 * quotes, a whole or partial single-quoted string, or an expanding heredoc body), the script is a
 * literal block scalar written in the step, and the line before the write does not continue onto
 * it (`\`, `|`, `&&`, `||`, a `case` pattern list).
 */
import { maskTemplates } from '../../analysis/shell/shell-facts.js';
import type { Job, Pipeline, Step, Template } from '../../model/types.js';
import { asScalar } from '../../yaml/nodes.js';
import { ScalarOffsetMap } from '../../yaml/scalar-map.js';
import type { FixDescriptor } from '../define-rule.js';
import { type ScriptContext, spanContexts } from './script-context.js';
import type { FixEdit } from './step-edits.js';

export interface DelimiterSite {
  /** The fixed delimiter as written (`EOF`). */
  delimiter: string;
  /** Offsets in the script value of the delimiter word after `NAME<<` and of the closing one. */
  opener: { start: number; end: number };
  closer: { start: number; end: number };
  /** Offset in the script value where the command that writes the opener starts. */
  writeStart: number;
  /**
   * The variable's name (a number is added on a clash). Values of one file never interleave, so
   * each file has its own name and fixes of one pass may share it: each sets it anew before its value.
   */
  name: 'ENV_DELIMITER' | 'OUTPUT_DELIMITER';
}

export interface DelimiterTarget {
  step: Step;
  job: Job;
  pipeline: Pipeline;
  template: Template;
}

/** 16 random bytes as hex, from programs every bash and sh runner has (coreutils or busybox). */
const RANDOM_HEX = "$(od -An -N16 -tx1 /dev/urandom | tr -d ' \\n')";

/** A continued previous line (the inserted assignment would join or split its command). */
const CONTINUES = /(\\|\||&&|\(|\bin|;;|;&|;;&)$/;

/**
 * The replacement of the word at [start, end): the text and how many characters around the word
 * it replaces too. A single-quoted string holding the word becomes a double-quoted one (the
 * runner's reader would not see `'BODY<<'"$D"` as one opener), when nothing in it expands there.
 */
function reference(
  script: string,
  word: { start: number; end: number },
  context: ScriptContext,
  name: string,
): { text: string; before: number; after: number } | undefined {
  const next = script[word.end];
  const bare = next !== undefined && /[A-Za-z0-9_]/.test(next) ? `\${${name}}` : `$${name}`;
  switch (context.kind) {
    case 'double':
    case 'heredoc':
      return { text: bare, before: 0, after: 0 };
    case 'unquoted':
      return { text: `"${bare}"`, before: 0, after: 0 };
    case 'single': {
      const open = script.lastIndexOf("'", word.start - 1);
      const close = script.indexOf("'", word.end);
      if (open === -1 || close === -1) return undefined;
      const before = script.slice(open + 1, word.start);
      const after = script.slice(word.end, close);
      if (/[$`"\\!]/.test(before + after)) return undefined;
      return { text: `"${before}${bare}${after}"`, before: before.length + 1, after: after.length + 1 };
    }
    default:
      return undefined;
  }
}

/** A name no env level declares and the script does not mention. */
function freshName(base: string, target: DelimiterTarget): string | undefined {
  const taken = new Set([...target.step.env, ...target.job.env, ...target.pipeline.env].map((v) => v.name.toUpperCase()));
  const script = maskTemplates(target.template.value);
  for (let n = 1; n <= 9; n++) {
    const name = n === 1 ? base : `${base}_${n}`;
    if (taken.has(name) || new RegExp(`(^|[^A-Za-z0-9_])${name}($|[^A-Za-z0-9_])`, 'i').test(script)) continue;
    return name;
  }
  return undefined;
}

/** The edits, or the reason there are none. */
export function randomDelimiterFix(site: DelimiterSite, target: DelimiterTarget): FixDescriptor | { declined: string } {
  const context = 'the delimiter or the write sits where the fixer cannot rewrite it with the same meaning';
  if (!/^[A-Za-z0-9_.-]+$/.test(site.delimiter)) return { declined: context };
  const node = asScalar(target.template.node);
  if (node?.style !== 'literal') return { declined: 'the script is not a literal block scalar (`run: |`), where a line can be added' };
  const file = target.template.origin.file;
  const script = target.template.value;
  const map = ScalarOffsetMap.of(file.text, node, script);
  const lineStart = script.lastIndexOf('\n', site.writeStart - 1) + 1;
  if (!/^[ \t]*$/.test(script.slice(lineStart, site.writeStart))) return { declined: context };
  const previous = script.slice(0, lineStart).trimEnd();
  if (CONTINUES.test(previous)) return { declined: context };
  const name = freshName(site.name, target);
  if (!name) return { declined: context };
  const first = { start: site.writeStart, end: site.writeStart + 1 };
  const [opener, closer, start] = spanContexts(script, 'posix', [site.opener, site.closer, first]);
  if (start?.context.kind !== 'unquoted') return { declined: context };
  const edits: FixEdit[] = [];
  for (const word of [opener, closer]) {
    const ref = word && reference(script, word, word.context, name);
    if (!word || !ref) return { declined: context };
    const from = map.toSource(word.start - ref.before);
    const to = map.toSource(word.end + ref.after);
    if (file.text.slice(from, to) !== script.slice(word.start - ref.before, word.end + ref.after)) return { declined: context };
    edits.push({ at: { file, span: { start: from, end: to } }, text: ref.text });
  }
  const sourceWrite = map.toSource(site.writeStart);
  const sourceLine = file.text.lastIndexOf('\n', sourceWrite - 1) + 1;
  const indent = file.text.slice(sourceLine, sourceWrite);
  if (!/^[ \t]*$/.test(indent)) return { declined: context };
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  edits.push({
    at: { file, span: { start: sourceLine, end: sourceLine } },
    text: `${indent}${name}="${site.delimiter}_${RANDOM_HEX}"${eol}`,
  });
  return {
    title: `Write the value behind a random delimiter (${name}="${site.delimiter}_<16 random bytes>") instead of the fixed \`${site.delimiter}\``,
    safety: 'safe',
    edits,
  };
}
