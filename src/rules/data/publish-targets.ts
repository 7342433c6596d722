/**
 * Steps that publish a package, image or release, or deploy somewhere: the steps an environment
 * with reviewers and branch rules is meant to guard. Rule-local table (the adapter does not
 * annotate steps with this yet); each entry cites the action's README or the tool's CLI reference.
 * Dry runs (`--dry-run`) and build-only uses (`docker/build-push-action` without `push: true`)
 * do not count.
 */
import { stepScript } from '../../analysis/scripts/step-script.js';
import type { CommandUse } from '../../analysis/shell/types.js';
import type { Job, Origin, Step } from '../../model/types.js';

export type PublishTarget =
  | 'package registry'
  | 'container registry'
  | 'release'
  | 'pages'
  | 'cloud'
  | 'kubernetes'
  | 'infrastructure'
  | 'remote host';

export interface PublishAction {
  action: string;
  target: PublishTarget;
  /** Publishes only when this input is set (to `equals` when given, case-insensitive). */
  when?: { input: string; equals?: string };
  source: string;
}

export const PUBLISH_ACTIONS: readonly PublishAction[] = [
  { action: 'pypa/gh-action-pypi-publish', target: 'package registry', source: 'https://github.com/pypa/gh-action-pypi-publish#readme' },
  { action: 'js-devtools/npm-publish', target: 'package registry', source: 'https://github.com/JS-DevTools/npm-publish#readme' },
  { action: 'rubygems/release-gem', target: 'package registry', source: 'https://github.com/rubygems/release-gem#readme' },
  {
    action: 'changesets/action',
    target: 'package registry',
    when: { input: 'publish' },
    source: 'https://github.com/changesets/action#inputs',
  },
  {
    action: 'docker/build-push-action',
    target: 'container registry',
    when: { input: 'push', equals: 'true' },
    source: 'https://github.com/docker/build-push-action#inputs',
  },
  {
    action: 'docker/bake-action',
    target: 'container registry',
    when: { input: 'push', equals: 'true' },
    source: 'https://github.com/docker/bake-action#inputs',
  },
  { action: 'softprops/action-gh-release', target: 'release', source: 'https://github.com/softprops/action-gh-release#readme' },
  { action: 'ncipollo/release-action', target: 'release', source: 'https://github.com/ncipollo/release-action#readme' },
  { action: 'actions/create-release', target: 'release', source: 'https://github.com/actions/create-release#readme' },
  { action: 'svenstaro/upload-release-action', target: 'release', source: 'https://github.com/svenstaro/upload-release-action#readme' },
  {
    action: 'goreleaser/goreleaser-action',
    target: 'release',
    when: { input: 'args', equals: 'release' },
    source: 'https://github.com/goreleaser/goreleaser-action#inputs',
  },
  { action: 'helm/chart-releaser-action', target: 'release', source: 'https://github.com/helm/chart-releaser-action#readme' },
  { action: 'actions/deploy-pages', target: 'pages', source: 'https://github.com/actions/deploy-pages#readme' },
  { action: 'peaceiris/actions-gh-pages', target: 'pages', source: 'https://github.com/peaceiris/actions-gh-pages#readme' },
  {
    action: 'jamesives/github-pages-deploy-action',
    target: 'pages',
    source: 'https://github.com/JamesIves/github-pages-deploy-action#readme',
  },
  {
    action: 'aws-actions/amazon-ecs-deploy-task-definition',
    target: 'cloud',
    source: 'https://github.com/aws-actions/amazon-ecs-deploy-task-definition#readme',
  },
  {
    action: 'aws-actions/aws-cloudformation-github-deploy',
    target: 'cloud',
    source: 'https://github.com/aws-actions/aws-cloudformation-github-deploy#readme',
  },
  { action: 'azure/webapps-deploy', target: 'cloud', source: 'https://github.com/Azure/webapps-deploy#readme' },
  { action: 'azure/functions-action', target: 'cloud', source: 'https://github.com/Azure/functions-action#readme' },
  { action: 'azure/static-web-apps-deploy', target: 'cloud', source: 'https://github.com/Azure/static-web-apps-deploy#readme' },
  { action: 'azure/k8s-deploy', target: 'kubernetes', source: 'https://github.com/Azure/k8s-deploy#readme' },
  {
    action: 'google-github-actions/deploy-cloudrun',
    target: 'cloud',
    source: 'https://github.com/google-github-actions/deploy-cloudrun#readme',
  },
  {
    action: 'google-github-actions/deploy-appengine',
    target: 'cloud',
    source: 'https://github.com/google-github-actions/deploy-appengine#readme',
  },
  {
    action: 'google-github-actions/deploy-cloud-functions',
    target: 'cloud',
    source: 'https://github.com/google-github-actions/deploy-cloud-functions#readme',
  },
  { action: 'cloudflare/wrangler-action', target: 'cloud', source: 'https://github.com/cloudflare/wrangler-action#readme' },
  { action: 'cloudflare/pages-action', target: 'cloud', source: 'https://github.com/cloudflare/pages-action#readme' },
  { action: 'amondnet/vercel-action', target: 'cloud', source: 'https://github.com/amondnet/vercel-action#readme' },
  { action: 'nwtgck/actions-netlify', target: 'cloud', source: 'https://github.com/nwtgck/actions-netlify#readme' },
  { action: 'superfly/flyctl-actions', target: 'cloud', source: 'https://github.com/superfly/flyctl-actions#readme' },
  { action: 'akhileshns/heroku-deploy', target: 'cloud', source: 'https://github.com/AkhileshNS/heroku-deploy#readme' },
  {
    action: 'pulumi/actions',
    target: 'infrastructure',
    when: { input: 'command', equals: 'up' },
    source: 'https://github.com/pulumi/actions#configuration',
  },
  { action: 'appleboy/ssh-action', target: 'remote host', source: 'https://github.com/appleboy/ssh-action#readme' },
  { action: 'appleboy/scp-action', target: 'remote host', source: 'https://github.com/appleboy/scp-action#readme' },
  { action: 'easingthemes/ssh-deploy', target: 'remote host', source: 'https://github.com/easingthemes/ssh-deploy#readme' },
  { action: 'burnett01/rsync-deployments', target: 'remote host', source: 'https://github.com/Burnett01/rsync-deployments#readme' },
];

