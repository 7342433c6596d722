/**
 * Steps that publish a package, image or release, or deploy somewhere: the steps an environment
 * with reviewers and branch rules is meant to guard. The actions and commands are the platform
 * tables in platforms/github/data/publish-deploy.ts (each entry cites the action's README or the
 * tool's CLI reference); this module reads them against the model: dry runs (`--dry-run`) and
 * build-only uses (`docker/build-push-action` without `push: true`) do not count, `s3 cp`-style
 * copies count only towards a bucket, and kubectl/helm against a cluster the job starts itself
 * (kind, minikube...) or with nothing to reach a remote one do not count: no cluster login action,
 * cloud login, kubeconfig from a secret or command that fetches cluster credentials, on a
 * GitHub-hosted runner (which has no cluster configured), means the cluster is one a script of
 * the job set up on the runner.
 */
import { escapeRegExp } from '../../analysis/text/regexp-literal.js';
import { scriptMentions, stepScript } from '../../analysis/scripts/step-script.js';
import type { CommandUse } from '../../analysis/shell/types.js';
import type { Job, Origin, Step } from '../../model/types.js';
import {
  PUBLISH_COMMANDS,
  PUBLISH_OR_DEPLOY_ACTIONS,
  type PublishCommand,
  type PublishTarget as PlatformTarget,
} from '../../platforms/github/data/publish-deploy.js';

/** The platform target in words, for messages (`package-registry` -> `package registry`). */
export type PublishTarget =
  | 'package registry'
  | 'container registry'
  | 'release'
  | 'pages'
  | 'cloud'
  | 'kubernetes'
  | 'infrastructure'
  | 'remote host';

function targetText(target: PlatformTarget): PublishTarget {
  return target.replace('-', ' ') as PublishTarget;
}

export interface PublishSite {
  step: Step;
  at: Origin;
  /** `npm publish`, `pypa/gh-action-pypi-publish`... */
  what: string;
  target: PublishTarget;
  /** The shell command, for sites in a script. */
  command?: CommandUse;
}

const BY_NAME = new Map<string, PublishCommand[]>();
for (const entry of PUBLISH_COMMANDS) {
  for (const name of [entry.command, ...(entry.aliases ?? [])]) BY_NAME.set(name, [...(BY_NAME.get(name) ?? []), entry]);
}

/**
 * Scripts that may run one of the publishing commands (or a runner that wraps one, such as npx
 * or `python -m`): every other script is skipped without asking for its shell facts.
 */
const MENTIONS_PUBLISHER = new RegExp(`(?:^|[^\\w.-])(?:${[...BY_NAME.keys()].map(escapeRegExp).join('|')})(?![\\w-])`, 'i');

/**
 * A publishing command as it must appear in a script: its name, then on the same command line
 * (continuations joined) the first word of one of its subcommands (`*` as any ending) or one of
 * its required flags; a command with neither publishes by name alone. Line continuations of every
 * dialect are joined: a backslash (sh), a backtick (PowerShell) and `^` (cmd). A script naming a publisher
 * only in other ways (`npm ci && npm test`) cannot publish, so its shell facts are not needed.
 */
const MAY_PUBLISH = new RegExp(
  PUBLISH_COMMANDS.map((entry) => {
    const names = [entry.command, ...(entry.aliases ?? [])].map(escapeRegExp).join('|');
    const words = [...new Set(entry.requiresFlags ?? (entry.subcommands ?? []).map((sub) => sub.split(' ')[0] as string))];
    const word = words.map((w) => (w.endsWith('*') ? `${escapeRegExp(w.slice(0, -1))}\\w*` : escapeRegExp(w))).join('|');
    return `(?:^|[^\\w.-])(?:${names})(?![\\w-])${word ? `[^\\n;&|]*?(?:${word})` : ''}`;
  }).join('|'),
  'i',
);

