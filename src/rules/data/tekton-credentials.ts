/**
 * Credentials a Tekton task holds while one of its steps runs pull request code:
 * - workspaces bound to a Secret, and persistent volume claims or config maps whose name says they
 *   hold credentials (`docker-credentials`, `ssh-key`), mapped into the task by the run;
 * - `secretKeyRef` env of the step that runs the code, or of the task's `stepTemplate`;
 * - the run's service account when it is named (not `default`): Kubernetes mounts its API token
 *   in every step unless the pod template sets `automountServiceAccountToken: false`
 *   (https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/), and
 *   Tekton writes the git and docker Secrets attached to it into every step's `$HOME`
 *   (https://tekton.dev/docs/pipelines/auth/);
 * - the default service account's token when the pod template asks for it explicitly.
 * Other steps' env is not counted: steps are separate containers of one pod.
 */
import type { Job, Origin } from '../../model/types.js';
import type { TektonCheckout } from './tekton-checkout.js';

export type CredentialKind = 'secret-workspace' | 'credential-volume' | 'secret-env' | 'service-account' | 'default-token';

export interface HeldCredential {
  kind: CredentialKind;
  /** For messages: "Secret workspace `docker-config` (Secret `registry-credentials`)". */
  what: string;
  /** Where the credential is given: the binding, the env entry, the service account name. */
  at: Origin;
  /** The service account's token is not mounted (`automountServiceAccountToken: false`). */
  tokenUnmounted?: boolean;
}

/** Names of volumes that hold credentials rather than sources or caches. */
const CREDENTIAL_NAME = /cred|secret|token|passw|auth|docker-?config|ssh|kube-?config|(^|[-_.])keys?($|[-_.])|api-?key/i;

function within(inner: Origin, outer: Origin): boolean {
  return inner.file === outer.file && inner.span.start >= outer.span.start && inner.span.end <= outer.span.end;
}

export function heldCredentials(run: TektonCheckout['runs'][number]): HeldCredential[] {
  const holder = run.task ?? run.job;
  const out: HeldCredential[] = workspaceCredentials(holder);
  const templateEnv = run.job.env.filter((e) => e.level === 'job').map((e) => e.origin);
  for (const secret of run.job.secrets) {
    const inStep = within(secret.origin, run.execution.step.origin);
    const inTemplate = templateEnv.some((o) => o.file === secret.origin.file && o.span.start === secret.origin.span.start);
    if (inStep || inTemplate) out.push({ kind: 'secret-env', what: `Secret \`${secret.name}\` in the step's env`, at: secret.origin });
  }
  out.push(...accountCredentials(holder));
  return out;
}

/**
 * What a run gives all of its tasks: its Secret and credential-named workspaces and its service
 * account. Pipelines-as-Code's own `{{ git_auth_secret }}` is left out: it is made for each run,
 * scoped to the repository, and bound by nearly every run
 * (https://pipelinesascode.com/docs/guide/authoringprs/).
 */
export function runCredentials(job: Job): HeldCredential[] {
  // `pac-gitauth-<random>` is the name it gets once substituted (in runs dumped from a cluster).
  const ownToken = (c: HeldCredential) =>
    c.kind === 'secret-workspace' && /\{\{\s*git_auth_secret\s*\}\}|Secret `pac-gitauth-/.test(c.what);
  return [...workspaceCredentials(job).filter((c) => !ownToken(c)), ...accountCredentials(job)];
}

function workspaceCredentials(holder: Job): HeldCredential[] {
  const out: HeldCredential[] = [];
  for (const ws of holder.tekton?.workspaces ?? []) {
    const volume = ws.volume;
    if (!volume) continue;
    if (volume.kind === 'secret') {
      out.push({ kind: 'secret-workspace', what: `Secret workspace \`${ws.name}\` (Secret \`${volume.name ?? '?'}\`)`, at: volume.origin });
    } else if (
      (volume.kind === 'persistentVolumeClaim' || volume.kind === 'configMap') &&
      volume.name &&
      CREDENTIAL_NAME.test(volume.name)
    ) {
      const label = volume.kind === 'configMap' ? 'ConfigMap' : 'PersistentVolumeClaim';
      out.push({ kind: 'credential-volume', what: `workspace \`${ws.name}\` (${label} \`${volume.name}\`)`, at: volume.origin });
    }
  }
  return out;
}

function accountCredentials(holder: Job): HeldCredential[] {
  const out: HeldCredential[] = [];
  const account = holder.tekton?.serviceAccount;
  const automount = holder.tekton?.automountToken;
  if (account && account.name !== 'default') {
    out.push({
      kind: 'service-account',
      what: `service account \`${account.name}\``,
      at: account.origin,
      tokenUnmounted: automount?.value === false,
    });
  } else if (automount?.value === true) {
    out.push({
      kind: 'default-token',
      what: 'the default service account token (`automountServiceAccountToken: true`)',
      at: automount.origin,
    });
  }
  return out;
}