export interface PublishCommand {
  command: string;
  aliases?: readonly string[];
  /** Leading operands (space-separated words) that publish; undefined: any use of the command. */
  subcommands?: readonly string[];
  /** For task runners: any operand may name the publishing task. */
  anyOperand?: boolean;
  /** Flags that must also be present. */
  requires?: readonly string[];
  target: PublishTarget;
  source: string;
}

export const PUBLISH_COMMANDS: readonly PublishCommand[] = [
  { command: 'npm', subcommands: ['publish'], target: 'package registry', source: 'https://docs.npmjs.com/cli/v10/commands/npm-publish' },
  { command: 'yarn', subcommands: ['publish', 'npm publish'], target: 'package registry', source: 'https://yarnpkg.com/cli/npm/publish' },
  { command: 'pnpm', subcommands: ['publish'], target: 'package registry', source: 'https://pnpm.io/cli/publish' },
  { command: 'lerna', subcommands: ['publish'], target: 'package registry', source: 'https://lerna.js.org/docs/api-reference/commands' },
  {
    command: 'changeset',
    subcommands: ['publish'],
    target: 'package registry',
    source: 'https://github.com/changesets/changesets/blob/main/packages/cli/README.md',
  },
  { command: 'twine', subcommands: ['upload'], target: 'package registry', source: 'https://twine.readthedocs.io/en/stable/#twine-upload' },
  { command: 'poetry', subcommands: ['publish'], target: 'package registry', source: 'https://python-poetry.org/docs/cli/#publish' },
  {
    command: 'uv',
    subcommands: ['publish'],
    target: 'package registry',
    source: 'https://docs.astral.sh/uv/guides/package/#publishing-your-package',
  },
  {
    command: 'flit',
    subcommands: ['publish'],
    target: 'package registry',
    source: 'https://flit.pypa.io/en/stable/cmdline.html#flit-publish',
  },
  { command: 'hatch', subcommands: ['publish'], target: 'package registry', source: 'https://hatch.pypa.io/latest/publish/' },
  { command: 'pdm', subcommands: ['publish'], target: 'package registry', source: 'https://pdm-project.org/en/latest/usage/publish/' },
  { command: 'gem', subcommands: ['push'], target: 'package registry', source: 'https://guides.rubygems.org/command-reference/#gem-push' },
  {
    command: 'cargo',
    subcommands: ['publish'],
    target: 'package registry',
    source: 'https://doc.rust-lang.org/cargo/commands/cargo-publish.html',
  },
  {
    command: 'dotnet',
    subcommands: ['nuget push'],
    target: 'package registry',
    source: 'https://learn.microsoft.com/en-us/dotnet/core/tools/dotnet-nuget-push',
  },
  {
    command: 'nuget',
    subcommands: ['push'],
    target: 'package registry',
    source: 'https://learn.microsoft.com/en-us/nuget/reference/cli-reference/cli-ref-push',
  },
  {
    command: 'mvn',
    aliases: ['mvnw'],
    anyOperand: true,
    subcommands: ['deploy'],
    target: 'package registry',
    source: 'https://maven.apache.org/plugins/maven-deploy-plugin/',
  },
  {
    command: 'gradle',
    aliases: ['gradlew'],
    anyOperand: true,
    subcommands: ['publish', 'publishToSonatype', 'publishPlugins', 'closeAndReleaseSonatypeStagingRepository'],
    target: 'package registry',
    source: 'https://docs.gradle.org/current/userguide/publishing_setup.html',
  },
  {
    command: 'sbt',
    anyOperand: true,
    subcommands: ['publish', 'publishSigned', 'ci-release'],
    target: 'package registry',
    source: 'https://www.scala-sbt.org/1.x/docs/Publishing.html',
  },
  { command: 'mix', subcommands: ['hex.publish'], target: 'package registry', source: 'https://hexdocs.pm/hex/Mix.Tasks.Hex.Publish.html' },
  { command: 'dart', subcommands: ['pub publish'], target: 'package registry', source: 'https://dart.dev/tools/pub/cmd/pub-lish' },
  { command: 'flutter', subcommands: ['pub publish'], target: 'package registry', source: 'https://dart.dev/tools/pub/cmd/pub-lish' },
  {
    command: 'vsce',
    subcommands: ['publish'],
    target: 'package registry',
    source: 'https://code.visualstudio.com/api/working-with-extensions/publishing-extension',
  },
  {
    command: 'ovsx',
    subcommands: ['publish'],
    target: 'package registry',
    source: 'https://github.com/eclipse/openvsx/wiki/Publishing-Extensions',
  },
  {
    command: 'docker',
    subcommands: ['push', 'image push', 'manifest push', 'buildx imagetools create'],
    target: 'container registry',
    source: 'https://docs.docker.com/reference/cli/docker/image/push/',
  },
  {
    command: 'docker',
    subcommands: ['buildx build', 'build'],
    requires: ['--push'],
    target: 'container registry',
    source: 'https://docs.docker.com/reference/cli/docker/buildx/build/#push',
  },
  {
    command: 'podman',
    subcommands: ['push', 'manifest push'],
    target: 'container registry',
    source: 'https://docs.podman.io/en/latest/markdown/podman-push.1.html',
  },
  {
    command: 'buildah',
    subcommands: ['push'],
    target: 'container registry',
    source: 'https://github.com/containers/buildah/blob/main/docs/buildah-push.1.md',
  },
  {
    command: 'skopeo',
    subcommands: ['copy'],
    target: 'container registry',
    source: 'https://github.com/containers/skopeo/blob/main/docs/skopeo-copy.1.md',
  },
  {
    command: 'crane',
    subcommands: ['push', 'copy', 'cp'],
    target: 'container registry',
    source: 'https://github.com/google/go-containerregistry/blob/main/cmd/crane/doc/crane.md',
  },
  {
    command: 'gh',
    subcommands: ['release create', 'release upload', 'release edit'],
    target: 'release',
    source: 'https://cli.github.com/manual/gh_release_create',
  },
  { command: 'goreleaser', subcommands: ['release'], target: 'release', source: 'https://goreleaser.com/cmd/goreleaser_release/' },
  { command: 'helm', subcommands: ['push', 'upgrade', 'install'], target: 'kubernetes', source: 'https://helm.sh/docs/helm/helm_upgrade/' },
  {
    command: 'kubectl',
    subcommands: ['apply', 'replace', 'set image', 'rollout restart'],
    target: 'kubernetes',
    source: 'https://kubernetes.io/docs/reference/kubectl/generated/kubectl_apply/',
  },
  {
    command: 'kustomize',
    subcommands: ['deploy'],
    target: 'kubernetes',
    source: 'https://kubectl.docs.kubernetes.io/references/kustomize/',
  },
  {
    command: 'terraform',
    aliases: ['tofu'],
    subcommands: ['apply', 'destroy', 'import'],
    target: 'infrastructure',
    source: 'https://developer.hashicorp.com/terraform/cli/commands/apply',
  },
  {
    command: 'terragrunt',
    subcommands: ['apply', 'run-all apply', 'destroy'],
    target: 'infrastructure',
    source: 'https://terragrunt.gruntwork.io/docs/reference/cli-options/',
  },
  {
    command: 'pulumi',
    subcommands: ['up', 'update', 'destroy'],
    target: 'infrastructure',
    source: 'https://www.pulumi.com/docs/iac/cli/commands/pulumi_up/',
  },
  {
    command: 'cdk',
    subcommands: ['deploy', 'destroy'],
    target: 'infrastructure',
    source: 'https://docs.aws.amazon.com/cdk/v2/guide/ref-cli-cmd-deploy.html',
  },
  {
    command: 'aws',
    subcommands: [
      's3 sync',
      's3 cp',
      's3 mv',
      'cloudformation deploy',
      'cloudformation create-stack',
      'cloudformation update-stack',
      'ecs update-service',
      'lambda update-function-code',
      'lambda publish-version',
      'ecr put-image',
      'cloudfront create-invalidation',
      'elasticbeanstalk update-environment',
      'deploy create-deployment',
    ],
    target: 'cloud',
    source: 'https://docs.aws.amazon.com/cli/latest/reference/',
  },
  {
    command: 'sam',
    subcommands: ['deploy'],
    target: 'cloud',
    source: 'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-cli-command-reference-sam-deploy.html',
  },
  {
    command: 'serverless',
    aliases: ['sls'],
    subcommands: ['deploy'],
    target: 'cloud',
    source: 'https://www.serverless.com/framework/docs/providers/aws/cli-reference/deploy',
  },
  {
    command: 'gcloud',
    subcommands: ['run deploy', 'app deploy', 'functions deploy', 'deploy', 'storage cp', 'storage rsync', 'builds submit'],
    target: 'cloud',
    source: 'https://cloud.google.com/sdk/gcloud/reference/run/deploy',
  },
  { command: 'gsutil', subcommands: ['cp', 'rsync'], target: 'cloud', source: 'https://cloud.google.com/storage/docs/gsutil/commands/cp' },
  {
    command: 'az',
    subcommands: [
      'webapp deploy',
      'webapp up',
      'functionapp deployment',
      'deployment group create',
      'deployment sub create',
      'storage blob upload-batch',
      'acr build',
    ],
    target: 'cloud',
    source: 'https://learn.microsoft.com/en-us/cli/azure/webapp#az-webapp-deploy',
  },
  {
    command: 'firebase',
    subcommands: ['deploy', 'hosting:channel:deploy'],
    target: 'cloud',
    source: 'https://firebase.google.com/docs/cli#deployment',
  },
  { command: 'vercel', requires: ['--prod'], target: 'cloud', source: 'https://vercel.com/docs/cli/deploy#prod' },
  { command: 'netlify', subcommands: ['deploy'], target: 'cloud', source: 'https://cli.netlify.com/commands/deploy/' },
  {
    command: 'wrangler',
    subcommands: ['deploy', 'publish', 'pages deploy', 'pages publish'],
    target: 'cloud',
    source: 'https://developers.cloudflare.com/workers/wrangler/commands/#deploy',
  },
  { command: 'flyctl', aliases: ['fly'], subcommands: ['deploy'], target: 'cloud', source: 'https://fly.io/docs/flyctl/deploy/' },
  {
    command: 'heroku',
    subcommands: ['container:release', 'releases:rollback'],
    target: 'cloud',
    source: 'https://devcenter.heroku.com/articles/container-registry-and-runtime',
  },
  { command: 'gh-pages', target: 'pages', source: 'https://github.com/tschaub/gh-pages#command-line-utility' },
];

