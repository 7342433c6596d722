/**
 * The platform-neutral pipeline model (DESIGN.md section 3). Platform adapters build it; analysis
 * and rules read it. Every value that came from a file keeps its origin (file + source span) so
 * findings can point at it exactly.
 */
import type { MapNode, YamlNode } from '../yaml/nodes.js';

export type Platform = 'github' | 'gitlab' | 'tekton';

/** T0 anyone on the internet ... T4 admin. */
export enum Trust {
  Anyone = 0,
  Contributor = 1,
  Writer = 2,
  Maintainer = 3,
  Admin = 4,
}

export const TRUST_NAMES: Record<Trust, string> = {
  [Trust.Anyone]: 'anyone on the internet',
  [Trust.Contributor]: 'an authenticated contributor',
  [Trust.Writer]: 'a repository writer',
  [Trust.Maintainer]: 'a maintainer of protected refs',
  [Trust.Admin]: 'an administrator',
};

export interface SourceFile {
  /** Display path: relative to the scan root (or the working directory), POSIX separators. */
  path: string;
  text: string;
  /** Set for a definition the online mode fetched from another repository (not part of the scan). */
  remote?: RemoteSource;
}

/**
 * Where a fetched action or reusable workflow came from. Its findings are only reported where a
 * flow through it starts in the scanned files (an input passed by a caller), at that point.
 */
export interface RemoteSource {
  /** The `uses:` it answers, normalised (`owner/repo[/path]@ref`, owner and repo lower case). */
  key: string;
  /** `owner/repo` as the reference writes it. */
  repository: string;
  sha: string;
}

export interface Span {
  start: number;
  end: number;
}

export interface Origin {
  file: SourceFile;
  span: Span;
}

export type TriggerKind =
  | 'push'
  | 'tag'
  | 'pr'
  | 'pr-target'
  | 'comment'
  | 'issue'
  | 'review'
  | 'schedule'
  | 'manual'
  | 'api'
  | 'webhook'
  | 'upstream'
  | 'call'
  | 'other';

export interface Trigger {
  kind: TriggerKind;
  /** The platform's own name for the event (`pull_request_target`, `merge_request_event`...). */
  name: string;
  /** Least trusted actor who can cause this trigger to run the pipeline. */
  minTrust: Trust;
  /** Runs with the base repository's secrets and a write-capable token whatever the actor. */
  privileged: boolean;
  /** Where the pipeline definition comes from: the triggering ref, a trusted ref, or outside. */
  definitionSource: 'triggering-ref' | 'trusted-ref' | 'external';
  /** What the default checkout contains. */
  codeSource: 'triggering-ref' | 'trusted-ref' | 'untrusted-ref' | 'none';
  /** Event filters as written (types, branches...), for display. */
  filters: Record<string, string[]>;
  origin: Origin;
  /**
   * Gates every run of this trigger passes before anything runs (a Tekton GitHub interceptor's
   * owners check, Pipelines-as-Code holding pull requests of outsiders for `/ok-to-test`).
   */
  gates?: Gate[];
  gitlab?: GitlabTriggerExt;
}

export type PinState =
  | 'digest'
  | 'commit-sha'
  | 'integrity-hash'
  | 'immutable-version'
  | 'floating-version'
  | 'branch'
  | 'latest'
  | 'none'
  | 'dynamic'
  | 'local';

export type ReferenceKind = 'action' | 'reusable-workflow' | 'image' | 'include' | 'component' | 'task' | 'bundle' | 'remote-script';

