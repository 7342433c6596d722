/**
 * obfuscation: workflow text written so that a reader cannot see what it runs.
 * - Scripts: code decoded and run in one go (`echo ... | base64 -d | sh`, `eval "$(... | xxd -r
 *   -p)"`, `bash -c "$(printf '\x63...')"`, `python -c "exec(base64.b64decode(...))"`, `node -e`
 *   with `Buffer.from(..., 'base64')`, PowerShell `-EncodedCommand` and `iex` of
 *   `FromBase64String`), `${IFS}` standing in for spaces (`cat${IFS}/etc/passwd`), and command
 *   names written as escapes (`$'\x63\x75\x72\x6c'`). Malware in CI hides this way; honest
 *   scripts have no need to.
 * - `uses:` paths with empty, `.` or `..` segments (`actions/checkout/@sha`,
 *   `github/codeql-action/./init`, `actions/cache/../../save`): they resolve to another action
 *   than the one a reader (or an allow list matching the text) sees.
 * - A whole `with:` written as one expression (`with: ${{ fromJSON(steps.x.outputs.options) }}`):
 *   every input of the action is decided at run time, so neither a reader nor a check (a
 *   checkout's `persist-credentials` or `ref`, a publisher's token) can see what it is given.
 * - Expressions in scripts that reduce to constants (`${{ 'cu' }}rl`, `${{ format('{0}', 'x') }}`):
 *   they only hide literal text from a reader or a text search.
 * Severity: scripts medium, high when untrusted actors can start a privileged run (trust-scaled);
 * `uses:` paths, dynamic `with:` and constant expressions low.
 * Ignores: downloads piped to a shell (remote-script-execution reports those), decoding that is
 * not executed, `IFS=...` assignments and quoted `"$IFS"`, and constant expressions outside scripts.
 * Data: the shell facts (eval sinks, commands, expansions) and the expression AST; no tables.
 */