export interface PublishSite {
  step: Step;
  at: Origin;
  /** `npm publish`, `pypa/gh-action-pypi-publish`... */
  what: string;
  target: PublishTarget;
}

const BY_NAME = new Map<string, PublishCommand[]>();
for (const entry of PUBLISH_COMMANDS) {
  for (const name of [entry.command, ...(entry.aliases ?? [])]) BY_NAME.set(name, [...(BY_NAME.get(name) ?? []), entry]);
}

const OPTIONS_WITH_VALUE = new Set([
  '-C',
  '--prefix',
  '-w',
  '--workspace',
  '-f',
  '--file',
  '-H',
  '--host',
  '--context',
  '-n',
  '--namespace',
  '-R',
  '--repo',
  '--profile',
  '--region',
  '-p',
  '--project',
]);

function operands(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (OPTIONS_WITH_VALUE.has(arg)) {
      i++;
      continue;
    }
    if (!arg.startsWith('-')) out.push(arg);
  }
  return out;
}

/** `aws s3 cp`, `gsutil cp`...: only a copy whose destination is a bucket publishes. */
function uploadsToBucket(ops: string[]): boolean {
  const last = ops[ops.length - 1];
  return last !== undefined && ops.length >= 3 && /^(s3|gs):\/\//.test(last);
}