export interface Reference {
  kind: ReferenceKind;
  /** As written. */
  raw: string;
  /**
   * The value after config-time interpolation, when that changes it: GitLab `$[[ inputs.x ]]`
   * filled with what the include passes, or the default (what runs when nobody passes one).
   * `name`, `ref` and `pin` describe this value.
   */
  interpolated?: string;
  /** Name without the version part (`actions/checkout`, `docker.io/library/node`). */
  name: string;
  owner?: string;
  repo?: string;
  path?: string;
  /** The version part (`v4`, a SHA, a tag, a digest). */
  ref?: string;
  pin: PinState;
  /** Same repository (`./.github/actions/x`, `$/.github/actions/x`). */
  isLocal: boolean;
  /**
   * For local references: `workspace` (`./x`, read from whatever was checked out, so pull request
   * code after an untrusted checkout) or `running-commit` (`$/x`, the workflow's own commit).
   */
  localSource?: 'workspace' | 'running-commit';
  origin: Origin;
  /** Version named in a trailing comment (`# v4.1.0`), if any. */
  versionComment?: { text: string; origin: Origin };
  /**
   * The pipeline of this scan the reference resolves to, when the platform links by name rather
   * than by path (a Tekton `taskRef: {name}` naming a Task defined in the repository).
   */
  unit?: Pipeline;
  /** How the definition is fetched when it is not local (`git`, `bundles`, `hub`, `http`, `cluster`). */
  resolver?: string;
}

export type InterpolationPhase = 'config-time' | 'before-shell' | 'runtime-env' | 'output-channel';
export type SinkKind = 'shell' | 'code' | 'arguments' | 'env' | 'code-selection' | 'yaml-structure' | 'text';

/** A taint source an adapter recognised in an expression (data comes from platform tables). */
export interface TaintSource {
  /** The context path as written or normalised (`github.event.issue.title`). */
  name: string;
  /** free-text: arbitrary text; restricted: limited charset (e.g. branch names, still injectable); fixed: not attacker text. */
  capability: 'free-text' | 'restricted';
  /** Trigger names under which this source is attacker controlled; empty means any trigger. */
  triggers: string[];
  /** What code the attacker controls wrote (a Tekton task result after a pull request build), not a payload field. */
  producedBy?: 'untrusted-code';
  origin: Origin;
}

/** An indirection that taint may flow through, resolved by analysis/taint. */
export type TaintLink =
  | { kind: 'env'; name: string; origin: Origin }
  | { kind: 'step-output'; stepId: string; output: string; origin: Origin }
  | { kind: 'job-output'; jobId: string; output: string; origin: Origin }
  | { kind: 'input'; name: string; origin: Origin }
  | { kind: 'matrix'; name: string; origin: Origin }
  | { kind: 'secret'; name: string; origin: Origin };

export interface Interpolation {
  /** The expression text inside the delimiters. */
  text: string;
  /** Span of the whole `${{ ... }}` in the file. */
  origin: Origin;
  phase: InterpolationPhase;
  /** Direct attacker-controlled sources in this expression. */
  sources: TaintSource[];
  /** Values this expression reads that may carry taint from elsewhere. */
  links: TaintLink[];
  /** Secrets the expression reads (names; `*` for dynamic access). */
  secrets: SecretRef[];
  /** Output of this expression is constrained (e.g. wrapped in a function that yields a bool or number). */
  isSafeOutput: boolean;
  /** Platform-specific parsed form. */
  ast?: unknown;
}

/** A value from a file that may contain interpolations (a script, an input, an env value). */
export interface Template {
  /** The decoded value (YAML scalar value as text). */
  value: string;
  node: YamlNode;
  origin: Origin;
  interpolations: Interpolation[];
  sink: SinkKind;
}

export interface EnvVar {
  name: string;
  value: Template | undefined;
  origin: Origin;
  /** Declared at workflow, job or step level. */
  level: 'pipeline' | 'job' | 'step';
}

export interface SecretRef {
  name: string;
  /** `*` access: toJSON(secrets), secrets[dynamic]. */
  dynamic: boolean;
  origin: Origin;
}

export type PermissionLevel = 'read' | 'write' | 'none';

export interface Permissions {
  /** `write-all`, `read-all`, `{}` or explicit scopes. */
  shorthand?: 'write-all' | 'read-all' | 'none';
  scopes: Record<string, { level: PermissionLevel; origin: Origin }>;
  origin: Origin;
}

export interface Runner {
  labels: string[];
  selfHosted: boolean | 'unknown';
  origin?: Origin;
}

