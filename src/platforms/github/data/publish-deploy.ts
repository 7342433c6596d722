/**
 * Steps that publish packages or releases or deploy somewhere: the jobs where a poisoned cache,
 * artifact or checkout turns into a supply-chain compromise, and which deserve environments,
 * OIDC and the tightest permissions. Sources: each action's README and each tool's CLI reference.
 *
 * Command matching (`publishCommandFor`) uses the argv helpers in command-line.ts: leading
 * operands must spell a subcommand (`gh release create`, `aws s3 sync`); for task runners
 * (`anyOperand`) any operand may (`./gradlew clean publish`); `requiresFlags` must also be present
 * (`docker buildx build --push`, `vercel --prod`). `npx X`, `bunx X`, `pnpm dlx|exec X`,
 * `python -m X` and wrappers like `sudo` are looked through.
 */
import { ActionTable } from './action-names.js';
import { anyOperandMatches, commandBaseName, hasFlag, matchSubcommand, operandsOf, unwrapCommand } from './command-line.js';

export type PublishTarget =
  | 'package-registry'
  | 'container-registry'
  | 'release'
  | 'pages'
  | 'cloud'
  | 'kubernetes'
  | 'infrastructure'
  | 'remote-host';

export interface PublishOrDeployAction {
  action: string;
  target: PublishTarget;
  /**
   * Publishes only when this input is set (not empty or `false`); with `equals`, only when the
   * value or its first word is that (case-insensitive: `args: release --clean`).
   */
  when?: { input: string; equals?: string };
  includeSubpaths?: boolean;
  note?: string;
  source: string;
}

export const PUBLISH_OR_DEPLOY_ACTIONS: readonly PublishOrDeployAction[] = [
  { action: 'pypa/gh-action-pypi-publish', target: 'package-registry', source: 'https://github.com/pypa/gh-action-pypi-publish#readme' },
  { action: 'js-devtools/npm-publish', target: 'package-registry', source: 'https://github.com/JS-DevTools/npm-publish#readme' },
  { action: 'rubygems/release-gem', target: 'package-registry', source: 'https://github.com/rubygems/release-gem#readme' },
  {
    action: 'changesets/action',
    target: 'package-registry',
    when: { input: 'publish' },
    note: 'Runs the given publish script once version PRs are merged.',
    source: 'https://github.com/changesets/action#inputs',
  },
  {
    action: 'docker/build-push-action',
    target: 'container-registry',
    when: { input: 'push', equals: 'true' },
    source: 'https://github.com/docker/build-push-action#inputs',
  },
  {
    action: 'docker/bake-action',
    target: 'container-registry',
    when: { input: 'push', equals: 'true' },
    source: 'https://github.com/docker/bake-action#inputs',
  },
  { action: 'softprops/action-gh-release', target: 'release', source: 'https://github.com/softprops/action-gh-release#readme' },
  { action: 'ncipollo/release-action', target: 'release', source: 'https://github.com/ncipollo/release-action#readme' },
  { action: 'svenstaro/upload-release-action', target: 'release', source: 'https://github.com/svenstaro/upload-release-action#readme' },
  { action: 'helm/chart-releaser-action', target: 'release', source: 'https://github.com/helm/chart-releaser-action#readme' },
  {
    action: 'actions/create-release',
    target: 'release',
    note: 'Archived by GitHub.',
    source: 'https://github.com/actions/create-release#readme',
  },
  {
    action: 'goreleaser/goreleaser-action',
    target: 'release',
    when: { input: 'args', equals: 'release' },
    note: 'Publishes when args start with release (the common case); --snapshot and check do not.',
    source: 'https://github.com/goreleaser/goreleaser-action#inputs',
  },
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
    target: 'infrastructure',
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
  {
    action: 'google-github-actions/upload-cloud-storage',
    target: 'cloud',
    source: 'https://github.com/google-github-actions/upload-cloud-storage#readme',
  },
  { action: 'cloudflare/wrangler-action', target: 'cloud', source: 'https://github.com/cloudflare/wrangler-action#readme' },
  {
    action: 'cloudflare/pages-action',
    target: 'cloud',
    note: 'Deprecated in favour of wrangler-action.',
    source: 'https://github.com/cloudflare/pages-action#readme',
  },
  {
    action: 'superfly/flyctl-actions',
    target: 'cloud',
    note: 'The root action runs flyctl with the given args (usually deploy); the setup-flyctl sub-action only installs it.',
    source: 'https://github.com/superfly/flyctl-actions#readme',
  },
  { action: 'amondnet/vercel-action', target: 'cloud', source: 'https://github.com/amondnet/vercel-action#readme' },
  { action: 'nwtgck/actions-netlify', target: 'cloud', source: 'https://github.com/nwtgck/actions-netlify#readme' },
  { action: 'akhileshns/heroku-deploy', target: 'cloud', source: 'https://github.com/AkhileshNS/heroku-deploy#readme' },
  {
    action: 'firebaseextended/action-hosting-deploy',
    target: 'cloud',
    source: 'https://github.com/FirebaseExtended/action-hosting-deploy#readme',
  },
  {
    action: 'pulumi/actions',
    target: 'infrastructure',
    when: { input: 'command', equals: 'up' },
    note: 'Deploys with command: up.',
    source: 'https://github.com/pulumi/actions#configuration',
  },
  {
    action: 'dflook/terraform-apply',
    target: 'infrastructure',
    source: 'https://github.com/dflook/terraform-github-actions/tree/main/terraform-apply',
  },
  {
    action: 'dflook/tofu-apply',
    target: 'infrastructure',
    source: 'https://github.com/dflook/terraform-github-actions/tree/main/tofu-apply',
  },
  { action: 'appleboy/ssh-action', target: 'remote-host', source: 'https://github.com/appleboy/ssh-action#readme' },
  { action: 'appleboy/scp-action', target: 'remote-host', source: 'https://github.com/appleboy/scp-action#readme' },
  { action: 'easingthemes/ssh-deploy', target: 'remote-host', source: 'https://github.com/easingthemes/ssh-deploy#readme' },
  { action: 'burnett01/rsync-deployments', target: 'remote-host', source: 'https://github.com/Burnett01/rsync-deployments#readme' },
  { action: 'samkirkland/ftp-deploy-action', target: 'remote-host', source: 'https://github.com/SamKirkland/FTP-Deploy-Action#readme' },
];

