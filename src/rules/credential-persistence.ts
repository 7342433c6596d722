/**
 * credential-persistence: `actions/checkout` without `persist-credentials: false`. The action
 * configures git with the job's token (in `.git/config` up to v5, in a file under $RUNNER_TEMP
 * from v6) so every later step, build scripts and third-party actions included, can read it and
 * push with it. Worse when a later `actions/upload-artifact` step uploads the checked-out
 * directory with its hidden files (the token then sits in an artifact anyone with read access can
 * download), or when the checkout takes the head of a pull request in a privileged job (the
 * pull request's own files run next to the token).
 * Ignores: `persist-credentials` given by an expression or a whole `with:` computed by an
 * expression (unknown offline), and the plain case when `persist-credentials: true` is written
 * out (a deliberate choice, typically to push later); artifact and pull-request cases are still
 * reported then.
 * Data: the model's checkout annotation (step.github.checkout); upload-artifact's hidden-file
 * default from its README (hidden files excluded from v4.4.0); checkout's v6 credential file
 * from its changelog; pull-request head contexts in platforms/github/data/checkout-actions.ts (read through rules/data/pr-checkout.ts).
 */
import { type Exposure, exposureOf, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import type { Confidence, Severity } from '../model/finding.js';
import { SEVERITIES } from '../model/finding.js';
import { type Job, type Reference, type Step, type StepInput, TRUST_NAMES } from '../model/types.js';
import { asMap, get, type YamlNode } from '../yaml/nodes.js';
import { prHeadContextIn } from './data/pr-checkout.js';
import { defineRule, type FixDescriptor } from './define-rule.js';
import { setActionInput } from './fixes/step-edits.js';

const TIP = 'Add `with: { persist-credentials: false }` to the checkout; steps that must push can pass a token to that one command.';

/** Major and minor version of an action reference, from its ref or its `# v1.2.3` comment. */
function actionVersion(reference: Reference): { major: number; minor?: number } | undefined {
  const fromRef = reference.pin === 'commit-sha' ? undefined : reference.ref;
  const text = fromRef ?? reference.versionComment?.text;
  if (!text) return undefined;
  const match = /(?:^|[^\w.])v?(\d+)(?:\.(\d+))?/.exec(fromRef !== undefined ? ` ${text}` : ` ${text.replace(/^tag=/, '')}`);
  if (!match?.[1]) return undefined;
  return { major: Number(match[1]), minor: match[2] === undefined ? undefined : Number(match[2]) };
}

function input(step: Step, name: string): StepInput | undefined {
  return step.inputs.find((i) => i.name.toLowerCase() === name);
}

function literal(value: StepInput | undefined): string | undefined {
  if (!value || value.value.interpolations.length > 0) return undefined;
  return value.value.value.trim();
}

/**
 * A path relative to the workspace ('' for the workspace itself); undefined when computed or
 * outside the workspace (absolute, home-relative).
 */
function normalisePath(raw: string): string | undefined {
  let path = raw.trim().replace(/\\/g, '/');
  const workspace = /^\$\{\{\s*github\.workspace\s*\}\}/i.exec(path);
  if (workspace) path = path.slice(workspace[0].length).replace(/^\/+/, '');
  else if (path.startsWith('/') || path.startsWith('~') || /^[A-Za-z]:/.test(path)) return undefined;
  if (path.includes('${{')) return undefined;
  path = path.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return path === '.' ? '' : path;
}

function checkoutDir(checkout: Step): string | undefined {
  const pathInput = input(checkout, 'path');
  if (!pathInput) return '';
  return normalisePath(pathInput.value.value);
}

const GLOB = /[*?[{]/;

/** A search pattern of @actions/glob as a regular expression over workspace-relative paths. */
function globRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * Does an upload path line take in `<dir>/.git/config`? A matched directory is uploaded with its
 * contents, so the line covers it when it matches the file or any directory above it.
 */
function coversDirectory(line: string, dir: string): boolean {
  const path = normalisePath(line);
  if (path === undefined || path.startsWith('..')) return false;
  if (path === '') return true;
  const target = dir === '' ? '.git/config' : `${dir}/.git/config`;
  const parts = target.split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  if (!GLOB.test(path)) return candidates.includes(path);
  const regexp = globRegExp(path);
  return candidates.some((candidate) => regexp.test(candidate));
}

type HiddenFiles = 'included' | 'excluded' | 'unknown';

/** Whether an upload-artifact step keeps hidden files such as `.git/` (excluded by default from v4.4.0). */
function hiddenFiles(step: Step): HiddenFiles {
  const explicit = literal(input(step, 'include-hidden-files'))?.toLowerCase();
  if (explicit === 'true') return 'included';
  if (explicit === 'false') return 'excluded';
  if (input(step, 'include-hidden-files')) return 'unknown';
  const version = step.uses ? actionVersion(step.uses) : undefined;
  if (!version) return 'unknown';
  if (version.major < 4) return 'included';
  if (version.major === 4 && version.minor !== undefined && version.minor < 4) return 'included';
  return 'excluded';
}

interface ArtifactLeak {
  upload: Step;
  confidence: Confidence;
}

function artifactLeak(checkout: Step, job: Job): ArtifactLeak | undefined {
  const version = checkout.uses ? actionVersion(checkout.uses) : undefined;
  if (version && version.major >= 6) return undefined; // the credential lives under $RUNNER_TEMP
  const dir = checkoutDir(checkout);
  if (dir === undefined) return undefined;
  for (const step of job.steps) {
    if (step.index <= checkout.index || !step.uses || !/^actions\/upload-artifact$/i.test(step.uses.name)) continue;
    const path = input(step, 'path')?.value.value;
    if (path === undefined) continue;
    const lines = path
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    if (lines.some((l) => l.startsWith('!') && /(^|\/)\.git(\/|$|\*)/.test(l.slice(1)))) continue;
    if (!lines.some((l) => !l.startsWith('!') && coversDirectory(l, dir))) continue;
    const hidden = hiddenFiles(step);
    if (hidden === 'excluded') continue;
    return { upload: step, confidence: hidden === 'included' && version ? 'high' : 'medium' };
  }
  return undefined;
}

/** `persist-credentials: false` under `with:`; unsafe when it overrides an explicit `true` (a job that pushes). */
function persistFix(step: Step, root: YamlNode, explicitlyTrue: boolean): FixDescriptor | undefined {
  const edit = setActionInput(step, root, 'persist-credentials', 'false');
  if (!edit) return undefined;
  return { title: 'Set `persist-credentials: false` on the checkout', safety: explicitlyTrue ? 'unsafe' : 'safe', edits: [edit] };
}

function stepLabel(step: Step): string {
  return step.name ?? step.id ?? step.uses?.raw ?? `#${step.index + 1}`;
}

function actor(exposure: Exposure): string {
  return exposure.minTrust === undefined ? 'whoever calls it' : TRUST_NAMES[exposure.minTrust];
}

function atLeastLow(severity: Severity): Severity {
  return SEVERITIES.indexOf(severity) < SEVERITIES.indexOf('low') ? 'low' : severity;
}

export default defineRule({
  meta: {
    id: 'credential-persistence',
    summary: 'actions/checkout leaves the job token in the git config for later steps (and artifacts)',
    description:
      'Unless `persist-credentials: false` is set, actions/checkout stores the token it used so later git commands can push. Every later step can read it, and uploading the checked-out directory as an artifact publishes it.',
    category: 'secrets',
    platforms: ['github'],
    severity: 'high',
    confidence: 'high',
    stability: 'stable',
    fix: 'safe',
    network: false,
    messages: {
      persisted:
        "actions/checkout keeps the job's token in {{where}} for the rest of job '{{job}}' (persist-credentials defaults to true): any later step, including build scripts and third-party actions, can read it and push to the repository with it",
      artifact:
        "actions/checkout stores {{token}} in {{dir}}.git/config and step '{{upload}}' uploads that directory as an artifact: anyone who can download the run's artifacts (everyone, for a public repository) can take the token",
      untrusted:
        "actions/checkout of the pull request head (`{{ref}}`) keeps the job's token in .git/config next to that code: any script or configuration file from the pull request that job '{{job}}' runs, reached by {{actor}}, can read it and push to the base repository",
    },
    owasp: ['CICD-SEC-6'],
    phase: 'foundations',
    related: {
      zizmor: ['artipacked'],
      codeql: ['actions/secrets-in-artifacts'],
      semgrep: ['checkout-persist-credentials'],
      kics: ['missing_persist_credentials_false'],
    },
  },
  create(context) {
    return {
      step(step, job, pipeline) {
        const checkout = step.github?.checkout;
        if (!checkout?.persistCredentials || !step.uses) return;
        const withNode = get(step.node, 'with');
        if (withNode && !asMap(withNode)) return; // `with: ${{ ... }}`: inputs unknown
        const persist = input(step, 'persist-credentials');
        if (persist && persist.value.interpolations.length > 0) return;
        const explicitlyTrue = persist !== undefined;
        const exposure = exposureOf(job, pipeline, context.project);
        const at = step.uses.origin;
        const fix = persistFix(step, pipeline.root, explicitlyTrue);

        const leak = artifactLeak(step, job);
        if (leak) {
          const dir = checkoutDir(step) ?? '';
          const customToken = input(step, 'token');
          context.report({
            messageId: 'artifact',
            data: {
              token: customToken ? 'the token passed in `token:`' : "the job's GITHUB_TOKEN",
              dir: dir === '' ? '' : `${dir}/`,
              upload: stepLabel(leak.upload),
            },
            at,
            severity: 'high',
            confidence: leak.confidence,
            related: [{ at: leak.upload.uses?.origin ?? leak.upload.origin, note: 'uploads the checked-out directory, .git/ included' }],
            trust: trustContext(exposure),
            tip: `${TIP} Also narrow the artifact's path to the build output.`,
            fix,
          });
          return;
        }

        const head = prHeadContextIn(checkout.ref) ?? prHeadContextIn(checkout.repository);
        if (head && exposure.privilegedAtLowTrust) {
          context.report({
            messageId: 'untrusted',
            data: { ref: head, job: job.id, actor: actor(exposure) },
            at,
            severity: scaledSeverity(exposure, 'high'),
            related: checkout.ref ? [{ at: checkout.ref.origin, note: 'pull request code' }] : [],
            trust: trustContext(exposure),
            tip: TIP,
            fix,
          });
          return;
        }

        if (explicitlyTrue) return;
        const version = actionVersion(step.uses);
        context.report({
          messageId: 'persisted',
          data: {
            job: job.id,
            where: version && version.major >= 6 ? 'a credentials file under $RUNNER_TEMP' : '.git/config',
          },
          at,
          severity: atLeastLow(scaledSeverity(exposure, 'medium')),
          confidence: 'medium',
          trust: trustContext(exposure),
          tip: TIP,
          fix,
        });
      },
    };
  },
});
