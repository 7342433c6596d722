/**
 * env-file-injection: attacker-controlled data written to the runner's environment files.
 * - GITHUB_ENV: each line `NAME=value` (or `NAME<<DELIM ... DELIM`) becomes an environment
 *   variable of every later step. A newline in the data defines any variable (LD_PRELOAD,
 *   NODE_OPTIONS, BASH_ENV...), and data that starts the line chooses the name itself.
 * - GITHUB_PATH: each line is prepended to PATH for later steps.
 * - GITHUB_OUTPUT: a newline adds lines that overwrite the step's other outputs (lower stakes).
 * The data is found in the spans the shell writes (stepScript facts): `${{ }}` interpolations,
 * shell variables traced through local assignments, `env:` and earlier GITHUB_ENV writes, and
 * `jq` reads of the event payload. Also reported, with lower confidence: file contents written
 * to GITHUB_ENV/GITHUB_PATH in a privileged job after it downloaded a workflow_run artifact or
 * checked out pull request code.
 * Ignores: values inside a multi-line value whose heredoc delimiter is random (`$(openssl rand
 * ...)`, a UUID), GITHUB_STEP_SUMMARY and GITHUB_STATE, values that cannot hold a newline
 * (branch names; text passed through `tr -d '\n'`, `head -n1`, `${X//$'\n'/}`) written after a
 * fixed `NAME=`, outputs of steps without an id, and other outputs that are written again later.
 * Data: attacker-controlled contexts come from the model (the adapter's context table); the
 * artifact actions and checkout patterns are listed below.
 * Fix: a multi-line value behind a fixed delimiter gets a random one (fixes/random-delimiter.ts,
 * bash and sh, safe); in sh a lone `echo "NAME=value" >> target` line is rewritten as such a
 * value (unsafe). A value after a fixed `NAME=` of GITHUB_ENV or GITHUB_OUTPUT is written
 * with its line breaks turned into spaces (`${VAR//$'\n'/ }` in bash, `-replace` in a PowerShell
 * string), a `${{ }}` moved into the step's `env:` first; unsafe, as a multi-line value becomes
 * one line. Not inside
 * printf's format or `echo -e` (a `\n` written in the value is a line break there). A finding
 * without a fix says why in its tip.
 */