/**
 * `comment-approval`: a maintainer's comment lets a pull request run (Pipelines-as-Code
 * `/ok-to-test`), and the pull request can still change between the review and the run.
 */
export type GateKind =
  | 'manual'
  | 'approval'
  | 'protected-environment'
  | 'author-check'
  | 'label'
  | 'comment-approval'
  | 'same-repository'
  | 'actor-check';

export interface Gate {
  kind: GateKind;
  /** A gate an attacker can pass (spoofable actor, contains() substring...). */
  spoofable: boolean;
  note: string;
  origin: Origin;
}

export interface Environment {
  name: string;
  origin: Origin;
  /** Whether it is known to require reviewers or protected refs; unknown offline. */
  isProtected: boolean | 'unknown';
}

export interface Identity {
  /** Cloud OIDC federation in use (id-token: write, id_tokens:, cloud auth actions). */
  oidc: boolean;
  /** Long-lived cloud credentials passed to the job, with where they appear. */
  staticCloudKeys: StaticCredential[];
}

/** A long-lived credential reaching a job (a secret read, or the action input that takes it). */
export interface StaticCredential {
  provider: string;
  /** The secret (or input) name. */
  name: string;
  origin: Origin;
  /** What the provider is, from the platform's table; undefined when unknown. */
  kind?: 'cloud' | 'registry' | 'secrets-manager';
  /** How it is handed over: `env AWS_SECRET_ACCESS_KEY`, `input aws-secret-access-key of aws-actions/configure-aws-credentials`. */
  via?: string;
  /** The short-lived (OIDC) alternative the provider offers, for the tip. */
  alternative?: string;
}

export type StepKind = 'shell' | 'action' | 'builtin';

export interface StepInput {
  name: string;
  value: Template;
  origin: Origin;
  /** Set by the platform from its tables: this input is executed as code or shell. */
  sink?: SinkKind;
  /** How the value reaches the called unit, for flow evidence (`TriggerBinding pr-info param title`). */
  note?: string;
}

export interface Step {
  index: number;
  id?: string;
  name?: string;
  kind: StepKind;
  origin: Origin;
  node: MapNode;
  /** Where the step is written as an alias (`- *checkout`); origin and node are then the anchored step's. */
  alias?: Origin;
  /** The script body for shell steps. */
  script?: Template;
  /** `bash`, `sh`, `pwsh`, `cmd`, `python`... as configured or defaulted. */
  shell?: string;
  uses?: Reference;
  inputs: StepInput[];
  /** The whole `with:` written as one expression (`with: ${{ fromJSON(...) }}`): the inputs are only known at run time. */
  dynamicInputs?: Template;
  env: EnvVar[];
  condition?: Template;
  /** Triggers of the job that can still reach this step after its own `if:` (workflows only; unset means the job's). */
  triggers?: Trigger[];
  /** Gates the step's own `if:` imposes (in addition to the job's). */
  gates?: Gate[];
  /** Step-level outputs written through GITHUB_OUTPUT-like channels (filled by analysis). */
  github?: GithubStepExt;
  tekton?: TektonStepExt;
}

/**
 * An artifact or cache a job writes or reads (DESIGN.md section 3, Channel): the way data crosses
 * from one job or run to another, and so from one trust level to another.
 */
export interface ChannelUse {
  kind: 'artifact' | 'cache';
  /** The artifact name or cache key as written (templates unexpanded); `*` for every artifact of the run. */
  name: string;
  access: 'read' | 'write' | 'read-write';
  /** Read from another run or workflow (download by run id, workflow_run artifacts). */
  otherRun: boolean;
  /** The action or keyword that moves it (`actions/upload-artifact`, `actions/setup-node cache`). */
  via: string;
  /** An expression (platform dialect, without delimiters) that turns it on when true; absent when always on. */
  enabledIf?: string;
  /** Runs of protected and unprotected refs keep separate copies (GitLab caches without `unprotect`). */
  partitioned?: true;
  origin: Origin;
}

export interface JobOutput {
  name: string;
  value: Template;
  origin: Origin;
}

