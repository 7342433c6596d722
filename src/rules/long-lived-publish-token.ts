/**
 * long-lived-publish-token: packages published to npm, PyPI (and TestPyPI), RubyGems or crates.io
 * with a long-lived API token from the repository's secrets, although each of these registries
 * accepts trusted publishing: an OIDC token minted for the one job run, which nobody can copy
 * into a later release. A stored token publishes from anywhere until someone revokes it, and
 * leaked registry tokens are how most package takeovers begin.
 * Reports the publishing step (command or action) with the token's source as related location:
 * an env variable the publisher reads (`NODE_AUTH_TOKEN`, `TWINE_PASSWORD`, `CARGO_REGISTRY_TOKEN`,
 * `GEM_HOST_API_KEY`...), an action input (`password`, `api-token`, `token`) or a secret in the
 * command's arguments (message `token`). A publishing command in a job without
 * `id-token: write` can only use a long-lived credential kept somewhere else (message `implicit`,
 * medium confidence); so can rubygems/release-gem with `setup-trusted-publisher: false`.
 * Severity: medium, high when untrusted actors can start a privileged run (trust-scaled); `implicit` low.
 * Ignores: private registries (a registry flag or input naming another host, setup-node's
 * `registry-url` elsewhere, `GITHUB_TOKEN` for GitHub Packages), dry runs, pypa's action without
 * `password` (trusted publishing).
 * Data: src/rules/data/trusted-publishing.ts (each registry's trusted-publishing docs) and the
 * publish sites of src/rules/data/publish-targets.ts.
 */
import { exposureOf, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import type { Severity } from '../model/finding.js';
import { SEVERITIES } from '../model/finding.js';
import type { EnvVar, Interpolation, Job, Origin, Pipeline, Step } from '../model/types.js';
import { stepScript } from '../analysis/scripts/step-script.js';
import { publishSites, type PublishSite } from './data/publish-targets.js';
import { registryForPublisher, TRUSTED_PUBLISHING_REGISTRIES, type TrustedPublishingRegistry } from './data/trusted-publishing.js';
import { defineRule } from './define-rule.js';

interface TokenSource {
  secret: string;
  at: Origin;
  via: string;
}

function secretsOf(interpolations: Interpolation[]): { name: string; at: Origin }[] {
  return interpolations.flatMap((i) =>
    i.secrets.filter((s) => s.name !== 'GITHUB_TOKEN').map((s) => ({ name: s.dynamic ? i.text.trim() : s.name, at: i.origin })),
  );
}

function usesGithubToken(interpolations: Interpolation[]): boolean {
  return interpolations.some((i) => /\b(secrets\.GITHUB_TOKEN|github\.token)\b/i.test(i.text));
}

/** Env variables visible to a step (later levels win). */
function visibleEnv(pipeline: Pipeline, job: Job, step: Step): Map<string, EnvVar> {
  const out = new Map<string, EnvVar>();
  for (const v of [...pipeline.env, ...job.env, ...step.env]) out.set(v.name, v);
  return out;
}

function hasIdToken(job: Job, pipeline: Pipeline): boolean {
  const permissions = job.permissions ?? pipeline.permissions;
  if (!permissions) return false;
  if (permissions.shorthand === 'write-all') return true;
  return permissions.scopes['id-token']?.level === 'write';
}

/** The value given to one of the flags (`--registry x`, `--registry=x`), if any. */
function flagValue(args: readonly string[], flags: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (flags.includes(arg)) return args[i + 1] ?? '';
    const eq = arg.indexOf('=');
    if (eq > 0 && flags.includes(arg.slice(0, eq))) return arg.slice(eq + 1);
  }
  return undefined;
}