/** What a shell command publishes, if anything. */
export function publishCommand(command: CommandUse, depth = 0): { what: string; target: PublishTarget } | undefined {
  const name = command.name.toLowerCase();
  // `python -m twine upload`, `npx vsce publish`, `pnpm exec changeset publish`: the inner command decides.
  const inner = (() => {
    if (/^python(\d+(\.\d+)?)?$|^py$/.test(name) && command.args[0] === '-m') return command.args.slice(1);
    if (name === 'npx' || name === 'bunx') return command.args.filter((a, i) => !(a.startsWith('-') && i === 0));
    if ((name === 'pnpm' || name === 'yarn') && (command.args[0] === 'exec' || command.args[0] === 'dlx')) return command.args.slice(1);
    return undefined;
  })();
  if (inner?.[0] && depth < 3) return publishCommand({ ...command, name: inner[0], args: inner.slice(1) }, depth + 1);
  const entries = BY_NAME.get(name) ?? BY_NAME.get(name.replace(/\.(exe|cmd|bat)$/, ''));
  if (!entries) return undefined;
  if (command.args.some((a) => REHEARSAL_FLAGS.includes(a) || a.startsWith('--dry-run='))) return undefined;
  const ops = operands(command.args);
  for (const entry of entries) {
    if (entry.requires && !entry.requires.every((flag) => command.args.includes(flag))) continue;
    if (!entry.subcommands) return { what: [entry.command, ...(entry.requires ?? [])].join(' '), target: entry.target };
    const sub = entry.anyOperand
      ? entry.subcommands.find((s) => ops.some((o) => o === s || o.endsWith(`:${s}`)))
      : entry.subcommands.find((s) => {
          const words = s.split(' ');
          return words.every((w, i) => ops[i] === w);
        });
    if (!sub) continue;
    const copies = /^(s3 (cp|mv|sync)|storage (cp|rsync)|cp|rsync)$/.test(sub) && ['aws', 'gsutil', 'gcloud'].includes(entry.command);
    if (copies && !uploadsToBucket(ops)) continue;
    return { what: `${entry.command} ${sub}`, target: entry.target };
  }
  return undefined;
}