export interface Job {
  id: string;
  name?: string;
  origin: Origin;
  node: MapNode;
  needs: string[];
  condition?: Template;
  /** Triggers of the pipeline that can reach this job after its conditions. */
  triggers: Trigger[];
  gates: Gate[];
  runner: Runner;
  container?: Reference;
  services: Reference[];
  permissions?: Permissions;
  identity: Identity;
  secrets: SecretRef[];
  environment?: Environment;
  env: EnvVar[];
  steps: Step[];
  outputs: JobOutput[];
  /** Reusable workflow call (`jobs.x.uses`). */
  uses?: Reference;
  /** Inputs passed to the called unit (`with:`). */
  inputs: StepInput[];
  secretsInherit?: Origin;
  /** Artifacts and caches the job writes and reads (filled by the platform; absent when none). */
  channels?: ChannelUse[];
  github?: GithubJobExt;
  gitlab?: GitlabJobExt;
  tekton?: TektonJobExt;
}

export type PipelineKind = 'workflow' | 'action' | 'dependabot' | 'gitlab-ci' | 'tekton';

export interface Pipeline {
  id: string;
  platform: Platform;
  kind: PipelineKind;
  file: SourceFile;
  root: MapNode;
  name?: string;
  triggers: Trigger[];
  permissions?: Permissions;
  env: EnvVar[];
  jobs: Job[];
  /** Every reference the pipeline consumes (also reachable through jobs and steps). */
  references: Reference[];
  /** Inputs declared by a reusable unit (workflow_call inputs, action inputs). */
  declaredInputs: {
    name: string;
    origin: Origin;
    type?: string;
    default?: Template;
    /** The only values the platform accepts (Tekton `enum`), checked before anything runs. */
    options?: string[];
  }[];
  github?: GithubPipelineExt;
  gitlab?: GitlabPipelineExt;
  tekton?: TektonPipelineExt;
}

// ---- typed platform extensions (one field per node; never free-form maps) ----

export interface GithubStepExt {
  /** `actions/checkout`-like step that checks out code; what ref it takes. */
  checkout?: { ref?: Template; persistCredentials: boolean; repository?: Template };
}

export interface GithubJobExt {
  /** `strategy.matrix` keys, for taint of `matrix.*`. */
  matrixKeys: string[];
  /**
   * `cache-mode:` in effect (the job's, else the workflow's): read, write, write-only or none;
   * unset means GitHub's default (read-only for low-trust events, write for trusted ones).
   */
  cacheMode?: { mode: string; origin: Origin };
}

export interface GithubPipelineExt {
  /** Composite / docker / node action (for kind 'action'). */
  actionRuns?: 'composite' | 'docker' | 'node' | 'unknown';
  /** Dependabot specific structure for the dependabot checks. */
  dependabot?: { updates: MapNode[] };
  /** Top-level `concurrency`, `defaults.run.shell` and similar facts. */
  defaultShell?: string;
}

export type GitlabRefKind =
  | 'protected-branch'
  | 'unprotected-branch'
  | 'protected-tag'
  | 'unprotected-tag'
  | 'merge-request'
  | 'fork-merge-request'
  | 'external-pull-request';

export interface GitlabTriggerExt {
  /** The `CI_PIPELINE_SOURCE` value. */
  source: string;
  /** What the pipeline runs for; protected refs are the ones only maintainers can update. */
  ref: GitlabRefKind;
}

/**
 * A GitLab value that chooses what runs (an image, a service, an include, a downstream project
 * or branch, a runner tag), kept as a template when it expands `$VAR`: GitLab or the runner
 * expands it, no shell, so a variable someone else sets decides which code or runner the job gets.
 */
export interface CodeSelector {
  what: 'image' | 'service' | 'include' | 'trigger-project' | 'trigger-branch' | 'runner-tag';
  template: Template;
}

export interface GitlabPipelineExt {
  /** `include:` values (local, project, ref, file, remote, component) that expand variables. */
  includeSelectors: CodeSelector[];
}