import { escapeRegExp } from '../analysis/text/regexp-literal.js';
import { MENTIONS_ENV_FILE, scriptMentions, stepScript, type StepScript } from '../analysis/scripts/step-script.js';
import type { EnvFileWrite, TextSpan } from '../analysis/shell/shell-facts.js';
import { TaintAnalysis } from '../analysis/taint/taint.js';
import { exposureOf, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import type { Confidence, Severity } from '../model/finding.js';
import { SEVERITIES } from '../model/finding.js';
import type { Job, Origin, Pipeline, Step } from '../model/types.js';
import { osOf } from '../analysis/scripts/step-script.js';
import { defineRule, type FixDescriptor } from './define-rule.js';
import { flattenedExpansion, flattenedPwsh, moveToEnvFix } from './fixes/move-to-env.js';
import { type DelimiterSite, randomDelimiterFix } from './fixes/random-delimiter.js';
import { ownPair } from './fixes/step-edits.js';
import { asScalar } from '../yaml/nodes.js';
import { assignmentsOf, ShellTaint, type SpanScope, type TaintedSpan } from './taint/shell-taint.js';

type Target = 'GITHUB_ENV' | 'GITHUB_PATH' | 'GITHUB_OUTPUT';
type MessageId = 'env' | 'env-name' | 'path' | 'output' | 'files';

const TARGETS = new Set<string>(['GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_OUTPUT']);

/**
 * Actions that download artifacts of another workflow run (attacker-built under workflow_run).
 * https://github.com/actions/download-artifact (`run-id` input), https://github.com/dawidd6/action-download-artifact
 */
const ARTIFACT_ACTIONS = new Set(['actions/download-artifact', 'dawidd6/action-download-artifact']);
/** Checkout refs that name the pull request's code (the `ref:` input of a checkout step). */
const PR_REF = /pull_request\.head\.(sha|ref)|github\.head_ref|refs\/pull\/|workflow_run\.head_(sha|branch)|merge_commit_sha/;

const TIP_ENV =
  'Do not write untrusted data to GITHUB_ENV; pass it to the steps that need it through `env:` instead. If you must, validate it first (for example `[[ $V =~ ^[A-Za-z0-9._-]+$ ]]`) and write it with a random heredoc delimiter.';
const TIP_OUTPUT =
  'Write multi-line or untrusted values with a random heredoc delimiter: D="EOF_$(openssl rand -hex 16)"; { echo "name<<$D"; echo "$V"; echo "$D"; } >> "$GITHUB_OUTPUT".';

interface Region {
  start: number;
  end: number;
  delimiter: string;
  random: boolean;
  /** A literal delimiter's words (after `NAME<<` and the closing one) and where the opening write starts. */
  site?: DelimiterSite;
}

interface Candidate {
  span: TaintedSpan;
  /** The multi-line value (behind a fixed delimiter) that holds the data. */
  region?: Region;
  /** The write that puts the data in the file. */
  write?: EnvFileWrite;
  messageId: MessageId;
  severity: Severity;
  confidence: Confidence;
  delimiter: string;
  other: string;
}

export default defineRule({
  meta: {
    id: 'env-file-injection',
    summary: 'Attacker-controlled data written to GITHUB_ENV, GITHUB_PATH or GITHUB_OUTPUT',
    description:
      'Lines written to GITHUB_ENV become environment variables of every later step and lines written to GITHUB_PATH are put first on PATH, so data with a newline lets an attacker set LD_PRELOAD, NODE_OPTIONS or PATH and run code in the job.',
    category: 'injection',
    platforms: ['github'],
    severity: 'critical',
    confidence: 'high',
    stability: 'experimental',
    fix: 'unsafe',
    network: false,
    messages: {
      env: "{{what}} ({{source}}) is written to GITHUB_ENV{{delimiter}}: a newline in it lets an attacker define any variable for the later steps (LD_PRELOAD, NODE_OPTIONS, BASH_ENV) and run code with the job's token and secrets",
      'env-name':
        "{{what}} ({{source}}) is written as a whole line to GITHUB_ENV: an attacker chooses both the variable name and its value (LD_PRELOAD, NODE_OPTIONS, BASH_ENV) and runs code in the later steps with the job's token and secrets",
      path: '{{what}} ({{source}}) is written to GITHUB_PATH: an attacker puts a directory of their choice first on PATH, so later steps run their programs instead of git, node or bash',
      output:
        '{{what}} ({{source}}) is written to GITHUB_OUTPUT{{delimiter}}: a newline in it lets an attacker overwrite output `{{other}}` of step `{{step}}`, which later steps trust',
      files:
        '`{{command}}` writes file content to {{target}} after {{origin}}: the attacker controls those files, and a newline in them defines any variable (LD_PRELOAD, BASH_ENV) or PATH entry for the later steps',
    },
    owasp: ['CICD-SEC-4'],
    phase: 'foundations',
    related: { zizmor: ['github-env'], codeql: ['actions/envvar-injection', 'actions/envpath-injection', 'actions/output-clobbering'] },
  },
  create(context) {
    const shell = new ShellTaint(new TaintAnalysis(context.project));
    const privilegedByJob = new Map<Job, boolean>();
    const project = context.project;

    function severityOf(span: TaintedSpan, job: Job, max: Severity): { severity: Severity; exposure: ReturnType<typeof exposureOf> } {
      const { path } = span;
      const triggers = path.entryPipeline.kind === 'workflow' ? path.triggers : [];
      const exposure = exposureOf(path.entryJob, path.entryPipeline, project, triggers.length ? triggers : undefined);
      if (path.entryJob !== job) exposure.gates.push(...job.gates.filter((g) => !g.spoofable));
      return { severity: scaledSeverity(exposure, max), exposure };
    }

    function classify(
      span: TaintedSpan,
      write: EnvFileWrite,
      piece: TextSpan,
      regions: Region[],
      scope: SpanScope,
      outputWrites: EnvFileWrite[],
    ): (Omit<Candidate, 'severity'> & { max: Severity; restricted: boolean }) | undefined {
      const target = write.target as Target;
      // Branch names cannot hold a newline; nor can text whose newlines the script removed.
      const restricted = span.path.source.capability === 'restricted' || span.singleLine === true;
      const confidence: Confidence = span.derived ? 'medium' : 'high';
      const region = regions.find((r) => r.start <= span.start && span.start < r.end);
      const delimiter = region && !region.random ? ` behind the fixed heredoc delimiter \`${region.delimiter}\`` : '';
      if (target === 'GITHUB_PATH') return { span, messageId: 'path', confidence, delimiter: '', other: '', max: 'critical', restricted };
      if (region?.random) return undefined;
      // The data starts a line: nothing before it on its line, and (for echo/printf arguments) no key elsewhere in the write.
      const startsLine = /\n/.test(piece.text.slice(0, Math.max(0, span.start - piece.start))) || write.names.length === 0;
      const wholeLine = !region && startsLine && !linePrefix(piece, span.start).includes('=');
      if (target === 'GITHUB_ENV') {
        if (wholeLine) return { span, messageId: 'env-name', confidence, delimiter: '', other: '', max: 'critical', restricted };
        if (restricted) return undefined;
        return { span, region, messageId: 'env', confidence, delimiter, other: '', max: 'critical', restricted: false };
      }
      if (!scope.step.id || (restricted && !wholeLine)) return undefined;
      // The runner keeps the last value of a name: outputs written again after this write are safe.
      const rewritten = new Set(outputWrites.filter((w) => w.start > write.start).flatMap((w) => w.names));
      const other = outputWrites
        .filter((w) => w !== write)
        .flatMap((w) => w.names)
        .find((n) => !write.names.includes(n) && !rewritten.has(n));
      if (!other) return undefined;
      return { span, region, messageId: 'output', confidence: 'medium', delimiter, other, max: 'medium', restricted };
    }

    return {
      step(step, job, pipeline) {
        if (!scriptMentions(step, MENTIONS_ENV_FILE)) return;
        // Unparsed skip: no attacker data in the script, and no attacker files a low-trust privileged job could read.
        if (!shell.mayCarryTaint({ pipeline, job, step }) && !privilegedAtLowTrust(job, pipeline)) return;
        const script = stepScript(step, job);
        if (!script) return;
        const writes = script.facts.envFileWrites.filter((w) => TARGETS.has(w.target));
        if (writes.length === 0) return;
        const scope: SpanScope = { pipeline, job, step, script };
        const outputWrites = writes.filter((w) => w.target === 'GITHUB_OUTPUT');
        const regionsByTarget = new Map<string, Region[]>();
        for (const target of TARGETS)
          regionsByTarget.set(
            target,
            heredocRegions(
              script,
              writes.filter((w) => w.target === target),
            ),
          );

        for (const write of writes) {
          const regions = regionsByTarget.get(write.target) ?? [];
          const pieces = piecesOf(write, script);
          let best: Candidate | undefined;
          let bestExposure: ReturnType<typeof exposureOf> | undefined;
          for (const piece of pieces) {
            for (const span of shell.within(scope, piece.start, piece.end)) {
              const found = classify(span, write, piece, regions, scope, outputWrites);
              if (!found) continue;
              const scaled = severityOf(span, job, found.max);
              let severity = scaled.severity;
              if (found.restricted) severity = SEVERITIES[Math.max(0, SEVERITIES.indexOf(severity) - 1)] as Severity;
              // Output clobbering that only trusted actors can reach is no finding.
              if (found.messageId === 'output' && severity === 'info') continue;
              if (!best || SEVERITIES.indexOf(severity) > SEVERITIES.indexOf(best.severity)) {
                best = { ...found, severity, write };
                bestExposure = scaled.exposure;
              }
            }
          }
          const writeAt = script.origin(write.start, write.end);
          if (best && bestExposure) {
            const { span } = best;
            const outcome = fixOf(best, scope);
            const capability = span.path.source.capability === 'free-text' ? 'arbitrary text' : 'restricted characters';
            context.report({
              messageId: best.messageId,
              data: {
                what: `\`${span.text}\``,
                source: `${span.path.source.name}, ${capability}`,
                delimiter: best.delimiter,
                other: best.other,
                step: step.id ?? '',
              },
              at: span.at,
              severity: best.severity,
              confidence: best.confidence,
              related: [{ at: writeAt, note: `written to ${write.target} here` }],
              flow: [
                { at: span.path.source.origin, note: `attacker-controlled ${span.path.source.name}` },
                ...span.path.hops.map((hop) => ({ at: hop.origin, note: hop.note })),
                { at: span.at, note: `written to ${write.target}` },
              ],
              trust: trustContext(bestExposure),
              tip: withDecline(best.messageId === 'output' ? TIP_OUTPUT : TIP_ENV, outcome.declined),
              fix: outcome.fix,
            });
            continue;
          }
          if (write.target === 'GITHUB_OUTPUT') continue;
          const filesReport = fileFinding(write, pieces, regions, scope);
          if (filesReport) {
            const exposure = exposureOf(job, pipeline, project);
            if (!exposure.privilegedAtLowTrust) continue;
            context.report({
              messageId: 'files',
              data: { command: filesReport.command, target: write.target, origin: filesReport.origin.note },
              at: filesReport.at,
              severity: scaledSeverity(exposure, 'high'),
              confidence: 'medium',
              related: [
                { at: filesReport.origin.at, note: filesReport.origin.note },
                { at: writeAt, note: `written to ${write.target} here` },
              ],
              trust: trustContext(exposure),
              tip: withDecline(TIP_ENV, DECLINED.files),
            });
          }
        }
      },
    };

    function privilegedAtLowTrust(job: Job, pipeline: Pipeline): boolean {
      let privileged = privilegedByJob.get(job);
      if (privileged === undefined) {
        privileged = exposureOf(job, pipeline, project).privilegedAtLowTrust;
        privilegedByJob.set(job, privileged);
      }
      return privileged;
    }

    function fileFinding(
      write: EnvFileWrite,
      pieces: TextSpan[],
      regions: Region[],
      scope: SpanScope,
    ): { at: Origin; command: string; origin: { at: Origin; note: string } } | undefined {
      for (const piece of pieces) {
        for (const read of shell.fileReads(scope, piece.start, piece.end)) {
          const region = regions.find((r) => r.start <= read.start && read.start < r.end);
          if (region?.random && write.target === 'GITHUB_ENV') continue;
          const origin = attackerFilesBefore(scope.job, scope.step, scope.script, write.start);
          if (!origin) return undefined;
          return { at: read.at, command: truncate(read.command), origin };
        }
      }
      return undefined;
    }

    function attackerFilesBefore(job: Job, step: Step, script: StepScript, before: number): { at: Origin; note: string } | undefined {
      const workflowRun = job.triggers.some((t) => t.name === 'workflow_run');
      for (const earlier of job.steps) {
        if (earlier.index > step.index) break;
        if (earlier.index < step.index && earlier.uses) {
          const name = earlier.uses.name.toLowerCase();
          const crossRun = earlier.inputs.some((i) => /^(run[-_]id|workflow|run_number|pr)$/i.test(i.name));
          if (ARTIFACT_ACTIONS.has(name) && (workflowRun || crossRun)) {
            return { at: earlier.uses.origin, note: `the artifacts downloaded by ${earlier.uses.raw}` };
          }
          const ref = earlier.github?.checkout?.ref;
          if (ref && PR_REF.test(ref.value)) return { at: ref.origin, note: 'the pull request code checked out here' };
        }
        const other = earlier === step ? script : stepScript(earlier, job);
        if (!other) continue;
        for (const command of other.facts.commands) {
          if (earlier === step && command.start >= before) break;
          const [a, b] = command.args;
          const fetchesPr = command.name === 'gh' && ((a === 'pr' && b === 'checkout') || (a === 'run' && b === 'download'));
          const gitPr = command.name === 'git' && a === 'fetch' && command.args.some((x) => /pull\/|refs\/pull/.test(x));
          if (fetchesPr || gitPr)
            return {
              at: other.origin(command.start, command.end),
              note: `\`${truncate(other.template.value.slice(command.start, command.end))}\``,
            };
        }
      }
      return undefined;
    }
  },
});

/** A fix, or the reason there is none (told in the finding's tip). */
interface FixOutcome {
  fix?: FixDescriptor;
  declined?: string;
}

/** Why no fix is offered, by case; each ends up in the finding's tip as "No automatic fix: ...". */
const DECLINED = {
  'env-name':
    'the data makes up the whole line, so it names the variable itself; no quoting keeps it to one value (pass it to the steps that need it through `env:` instead)',
  path: 'no rewrite makes a PATH entry from untrusted data safe; validate the directory against a fixed list or do not take it from the data',
  files: 'the data is file content; validate what is read before writing it',
  sh: 'sh has no `${VAR//pattern/text}` to write the value on one line, and dash\'s echo turns `\\n` in the value into line breaks; the fix only rewrites a line that is just `echo "NAME=value" >> "$GITHUB_ENV"` into a value behind a random delimiter',
  cmd: 'cmd has no expansion that removes line breaks from a value, and %VAR% is expanded before the line is parsed, so metacharacters in the value (& | < >) would still run as commands',
  other: 'the fix handles bash and PowerShell (and multi-line values in bash and sh) only',
  pwsh: 'in PowerShell the value is rewritten only inside a double-quoted string (`"NAME=..."`), where `$(...)` expands as text',
  unparsed: 'the script could not be parsed',
  shared: 'the script is not written in the step itself (a YAML anchor or merge); editing it would change every step that shares it',
  eval: 'the value is evaluated again as code (eval, sh -c...), which would evaluate a variable too',
  escapes:
    "the value is part of printf's format or of `echo -e`, which turn a `\\n` written in the value into a line break (pass it as a `%s` argument: printf 'NAME=%s\\n' \"$VALUE\")",
  quoted: 'the script is a quoted YAML scalar, where the rewrite would need escapes',
  context: 'the value sits in a construct or quoting the fixer does not follow, where a variable reference may not mean the same',
  delimiter: 'the heredoc delimiter is not a plain word written in the script (quoted, or taken from a variable or an expression)',
} as const;

function withDecline(tip: string, declined: string | undefined): string {
  return declined ? `${tip} No automatic fix: ${declined}.` : tip;
}

function fixOf(candidate: Candidate, scope: SpanScope): FixOutcome {
  const { messageId, span, region, write } = candidate;
  if (messageId === 'env-name' || messageId === 'path' || messageId === 'files') return { declined: DECLINED[messageId] };
  if (region && !region.random) return delimiterFix(region, span, scope);
  if (scope.script.facts.dialect === 'sh' && write) return shMultiLineFix(span, write, scope);
  return singleLineFix(span, scope);
}

/** `echo "NAME=value" >> target`, alone on its line(s); the value holds no quote, backslash or command substitution. */
const SIMPLE_ECHO =
  /^echo[ \t]+"([A-Za-z_][A-Za-z0-9_]*)=((?:[^"\\`$]|\$(?!\()|\$\{\{[^"}]*\}\})*)"[ \t]*>>[ \t]*("?\$\{?GITHUB_(?:ENV|OUTPUT)\}?"?)$/;

/**
 * sh: `echo "NAME=value" >> "$GITHUB_ENV"` becomes a multi-line value behind a random delimiter,
 * `ENV_DELIMITER=...; { echo "NAME<<$ENV_DELIMITER"; printf '%s\n' "value"; echo "$ENV_DELIMITER"; } >> "$GITHUB_ENV"`,
 * with a `${{ }}` in the value moved into the step's `env:`. sh cannot drop line breaks from a
 * value, but this way they stay inside it. Unsafe: printf writes a backslash in the data as
 * itself, where dash's echo turned `\n` and the like into characters.
 */
function shMultiLineFix(span: TaintedSpan, write: EnvFileWrite, scope: SpanScope): FixOutcome {
  const { step, job, pipeline, script } = scope;
  if (!script.facts.parsed) return { declined: DECLINED.unparsed };
  if (ownPair(step.node, 'run')?.value !== script.template.node) return { declined: DECLINED.shared };
  const value = script.template.value;
  const text = value.slice(write.start, write.end);
  const match = SIMPLE_ECHO.exec(text);
  const node = asScalar(script.template.node);
  const style = node?.style;
  if (!match || (style !== 'literal' && !(style === 'plain' && !value.includes('\n')))) return { declined: DECLINED.sh };
  const lineStart = value.lastIndexOf('\n', write.start - 1) + 1;
  const lineEnd = value.indexOf('\n', write.end);
  const rest = value.slice(write.end, lineEnd === -1 ? value.length : lineEnd);
  if (!/^[ \t]*$/.test(value.slice(lineStart, write.start)) || !/^[ \t]*$/.test(rest)) return { declined: DECLINED.sh };
  const [, name, written, target] = match as unknown as [string, string, string, string];
  const at = script.origin(write.start, write.end);
  if (at.span.end - at.span.start !== text.length || at.span.start === at.span.end) return { declined: DECLINED.context };
  const file = at.file;
  if (file.text.slice(at.span.start, at.span.end) !== text) return { declined: DECLINED.context };
  let data = written;
  const edits: FixDescriptor['edits'] = [];
  const templates = script.template.interpolations.filter((i) => i.origin.span.start >= at.span.start && i.origin.span.end <= at.span.end);
  let title = '';
  if (templates.length > 0) {
    const interpolation = templates.find((i) => i.origin.span.start === span.at.span.start);
    if (templates.length > 1 || !interpolation) return { declined: DECLINED.context };
    const move = moveToEnvFix(interpolation, {
      kind: 'shell',
      step,
      job,
      pipeline,
      template: script.template,
      dialect: 'sh',
      osKnown: osOf(job) !== 'unknown',
    });
    const reference = move?.edits.find((e) => e.at.span.start === interpolation.origin.span.start);
    if (!move || !reference) return { declined: DECLINED.context };
    const written = file.text.slice(interpolation.origin.span.start, interpolation.origin.span.end);
    data = data.replace(written, reference.text);
    edits.push(...move.edits.filter((e) => e !== reference));
    title = `; ${move.title}`;
  }
  const variable = write.target === 'GITHUB_OUTPUT' ? 'OUTPUT_DELIMITER' : 'ENV_DELIMITER';
  if (new RegExp(`\\b${variable}\\b`).test(value)) return { declined: DECLINED.context };
  const random = "$(od -An -N16 -tx1 /dev/urandom | tr -d ' \\n')";
  edits.push({
    at,
    text: `${variable}="EOF_${random}"; { echo "${name}<<$${variable}"; printf '%s\\n' "${data}"; echo "$${variable}"; } >> ${target}`,
  });
  return {
    fix: {
      title: `Write ${name} as a multi-line value behind a random delimiter (sh has no way to drop its line breaks)${title}`,
      safety: 'unsafe',
      edits,
    },
  };
}

/**
 * A value behind a fixed heredoc delimiter keeps its line breaks: the delimiter becomes random
 * (bash and sh), and a `${{ }}` that carries the data moves into the step's `env:` as well.
 */
function delimiterFix(region: Region, span: TaintedSpan, scope: SpanScope): FixOutcome {
  const { step, job, pipeline, script } = scope;
  const dialect = script.facts.dialect;
  if (dialect !== 'bash' && dialect !== 'sh') return { declined: dialect === 'cmd' ? DECLINED.cmd : DECLINED.other };
  if (!script.facts.parsed) return { declined: DECLINED.unparsed };
  if (ownPair(step.node, 'run')?.value !== script.template.node) return { declined: DECLINED.shared };
  const evalSpans = script.facts.evalSinks.map((s) => ({ start: s.argStart, end: s.argEnd }));
  if (evalSpans.some((s) => s.start <= span.start && span.end <= s.end)) return { declined: DECLINED.eval };
  if (!region.site) return { declined: DECLINED.delimiter };
  const fix = randomDelimiterFix(region.site, { step, job, pipeline, template: script.template });
  if ('declined' in fix) return { declined: fix.declined };
  if (!span.text.startsWith('${{')) return { fix };
  const interpolation = script.template.interpolations.find((i) => i.origin.span.start === span.at.span.start);
  const move =
    interpolation &&
    moveToEnvFix(interpolation, {
      kind: 'shell',
      step,
      job,
      pipeline,
      template: script.template,
      dialect,
      osKnown: osOf(job) !== 'unknown',
      evalSpans,
    });
  if (!move) return { fix };
  return { fix: { title: `${fix.title}; ${move.title}`, safety: move.safety, edits: [...fix.edits, ...move.edits] } };
}

/** The value written as one line: a `${{ }}` moved into env and read flattened, or a variable read flattened. */
function singleLineFix(span: TaintedSpan, scope: SpanScope): FixOutcome {
  const { step, job, pipeline, script } = scope;
  const dialect = script.facts.dialect;
  const pwsh = dialect === 'pwsh' || dialect === 'powershell';
  if (dialect !== 'bash' && !pwsh) return { declined: dialect === 'sh' || dialect === 'cmd' ? DECLINED[dialect] : DECLINED.other };
  if (!script.facts.parsed) return { declined: DECLINED.unparsed };
  if (ownPair(step.node, 'run')?.value !== script.template.node) return { declined: DECLINED.shared };
  const evalSpans = script.facts.evalSinks.map((s) => ({ start: s.argStart, end: s.argEnd }));
  if (evalSpans.some((s) => s.start <= span.start && span.end <= s.end)) return { declined: DECLINED.eval };
  if (!pwsh && interpretsEscapes(script, span)) return { declined: DECLINED.escapes };
  if (span.text.startsWith('${{')) {
    const interpolation = script.template.interpolations.find((i) => i.origin.span.start === span.at.span.start);
    if (!interpolation) return { declined: DECLINED.context };
    const target = {
      kind: 'shell' as const,
      step,
      job,
      pipeline,
      template: script.template,
      dialect: script.facts.dialect,
      osKnown: osOf(job) !== 'unknown',
      evalSpans,
      singleLine: true,
    };
    const fix = moveToEnvFix(interpolation, target);
    return fix ? { fix } : { declined: pwsh ? DECLINED.pwsh : DECLINED.context };
  }
  const variable = pwsh
    ? /^\$(?:env:([A-Za-z_][A-Za-z0-9_]*)|\{env:([A-Za-z_][A-Za-z0-9_]*)\})$/i.exec(span.text)
    : /^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})$/.exec(span.text);
  const name = variable?.[1] ?? variable?.[2];
  const expansion = script.facts.expansions.find((x) => x.start === span.start && x.end === span.end);
  if (!name || !expansion) return { declined: DECLINED.context };
  const file = span.at.file;
  // Block and plain scalars hold the text as written; quoted ones would need escapes.
  const style = asScalar(script.template.node)?.style;
  if (style !== 'literal' && style !== 'folded' && style !== 'plain') return { declined: DECLINED.quoted };
  if (file.text.slice(span.at.span.start, span.at.span.end) !== span.text) return { declined: DECLINED.context };
  if (pwsh && !expansion.quoted) return { declined: DECLINED.pwsh };
  const flat = pwsh ? flattenedPwsh(name) : flattenedExpansion(name);
  return {
    fix: {
      title: `Write ${span.text} with its line breaks as spaces (${flat})`,
      safety: 'unsafe',
      edits: [{ at: span.at, text: expansion.quoted || pwsh ? flat : `"${flat}"` }],
    },
  };
}

/**
 * Whether the command that prints the span turns backslash escapes into characters: the format
 * of printf (its first operand, after `-v NAME`), or the arguments of `echo -e`. A value there
 * can write a line break with the two characters `\n`, so removing real ones is no fix.
 */
function interpretsEscapes(script: StepScript, span: TaintedSpan): boolean {
  const value = script.template.value;
  const command = script.facts.commands
    .filter((c) => c.start <= span.start && span.end <= c.end && (c.name === 'printf' || c.name === 'echo'))
    .sort((a, b) => b.start - a.start)[0];
  if (!command) return false;
  if (command.name === 'echo') return command.args.some((a) => /^-[nE]*e[neE]*$/.test(a));
  const formatIndex = command.args[0] === '-v' ? 2 : 0;
  const format = command.args[formatIndex];
  if (format === undefined) return true;
  const at = value.indexOf(format, command.start + 'printf'.length);
  // Not found as written (quotes removed from a literal format): the span is not in it only if it comes after.
  if (at === -1) return !(span.start > command.start + 'printf'.length + format.length + 2);
  return span.start < at + format.length;
}

function truncate(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
}

function piecesOf(write: EnvFileWrite, script: StepScript): TextSpan[] {
  if (write.written.length) return write.written;
  return [{ start: write.start, end: write.end, text: script.template.value.slice(write.start, write.end) }];
}

/** Text of the written line before `offset` (after the last real or `\n`-escaped line break), quotes removed. */
function linePrefix(piece: TextSpan, offset: number): string {
  const before = piece.text.slice(0, Math.max(0, offset - piece.start));
  const parts = before.split(/\n|\\n/);
  return (parts[parts.length - 1] ?? '').replace(/["'\s]/g, '');
}

const OPENER = /([A-Za-z_][A-Za-z0-9_-]*)<<(["']?)([^\s"'`]+)\2/g;

