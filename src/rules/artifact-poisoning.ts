/**
 * artifact-poisoning: a privileged job takes the artifacts of another run that an outsider can
 * start (a `workflow_run` after a fork's pull request, a download by `run-id`) and then runs,
 * extracts or reads what it got. Whoever controls that run controls the artifact's files; this
 * job holds secrets or a write token. Reported at the download, with the use as related location:
 *   - executes: the artifact lands in the workspace and a later step runs workspace code (a build
 *     tool reading its files, a local action, a script by path), or a script runs or sources a file
 *     from the download folder;
 *   - extracts: an archive from the download folder is unpacked (paths in it can escape the
 *     folder: `../` entries, symlinks, zip slip);
 *   - reads: a script reads a file from the download folder and uses its content.
 * Artifacts passed between jobs of one run share that run's trigger and are not reported.
 * On GitLab the jobs of one pipeline share its ref and configuration, so the crossing is a
 * download from another pipeline: `needs:project` (or `needs:pipeline`) with a `ref:` that
 * developers push to (a branch that is not the default, or a variable), or the job artifacts API
 * by ref (`.../jobs/artifacts/<ref>/download`), in a job that publishes, deploys or holds
 * secrets. GitLab extracts the artifacts into the project directory: a later build tool or
 * script run from there executes them (high); publishing or deploying from there ships them
 * (medium).
 * Channels come from the model (Job.channels, GitlabJobExt.crossPipelineNeeds); executions from
 * rules/data/workspace-code.ts, publishing from rules/data/publish-targets.ts.
 */
