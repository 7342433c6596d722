/**
 * secret-in-artifact: a GitLab job whose artifacts take credentials with them (GL-ART-06).
 * Artifacts are kept after the job and can be downloaded by everyone who can read the project's
 * pipelines (everyone, for a public project) unless `artifacts:access` (or `public: false`) says
 * otherwise. Two cases:
 * - `artifacts:paths` names a credential file (a kubeconfig, `.docker/config.json`, `.npmrc`,
 *   a private key or keystore, Terraform state, a cloud credentials JSON; lower for `.env`, PEM
 *   files and `.git/`);
 * - the job's script writes a secret-named variable to a file in the project directory
 *   (`echo "$KUBE_CONFIG" > kubeconfig`, `base64 -d <<< "$GCP_KEY" > key.json`) and its
 *   artifacts cover that file: the same path, the whole directory (`.`, `*`, `**`) or
 *   `untracked: true`.
 * Medium for certain credential files and written secrets, low for files that often hold some;
 * one step lower when `access` is `developer` or `maintainer`; nothing when it is `none`.
 * Ignores: files written outside the project directory (absolute paths, `~`, `$HOME`), which
 * artifacts cannot include, and `artifacts:reports` (they are parsed by GitLab, not offered as files).
 * Data: rules/data/credential-files.ts; analysis/secrets/detect.ts (secret-like names).
 * Semantics: https://docs.gitlab.com/ci/yaml/#artifacts, https://docs.gitlab.com/ci/yaml/#artifactsaccess
 */
import { stepScript } from '../analysis/scripts/step-script.js';
import { isSecretLikeName } from '../analysis/secrets/detect.js';
import { fileWrites, sameFile } from '../analysis/shell/file-writes.js';
import { exposureOf, trustContext } from '../analysis/trust/exposure.js';
import type { Severity } from '../model/finding.js';
import type { Job, Origin } from '../model/types.js';
import { credentialFileOf, isWholeWorkspace } from './data/credential-files.js';
import { defineRule } from './define-rule.js';

/** Names that hold a whole credential file though no secret word is in them. */
const CREDENTIAL_FILE_VARIABLES = /(?:^|_)(?:KUBE_?CONFIG|SERVICE_ACCOUNT(?:_JSON)?|DOCKER_AUTH_CONFIG|SSH_KEY)(?:_|$)/i;

const isSecretVariable = (name: string) => isSecretLikeName(name) || CREDENTIAL_FILE_VARIABLES.test(name);

/** A target inside the project directory (artifacts only take files from there). */
function inProjectDir(target: string): boolean {
  return !/^(?:\/|~|\$\{?HOME\b|\$\{?TMPDIR\b|\$\{?CI_BUILDS_DIR\b|\$\{?RUNNER_TEMP_PROJECT_DIR\b)/.test(target);
}

interface SecretWrite {
  variable: string;
  target: string;
  at: Origin;
}

/** Secret-named variables the job's scripts write to files in the project directory. */
function secretWrites(job: Job): SecretWrite[] {
  const out: SecretWrite[] = [];
  for (const step of job.steps) {
    const value = step.script?.value;
    if (!value?.includes('$') || !/>|\btee\b/.test(value)) continue;
    const writes = fileWrites(value).filter((w) => !w.literalHeredoc && inProjectDir(w.target));
    if (writes.length === 0) continue;
    const script = stepScript(step, job);
    if (!script) continue;
    for (const write of writes) {
      const expansion = script.facts.expansions.find((e) => e.start >= write.start && e.end <= write.end && isSecretVariable(e.name));
      if (expansion) out.push({ variable: expansion.name, target: write.target, at: script.origin(expansion.start, expansion.end) });
    }
  }
  return out;
}

const lower = (severity: Severity): Severity => (severity === 'medium' ? 'low' : 'info');

export default defineRule({
  meta: {
    id: 'secret-in-artifact',
    summary: 'GitLab job artifacts that take credentials with them',
    description:
      'artifacts:paths naming a credential file (kubeconfig, Docker or npm logins, private keys, Terraform state), or covering a file the job wrote a secret into, keeps the credential in an artifact everyone who can read the pipelines may download.',
    category: 'secrets',
    platforms: ['gitlab'],
    severity: 'medium',
    confidence: 'medium',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: {
      credentialFile: 'Job `{{job}}` keeps `{{path}}` ({{what}}) in its artifacts, which {{who}} can download after the job ends',
      writtenSecret:
        'Job `{{job}}` writes {{variable}} to `{{target}}`, and its artifacts ({{covers}}) keep that file, which {{who}} can download after the job ends',
    },
    owasp: ['CICD-SEC-6'],
    phase: 'foundations',
    related: { codeql: ['actions/secrets-in-artifacts'], zizmor: ['artipacked'] },
  },
  create(context) {
    return {
      job(job, pipeline) {
        const artifacts = job.gitlab?.artifacts;
        if (pipeline.platform !== 'gitlab' || !artifacts || artifacts.access === 'none' || job.triggers.length === 0) return;
        const restricted = artifacts.access === 'developer' || artifacts.access === 'maintainer';
        const who = restricted ? `project members with the ${artifacts.access} role` : "everyone who can read this project's pipelines";
        const trust = trustContext(exposureOf(job, pipeline, context.project));
        const tip =
          'Keep credentials out of the project directory (write them under $CI_BUILDS_DIR/.. or use file-type CI/CD variables), list only the build outputs in artifacts:paths, and set artifacts:access: none (or developer) for artifacts that must hold something sensitive.';
        const reported = new Set<string>();
        for (const entry of artifacts.pathEntries) {
          const file = credentialFileOf(entry.path);
          if (!file) continue;
          const severity: Severity = file.certain ? 'medium' : 'low';
          reported.add(entry.path);
          context.report({
            messageId: 'credentialFile',
            data: { job: job.id, path: entry.path, what: file.what, who },
            at: entry.origin,
            severity: restricted ? lower(severity) : severity,
            confidence: file.certain ? 'high' : 'medium',
            trust,
            tip,
          });
        }
        for (const write of secretWrites(job)) {
          const direct = artifacts.pathEntries.find(
            (e) => sameFile(write.target, e.path) || write.target.startsWith(e.path.replace(/\/?$/, '/')),
          );
          const whole = artifacts.pathEntries.find((e) => isWholeWorkspace(e.path));
          const cover: { at: Origin; what: string } | undefined = direct
            ? { at: direct.origin, what: `\`${direct.path}\`` }
            : whole
              ? { at: whole.origin, what: `\`${whole.path}\`, the whole project directory` }
              : artifacts.untrackedAt
                ? { at: artifacts.untrackedAt, what: '`untracked: true`, every file git does not track' }
                : undefined;
          if (!cover || (direct && reported.has(direct.path))) continue;
          const key = `${cover.at.span.start}:${write.target}`;
          if (reported.has(key)) continue;
          reported.add(key);
          context.report({
            messageId: 'writtenSecret',
            data: { job: job.id, variable: write.variable, target: write.target, covers: cover.what, who },
            at: cover.at,
            severity: restricted ? 'low' : 'medium',
            related: [{ at: write.at, note: `${write.variable} written to ${write.target}` }],
            trust,
            tip,
          });
        }
      },
    };
  },
});