function unquote(text: string): string {
  return text.replace(/^["']|["']$/g, '');
}

export default defineRule({
  meta: {
    id: 'long-lived-publish-token',
    summary: 'Package published with a long-lived registry token where trusted publishing exists',
    description:
      'A job publishes to npm, PyPI, RubyGems or crates.io with an API token stored as a secret, although the registry accepts trusted publishing (a short-lived OIDC token per run).',
    category: 'identity',
    platforms: ['github'],
    severity: 'medium',
    confidence: 'high',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: {
      token:
        '{{what}} publishes to {{registry}} with the long-lived token {{secret}} ({{via}}); {{registry}} supports trusted publishing, which needs no stored token',
      implicit:
        '{{what}} publishes to {{registry}} in a job without `id-token: write`, so it can only use a long-lived credential kept elsewhere; {{registry}} supports trusted publishing',
    },
    owasp: ['CICD-SEC-6', 'CICD-SEC-2'],
    phase: 'integrity',
    related: { zizmor: ['use-trusted-publishing'] },
  },
  create(context) {
    return {
      job(job, pipeline) {
        if (pipeline.platform !== 'github') return;
        const exposure = exposureOf(job, pipeline, context.project);
        const scaled = scaledSeverity(exposure, 'high');
        const tokenSeverity: Severity = SEVERITIES.indexOf(scaled) < SEVERITIES.indexOf('medium') ? 'medium' : scaled;
        const idToken = hasIdToken(job, pipeline);
        // setup-node pointed at another registry (GitHub Packages, a private one) writes its .npmrc.
        const setupNode = job.steps.filter((s) => s.uses?.name.toLowerCase() === 'actions/setup-node');
        const registryUrl = (s: Step) => s.inputs.find((i) => i.name === 'registry-url')?.value.value.trim() ?? '';
        const npmElsewhere = setupNode.some(
          (s) => registryUrl(s) !== '' && !/^(https?:\/\/)?registry\.npmjs\.org\/?$/i.test(registryUrl(s)),
        );
        // setup-node with registry-url writes the .npmrc that reads NODE_AUTH_TOKEN: the last one
        // before the publishing step is shown with the finding.
        const npmrcWriter = (before: Step) => setupNode.filter((s) => registryUrl(s) !== '' && s.index < before.index).pop()?.uses?.origin;
        const report = (
          messageId: 'token' | 'implicit',
          at: Origin,
          registry: TrustedPublishingRegistry,
          what: string,
          step: Step,
          token?: TokenSource,
        ) => {
          const npmrc = registry.id === 'npm' ? npmrcWriter(step) : undefined;
          context.report({
            messageId,
            data: { what: `\`${what}\``, registry: registry.name, secret: token ? `\`${token.secret}\`` : '', via: token?.via ?? '' },
            at,
            severity: messageId === 'token' ? tokenSeverity : 'low',
            confidence: messageId === 'token' ? 'high' : 'medium',
            related: [
              ...(token ? [{ at: token.at, note: 'the long-lived token comes from here' }] : []),
              ...(npmrc ? [{ at: npmrc, note: 'writes the .npmrc that sends the token' }] : []),
            ],
            trust: trustContext(exposure),
            tip: `Switch to trusted publishing: ${registry.howTo}. (${registry.source})`,
          });
        };

        // A configure-rubygems-credentials step with a token is the finding; the gem push after it is not another.
        let rubygemsCredentials = false;
        for (const step of job.steps) {
          const env = visibleEnv(pipeline, job, step);
          const rubygems = TRUSTED_PUBLISHING_REGISTRIES.find((r) => r.id === 'rubygems') as TrustedPublishingRegistry;
          const usesName = step.uses?.name.toLowerCase();
          if (step.uses && usesName === 'rubygems/configure-rubygems-credentials') {
            if (isPrivate(step, rubygems)) continue;
            const input = step.inputs.find((i) => i.name === 'api-token');
            const secret = input ? secretsOf(input.value.interpolations)[0] : undefined;
            if (input && secret) {
              rubygemsCredentials = true;
              report('token', step.uses.origin, rubygems, step.uses.name, step, {
                secret: secret.name,
                at: secret.at,
                via: 'input `api-token`',
              });
            }
            continue;
          }
          if (step.uses && usesName === 'rubygems/release-gem') {
            const setup = step.inputs
              .find((i) => i.name === 'setup-trusted-publisher')
              ?.value.value.trim()
              .toLowerCase();
            if (setup === 'false') report('implicit', step.uses.origin, rubygems, step.uses.name, step);
            continue;
          }
          for (const site of publishSites(step, job)) {
            const registry = registryForPublisher(site.what);
            if (!registry) continue;
            if (registry.id === 'npm' && npmElsewhere) continue;
            if (site.command ? isPrivateCommand(site, registry) : isPrivate(step, registry)) continue;
            const token = site.command ? commandToken(site, registry, env, job, step) : inputToken(step, registry);
            if (token === 'github-token') continue;
            if (token) report('token', site.at, registry, site.what, step, token);
            else if (site.command && !idToken && !(registry.id === 'rubygems' && rubygemsCredentials))
              report('implicit', site.at, registry, site.what, step);
          }
        }
      },
    };
  },
});

function isPrivate(step: Step, registry: TrustedPublishingRegistry): boolean {
  const value = step.inputs.find((i) => registry.registryInputs.includes(i.name))?.value.value.trim();
  return value !== undefined && value !== '' && !value.includes('${{') && !registry.publicHosts.test(value);
}

function isPrivateCommand(site: PublishSite, registry: TrustedPublishingRegistry): boolean {
  const value = site.command ? flagValue(site.command.args.map(unquote), registry.registryFlags) : undefined;
  return value !== undefined && !registry.publicHosts.test(value);
}

function inputToken(step: Step, registry: TrustedPublishingRegistry): TokenSource | 'github-token' | undefined {
  const names = registry.tokenInputs[step.uses?.name.toLowerCase() ?? ''] ?? [];
  for (const input of step.inputs.filter((i) => names.includes(i.name))) {
    if (usesGithubToken(input.value.interpolations)) return 'github-token';
    const secret = secretsOf(input.value.interpolations)[0];
    if (secret) return { secret: secret.name, at: secret.at, via: `input \`${input.name}\`` };
  }
  return undefined;
}

/** The token of a publishing command: a secret in its arguments, or a token variable it reads. */
function commandToken(
  site: PublishSite,
  registry: TrustedPublishingRegistry,
  env: Map<string, EnvVar>,
  job: Job,
  step: Step,
): TokenSource | 'github-token' | undefined {
  const command = site.command;
  const script = stepScript(step, job);
  if (!command || !script) return undefined;
  const inArgs = script.interpolationsWithin(command.start, command.end);
  if (usesGithubToken(inArgs)) return 'github-token';
  const direct = secretsOf(inArgs)[0];
  if (direct) return { secret: direct.name, at: direct.at, via: 'in the command line' };
  for (const expansion of script.facts.expansions) {
    if (expansion.start < command.start || expansion.end > command.end) continue;
    const value = env.get(expansion.name)?.value;
    const secret = value ? secretsOf(value.interpolations)[0] : undefined;
    if (secret) return { secret: secret.name, at: secret.at, via: `\`$${expansion.name}\` in the command line` };
  }
  for (const [name, variable] of env) {
    if (!registry.tokenEnv.test(name) || !variable.value) continue;
    if (usesGithubToken(variable.value.interpolations)) return 'github-token';
    const secret = secretsOf(variable.value.interpolations)[0];
    if (secret) return { secret: secret.name, at: secret.at, via: `env \`${name}\`` };
  }
  return undefined;
}