export interface PublishCommand {
  command: string;
  aliases?: readonly string[];
  subcommands?: readonly string[];
  /** Subcommands may appear after other operands (task runners). */
  anyOperand?: boolean;
  optionsWithValue?: readonly string[];
  /** At least one of these flags must be present. */
  requiresFlags?: readonly string[];
  /** The tool's own short spellings of a dry run (`cargo publish -n`), beyond `--dry-run`. */
  rehearsalFlags?: readonly string[];
  target: PublishTarget;
  note?: string;
  source: string;
}

const DOCKER_OPTS = ['-H', '--host', '--context', '-c', '--config', '-l', '--log-level', '-f', '--file', '-p', '--project-name'];
const K8S_OPTS = ['-n', '--namespace', '--context', '--kubeconfig', '--cluster', '--user', '-s', '--server'];

export const PUBLISH_COMMANDS: readonly PublishCommand[] = [
  {
    command: 'npm',
    subcommands: ['publish'],
    optionsWithValue: ['--prefix', '-w', '--workspace', '--registry', '--tag', '--access', '--otp'],
    target: 'package-registry',
    source: 'https://docs.npmjs.com/cli/v10/commands/npm-publish',
  },
  { command: 'yarn', subcommands: ['publish', 'npm publish'], target: 'package-registry', source: 'https://yarnpkg.com/cli/npm/publish' },
  {
    command: 'pnpm',
    subcommands: ['publish'],
    optionsWithValue: ['-C', '--dir', '--filter', '-F', '--tag', '--access'],
    target: 'package-registry',
    source: 'https://pnpm.io/cli/publish',
  },
  { command: 'bun', subcommands: ['publish'], target: 'package-registry', source: 'https://bun.sh/docs/cli/publish' },
  {
    command: 'lerna',
    subcommands: ['publish'],
    target: 'package-registry',
    source: 'https://lerna.js.org/docs/features/version-and-publish',
  },
  {
    command: 'changeset',
    subcommands: ['publish'],
    target: 'package-registry',
    source: 'https://github.com/changesets/changesets/blob/main/docs/command-line-options.md#publish',
  },
  {
    command: 'semantic-release',
    target: 'release',
    note: 'Any run may publish, unless --dry-run.',
    source: 'https://semantic-release.gitbook.io/semantic-release/usage/configuration',
  },
  { command: 'twine', subcommands: ['upload'], target: 'package-registry', source: 'https://twine.readthedocs.io/en/stable/#twine-upload' },
  { command: 'poetry', subcommands: ['publish'], target: 'package-registry', source: 'https://python-poetry.org/docs/cli/#publish' },
  {
    command: 'uv',
    subcommands: ['publish'],
    target: 'package-registry',
    source: 'https://docs.astral.sh/uv/guides/package/#publishing-your-package',
  },
  { command: 'hatch', subcommands: ['publish'], target: 'package-registry', source: 'https://hatch.pypa.io/latest/publish/' },
  {
    command: 'flit',
    subcommands: ['publish'],
    target: 'package-registry',
    source: 'https://flit.pypa.io/en/stable/cmdline.html#flit-publish',
  },
  { command: 'pdm', subcommands: ['publish'], target: 'package-registry', source: 'https://pdm-project.org/en/latest/usage/publish/' },
  {
    command: 'cargo',
    subcommands: ['publish'],
    // `-n` is `--dry-run` (arg_dry_run in cargo's src/cargo/util/command_prelude.rs).
    rehearsalFlags: ['-n'],
    target: 'package-registry',
    source: 'https://doc.rust-lang.org/cargo/commands/cargo-publish.html',
  },
  { command: 'gem', subcommands: ['push'], target: 'package-registry', source: 'https://guides.rubygems.org/command-reference/#gem-push' },
  {
    command: 'dotnet',
    subcommands: ['nuget push'],
    target: 'package-registry',
    source: 'https://learn.microsoft.com/en-us/dotnet/core/tools/dotnet-nuget-push',
  },
  {
    command: 'nuget',
    aliases: ['nuget.exe'],
    subcommands: ['push'],
    target: 'package-registry',
    source: 'https://learn.microsoft.com/en-us/nuget/reference/cli-reference/cli-ref-push',
  },
  {
    command: 'mvn',
    aliases: ['mvnw'],
    subcommands: ['deploy', 'deploy:*', 'release:perform'],
    anyOperand: true,
    optionsWithValue: ['-f', '--file', '-pl', '--projects', '-P', '--activate-profiles', '-s', '--settings'],
    target: 'package-registry',
    source: 'https://maven.apache.org/plugins/maven-deploy-plugin/',
  },
  {
    command: 'gradle',
    aliases: ['gradlew'],
    subcommands: ['publish*', 'closeAndReleaseSonatypeStagingRepository'],
    anyOperand: true,
    optionsWithValue: ['-p', '--project-dir', '-b', '--build-file', '-c', '--settings-file', '-x', '--exclude-task'],
    target: 'package-registry',
    source: 'https://docs.gradle.org/current/userguide/publishing_setup.html',
  },
  {
    command: 'sbt',
    subcommands: ['publish*', 'release', 'ci-release'],
    anyOperand: true,
    target: 'package-registry',
    source: 'https://www.scala-sbt.org/1.x/docs/Publishing.html',
  },
  { command: 'mix', subcommands: ['hex.publish'], target: 'package-registry', source: 'https://hexdocs.pm/hex/Mix.Tasks.Hex.Publish.html' },
  { command: 'dart', subcommands: ['pub publish'], target: 'package-registry', source: 'https://dart.dev/tools/pub/cmd/pub-lish' },
  { command: 'flutter', subcommands: ['pub publish'], target: 'package-registry', source: 'https://dart.dev/tools/pub/cmd/pub-lish' },
  {
    command: 'vsce',
    subcommands: ['publish'],
    target: 'package-registry',
    source: 'https://code.visualstudio.com/api/working-with-extensions/publishing-extension',
  },
  {
    command: 'ovsx',
    subcommands: ['publish'],
    target: 'package-registry',
    source: 'https://github.com/eclipse/openvsx/wiki/Publishing-Extensions',
  },
  {
    command: 'anaconda',
    subcommands: ['upload'],
    target: 'package-registry',
    source: 'https://docs.anaconda.com/anacondaorg/user-guide/packages/conda-packages/',
  },
  {
    command: 'docker',
    subcommands: ['push', 'image push', 'compose push', 'manifest push', 'buildx imagetools create'],
    optionsWithValue: DOCKER_OPTS,
    target: 'container-registry',
    source: 'https://docs.docker.com/reference/cli/docker/image/push/',
  },
  {
    command: 'docker',
    subcommands: ['buildx build', 'buildx b', 'buildx bake', 'build'],
    optionsWithValue: DOCKER_OPTS,
    requiresFlags: ['--push'],
    target: 'container-registry',
    source: 'https://docs.docker.com/reference/cli/docker/buildx/build/#push',
  },
  {
    command: 'podman',
    subcommands: ['push', 'image push', 'manifest push'],
    target: 'container-registry',
    source: 'https://docs.podman.io/en/latest/markdown/podman-push.1.html',
  },
  {
    command: 'buildah',
    subcommands: ['push'],
    target: 'container-registry',
    source: 'https://github.com/containers/buildah/blob/main/docs/buildah-push.1.md',
  },
  {
    command: 'skopeo',
    subcommands: ['copy'],
    target: 'container-registry',
    source: 'https://github.com/containers/skopeo/blob/main/docs/skopeo-copy.1.md',
  },
  {
    command: 'crane',
    subcommands: ['push', 'copy', 'cp'],
    target: 'container-registry',
    source: 'https://github.com/google/go-containerregistry/blob/main/cmd/crane/doc/crane.md',
  },
  {
    command: 'gh',
    subcommands: ['release create', 'release upload', 'release edit'],
    optionsWithValue: ['-R', '--repo'],
    target: 'release',
    source: 'https://cli.github.com/manual/gh_release_create',
  },
  { command: 'goreleaser', subcommands: ['release'], target: 'release', source: 'https://goreleaser.com/cmd/goreleaser_release/' },
  {
    command: 'kubectl',
    subcommands: ['apply', 'create', 'replace', 'patch', 'set image', 'set', 'rollout restart', 'rollout', 'delete', 'scale'],
    optionsWithValue: K8S_OPTS,
    target: 'kubernetes',
    source: 'https://kubernetes.io/docs/reference/kubectl/generated/kubectl_apply/',
  },
  {
    command: 'helm',
    subcommands: ['install', 'upgrade', 'push', 'uninstall'],
    optionsWithValue: K8S_OPTS,
    target: 'kubernetes',
    source: 'https://helm.sh/docs/helm/helm_upgrade/',
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
    optionsWithValue: ['-chdir'],
    target: 'infrastructure',
    source: 'https://developer.hashicorp.com/terraform/cli/commands/apply',
  },
  {
    command: 'terragrunt',
    subcommands: ['apply', 'destroy', 'run-all apply', 'run-all destroy', 'run apply'],
    target: 'infrastructure',
    source: 'https://terragrunt.gruntwork.io/docs/reference/cli/',
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
      'lambda update-function-code',
      'lambda publish-version',
      'ecs update-service',
      'deploy create-deployment',
      'ecr put-image',
      'cloudfront create-invalidation',
      'elasticbeanstalk update-environment',
    ],
    optionsWithValue: ['--region', '--profile', '--output', '--endpoint-url'],
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
    subcommands: [
      'run deploy',
      'app deploy',
      'functions deploy',
      'deploy',
      'storage cp',
      'storage rsync',
      'run services update',
      'builds submit',
    ],
    optionsWithValue: ['--project', '--region', '--account', '--configuration'],
    target: 'cloud',
    source: 'https://cloud.google.com/sdk/gcloud/reference/run/deploy',
  },
  {
    command: 'gsutil',
    subcommands: ['cp', 'rsync', 'mv'],
    target: 'cloud',
    source: 'https://cloud.google.com/storage/docs/gsutil/commands/cp',
  },
  {
    command: 'az',
    subcommands: [
      'webapp deploy',
      'webapp up',
      'webapp deployment source config-zip',
      'functionapp deployment',
      'deployment group create',
      'deployment sub create',
      'storage blob upload',
      'storage blob upload-batch',
      'storage blob sync',
      'containerapp update',
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
  {
    command: 'vercel',
    requiresFlags: ['--prod'],
    target: 'cloud',
    note: 'Without --prod vercel makes a preview deployment.',
    source: 'https://vercel.com/docs/cli/deploy',
  },
  {
    command: 'netlify',
    subcommands: ['deploy'],
    target: 'cloud',
    note: 'Without --prod netlify makes a draft deploy, still published at a draft URL with the site token.',
    source: 'https://cli.netlify.com/commands/deploy/',
  },
  {
    command: 'wrangler',
    subcommands: ['deploy', 'publish', 'pages deploy', 'pages publish', 'versions deploy'],
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

const BY_NAME = new Map<string, PublishCommand[]>();
for (const cmd of PUBLISH_COMMANDS) {
  for (const name of [cmd.command, ...(cmd.aliases ?? [])]) {
    const list = BY_NAME.get(name) ?? [];
    list.push(cmd);
    BY_NAME.set(name, list);
  }
}

function matches(entry: PublishCommand, args: readonly string[]): boolean {
  if (entry.requiresFlags !== undefined && !entry.requiresFlags.some((f) => hasFlag(args, f))) return false;
  if (entry.subcommands === undefined) return true;
  const operands = operandsOf(args, entry.optionsWithValue);
  const hit = entry.anyOperand ? anyOperandMatches(operands, entry.subcommands) : matchSubcommand(operands, entry.subcommands);
  return hit !== undefined;
}

function resolve(command: string, args: readonly string[], depth: number): PublishCommand | undefined {
  if (depth > 3) return undefined;
  const name = commandBaseName(command);
  const first = args[0];
  if ((name === 'npx' || name === 'bunx') && first !== undefined) {
    const rest = args.filter((a) => !a.startsWith('-'));
    const tool = rest[0];
    if (tool === undefined) return undefined;
    return resolve(tool.replace(/@[^/]*$/, ''), args.slice(args.indexOf(tool) + 1), depth + 1);
  }
  if (name === 'pnpm' && (first === 'dlx' || first === 'exec') && args[1] !== undefined) {
    return resolve(args[1], args.slice(2), depth + 1);
  }
  if (name === 'python') {
    const m = args.indexOf('-m');
    const module = m === -1 ? undefined : args[m + 1];
    if (module !== undefined) return resolve(module, args.slice(m + 2), depth + 1);
    return undefined;
  }
  return (BY_NAME.get(name) ?? []).find((entry) => matches(entry, args));
}

/** The entry when `command args...` publishes or deploys. */
export function publishCommandFor(command: string, args: readonly string[]): PublishCommand | undefined {
  const unwrapped = unwrapCommand(command, args);
  if (unwrapped === undefined) return undefined;
  return resolve(unwrapped.command, unwrapped.args, 0);
}

const PUBLISH_OR_DEPLOY_TABLE = new ActionTable(PUBLISH_OR_DEPLOY_ACTIONS);

/** The entry when a `uses:` step publishes or deploys, given its `with:` inputs. */
export function publishOrDeployActionFor(
  uses: string,
  inputs: Readonly<Record<string, string | undefined>> = {},
): PublishOrDeployAction | undefined {
  const entry = PUBLISH_OR_DEPLOY_TABLE.find(uses);
  if (entry?.when === undefined) return entry;
  const key = entry.when.input.toLowerCase();
  const value = Object.entries(inputs)
    .find(([k]) => k.toLowerCase() === key)?.[1]
    ?.trim();
  if (value === undefined || value === '' || value.toLowerCase() === 'false') return undefined;
  const equals = entry.when.equals;
  if (equals !== undefined && value.toLowerCase() !== equals && value.toLowerCase().split(/\s+/)[0] !== equals) return undefined;
  return entry;
}