export interface GitlabJobExt {
  /** `id_tokens:` (OIDC tokens minted for the job), with their audiences. */
  idTokens: { name: string; audiences: string[]; origin: Origin }[];
  /** `environment:deployment_tier`, or the tier GitLab infers from the environment name. */
  environmentTier?: 'production' | 'staging' | 'testing' | 'development' | 'other';
  /** `environment:action` (`start` unless written). */
  environmentAction?: string;
  /** `artifacts:` paths and whether a `reports:dotenv` file passes variables to later jobs. */
  artifacts?: {
    paths: string[];
    /** `artifacts:paths` with where each is written. */
    pathEntries: { path: string; origin: Origin }[];
    /** `untracked: true`: every file git does not track (files the job wrote) goes into the artifact. */
    untrackedAt?: Origin;
    /** `artifacts:access` (`all` unless written; `developer` for `public: false`): who may download them. */
    access?: string;
    dotenv: boolean;
    origin: Origin;
    dotenvFiles?: string[];
  };
  /**
   * Jobs of the pipeline whose artifacts (and dotenv variables) this job receives: its `needs:`
   * (unless `artifacts: false`), else its `dependencies:`, else every job of an earlier stage.
   */
  artifactsFrom?: string[];
  /** `needs:project` / `needs:pipeline` entries that download artifacts of another pipeline. */
  crossPipelineNeeds?: { project?: string; ref?: string; job: string; origin: Origin }[];
  /** `cache:` entries; `unprotectAt` is the `unprotect: true` that shares the cache with unprotected refs. */
  caches: { key?: string; policy: string; unprotect: boolean; origin: Origin; unprotectAt?: Origin }[];
  /** `trigger:` (a downstream pipeline); such a job runs no script. */
  /** `forwardAt` is where `forward:pipeline_variables: true` is written. */
  trigger?: {
    project?: string;
    /** Where the downstream project is written (the whole `trigger:` for a child pipeline). */
    projectAt: Origin;
    /** `trigger:branch` of a multi-project trigger (the downstream default branch when absent). */
    branch?: string;
    include: boolean;
    forwardPipelineVariables: boolean;
    origin: Origin;
    forwardAt?: Origin;
    /** `include: - artifact: <path>, job: <name>`: a child pipeline whose configuration a job of this pipeline writes. */
    artifacts?: { path: string; job: string; origin: Origin }[];
  };
  /** `when:` as written on the job. */
  when?: string;
  /** `image:`, `services:`, `trigger:` and `tags:` values of the job that expand variables. */
  selectors?: CodeSelector[];
  /** The `rules:`, `only:` or `except:` that decided the job's triggers. */
  conditions?: Origin;
  /**
   * `rules: - if:` tests (of rules that may run the job) on text others write: commit messages,
   * merge request titles and labels, or a branch or tag name matched against a pattern.
   */
  textGates?: { variable: string; origin: Origin }[];
  /**
   * `extends` parents the configuration does not define (they come from project, remote or
   * component includes that are not read offline): the job may inherit rules or id_tokens there.
   */
  unresolvedExtends?: string[];
}

/** What a Tekton resource (or an inline spec modelled as its own unit) is. */
export interface TektonPipelineExt {
  /** `Task`, `Pipeline`, `PipelineRun`, `TaskRun`, `StepAction`, `EventListener`, `Trigger`, `TriggerTemplate`, `TriggerBinding`... */
  resourceKind: string;
  apiVersion: string;
  /** `metadata.name` (or `generateName`); inline specs are named `<owner>/<task>`. */
  name: string;
  /** An inline `taskSpec` / `pipelineSpec`, modelled as a unit of its own. */
  inline: boolean;
  /** Pipelines-as-Code run (a PipelineRun under `.tekton/` or with its annotations). */
  pac?: { annotations: Record<string, { value: string; origin: Origin }> };
  /** Params of a TriggerBinding / ClusterTriggerBinding, read by the triggers that use it. */
  bindingParams?: StepInput[];
  /** Settings of a Pipelines-as-Code Repository CR or of its global `pipelines-as-code` ConfigMap. */
  pacSettings?: PacSettings;
  /** `metadata.labels` of a Trigger resource, matched by EventListener selectors. */
  labels?: Record<string, string>;
  /** An EventListener's `labelSelector` / `namespaceSelector`. */
  triggerSelector?: {
    matchLabels: Record<string, string>;
    hasExpressions: boolean;
    /** `namespaceSelector.matchNames` (`*`: every namespace). */
    namespaces?: string[];
    origin: Origin;
  };
}