function mayPublish(step: Step): boolean {
  if (!scriptMentions(step, MENTIONS_PUBLISHER)) return false;
  return MAY_PUBLISH.test((step.script?.value ?? '').replace(/[\\`^]\r?\n/g, ' '));
}

/** Options that take a value for most of these tools; each entry may name more. */
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

function operands(args: readonly string[], own: readonly string[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (OPTIONS_WITH_VALUE.has(arg) || own.includes(arg)) {
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
    // `bundle exec gem push`, `pipx run twine==6.1.0 upload` (a pinned version after the name).
    if (name === 'bundle' && command.args[0] === 'exec') return command.args.slice(1);
    if (name === 'pipx' && command.args[0] === 'run') {
      const rest = command.args.slice(1).filter((a, i, all) => !a.startsWith('-') || all.slice(0, i).some((b) => !b.startsWith('-')));
      return rest[0] ? [rest[0].replace(/(==|@).*$/, ''), ...rest.slice(1)] : undefined;
    }
    // `cargo +nightly publish`: a rustup toolchain before the subcommand.
    if (name === 'cargo' && command.args[0]?.startsWith('+')) return ['cargo', ...command.args.slice(1)];
    return undefined;
  })();
  if (inner?.[0] && depth < 3) return publishCommand({ ...command, name: inner[0], args: inner.slice(1) }, depth + 1);
  const entries = BY_NAME.get(name) ?? BY_NAME.get(name.replace(/\.(exe|cmd|bat)$/, ''));
  if (!entries) return undefined;
  if (command.args.some((a) => REHEARSAL_FLAGS.includes(a) || a.startsWith('--dry-run='))) return undefined;
  for (const entry of entries) {
    if (entry.requiresFlags && !entry.requiresFlags.some((flag) => command.args.includes(flag))) continue;
    if (entry.rehearsalFlags?.some((flag) => command.args.includes(flag))) continue;
    if (!entry.subcommands) return { what: [entry.command, ...(entry.requiresFlags ?? [])].join(' '), target: targetText(entry.target) };
    const ops = operands(command.args, entry.optionsWithValue);
    const sub = entry.anyOperand ? taskIn(ops, entry.subcommands) : leadingSubcommand(ops, entry.subcommands);
    if (!sub) continue;
    const copies = /^(s3 (cp|mv|sync)|storage (cp|rsync)|cp|rsync|mv)$/.test(sub) && ['aws', 'gsutil', 'gcloud'].includes(entry.command);
    if (copies && !uploadsToBucket(ops)) continue;
    return { what: `${entry.command} ${sub}`, target: targetText(entry.target) };
  }
  return undefined;
}

/** A table word matches: exactly, or by prefix when it ends in `*`. */
function wordMatches(pattern: string, word: string | undefined): boolean {
  if (word === undefined) return false;
  return pattern.endsWith('*') ? word.startsWith(pattern.slice(0, -1)) : word === pattern;
}

/** The leading operands as written when they spell one of the subcommands (`s3 sync`, `release create`). */
function leadingSubcommand(ops: readonly string[], subcommands: readonly string[]): string | undefined {
  for (const sub of subcommands) {
    const words = sub.split(' ');
    if (words.every((w, i) => wordMatches(w, ops[i]))) return ops.slice(0, words.length).join(' ');
  }
  return undefined;
}

/** Task runners: the operand (or its task after `:`, as in `:lib:publish`) that names a publishing task. */
function taskIn(ops: readonly string[], subcommands: readonly string[]): string | undefined {
  for (const sub of subcommands) {
    for (const op of ops) {
      const task = op.slice(op.lastIndexOf(':') + 1);
      const hit = [op, task].find((candidate) => wordMatches(sub, candidate));
      if (hit !== undefined) return hit;
    }
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
  // Both start a kind cluster for end-to-end tests (their action.yml files say so).
  'sigstore/scaffolding/actions/setup',
  'chainguard-dev/actions/setup-kind',
]);
/**
 * Actions that give kubectl and helm a remote cluster: cluster context actions (from a cloud or a
 * kubeconfig input), cloud logins (after which `aws eks update-kubeconfig` and the like work), and
 * kubectl wrappers that take a kubeconfig.
 */
const REMOTE_CLUSTER_ACTIONS = new Set([
  'azure/k8s-set-context',
  'azure/aks-set-context',
  'azure/login',
  'aws-actions/configure-aws-credentials',
  'google-github-actions/auth',
  'google-github-actions/get-gke-credentials',
  'digitalocean/action-doctl',
  'tale/kubectl-action',
  'actions-hub/kubectl',
  'steebchen/kubectl',
  'wahyd4/kubectl-helm-action',
  'deliverybot/helm',
  'okteto/context',
]);
/** Script text that fetches or writes cluster credentials, or points kubectl at a server. */
const CLUSTER_CREDENTIALS =
  /update-kubeconfig|get-credentials|doctl\s+kubernetes|kubectl\s+config\s+set-(?:cluster|credentials)|--server[=\s]|--token[=\s]|\.kube\/config|KUBE_?CONFIG/i;
const CLUSTER_SECRET = /kube|k8s|cluster|helm|eks|aks|gke/i;

/** Whether anything in the job can reach a cluster off the runner. */
function reachesRemoteCluster(job: Job): boolean {
  // GitLab agents and file variables, and Tekton service accounts, give access the file does not show.
  if (job.gitlab || job.tekton) return true;
  if (job.runner.selfHosted !== false) return true; // a self-hosted runner may carry its own kubeconfig
  if (job.identity.oidc) return true;
  if (job.secrets.some((s) => s.dynamic || CLUSTER_SECRET.test(s.name))) return true;
  return job.steps.some((step) => {
    if (step.uses) return REMOTE_CLUSTER_ACTIONS.has(step.uses.name.toLowerCase());
    return scriptMentions(step, CLUSTER_CREDENTIALS);
  });
}

/** Flags that make a publishing command a rehearsal. */
const REHEARSAL_FLAGS = ['--dry-run', '--dryrun', '--snapshot', '--skip=publish', '--skip-publish'];

function startsLocalCluster(job: Job): boolean {
  return job.steps.some((step) => {
    if (step.uses) return LOCAL_CLUSTER_ACTIONS.has(step.uses.name.toLowerCase());
    // `kind create cluster`, `minikube start` and set-up scripts (`hack/kind/install.sh`,
    // `make kind-up`) all name the tool, so the raw text decides without a shell parse.
    return /\b(kind|minikube|k3d|k3s|microk8s)\b/i.test(step.script?.value ?? '');
  });
}

/** Sites by step: three rules ask for the same steps' sites; a step belongs to one job. */
const SITES = new WeakMap<Step, PublishSite[]>();

/** Publish or deploy sites of a step, in script order. */
export function publishSites(step: Step, job: Job): PublishSite[] {
  let sites = SITES.get(step);
  if (!sites) {
    sites = rawPublishSites(step, job);
    SITES.set(step, sites);
  }
  if (sites.some((s) => s.target === 'kubernetes') && (startsLocalCluster(job) || !reachesRemoteCluster(job))) {
    return sites.filter((s) => s.target !== 'kubernetes');
  }
  return sites;
}

function rawPublishSites(step: Step, job: Job): PublishSite[] {
  if (step.uses) {
    const name = step.uses.name.toLowerCase();
    const entry = PUBLISH_OR_DEPLOY_ACTIONS.find((a) => a.action === name);
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
    return [{ step, at: step.uses.origin, what: step.uses.name, target: targetText(entry.target) }];
  }
  const script = mayPublish(step) ? stepScript(step, job) : undefined;
  if (!script) return [];
  const out: PublishSite[] = [];
  for (const command of script.facts.commands) {
    const hit = publishCommand(command);
    if (hit) out.push({ step, at: script.origin(command.start, command.end), what: hit.what, target: hit.target, command });
  }
  return out;
}