import type { Expr } from '../analysis/expressions/github-expr.js';
import { stepScript } from '../analysis/scripts/step-script.js';
import { exposureOf, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import type { Severity } from '../model/finding.js';
import { SEVERITIES } from '../model/finding.js';
import type { Origin } from '../model/types.js';
import { defineRule } from './define-rule.js';

/** Text of an evaluated program that decodes what it runs. */
const DECODERS: { re: RegExp; how: string }[] = [
  { re: /\bbase(?:64|32)\s+(?:-[a-z]*d[a-z]*|-D|--decode)\b/i, how: 'base64-decoded' },
  { re: /\bopenssl\s+(?:base64|enc)\b[^|;&]*\s-d\b/i, how: 'base64-decoded' },
  { re: /\bxxd\s+(?:-[a-z]*r|-p\s+-r|-revert)/i, how: 'hex-decoded' },
  { re: /\b(?:b64decode|b32decode|a2b_base64|unhexlify|fromhex)\s*\(/i, how: 'decoded' },
  { re: /FromBase64String\s*\(/i, how: 'base64-decoded' },
  { re: /Buffer\.from\s*\([^)]*['"](?:base64|hex)['"]/i, how: 'decoded' },
  { re: /\batob\s*\(/i, how: 'base64-decoded' },
  { re: /(?:\\x[0-9a-f]{2}){3,}|(?:\\[0-7]{3}){3,}|(?:\\u00[0-9a-f]{2}){3,}/i, how: 'escape-encoded' },
  { re: /\b(?:gunzip|zcat)\b|\bgzip\s+-d/i, how: 'decompressed' },
  { re: /\|\s*rev\b/, how: 'reversed' },
  { re: /\btr\s+['"]?(?:A-Za-z|a-zA-Z)['"]?\s+['"]?(?:N-ZA-Mn-za-m|n-za-mN-ZA-M)/, how: 'rot13-decoded' },
];

/** PowerShell (for -EncodedCommand), `$'\x..'` command words and `$IFS`. */
const MAY_HIDE = /pwsh|powershell|\$'\\|IFS/i;

const READS_RUN = new Set(['hashfiles', 'success', 'always', 'failure', 'cancelled']);
/** Inline programs of interpreters: decoding there is code only when the result is executed. */
const INLINE_INTERPRETER = /^(?:python[\d.]*|py|node|deno|bun|perl|ruby|php)\b/i;
const EXECUTES = /\b(?:exec|eval|compile|Function|execSync|spawnSync|system|runInNewContext|runInThisContext)\s*\(/;

const TIP_SCRIPT =
  'Write the commands out in the workflow (or in a script file in the repository) so reviewers see what runs. If you did not write this, treat the workflow as compromised: find out how it got in and rotate the secrets it could read.';

function hasContext(node: Expr): boolean {
  switch (node.type) {
    case 'context':
      return true;
    case 'literal':
      return false;
    case 'property':
    case 'star':
      return hasContext(node.object);
    case 'index':
      return hasContext(node.object) || hasContext(node.index);
    case 'call':
      // hashFiles() reads the workspace and the status functions the run: not constants.
      return READS_RUN.has(node.name.toLowerCase()) || node.args.some(hasContext);
    case 'unary':
      return hasContext(node.operand);
    case 'binary':
      return hasContext(node.left) || hasContext(node.right);
  }
}

/** The first operation (call, operator) whose operands are all literals: it reduces to a constant. */
function reducible(node: Expr): Expr | undefined {
  if (node.type === 'literal') return undefined;
  if ((node.type === 'call' || node.type === 'unary' || node.type === 'binary') && !hasContext(node)) return node;
  switch (node.type) {
    case 'property':
    case 'star':
      return reducible(node.object);
    case 'index':
      return reducible(node.object) ?? reducible(node.index);
    case 'call':
      for (const arg of node.args) {
        const hit = reducible(arg);
        if (hit) return hit;
      }
      return undefined;
    case 'unary':
      return reducible(node.operand);
    case 'binary':
      return reducible(node.left) ?? reducible(node.right);
    default:
      return undefined;
  }
}

export default defineRule({
  meta: {
    id: 'obfuscation',
    summary: 'Workflow text that hides what it runs',
    description:
      'Scripts that decode and run code (base64 -d | sh, eval of decoded text, PowerShell -EncodedCommand), ${IFS} and escape-encoded commands, `uses:` paths with `.`, `..` or empty segments, and expressions in scripts that reduce to constants.',
    category: 'supply-chain',
    platforms: ['github'],
    severity: 'medium',
    confidence: 'high',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: {
      decodeRun: '`{{command}}` runs code that is {{how}} first: nobody reading the workflow can see what it executes',
      encodedCommand: '`{{command}}` runs a base64-encoded PowerShell command: nobody reading the workflow can see what it executes',
      ifs: '`{{text}}` uses `$IFS` in place of a space, a trick to slip commands past filters and reviewers',
      escapedCommand: 'the command name `{{text}}` is written as escape codes, hiding which program runs',
      usesPath:
        '`uses: {{raw}}` has {{what}} in its path: it resolves to {{resolved}}, not what the text appears to name, and slips past allow lists that match text',
      dynamicInputs:
        'every input of `{{action}}` comes from the one expression `{{text}}`: what the step is given is decided at run time, out of sight of readers and checks',
      constant: '`{{text}}` is a constant written as an expression: it only hides literal text of the script from readers and searches',
    },
    owasp: ['CICD-SEC-4'],
    phase: 'foundations',
    related: { zizmor: ['obfuscation'] },
  },
  create(context) {
    return {
      step(step, job, pipeline) {
        if (pipeline.platform === 'github' && step.dynamicInputs && step.uses) {
          context.report({
            messageId: 'dynamicInputs',
            data: { action: step.uses.name, text: truncate(step.dynamicInputs.value) },
            at: step.dynamicInputs.origin,
            severity: 'low',
            tip: 'List the inputs under `with:` one by one (each may still be an expression) so reviewers and scanners see which inputs the step sets.',
          });
        }
        if (pipeline.platform !== 'github' || !step.script) return;
        const value = step.script.value;
        // Only scripts that can hold one of the findings get their shell facts: a decoder, PowerShell,
        // an ANSI-C quoted command word or $IFS.
        if (!DECODERS.some((d) => d.re.test(value)) && !MAY_HIDE.test(value)) return;
        const script = stepScript(step, job);
        if (!script) return;
        const facts = script.facts;
        const exposure = exposureOf(job, pipeline, context.project);
        const scaled = scaledSeverity(exposure, 'high');
        const severity: Severity = SEVERITIES.indexOf(scaled) < SEVERITIES.indexOf('medium') ? 'medium' : scaled;
        const report = (
          messageId: 'decodeRun' | 'encodedCommand' | 'ifs' | 'escapedCommand',
          start: number,
          end: number,
          data: Record<string, string>,
        ) => context.report({ messageId, data, at: script.origin(start, end), severity, trust: trustContext(exposure), tip: TIP_SCRIPT });

        const reported: { start: number; end: number }[] = [];
        const overlaps = (start: number, end: number) => reported.some((r) => r.start < end && start < r.end);
        for (const sink of facts.evalSinks) {
          // Downloads run by a shell are remote-script-execution's.
          if (facts.remoteExecutions.some((r) => r.start < sink.end && sink.start < r.end)) continue;
          const program = value.slice(sink.argStart, sink.argEnd);
          const decoder = DECODERS.find((d) => d.re.test(program));
          if (!decoder) continue;
          if (INLINE_INTERPRETER.test(sink.command) && !EXECUTES.test(program)) continue;
          const start = Math.min(sink.start, sink.argStart);
          const end = Math.max(sink.end, sink.argEnd);
          if (overlaps(start, end)) continue;
          reported.push({ start, end });
          report('decodeRun', start, end, { command: truncate(value.slice(start, end)), how: decoder.how });
        }
        for (const command of facts.commands) {
          const name = command.name.toLowerCase();
          if (
            (name === 'pwsh' || name === 'powershell') &&
            command.args.some((a) => /^[-/]e(?:n(?:c(?:o(?:d(?:e(?:d(?:c(?:o(?:m(?:m(?:a(?:n(?:d)?)?)?)?)?)?)?)?)?)?)?)?)?$/i.test(a))
          ) {
            if (overlaps(command.start, command.end)) continue;
            reported.push(command);
            context.report({
              messageId: 'encodedCommand',
              data: { command: truncate(value.slice(command.start, command.end)) },
              at: script.origin(command.start, command.end),
              severity,
              trust: trustContext(exposure),
              tip: TIP_SCRIPT,
            });
            continue;
          }
          const word = value.slice(command.start, command.end).split(/\s/)[0] ?? '';
          if (/^\$'(?:\\x[0-9a-f]{2}|\\[0-7]{3}|\\u[0-9a-f]{4})/i.test(word) && !overlaps(command.start, command.end)) {
            reported.push(command);
            report('escapedCommand', command.start, command.start + word.length, { text: truncate(word) });
          }
        }
        for (const expansion of facts.expansions) {
          if (expansion.name !== 'IFS' || expansion.quoted) continue;
          const before = value[expansion.start - 1] ?? ' ';
          const after = value[expansion.end] ?? ' ';
          // Glued to a word on either side: standing in for the space between words.
          if (/[\s=;|&("'`]/.test(before) && /[\s;|&)"'`]/.test(after)) continue;
          const lineStart = value.lastIndexOf('\n', expansion.start) + 1;
          const lineEnd = value.indexOf('\n', expansion.end);
          const wordStart = expansion.start - (/\S*$/.exec(value.slice(lineStart, expansion.start))?.[0].length ?? 0);
          const wordEnd = expansion.end + (/^\S*/.exec(value.slice(expansion.end, lineEnd < 0 ? value.length : lineEnd))?.[0].length ?? 0);
          if (overlaps(wordStart, wordEnd)) continue;
          reported.push({ start: wordStart, end: wordEnd });
          report('ifs', wordStart, wordEnd, { text: truncate(value.slice(wordStart, wordEnd)) });
        }
      },
      reference(reference) {
        if (reference.kind !== 'action' && reference.kind !== 'reusable-workflow') return;
        if (reference.isLocal || reference.raw.startsWith('docker://')) return;
        const at = reference.raw.lastIndexOf('@');
        const target = at < 0 ? reference.raw : reference.raw.slice(0, at);
        const segments = target.split('/');
        const odd = segments.slice(1).filter((s) => s === '' || s === '.' || s === '..');
        if (odd.length === 0) return;
        const what = [
          segments.slice(1).some((s) => s === '') ? 'empty segments (`//` or a trailing `/`)' : '',
          segments.includes('.') ? '`.`' : '',
          segments.includes('..') ? '`..`' : '',
        ]
          .filter(Boolean)
          .join(' and ');
        context.report({
          messageId: 'usesPath',
          data: { raw: reference.raw, what, resolved: `\`${resolve(segments)}\`` },
          at: reference.origin,
          severity: 'low',
          tip: 'Write the action path plainly (`owner/repo/path@ref`), without `.`, `..` or empty segments.',
        });
      },
      interpolation(interpolation, template, scope) {
        if (template !== scope.step?.script || !interpolation.ast) return;
        const ast = interpolation.ast as Expr;
        const node = hasContext(ast) ? reducible(ast) : ast;
        if (!node) return;
        const base = interpolation.origin.span.start + 3; // just past `${{`
        const whole = node === ast;
        const at: Origin = whole
          ? interpolation.origin
          : { file: interpolation.origin.file, span: { start: base + node.start, end: base + node.end } };
        context.report({
          messageId: 'constant',
          data: { text: truncate(interpolation.origin.file.text.slice(at.span.start, at.span.end)) },
          at,
          severity: 'low',
          confidence: 'medium',
          tip: 'Write the literal text instead of an expression that always yields it.',
        });
      },
    };
  },
});

/** What a path with `.`, `..` and empty segments resolves to (`owner/repo/...`). */
function resolve(segments: string[]): string {
  const [owner, repo, ...rest] = segments;
  const out: string[] = [];
  for (const s of rest) {
    if (s === '' || s === '.') continue;
    if (s === '..') {
      if (out.length === 0) return `a path outside ${owner}/${repo}`;
      out.pop();
    } else out.push(s);
  }
  return [owner, repo, ...out].join('/');
}

function truncate(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 80 ? `${one.slice(0, 77)}...` : one;
}