/**
 * Pipelines-as-Code settings that change who can start a run and where its definition comes
 * from (https://pipelinesascode.com/docs/guide/repositorycrd/, .../guide/policy/, .../install/settings/).
 */
export interface PacSettings {
  /** Repository CR `settings.pipelinerun_provenance`: `source` (default) or `default_branch`. */
  provenance?: { value: string; origin: Origin };
  /** Repository CR `settings.policy.ok_to_test`: teams whose members may approve outsiders' pull requests. */
  okToTestTeams?: string[];
  /** Repository CR `settings.policy.pull_request`: teams whose members run pull requests without approval. */
  pullRequestTeams?: string[];
  /** ConfigMap `remember-ok-to-test`: an approval carries over to later commits of the pull request. */
  rememberOkToTest?: { value: boolean; origin: Origin };
  /** ConfigMap `require-ok-to-test-sha`: an approval names the commit it approves. */
  requireOkToTestSha?: { value: boolean; origin: Origin };
}

export interface TektonWorkspace {
  name: string;
  /** `secret.secretName` of the binding, when it binds a Secret. */
  secret?: string;
  /** For a pipeline task: the pipeline workspace this task workspace is bound to. */
  binds?: string;
  /**
   * What backs the workspace, from the run that binds it (carried down to the tasks it reaches):
   * `secret.secretName`, `persistentVolumeClaim.claimName`, `configMap.name`, or a kind without a name.
   */
  volume?: { kind: TektonVolumeKind; name?: string; origin: Origin };
  /** A Task's workspace declared `readOnly: true`. */
  readOnly?: boolean;
  origin: Origin;
}

export type TektonVolumeKind = 'secret' | 'persistentVolumeClaim' | 'configMap' | 'volumeClaimTemplate' | 'emptyDir' | 'projected' | 'csi';

/** A container setting that gives a step more than an ordinary unprivileged container. */
export interface TektonPrivilege {
  kind: 'privileged' | 'privilege-escalation' | 'root' | 'capabilities';
  /** Added capabilities, for `capabilities`. */
  detail?: string;
  origin: Origin;
}

/** Access to the node: a hostPath volume or a host namespace in the pod template. */
export interface TektonHostAccess {
  kind: 'hostPath' | 'hostNetwork' | 'hostPID' | 'hostIPC';
  /** The host path, for `hostPath`. */
  path?: string;
  origin: Origin;
}

export interface TektonJobExt {
  serviceAccount?: { name: string; origin: Origin };
  /** `automountServiceAccountToken` of the run's pod template, when set. */
  automountToken?: { value: boolean; origin: Origin };
  /** hostPath volumes of the task, host namespaces and volumes of the run's pod template. */
  hostAccess?: TektonHostAccess[];
  /** Pod-level security context of the run's pod template (`runAsUser: 0`). */
  podPrivileges?: TektonPrivilege[];
  /** Workspaces the run binds or the task declares, with secret bindings marked. */
  workspaces: TektonWorkspace[];
  /** Part of `finally:` rather than `tasks:`. */
  isFinally?: boolean;
  /** Names of the results a task declares (Tekton Chains reads type hints among them). */
  results?: { name: string; origin: Origin }[];
}

export interface TektonStepExt {
  /** `sidecar` or `step`; stepTemplate values are merged into the steps they apply to. */
  role: 'step' | 'sidecar';
  /** The container image (after `stepTemplate`), also listed in the pipeline's references. */
  image?: Reference;
  /** `securityContext` settings (the step's own, else the stepTemplate's, field by field). */
  privileges: TektonPrivilege[];
}