import { stepScript } from '../analysis/scripts/step-script.js';
import { exposureOf, reachingTriggers, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import { chainFlow, effectiveTriggers } from '../analysis/trust/workflow-run.js';
import type { Severity } from '../model/finding.js';
import type { ChannelUse, Job, Origin, Pipeline, Step } from '../model/types.js';
import { Trust } from '../model/types.js';
import { defineRule } from './define-rule.js';
import { commandExecutions, workspaceExecutions } from './data/workspace-code.js';
import { publishSites } from './data/publish-targets.js';
import { DEFAULT_BRANCH_NAMES } from '../platforms/gitlab/data/pipeline-sources.js';

type UseKind = 'executes' | 'extracts' | 'reads';

interface ArtifactUse {
  kind: UseKind;
  at: Origin;
  note: string;
}

const WORST: Record<UseKind, Severity> = { executes: 'critical', extracts: 'high', reads: 'medium' };
const CONFIDENCE = { executes: 'high', extracts: 'medium', reads: 'low' } as const;
const RANK: UseKind[] = ['executes', 'extracts', 'reads'];

/** Commands that unpack archives, with the arguments that make `tar` extract. */
const EXTRACTORS = new Set(['unzip', '7z', '7za', 'bsdtar', 'gunzip', 'unrar', 'expand-archive']);
/** Commands that only move or delete files: naming the folder is not using its content. */
const HANDLING = new Set(['ls', 'rm', 'mkdir', 'mv', 'cp', 'echo', 'cd', 'find', 'test', '[', 'chmod', 'du', 'stat']);

/** `$RUNNER_TEMP`, `${{ runner.temp }}` and `${RUNNER_TEMP}` are one folder; the workspace prefix is dropped. */
function normalisePath(text: string): string {
  return text
    .trim()
    .replace(/\$\{\{\s*runner\.temp\s*\}\}|\$\{RUNNER_TEMP\}/g, '$RUNNER_TEMP')
    .replace(/^(?:\$\{\{\s*github\.workspace\s*\}\}|\$\{?GITHUB_WORKSPACE\}?)\/?/, '')
    .replace(/^\.\//, '')
    .replace(/\/+$/, '');
}

function downloadStep(job: Job, use: ChannelUse): Step | undefined {
  return job.steps.find((step) => step.uses?.origin === use.origin);
}

function inputOf(step: Step, name: string): string | undefined {
  return step.inputs.find((i) => i.name === name)?.value.value;
}

/** The folder a download writes to, normalised; '' for the workspace itself. */
function downloadFolder(step: Step): string {
  return normalisePath(inputOf(step, 'path') ?? '');
}

function namesFolder(word: string, folder: string): boolean {
  const path = normalisePath(word);
  return path === folder || path.startsWith(`${folder}/`);
}

/** `tar -xzf a.tgz`, `tar xf a.tar`, `tar --extract`; not `tar -cf xfile.tar`. */
function isTarExtract(name: string, args: string[]): boolean {
  if (name !== 'tar') return false;
  return args.some((a) => a === '--extract' || a === '--get' || /^-[a-zA-Z]*x/.test(a)) || /^[a-wyz]*x[a-z]*$/.test(args[0] ?? '');
}

/** What later steps do with a download into the workspace root. */
function workspaceUses(job: Job, after: number): ArtifactUse[] {
  const uses: ArtifactUse[] = [];
  for (const step of job.steps.filter((s) => s.index > after)) {
    for (const run of workspaceExecutions(step, job)) {
      uses.push({
        kind: 'executes',
        at: run.at,
        note: `${run.tool} then runs ${run.reads} from the workspace the artifact was extracted into`,
      });
    }
    const script = stepScript(step, job);
    for (const command of script?.facts.commands ?? []) {
      if (EXTRACTORS.has(command.name.toLowerCase()) || isTarExtract(command.name, command.args)) {
        uses.push({
          kind: 'extracts',
          at: script?.origin(command.start, command.end) as Origin,
          note: `\`${command.name}\` unpacks an archive that may come from the artifact`,
        });
      }
    }
  }
  return uses;
}

/** What later steps do with files of a download folder. */
function folderUses(job: Job, after: number, folder: string): ArtifactUse[] {
  const uses: ArtifactUse[] = [];
  for (const step of job.steps.filter((s) => s.index > after)) {
    if (step.uses?.isLocal && namesFolder(step.uses.raw, folder)) {
      uses.push({ kind: 'executes', at: step.uses.origin, note: `runs the local action ${step.uses.raw} from the artifact` });
    }
    const script = stepScript(step, job);
    if (!script) continue;
    const text = script.template.value;
    const executions = commandExecutions(script.facts.commands, text);
    for (const command of script.facts.commands) {
      const at = script.origin(command.start, command.end);
      const words = [
        command.name === '.' || command.name === 'source' ? '' : (text.slice(command.start, command.end).trim().split(/\s+/)[0] ?? ''),
        ...command.args,
      ];
      if (!words.some((word) => word !== '' && namesFolder(word, folder))) continue;
      const name = command.name.toLowerCase();
      const runs = executions.some((e) => e.command === command && e.file !== undefined && namesFolder(e.file, folder));
      if (runs || name === 'source' || name === '.' || namesFolder(words[0] ?? '', folder)) {
        uses.push({ kind: 'executes', at, note: `\`${command.name}\` runs a file from the artifact` });
      } else if (EXTRACTORS.has(name) || isTarExtract(name, command.args)) {
        uses.push({ kind: 'extracts', at, note: `\`${command.name}\` unpacks an archive from the artifact` });
      } else if (!HANDLING.has(name)) {
        uses.push({ kind: 'reads', at, note: `\`${command.name}\` reads a file from the artifact` });
      }
    }
  }
  return uses;
}

/** GitLab: what a job does with artifacts GitLab extracted into its project directory. */
function projectDirectoryUses(job: Job): ArtifactUse[] {
  const uses: ArtifactUse[] = [];
  for (const step of job.steps) {
    for (const run of workspaceExecutions(step, job))
      uses.push({
        kind: 'executes',
        at: run.at,
        note: `${run.tool} then runs ${run.reads} from the project directory the artifacts land in`,
      });
  }
  if (uses.length) return uses;
  for (const step of job.steps) {
    for (const site of publishSites(step, job))
      uses.push({ kind: 'reads', at: site.at, note: `${site.what} then ships what the project directory holds to the ${site.target}` });
  }
  return uses;
}

/** Ref variables that name the ref of the running pipeline. */
const OWN_REF = /^\$\{?(?:CI_COMMIT_REF_NAME|CI_COMMIT_BRANCH|CI_COMMIT_TAG)\}?$/;
const VERSION_TAG = /^v?\d+(?:\.\d+)*(?:[-+][0-9A-Za-z.-]+)?$/;

/** Who can make the pipeline of `ref` produce the artifact, when developers can; undefined otherwise. */
function gitlabProducer(ref: string | undefined, job: Job): { who: string; confidence: 'medium' | 'low' } | undefined {
  if (!ref) return undefined;
  if (OWN_REF.test(ref)) {
    // The running pipeline's own ref: as trusted as the refs that run this job.
    const unprotected = job.triggers.some((t) => !['protected-branch', 'protected-tag'].includes(t.gitlab?.ref ?? ''));
    return unprotected
      ? { who: `any developer (\`${ref}\` is the branch of this pipeline, unprotected ones included)`, confidence: 'medium' }
      : undefined;
  }
  if (ref.includes('$')) return { who: `whoever sets \`${ref}\``, confidence: 'low' };
  if (DEFAULT_BRANCH_NAMES.has(ref) || VERSION_TAG.test(ref)) return undefined;
  return { who: `any developer who can push to branch \`${ref}\``, confidence: 'medium' };
}

/**
 * Registry tag poisoning (GitLab): a job that merge requests or unprotected branches reach
 * pushes an image under a tag that does not name the commit, ref or pipeline (`:latest`,
 * `:stable`, no tag), and a job that protected refs run uses that image (as `image:` or
 * `services:`, or names it in its script): whoever can run the pushing job replaces what the
 * protected job runs or deploys. https://docs.gitlab.com/user/packages/container_registry/
 */
const PER_RUN_TAG =
  /\$\{?(?:CI_COMMIT_SHA|CI_COMMIT_SHORT_SHA|CI_PIPELINE_ID|CI_PIPELINE_IID|CI_JOB_ID|CI_COMMIT_REF_SLUG|CI_COMMIT_REF_NAME|CI_COMMIT_BRANCH|CI_COMMIT_TAG|CI_MERGE_REQUEST_IID)\}?/;

/** An image as written, with `${VAR}` as `$VAR` and quotes removed, and its tag (`latest` when none). */
function imageKey(raw: string): { image: string; tag: string } | undefined {
  const image = raw
    .trim()
    .replace(/^["']|["']$/g, '')
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, '$$$1');
  if (!image || image.includes('@sha256:') || image.startsWith('-')) return undefined;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const tag = colon > slash ? image.slice(colon + 1) : 'latest';
  return { image: colon > slash ? image : `${image}:latest`, tag };
}

/** Images a script pushes: docker/podman/buildah push, buildx --push -t, kaniko --destination. */
function pushedImages(args: readonly string[], name: string): string[] {
  const lower = name.toLowerCase();
  const out: string[] = [];
  const flagValues = (flags: string[]) =>
    args.flatMap((a, i) => {
      for (const flag of flags) {
        if (a === flag) return [args[i + 1] ?? ''];
        if (a.startsWith(`${flag}=`)) return [a.slice(flag.length + 1)];
      }
      return [];
    });
  if ((lower === 'docker' || lower === 'podman' || lower === 'buildah') && args[0] === 'push') out.push(args[args.length - 1] ?? '');
  if ((lower === 'docker' || lower === 'podman') && (args.includes('--push') || args.some((a) => a.startsWith('--output=type=registry'))))
    out.push(...flagValues(['-t', '--tag']));
  if (lower === 'executor' || lower === 'kaniko') out.push(...flagValues(['--destination', '-d']));
  return out.filter(Boolean);
}

const PROTECTED_REFS = new Set(['protected-branch', 'protected-tag']);

/** `.../jobs/artifacts/<ref>/download?job=x` and `/raw/<path>` calls of the job artifacts API. */
const ARTIFACTS_API = /\/jobs\/artifacts\/([^/?\s"']+)\/(?:download|raw)\b/g;

export default defineRule({
  meta: {
    id: 'artifact-poisoning',
    summary: 'Privileged job runs or trusts artifacts from a run outsiders can start',
    description:
      'A job with secrets or a write token downloads the artifacts of another run that anyone can cause (a workflow_run after a pull request, a download by run id) and then executes, extracts or reads them, so whoever controls that run controls code or data in this privileged job.',
    category: 'trust',
    platforms: ['github', 'gitlab'],
    severity: 'critical',
    confidence: 'high',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: {
      poisoned:
        '`{{action}}` brings in artifact `{{artifact}}` from another run that {{who}} can start, into {{where}}, and {{use}}; this job holds {{privileges}}',
      imageTag:
        '`{{command}}` in job `{{producer}}` pushes `{{image}}`, a tag {{who}} can overwrite, and job `{{consumer}}`, which protected refs run, {{use}}: whoever pushes the tag decides what that job runs',
      otherPipeline:
        '{{action}} brings the artifacts of {{artifact}} into the project directory; {{who}} decides what that pipeline produced, and {{use}}',
    },
    owasp: ['CICD-SEC-9', 'CICD-SEC-4'],
    phase: 'foundations',
    related: {
      zizmor: ['artipacked'],
      codeql: ['actions/artifact-poisoning/critical', 'actions/artifact-poisoning/medium'],
      poutine: ['untrusted_checkout_exec'],
    },
  },
  create(context) {
    const reportGitlab = (job: Job, pipeline: Pipeline) => {
      const downloads: { action: string; artifact: string; ref?: string; at: Origin }[] = (job.gitlab?.crossPipelineNeeds ?? []).map(
        (need) => ({
          action: '`needs:project`',
          artifact: `job \`${need.job}\` of ${need.project ?? 'the upstream pipeline'}${need.ref ? ` on \`${need.ref}\`` : ''}`,
          ref: need.ref,
          at: need.origin,
        }),
      );
      for (const step of job.steps) {
        if (!step.script?.value.includes('/jobs/artifacts/')) continue;
        const script = stepScript(step, job);
        if (!script) continue;
        for (const match of script.template.value.matchAll(ARTIFACTS_API)) {
          const start = match.index ?? 0;
          const ref = decodeURIComponent(match[1] as string);
          downloads.push({
            action: 'the job artifacts API',
            artifact: `the latest pipeline on \`${ref}\``,
            ref,
            at: script.origin(start, start + match[0].length),
          });
        }
      }
      if (downloads.length === 0 || job.triggers.length === 0) return;
      const exposure = exposureOf(job, pipeline, context.project);
      const deploys = job.environment !== undefined || job.steps.some((step) => publishSites(step, job).length > 0);
      if (!deploys && exposure.privileges.length === 0) return;
      const found = projectDirectoryUses(job);
      const worst = RANK.find((kind) => found.some((u) => u.kind === kind));
      if (!worst) return;
      const uses = found.filter((u) => u.kind === worst);
      for (const download of downloads) {
        const producer = gitlabProducer(download.ref, job);
        if (!producer) continue;
        context.report({
          messageId: 'otherPipeline',
          data: { action: download.action, artifact: download.artifact, who: producer.who, use: (uses[0] as ArtifactUse).note },
          at: download.at,
          severity: worst === 'executes' ? 'high' : 'medium',
          confidence: producer.confidence,
          related: uses.slice(0, 5).map((u) => ({ at: u.at, note: u.note })),
          trust: trustContext(exposure),
          tip: 'Take artifacts only from pipelines of protected refs (the default branch or protected tags), or rebuild in this pipeline; verify what you deploy (a checksum or signature made by a protected job).',
        });
      }
    };
    /** Variables of the job and pipeline substituted into a pushed or used image (a few levels deep). */
    const expand = (text: string, job: Job, pipeline: Pipeline, depth = 0): string =>
      depth > 4
        ? text
        : text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (whole, name: string) => {
            const variable = [...job.env, ...pipeline.env].find((v) => v.name === name);
            const value = variable?.value?.value;
            return value !== undefined && !value.includes(`$${name}`) ? expand(value, job, pipeline, depth + 1) : whole;
          });
    const reportTags = (pipeline: Pipeline) => {
      const pushes: { job: Job; at: Origin; command: string; image: string; tag: string }[] = [];
      for (const job of pipeline.jobs) {
        const low = job.triggers.filter((t) => !PROTECTED_REFS.has(t.gitlab?.ref ?? ''));
        if (low.length === 0) continue;
        for (const step of job.steps) {
          if (!step.script || !/push|--destination|-d\b/.test(step.script.value)) continue;
          const script = stepScript(step, job);
          for (const command of script?.facts.commands ?? []) {
            for (const raw of pushedImages(command.args, command.name)) {
              const key = imageKey(expand(raw, job, pipeline));
              if (!key || PER_RUN_TAG.test(key.tag) || key.tag.includes('$')) continue;
              const text = script?.template.value.slice(command.start, command.end).trim() ?? '';
              pushes.push({ job, at: script?.origin(command.start, command.end) as Origin, command: text, ...key });
            }
          }
        }
      }
      if (pushes.length === 0) return;
      for (const push of pushes) {
        const lowTrust = Math.min(...push.job.triggers.filter((t) => !PROTECTED_REFS.has(t.gitlab?.ref ?? '')).map((t) => t.minTrust));
        for (const consumer of pipeline.jobs) {
          if (consumer === push.job || !consumer.triggers.some((t) => PROTECTED_REFS.has(t.gitlab?.ref ?? ''))) continue;
          const used = [consumer.container, ...consumer.services].find(
            (r) => r && imageKey(expand(r.raw, consumer, pipeline))?.image === push.image,
          );
          let use: { at: Origin; note: string } | undefined = used ? { at: used.origin, note: `runs in \`${used.raw}\`` } : undefined;
          if (!use) {
            for (const step of consumer.steps) {
              const text = step.script
                ? expand(step.script.value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, '$$$1'), consumer, pipeline)
                : '';
              const bare = push.image.endsWith(':latest') && !text.includes(push.image) ? push.image.slice(0, -7) : push.image;
              const at = text.indexOf(bare);
              if (at < 0 || (bare !== push.image && /[\w.:/-]/.test(text[at + bare.length] ?? ''))) continue;
              use = { at: step.origin, note: `names \`${push.image}\` in its script` };
              break;
            }
          }
          if (!use) continue;
          const exposure = exposureOf(consumer, pipeline, context.project);
          context.report({
            messageId: 'imageTag',
            data: {
              command: push.command,
              producer: push.job.id,
              image: push.image,
              who:
                lowTrust <= Trust.Contributor
                  ? 'fork merge requests run in this project'
                  : 'any developer (merge requests, unprotected branches)',
              consumer: consumer.id,
              use: use.note,
            },
            at: push.at,
            severity: lowTrust <= Trust.Contributor ? 'high' : 'medium',
            confidence: 'medium',
            related: [{ at: use.at, note: `job ${consumer.id} (protected refs) ${use.note}` }],
            trust: trustContext(exposure),
            tip: 'Push images from unprotected refs and merge requests only under per-commit tags ($CI_COMMIT_SHA, $CI_COMMIT_REF_SLUG); move shared tags (latest, stable) only in jobs of protected refs, and deploy by digest. Protect the tags in the registry (container registry protection rules).',
          });
          break;
        }
      }
    };
    return {
      pipeline(pipeline) {
        if (pipeline.platform === 'gitlab') reportTags(pipeline);
      },
      job(job, pipeline) {
        if (pipeline.platform === 'gitlab') {
          reportGitlab(job, pipeline);
          return;
        }
        if (pipeline.platform !== 'github' || pipeline.kind !== 'workflow') return;
        const downloads = (job.channels ?? []).filter((c) => c.kind === 'artifact' && c.access === 'read' && c.otherRun);
        if (downloads.length === 0) return;
        // workflow_run is as trusted as the workflows it follows, when the scan holds them all.
        const triggers = effectiveTriggers(reachingTriggers(job, pipeline, context.project), context.project);
        const exposure = exposureOf(job, pipeline, context.project, triggers);
        if (exposure.minTrust === undefined || exposure.minTrust > Trust.Contributor || exposure.privileges.length === 0) return;
        for (const use of downloads) {
          const step = downloadStep(job, use);
          if (!step) continue;
          const folder = downloadFolder(step);
          const found = folder === '' ? workspaceUses(job, step.index) : folderUses(job, step.index, folder);
          const worst = RANK.find((kind) => found.some((u) => u.kind === kind));
          if (!worst) continue;
          const uses = found.filter((u) => u.kind === worst);
          context.report({
            messageId: 'poisoned',
            data: {
              action: use.via,
              artifact: use.name,
              who: exposure.minTrust === Trust.Anyone ? 'anyone' : 'any account',
              where: folder === '' ? 'the workspace' : `\`${folder}\``,
              use: (uses[0] as ArtifactUse).note,
              privileges: exposure.privileges.join(', '),
            },
            at: use.origin,
            severity: scaledSeverity(exposure, WORST[worst]),
            confidence: CONFIDENCE[worst],
            related: uses.slice(0, 5).map((u) => ({ at: u.at, note: u.note })),
            flow: [
              ...chainFlow(triggers, context.project).map((l) => ({ at: l.origin, note: l.note })),
              { at: use.origin, note: `${use.via} downloads ${use.name} from the other run` },
              ...uses.slice(0, 1).map((u) => ({ at: u.at, note: u.note })),
            ],
            trust: trustContext(exposure),
            tip: 'Treat the artifact as untrusted input: download it to a folder under $RUNNER_TEMP, never into the workspace; do not run, source or unpack it in a job with secrets; pass data (a pull request number) as a validated value, or do the privileged work in a separate job that does not read the artifact.',
          });
        }
      },
    };
  },
});