/**
 * Actions and commands that start a throwaway cluster inside the job: kubectl and helm then talk
 * to it, not to a deployment target.
 */
const LOCAL_CLUSTER_ACTIONS = new Set([
  'helm/kind-action',
  'engineerd/setup-kind',
  'container-tools/kind-action',
  'medyagh/setup-minikube',
  'manusa/actions-setup-minikube',
  'absaoss/k3d-action',
  'nolar/setup-k3d-k3s',
  'debianmaster/actions-k3s',
]);
const LOCAL_CLUSTER_COMMANDS: Record<string, string> = { kind: 'create', minikube: 'start', k3d: 'cluster', microk8s: 'start' };
/** Flags that make a publishing command a rehearsal. */
const REHEARSAL_FLAGS = ['--dry-run', '--dryrun', '--snapshot', '--skip=publish', '--skip-publish'];

function startsLocalCluster(job: Job): boolean {
  return job.steps.some((step) => {
    if (step.uses) return LOCAL_CLUSTER_ACTIONS.has(step.uses.name.toLowerCase());
    const script = stepScript(step, job);
    if (script?.facts.commands.some((c) => LOCAL_CLUSTER_COMMANDS[c.name] !== undefined && c.args[0] === LOCAL_CLUSTER_COMMANDS[c.name]))
      return true;
    // Cluster set-up scripts (`hack/kind/install.sh`, `make kind-up`) name the tool they use.
    return /\b(kind|minikube|k3d|k3s|microk8s)\b/i.test(step.script?.value ?? '');
  });
}

