/**
 * remote-script-execution: scripts fetched from the network and run in the same breath, with no
 * checksum or signature check: `curl ... | sh`, `bash <(curl ...)`, `sh -c "$(wget -O- ...)"`,
 * PowerShell `iex (iwr ...)` / `Invoke-Expression (...DownloadString(...))`, and a download
 * followed by a run of the downloaded file. Whoever controls the server, the URL or the network
 * path decides what the job runs (the 2021 Codecov uploader compromise is the classic case).
 * Severity: medium; high over plain http:// or when the URL is built from an expression; when
 * the URL carries data that outsiders control, scaled by trust from critical (never below high).
 * Ignores: downloads verified before they run (sha256sum -c, gpg --verify... : the shell facts
 * drop them), and raw GitHub URLs pinned to a full commit SHA (their content cannot change).
 * Data: the shell facts (analysis/shell); no tables.
 */
import { MENTIONS_DOWNLOAD, scriptMentions, stepScript } from '../analysis/scripts/step-script.js';
import type { RemoteExecution } from '../analysis/shell/shell-facts.js';
import { TaintAnalysis, type TaintPath } from '../analysis/taint/taint.js';
import { exposureOf, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import type { Severity } from '../model/finding.js';
import { SEVERITIES } from '../model/finding.js';
import { Trust } from '../model/types.js';
import { defineRule } from './define-rule.js';
import { ShellTaint, type SpanScope } from './taint/shell-taint.js';

/** Content addressed by commit: raw.githubusercontent.com/o/r/<sha>/..., github.com/o/r/raw/<sha>/..., gist raw at a revision. */
const IMMUTABLE_URLS = [
  /^https:\/\/raw\.githubusercontent\.com\/[^/\s]+\/[^/\s]+\/[0-9a-f]{40}\//i,
  /^https:\/\/github\.com\/[^/\s]+\/[^/\s]+\/(raw|blob)\/[0-9a-f]{40}\//i,
  /^https:\/\/gist\.githubusercontent\.com\/[^/\s]+\/[0-9a-f]+\/raw\/[0-9a-f]{40}\//i,
];

const HOW: Record<RemoteExecution['kind'], string> = {
  'pipe-to-shell': 'pipes a download straight into an interpreter',
  'process-substitution': 'runs a download through process substitution',
  'command-substitution': 'runs the output of a download as code',
  'download-then-run': 'downloads a file and runs it',
  iex: 'evaluates a download with Invoke-Expression',
};

const TIP =
  'Download to a file, check it against a checksum or signature you keep in the repository (sha256sum -c, gpg --verify), then run it; or use a pinned action or package instead of an install script.';

export default defineRule({
  meta: {
    id: 'remote-script-execution',
    summary: 'Script downloaded and run without verification',
    description:
      'A step runs code fetched from the network (curl | sh, bash <(curl ...), iex (iwr ...)) without checking a checksum or signature, so whoever controls the server or the URL controls what the job runs.',
    category: 'supply-chain',
    platforms: ['github', 'gitlab', 'tekton'],
    severity: 'medium',
    confidence: 'high',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: {
      remote:
        '`{{command}}` {{how}} from {{url}} without checking it: whoever controls that server or the file behind the URL runs code in this job',
      http: '`{{command}}` {{how}} over plain http ({{url}}): anyone on the network path can replace the script and run code in this job',
      expression:
        '`{{command}}` {{how}} from a URL built by an expression ({{url}}): whoever sets that value chooses the code this job runs',
      tainted: '`{{command}}` {{how}} from a URL containing {{source}}: an attacker chooses the script this job runs',
    },
    owasp: ['CICD-SEC-3', 'CICD-SEC-8'],
    phase: 'integrity',
    related: { poutine: ['unverified_script_exec'], scorecard: ['Pinned-Dependencies'], semgrep: ['curl-eval', 'gha-curl-pipe-shell'] },
  },
  create(context) {
    const shell = new ShellTaint(new TaintAnalysis(context.project));
    const exposureOfPath = (path: TaintPath) => {
      const triggers = path.entryPipeline.kind === 'workflow' ? path.triggers : [];
      return exposureOf(path.entryJob, path.entryPipeline, context.project, triggers.length ? triggers : undefined);
    };
    return {
      step(step, job, pipeline) {
        if (!scriptMentions(step, MENTIONS_DOWNLOAD)) return;
        const script = stepScript(step, job);
        if (!script || script.facts.remoteExecutions.length === 0) return;
        const scope: SpanScope = { pipeline, job, step, script };
        const executions = script.facts.remoteExecutions;
        for (const execution of executions) {
          // A pipe inside a larger reported form (`sh -c "$(curl ... | cat)"`) is one finding.
          if (
            executions.some(
              (o) =>
                o !== execution &&
                o.start <= execution.start &&
                o.end >= execution.end &&
                o.end - o.start > execution.end - execution.start,
            )
          )
            continue;
          const url = execution.url?.trim().replace(/^(["'])(.*)\1$/, '$2');
          if (url && IMMUTABLE_URLS.some((re) => re.test(url))) continue;
          const urlAt = url ? execution.text.indexOf(url) : -1;
          const span = urlAt >= 0 && url ? { start: execution.start + urlAt, end: execution.start + urlAt + url.length } : execution;
          const command = truncate(execution.text);
          const how = HOW[execution.kind];
          const shownUrl = url ? `\`${truncate(url)}\`` : 'the network';
          const at = script.origin(execution.start, execution.end);
          // A download run on a later line (`curl -o x ...` then `bash x`): the run is shown too.
          const run =
            execution.run && execution.text.slice(0, execution.run.start - execution.start).includes('\n') ? execution.run : undefined;
          const related = run ? [{ at: script.origin(run.start, run.end), note: 'runs the downloaded file' }] : [];
          const tainted = shell
            .within(scope, span.start, span.end, true)
            .map((t) => ({ t, exposure: exposureOfPath(t.path) }))
            .filter(({ exposure }) => exposure.minTrust === undefined || exposure.minTrust <= Trust.Contributor);
          const first = tainted[0]?.t;
          const exposure = tainted[0]?.exposure;
          if (first && exposure) {
            const path = first.path;
            const scaled = scaledSeverity(exposure, 'critical');
            const severity = SEVERITIES.indexOf(scaled) < SEVERITIES.indexOf('high') ? 'high' : scaled;
            context.report({
              messageId: 'tainted',
              data: { command, how, source: `${path.source.name} (\`${first.text}\`)` },
              at,
              severity: severity as Severity,
              confidence: first.derived ? 'medium' : 'high',
              flow: [
                { at: path.source.origin, note: `attacker-controlled ${path.source.name}` },
                ...path.hops.map((hop) => ({ at: hop.origin, note: hop.note })),
                { at: first.at, note: 'part of the URL of the script that runs' },
              ],
              related,
              trust: trustContext(exposure),
              tip: TIP,
            });
            continue;
          }
          // `${{ }}` (GitHub) or Tekton's `$(params.x)`, which Tekton substitutes before the shell runs.
          const expression =
            url && (/\$\{\{/.test(url) || (pipeline.platform === 'tekton' && /\$\(\s*(?:params|tt\.params|tasks|steps)\b/.test(url)));
          const insecure = url && /^http:\/\//i.test(url);
          context.report({
            messageId: expression ? 'expression' : insecure ? 'http' : 'remote',
            data: { command, how, url: shownUrl },
            at,
            severity: expression || insecure ? 'high' : 'medium',
            related,
            tip: TIP,
          });
        }
      },
    };
  },
});

function truncate(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 80 ? `${one.slice(0, 77)}...` : one;
}
