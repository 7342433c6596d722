/**
 * static-cloud-credentials: long-lived AWS, Google Cloud and Azure credentials handed to a job
 * (secrets read into env variables, into the credential inputs of the providers' login actions,
 * or anywhere in the job by a credential-like secret name) although each provider accepts GitHub's
 * OIDC token instead, which is minted per job, expires within minutes and can be bound to the
 * repository, branch and environment.
 * One finding per provider and step (or job / workflow `env:` block), at the first credential,
 * with the others as related locations. Severity is medium, high when a low-trust actor reaches
 * a privileged job holding the key and no real gate stands in between.
 * Ignores: registry publish tokens and secrets-manager tokens (other rules), literal values
 * (hardcoded-secret), and names the platform table does not know.
 * On GitLab: keys named in scripts (`$AWS_SECRET_ACCESS_KEY`) or set in `variables:` of a job
 * that requests no `id_tokens:` (a job that already has one is left alone).
 * Data: Job.identity.staticCloudKeys, annotated by the adapter from
 * platforms/github/data/cloud-credentials.ts (names, action inputs and OIDC alternatives, with sources)
 * and platforms/gitlab/data/cloud-oidc.ts.
 */
import { type Exposure, exposureOf, isWeakGate, trustContext } from '../analysis/trust/exposure.js';
import type { Severity } from '../model/finding.js';
import type { Job, Pipeline, StaticCredential } from '../model/types.js';
import { defineRule } from './define-rule.js';

interface Group {
  key: string;
  scope: string;
  credentials: StaticCredential[];
  job: Job;
  exposure: Exposure;
  severity: Severity;
  jobs: Set<string>;
}

function isStrongGate(exposure: Exposure): boolean {
  return exposure.gates.some((g) => !isWeakGate(g));
}

function severityOf(exposure: Exposure): Severity {
  return exposure.privilegedAtLowTrust && !isStrongGate(exposure) ? 'high' : 'medium';
}

/** Where in the file a credential is handed over: a step, the job's own env, or the workflow env. */
function scopeOf(credential: StaticCredential, job: Job, pipeline: Pipeline): string {
  const at = credential.origin.span.start;
  const file = credential.origin.file;
  // A GitLab job's script lines are steps of one script: one finding per job.
  if (
    pipeline.platform === 'gitlab' &&
    job.steps.some((s) => s.origin.file === file && s.origin.span.start <= at && at < s.origin.span.end)
  )
    return `${job.id}#job`;
  const step = job.steps.find((s) => s.origin.file === file && s.origin.span.start <= at && at < s.origin.span.end);
  if (step) return `${job.id}#${step.index}`;
  if (job.origin.file === file && job.origin.span.start <= at && at < job.origin.span.end) return `${job.id}#job`;
  return 'workflow';
}

/** Env names that point the AWS tooling at another S3-compatible service (R2, MinIO, Spaces...). */
const ENDPOINT_OVERRIDE = /^(AWS_ENDPOINT_URL(_S3)?|AWS_S3_ENDPOINT|S3_ENDPOINT(_URL)?|ENDPOINT_URL)$/i;
/** Secret names of S3-compatible services that take AWS-style keys but have no GitHub OIDC federation. */
const S3_COMPATIBLE = /(^|_)(R2|MINIO|SPACES|DO|DIGITALOCEAN|WASABI|B2|BACKBLAZE|LINODE|SCALEWAY|OVH|CLOUDFLARE|OSS|COS|GCS|HMAC)(_|$)/i;

/**
 * AWS-style keys used for another S3-compatible service: the AWS tooling is pointed at a different
 * endpoint, or the secret is named after such a service. AWS OIDC does not apply there.
 */
function isOtherS3Service(credentials: StaticCredential[], scope: string, job: Job, pipeline: Pipeline): boolean {
  if (credentials.some((c) => S3_COMPATIBLE.test(c.name))) return true;
  const env = scope === 'workflow' ? [...pipeline.env] : [...pipeline.env, ...job.env];
  const stepIndex = /#(\d+)$/.exec(scope)?.[1];
  const step = stepIndex === undefined ? undefined : job.steps.find((s) => s.index === Number(stepIndex));
  if (step) env.push(...step.env);
  if (env.some((v) => ENDPOINT_OVERRIDE.test(v.name))) return true;
  // A GitLab job's script is one unit: an endpoint given anywhere in it (the AWS CLI's
  // --endpoint-url, s3cmd's host_base) points the keys at another service.
  if (pipeline.platform === 'gitlab' && scope === `${job.id}#job`)
    return job.steps.some((s) => /--endpoint-url|\bhost_base\s*=/.test(s.script?.value ?? ''));
  if (!step) return false;
  return (step.script?.value ?? '').includes('--endpoint-url') || step.inputs.some((i) => /endpoint/i.test(i.name));
}

function isSecretHalf(credential: StaticCredential): boolean {
  const text = `${credential.name} ${credential.via ?? ''}`;
  return /SECRET|PASSWORD|PRIVATE|CREDENTIAL|CREDS|_SA_KEY|KEY_?JSON|SERVICE_ACCOUNT_KEY/i.test(text) && !/_ID$/i.test(credential.name);
}

