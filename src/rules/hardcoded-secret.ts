/**
 * hardcoded-secret: credentials written literally in a pipeline file: known token formats
 * (GitHub, GitLab, AWS, Slack, npm, PyPI, private keys...), passwords in `container:` /
 * `services:` `credentials:`, `docker login -p <literal>` and long high-entropy literals under
 * secret-like names (`API_KEY: 8f3k...`). Each file is scanned once as text, so comments, `env:`,
 * `with:` and scripts are all covered.
 * Ignores: references (`${{ secrets.X }}`, `$VAR`, `$(params.x)`...), obvious placeholders
 * (`changeme`, `<token>`, `xxxx`, `example`), generic values that are short or low-entropy, and
 * (beyond the detector) generic values that are secret-manager references built from words
 * (`vault-path:key`), code (`((.usage.tokens? | tonumber?) // 0)`), key fingerprints and ids
 * (`GPG_KEY_UID`), passwords in URLs of service containers on the runner
 * (`postgres://u:p@localhost`, `...@redis:6379`), and vendor-published emulator keys.
 * Messages only ever carry the masked form of a secret. Data: analysis/secrets/token-formats.ts,
 * rules/data/public-credentials.ts.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_MIN_GENERIC_ENTROPY, detectSecrets, GENERIC_FORMAT_ID, type SecretMatch } from '../analysis/secrets/detect.js';
import type { Pipeline, SourceFile } from '../model/types.js';
import { PUBLIC_CREDENTIAL_DIGESTS } from './data/public-credentials.js';
import { defineRule } from './define-rule.js';

/** Letters-only words joined by punctuation: a reference into a secret store or a secret's name, not a secret. */
const WORD_REFERENCE = /^[A-Za-z]+(?:[-_:./][A-Za-z]+)+$/;
/** Names that describe a key rather than hold it. */
const DESCRIBES_KEY = /(?:^|[^a-z])(?:uid|fingerprint|fpr|keyid|key_id|thumbprint)$/i;

/** The `name` of `name: value` / `name=value` just before an offset on the same line. */
function keyBefore(text: string, start: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  return /([\w.-]+)["']?[ \t]*:?=?[ \t]*["']?$/.exec(text.slice(lineStart, start))?.[1];
}

function isFalsePositive(text: string, match: SecretMatch): boolean {
  const value = text.slice(match.start, match.end);
  if (PUBLIC_CREDENTIAL_DIGESTS.has(createHash('sha256').update(value).digest('hex'))) return true;
  if (match.formatId === 'basic-auth-url') {
    // `postgres://postgres:postgres@localhost:5432`: a service container on the runner itself.
    const host = /^@\[?([^\s/:?#\]'"]+)/.exec(text.slice(match.end, match.end + 256))?.[1]?.toLowerCase() ?? '';
    return host === 'localhost' || host === '0.0.0.0' || host === '::1' || /^127\./.test(host) || /^[a-z][a-z0-9-]*$/.test(host);
  }
  if (match.formatId !== GENERIC_FORMAT_ID || !match.description.startsWith('High-entropy')) return false;
  if (WORD_REFERENCE.test(value)) return true;
  if (/[(){}?]/.test(value)) return true; // code (jq, shell, templates), not a credential
  const key = keyBefore(text, match.start);
  return key !== undefined && DESCRIBES_KEY.test(key);
}

/** The pipeline's file and every file its parts are written in (GitLab local includes). */
function filesOf(pipeline: Pipeline): SourceFile[] {
  const files = new Set<SourceFile>([pipeline.file]);
  for (const variable of pipeline.env) files.add(variable.origin.file);
  for (const reference of pipeline.references) files.add(reference.origin.file);
  for (const job of pipeline.jobs) {
    files.add(job.origin.file);
    for (const step of job.steps) files.add(step.origin.file);
    for (const variable of job.env) files.add(variable.origin.file);
  }
  return [...files];
}

export default defineRule({
  meta: {
    id: 'hardcoded-secret',
    summary: 'A credential written literally in a pipeline file',
    description:
      'A token, key or password in the file itself is readable by everyone who can read the repository, its forks and its history, and cannot be rotated without a commit.',
    category: 'secrets',
    platforms: ['github', 'gitlab', 'tekton'],
    severity: 'high',
    confidence: 'high',
    stability: 'stable',
    fix: 'none',
    network: false,
    options: {
      minEntropy: {
        type: 'number',
        description: 'Minimum Shannon entropy (bits per character) of a literal under a secret-like name to be reported.',
        default: DEFAULT_MIN_GENERIC_ENTROPY,
      },
    },
    messages: {
      token: '{{description}} (value {{masked}}) is written in the file: anyone who can read the repository or its history can use it',
      generic: '{{description}} (value {{masked}}): anyone who can read the repository or its history can use it',
    },
    owasp: ['CICD-SEC-6'],
    phase: 'foundations',
    related: { zizmor: ['hardcoded-container-credentials'], actionlint: ['credentials'], gitleaks: ['*'] },
  },
  create(context) {
    const scanned = new Set<SourceFile>();
    const option = context.options.minEntropy;
    const minGenericEntropy = typeof option === 'number' && Number.isFinite(option) ? option : DEFAULT_MIN_GENERIC_ENTROPY;
    return {
      pipeline(pipeline) {
        for (const file of filesOf(pipeline)) {
          if (scanned.has(file)) continue;
          scanned.add(file);
          for (const match of detectSecrets(file.text, { minGenericEntropy })) {
            if (isFalsePositive(file.text, match)) continue;
            const known = match.formatId !== GENERIC_FORMAT_ID;
            context.report({
              messageId: known ? 'token' : 'generic',
              data: { description: match.description, masked: match.redacted },
              at: { file, span: { start: match.start, end: match.end } },
              severity: known && match.confidence === 'high' ? 'critical' : 'high',
              confidence: match.confidence,
              tip:
                pipeline.platform === 'gitlab'
                  ? 'Revoke and rotate the credential now (it stays in the history), store the new one as a masked, protected CI/CD variable (or an external secret) and read it as $NAME.'
                  : pipeline.platform === 'tekton'
                    ? 'Revoke and rotate the credential now (it stays in the history), store the new one in a Kubernetes Secret and read it with env valueFrom.secretKeyRef or a secret workspace.'
                    : 'Revoke and rotate the credential now (it stays in the history), store the new one as an encrypted secret and reference it as ${{ secrets.NAME }}.',
            });
          }
        }
      },
    };
  },
});
