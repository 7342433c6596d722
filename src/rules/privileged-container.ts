/**
 * privileged-container: Tekton steps and sidecars that run with more than an ordinary container
 * (`securityContext.privileged`, `allowPrivilegeEscalation`, `runAsUser: 0`, or capabilities
 * such as SYS_ADMIN added), and tasks or runs with access to the node (hostPath volumes, host
 * network, PID or IPC namespaces in a pod template). Tekton's threat model leaves isolation to
 * Kubernetes, so whatever such a step runs (a build of pull request code, an injected script)
 * acts on the node. Severity follows who can start the run (research/platforms.md TK-PRV-01/02).
 * Ignores: images that run as root by default without saying so (the image decides, offline it
 * is unknown), `runAsNonRoot: false` alone, and capabilities that do not break isolation.
 * On GitLab: a job with a Docker-in-Docker service (`docker:dind`, `docker:27-dind`...), which
 * only works on a runner that starts containers privileged, or that talks to the runner host's
 * Docker socket (`DOCKER_HOST: unix:///var/run/docker.sock`), in a job that merge requests
 * run in the parent project from forks reach: the fork's scripts can leave the container and take
 * the runner host and the other jobs it runs (project members could add the service on their
 * own branch anyway, so jobs only they reach are not reported). GitLab.com's hosted runners
 * (`saas-*` tags) run each job in its own VM and are not reported.
 * Data: the dangerous capabilities and host paths listed here, from the Kubernetes Pod Security
 * Standards (https://kubernetes.io/docs/concepts/security/pod-security-standards/); Docker-in-Docker
 * needs `privileged = true` (https://docs.gitlab.com/ci/docker/using_docker_build/#use-docker-in-docker).
 */
import { exposureOf, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import type { Severity } from '../model/finding.js';
import { SEVERITIES } from '../model/finding.js';
import type { Job, Origin, Pipeline, Step, TektonPrivilege } from '../model/types.js';
import { Trust } from '../model/types.js';
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

/** A Docker-in-Docker service image: `docker:dind`, `docker:27.1-dind`, `registry/mirror/docker:dind-rootless`. */
const DIND = /(?:^|\/)docker(?::[^@\s]*)?dind|(?:^|[/:-])dind\b/i;
const HOST_SOCKET = /^unix:\/\/\/(?:var\/)?run\/docker\.sock$/;
/** Rootless Docker-in-Docker runs without a privileged container. */
const ROOTLESS = /rootless/i;

/** GitLab: the Docker-in-Docker service or host socket a job uses, if any. */
function gitlabDocker(job: Job, pipeline: Pipeline): { at: Origin; what: string; host: boolean } | undefined {
  const service = job.services.find((s) => DIND.test(s.raw) && !ROOTLESS.test(s.raw));
  if (service) return { at: service.origin, what: `the Docker-in-Docker service \`${service.raw}\``, host: false };
  const socket = [...job.env, ...pipeline.env].find((v) => v.name === 'DOCKER_HOST' && HOST_SOCKET.test(v.value?.value.trim() ?? ''));
  if (socket) return { at: socket.origin, what: "the runner host's Docker socket (`DOCKER_HOST`)", host: true };
  return undefined;
}

function owner(pipeline: Pipeline): string {
  return `${pipeline.tekton?.resourceKind ?? 'Task'} ${pipeline.tekton?.name ?? pipeline.name ?? ''}`;
}

function container(step: Step, pipeline: Pipeline): string {
  return `${step.tekton?.role === 'sidecar' ? 'Sidecar' : 'Step'} \`${step.name ?? step.index}\` of ${owner(pipeline)}`;
}

export default defineRule({
  meta: {
    id: 'privileged-container',
    summary: 'Step or job with container privileges or access to the node or runner host',
    description:
      'A step or sidecar that runs privileged, as root or with added capabilities, or a task or run that mounts host paths or shares host namespaces, gives whatever runs in it (a build of pull request code, an injected script) the node under it and every pod and secret on that node.',
    category: 'runner',
    platforms: ['tekton', 'gitlab'],
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
      dockerInDocker:
        'Job `{{job}}` uses {{what}}, which {{needs}}: code of fork merge requests run in this project can take over the runner host and the other jobs it runs',
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
      pipeline(pipeline) {
        if (pipeline.platform !== 'gitlab') return;
        // A service in `default:` is written once for every job: one finding, for the worst job.
        const worst = new Map<Origin, { severity: Severity; report: () => void }>();
        for (const job of pipeline.jobs) {
          const docker = gitlabDocker(job, pipeline);
          if (!docker || job.runner.labels.some((l) => l.toLowerCase().startsWith('saas-'))) continue;
          const exposure = exposureOf(job, pipeline, context.project);
          // Project members can add the service on their own branch anyway: the escalation is a fork's code on this runner.
          if (exposure.minTrust === undefined || exposure.minTrust > Trust.Contributor) continue;
          const severity = scaledSeverity(exposure, 'high');
          const known = worst.get(docker.at);
          if (known && SEVERITIES.indexOf(known.severity) >= SEVERITIES.indexOf(severity)) continue;
          worst.set(docker.at, {
            severity,
            report: () =>
              context.report({
                messageId: 'dockerInDocker',
                data: {
                  job: job.id,
                  what: docker.what,
                  needs: docker.host
                    ? 'hands it the Docker daemon of the runner host'
                    : 'only runs on a runner that starts containers privileged',
                },
                at: docker.at,
                severity,
                confidence: job.runner.labels.length > 0 ? 'high' : 'medium',
                trust: trustContext(exposure),
                tip: 'Build images without a privileged daemon (kaniko, buildah, BuildKit rootless, docker:dind-rootless), keep jobs that merge requests reach off privileged runners, and run privileged jobs only on protected runners for protected refs.',
              }),
          });
        }
        for (const entry of worst.values()) entry.report();
      },
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