function described(credential: StaticCredential): string {
  if (credential.via?.startsWith('variables: ')) return `\`${credential.via}\``;
  if (credential.via?.endsWith(' in the script')) return `\`$${credential.name}\``;
  const isInput = credential.via?.startsWith('input ') && credential.name === credential.via;
  if (isInput) return `\`${credential.via?.slice('input '.length)}\``;
  const secret = `\`secrets.${credential.name}\``;
  if (!credential.via) return secret;
  return `${secret} (as ${credential.via})`;
}

export default defineRule({
  meta: {
    id: 'static-cloud-credentials',
    summary: 'Long-lived cloud keys where the provider accepts OIDC',
    description:
      'A job receives long-lived AWS, Google Cloud or Azure credentials from repository secrets. Anyone who extracts them (from a log, a compromised step or dependency) keeps cloud access until they are rotated; OIDC federation gives each job a short-lived, scoped token instead.',
    category: 'identity',
    platforms: ['github', 'gitlab'],
    severity: 'high',
    confidence: 'high',
    stability: 'stable',
    fix: 'none',
    network: false,
    messages: {
      static:
        '{{provider}} long-lived credential {{credential}} reaches {{where}}: whoever extracts it (through a log, a compromised action or dependency{{reach}}) keeps {{provider}} access until someone rotates it, from anywhere, with no tie to this repository or branch',
    },
    owasp: ['CICD-SEC-2', 'CICD-SEC-6'],
    phase: 'integrity',
    related: {},
  },
  create(context) {
    return {
      pipeline(pipeline: Pipeline) {
        const groups = new Map<string, Group>();
        for (const job of pipeline.jobs) {
          // A GitLab job with id_tokens already has the short-lived path at hand.
          if (pipeline.platform === 'gitlab' && (job.gitlab?.idTokens.length ?? 0) > 0) continue;
          // ...and so may one that extends a template from an include not read offline.
          if (pipeline.platform === 'gitlab' && job.gitlab?.unresolvedExtends) continue;
          const credentials = job.identity.staticCloudKeys.filter((c) => c.kind === undefined || c.kind === 'cloud');
          if (credentials.length === 0) continue;
          const exposure = exposureOf(job, pipeline, context.project);
          const severity = severityOf(exposure);
          for (const credential of credentials) {
            const scope = scopeOf(credential, job, pipeline);
            const key = `${credential.provider}@${scope}`;
            let group = groups.get(key);
            if (!group) {
              group = { key, scope, credentials: [], job, exposure, severity, jobs: new Set() };
              groups.set(key, group);
            } else if (severity === 'high' && group.severity !== 'high') {
              Object.assign(group, { job, exposure, severity });
            }
            group.jobs.add(job.id);
            if (!group.credentials.some((c) => c.origin.span.start === credential.origin.span.start)) group.credentials.push(credential);
          }
        }
        for (const group of groups.values()) {
          const sorted = group.credentials.sort((a, b) => a.origin.span.start - b.origin.span.start);
          // Point at the secret half of a pair (the secret key, not the key id) when there is one.
          const first = sorted.find(isSecretHalf) ?? sorted[0];
          if (!first) continue;
          const rest = sorted.filter((c) => c !== first);
          if (first.provider === 'AWS' && isOtherS3Service(group.credentials, group.scope, group.job, pipeline)) continue;
          const jobs = [...group.jobs];
          const shared = pipeline.platform === 'gitlab' ? 'pipeline variables' : 'workflow env';
          const where =
            pipeline.kind === 'action' ? 'this action' : jobs.length > 1 ? `jobs ${jobs.join(', ')} (${shared})` : `job ${group.job.id}`;
          const reach = group.severity === 'high' ? `, or a run started by ${describeLowTrust(group.exposure)}` : '';
          const alreadyOidc = group.job.identity.oidc ? ' This job already requests id-token: write.' : '';
          context.report({
            messageId: 'static',
            data: { provider: first.provider, credential: described(first), where, reach },
            at: first.origin,
            severity: group.severity,
            related: rest.map((c) => ({ at: c.origin, note: `also ${described(c)}` })),
            trust: trustContext(group.exposure),
            tip:
              pipeline.platform === 'gitlab'
                ? `Use OIDC instead of stored keys: ${first.alternative ?? "an id_tokens: token exchanged through the provider's OIDC federation"}. Then delete and revoke the stored CI/CD variable.`
                : `Use OIDC instead of stored keys: ${first.alternative ?? "the provider's GitHub OIDC federation, with permissions: id-token: write"}. Then delete and revoke the stored secret.${alreadyOidc}`,
          });
        }
      },
    };
  },
});

function describeLowTrust(exposure: Exposure): string {
  const names = [...new Set(exposure.triggers.filter((t) => t.privileged).map((t) => t.name))];
  return names.length ? `outsiders through ${names.join(', ')}` : 'outsiders';
}
