/**
 * privileged-container: Tekton steps and sidecars that run with more than an ordinary container
 * (`securityContext.privileged`, `allowPrivilegeEscalation`, `runAsUser: 0`, or capabilities
 * such as SYS_ADMIN added), and tasks or runs with access to the node (hostPath volumes, host
 * network, PID or IPC namespaces in a pod template). Tekton's threat model leaves isolation to
 * Kubernetes, so whatever such a step runs (a build of pull request code, an injected script)
 * acts on the node. Severity follows who can start the run (research/platforms.md TK-PRV-01/02).
 * Ignores: images that run as root by default without saying so (the image decides, offline it
 * is unknown), `runAsNonRoot: false` alone, and capabilities that do not break isolation.
 * Data: the dangerous capabilities and host paths listed here, from the Kubernetes Pod Security
 * Standards (https://kubernetes.io/docs/concepts/security/pod-security-standards/).
 */
import { exposureOf, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import type { Severity } from '../model/finding.js';
import type { Job, Pipeline, Step, TektonPrivilege } from '../model/types.js';
import { defineRule } from './define-rule.js';

/** Host paths that hand over the node: the root, container runtime sockets, kubelet state. */
const NODE_TAKEOVER_PATH =
  /^\/(?:$|var\/run\/docker\.sock|run\/docker\.sock|var\/run\/containerd|run\/containerd|var\/run\/crio|run\/crio|var\/lib\/kubelet|var\/lib\/docker|etc\/?$|root\/?$|proc\/?$|dev\/?$)/;

const MAX: Record<TektonPrivilege['kind'], Severity> = {
  privileged: 'high',
  capabilities: 'high',
  'privilege-escalation': 'medium',
  root: 'medium',
};

const MESSAGE: Record<TektonPrivilege['kind'], 'privileged' | 'capabilities' | 'privilegeEscalation' | 'root'> = {
  privileged: 'privileged',
  capabilities: 'capabilities',
  'privilege-escalation': 'privilegeEscalation',
  root: 'root',
};

const TIP =
  'Build images without privileges (buildah with `--storage-driver=vfs` and user namespaces, kaniko, or a remote BuildKit), drop `privileged`/`runAsUser: 0`, and run pull request pipelines in a namespace whose Pod Security level is `restricted`.';

function owner(pipeline: Pipeline): string {
  return `${pipeline.tekton?.resourceKind ?? 'Task'} ${pipeline.tekton?.name ?? pipeline.name ?? ''}`;
}

function container(step: Step, pipeline: Pipeline): string {
  return `${step.tekton?.role === 'sidecar' ? 'Sidecar' : 'Step'} \`${step.name ?? step.index}\` of ${owner(pipeline)}`;
}

export default defineRule({
  meta: {
    id: 'privileged-container',
    summary: 'Tekton step with container privileges or access to the node',
    description:
      'A step or sidecar that runs privileged, as root or with added capabilities, or a task or run that mounts host paths or shares host namespaces, gives whatever runs in it (a build of pull request code, an injected script) the node under it and every pod and secret on that node.',
    category: 'runner',
    platforms: ['tekton'],
    severity: 'critical',
    confidence: 'high',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: {
      privileged: '{{container}} runs privileged: it can leave its container and take over the node, with every pod and secret on it',
      capabilities: '{{container}} adds {{capabilities}}, which lets it break out of its container onto the node',
      privilegeEscalation:
        '{{container}} allows privilege escalation: a setuid binary in the image or the workspace makes its processes root',
      root: '{{container}} runs as root (`runAsUser: 0`): a container escape, or a writable host mount, then acts as root on the node',
      hostPath: '{{unit}} mounts the host path `{{path}}`: whatever runs in it reads and writes the node itself{{takeover}}',
      hostNamespace:
        "{{unit}} shares the node's {{namespace}} namespace through its pod template, so its steps see and reach the node's {{what}}",
    },
    owasp: ['CICD-SEC-7'],
    phase: 'foundations',
    related: { kubesec: ['Privileged', 'HostPath'], checkov: ['CKV_K8S_16', 'CKV_K8S_20'], kubescape: ['C-0057'] },
  },
  create(context) {
    const scaled = (job: Job, pipeline: Pipeline, max: Severity) => {
      const exposure = exposureOf(job, pipeline, context.project);
      return { severity: scaledSeverity(exposure, max), trust: trustContext(exposure) };
    };
    return {
      step(step, job, pipeline) {
        for (const privilege of step.tekton?.privileges ?? []) {
          // A stepTemplate setting is written once for all the steps it fills: reported once.
          const inStep = privilege.origin.span.start >= step.node.start && privilege.origin.span.end <= step.node.end;
          context.report({
            messageId: MESSAGE[privilege.kind],
            data: {
              container: inStep ? container(step, pipeline) : `The stepTemplate of ${owner(pipeline)}`,
              capabilities: privilege.detail ?? '',
            },
            at: privilege.origin,
            ...scaled(job, pipeline, MAX[privilege.kind]),
            tip: TIP,
          });
        }
      },
      job(job, pipeline) {
        const unit = job.uses ? `${pipeline.tekton?.resourceKind ?? 'Run'} ${job.id}` : owner(pipeline);
        for (const privilege of job.tekton?.podPrivileges ?? []) {
          context.report({
            messageId: 'root',
            data: { container: `The pod template of ${unit}`, capabilities: '' },
            at: privilege.origin,
            ...scaled(job, pipeline, MAX.root),
            tip: TIP,
          });
        }
        for (const access of job.tekton?.hostAccess ?? []) {
          if (access.kind === 'hostPath') {
            const takeover = NODE_TAKEOVER_PATH.test(access.path ?? '');
            context.report({
              messageId: 'hostPath',
              data: {
                unit,
                path: access.path ?? '',
                takeover: takeover ? ', and this path controls the node (its container runtime or system files)' : '',
              },
              at: access.origin,
              ...scaled(job, pipeline, takeover ? 'critical' : 'high'),
              tip: 'Use a workspace (emptyDir, volumeClaimTemplate) instead of a hostPath volume; build images without a container runtime socket.',
            });
          } else {
            const namespace = access.kind.slice(4).toUpperCase() === 'NETWORK' ? 'network' : access.kind.slice(4);
            context.report({
              messageId: 'hostNamespace',
              data: { unit, namespace, what: access.kind === 'hostNetwork' ? 'network interfaces and local services' : 'processes' },
              at: access.origin,
              ...scaled(job, pipeline, 'high'),
              tip: 'Remove hostNetwork, hostPID and hostIPC from the pod template.',
            });
          }
        }
      },
    };
  },
});