/** Publish or deploy sites of a step, in script order. */
export function publishSites(step: Step, job: Job): PublishSite[] {
  const sites = rawPublishSites(step, job);
  if (sites.some((s) => s.target === 'kubernetes') && startsLocalCluster(job)) return sites.filter((s) => s.target !== 'kubernetes');
  return sites;
}

function rawPublishSites(step: Step, job: Job): PublishSite[] {
  if (step.uses) {
    const name = step.uses.name.toLowerCase();
    const entry = PUBLISH_ACTIONS.find((a) => a.action === name);
    if (!entry) return [];
    if (entry.when) {
      const value = step.inputs
        .find((i) => i.name.toLowerCase() === entry.when?.input)
        ?.value.value.trim()
        .toLowerCase();
      if (value === undefined || value === '' || value === 'false') return [];
      if (entry.when.equals !== undefined && value !== entry.when.equals && !value.includes('${{')) {
        // `args: release --clean` publishes; `args: release --snapshot` or `check` does not.
        const words = value.split(/\s+/);
        if (words[0] !== entry.when.equals || words.some((w) => REHEARSAL_FLAGS.includes(w))) return [];
      }
    }
    return [{ step, at: step.uses.origin, what: step.uses.name, target: entry.target }];
  }
  const script = stepScript(step, job);
  if (!script) return [];
  const out: PublishSite[] = [];
  for (const command of script.facts.commands) {
    const hit = publishCommand(command);
    if (hit) out.push({ step, at: script.origin(command.start, command.end), what: hit.what, target: hit.target });
  }
  return out;
}