/**
 * Multi-line values (`NAME<<DELIM` ... `DELIM`) across the writes of one target, in script
 * order. A delimiter taken from a variable whose value is computed (`$(openssl rand -hex 8)`,
 * `$RANDOM`, `uuidgen`) or not visible in the script is random; a literal one is fixed.
 */
function heredocRegions(script: StepScript, writes: EnvFileWrite[]): Region[] {
  const regions: Region[] = [];
  let open:
    | { start: number; delimiter: string; random: boolean; closer: RegExp; opener?: { start: number; end: number }; writeStart: number }
    | undefined;
  for (const write of writes) {
    for (const piece of piecesOf(write, script)) {
      let i = 0;
      const text = piece.text;
      while (i <= text.length) {
        if (!open) {
          OPENER.lastIndex = i;
          const m = OPENER.exec(text);
          if (!m) break;
          const raw = m[3] ?? '';
          const end = piece.start + m.index + m[0].length;
          const plainWord = !m[2] && !/[$`]/.test(raw);
          open = {
            start: end,
            ...delimiterOf(raw, script, piece.start + m.index),
            opener: plainWord ? { start: end - raw.length, end } : undefined,
            writeStart: write.start,
          };
          i = m.index + m[0].length;
          continue;
        }
        open.closer.lastIndex = i;
        const m = open.closer.exec(text);
        if (!m) break;
        const closerStart = piece.start + m.index + (m[1]?.length ?? 0);
        const site = open.opener && {
          delimiter: open.delimiter,
          opener: open.opener,
          closer: { start: closerStart, end: closerStart + open.delimiter.length },
          writeStart: open.writeStart,
          name: write.target === 'GITHUB_OUTPUT' ? ('OUTPUT_DELIMITER' as const) : ('ENV_DELIMITER' as const),
        };
        regions.push({ start: open.start, end: piece.start + m.index, delimiter: open.delimiter, random: open.random, site });
        open = undefined;
        i = m.index + Math.max(1, m[0].length);
      }
    }
  }
  if (open) regions.push({ start: open.start, end: Number.MAX_SAFE_INTEGER, delimiter: open.delimiter, random: open.random });
  return regions;
}

function delimiterOf(raw: string, script: StepScript, at: number): { delimiter: string; random: boolean; closer: RegExp } {
  const variable = /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/.exec(raw);
  if (variable) {
    const name = variable[1] as string;
    const closer = new RegExp(`\\$\\{?${name}\\}?(?![A-Za-z0-9_])`, 'g');
    const assigned = assignmentsOf(script)
      .filter((a) => a.name === name && a.valueEnd <= at)
      .pop();
    const value = assigned ? script.template.value.slice(assigned.valueStart, assigned.valueEnd) : undefined;
    const literal = value !== undefined && !/[$`]/.test(value);
    return { delimiter: literal ? value.replace(/["']/g, '') : raw, random: !literal && !/\$\{\{/.test(raw), closer };
  }
  if (raw.includes('${{')) return { delimiter: raw, random: false, closer: new RegExp(`${escapeRegExp(raw)}`, 'g') };
  return { delimiter: raw, random: false, closer: new RegExp(`(^|[\\s"'])${escapeRegExp(raw)}(?=$|[\\s"'])`, 'gm') };
}
