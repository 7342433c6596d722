import { describe, expect, it } from 'vitest';
import { emptyConfig } from '../../config/config.js';
import { analyseSources } from '../../engine/engine.js';
import type { Job, Pipeline, Reference } from '../../model/types.js';
import { ADAPTERS } from '../index.js';
import { isTektonText } from './index.js';
import { pacRemoteReference } from './references.js';

function analyse(files: Record<string, string>) {
  const inputs = Object.entries(files).map(([path, text]) => ({ file: { path, text }, explicit: false }));
  return analyseSources(inputs, { config: emptyConfig(), rules: [], adapters: ADAPTERS });
}

function unit(pipelines: Pipeline[], kind: string, name: string): Pipeline {
  const found = pipelines.find((p) => p.tekton?.resourceKind === kind && p.tekton.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${pipelines.map((p) => `${p.tekton?.resourceKind}/${p.tekton?.name}`).join(', ')}`);
  return found;
}

function pins(references: Reference[]): string[] {
  return references.map((r) => `${r.kind} ${r.raw} ${r.pin}`);
}

const TASK = `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: build
spec:
  params:
    - name: target
  workspaces:
    - name: source
  stepTemplate:
    image: golang:1.22
    env:
      - name: GOFLAGS
        value: -mod=vendor
  steps:
    - name: compile
      script: |
        #!/usr/bin/env bash
        go build "$(params.target)" $(date)
    - name: lint
      image: golangci/golangci-lint@sha256:${'a'.repeat(64)}
      command: [sh, -c]
      args: ["golangci-lint run $(params.target)"]
      env:
        - name: TOKEN
          valueFrom:
            secretKeyRef:
              name: lint-token
              key: token
    - name: shared
      ref:
        name: upload
      params:
        - name: path
          value: $(workspaces.source.path)
  sidecars:
    - name: docker
      image: docker:dind
`;

describe('tekton adapter: recognition', () => {
  it('takes any YAML file whose text names a tekton.dev API, and nothing else', () => {
    expect(isTektonText('deploy/task.yaml', TASK)).toBe(true);
    expect(isTektonText('k8s/deployment.yaml', 'apiVersion: apps/v1\nkind: Deployment\n')).toBe(false);
    expect(isTektonText('docs/notes.yaml', 'see: https://tekton.dev/docs\n')).toBe(false);
    // A Helm chart's template is not YAML until rendered; under .tekton/ `{{ }}` is Pipelines-as-Code.
    expect(
      isTektonText('chart/templates/task.yaml', `apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: {{ .Values.name }}\n`),
    ).toBe(false);
    expect(isTektonText('.tekton/pr.yaml', `apiVersion: tekton.dev/v1\nkind: PipelineRun\nmetadata:\n  name: "{{ revision }}"\n`)).toBe(
      true,
    );
  });

  it('skips ordinary YAML without a parse, a parse issue or a count, and reads every document of a file', () => {
    const out = analyse({
      'config/broken.yaml': 'a: [unclosed\n',
      'config/app.yml': 'apiVersion: v1\nkind: ConfigMap\n',
      'ci/resources.yaml': `apiVersion: v1\nkind: ConfigMap\n---\n${TASK}---\napiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata:\n  name: ci\nspec:\n  tasks:\n    - name: build\n      taskRef:\n        name: build\n`,
    });
    expect(out.result.parseIssues).toEqual([]);
    expect(out.result.stats.filesScanned).toBe(1);
    expect(out.result.analysed).toEqual([{ file: 'ci/resources.yaml', platform: 'tekton' }]);
    expect(out.pipelines.map((p) => `${p.tekton?.resourceKind}/${p.name}`)).toEqual(['Task/build', 'Pipeline/ci']);
  });

  it('reports a Tekton file that is not valid YAML, with its position', () => {
    const out = analyse({ 'ci/task.yaml': 'apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  steps: [\n' });
    expect(out.result.parseIssues.map((i) => `${i.file}:${i.line} ${i.code}`)).toEqual(['ci/task.yaml:5 YAML_SYNTAX']);
  });
});

describe('tekton adapter: tasks', () => {
  const out = analyse({ 'ci/task.yaml': TASK });
  const task = unit(out.pipelines, 'Task', 'build');
  const job = task.jobs[0];

  it('models steps and sidecars with scripts, shells, command and args, env and secrets', () => {
    expect(job?.steps.map((s) => `${s.name} ${s.kind} ${s.shell} ${s.tekton?.role} ${s.tekton?.image?.raw}`)).toEqual([
      'compile shell bash step golang:1.22',
      `lint shell sh step golangci/golangci-lint@sha256:${'a'.repeat(64)}`,
      'shared action undefined step undefined',
      'docker shell undefined sidecar docker:dind',
    ]);
    expect(job?.steps[1]?.inputs.map((i) => `${i.name}=${i.value.value} ${i.sink}`)).toEqual([
      'command[0]=sh arguments',
      'command[1]=-c arguments',
      'args[0]=golangci-lint run $(params.target) shell',
    ]);
    expect(job?.secrets.map((s) => s.name)).toEqual(['lint-token']);
    expect(job?.env.map((e) => e.name)).toEqual(['GOFLAGS']);
    expect(task.declaredInputs.map((d) => d.name)).toEqual(['target']);
    expect(job?.tekton?.workspaces.map((w) => w.name)).toEqual(['source']);
  });

  it('marks only Tekton variables in scripts, with their exact span and what they read', () => {
    const script = job?.steps[0]?.script;
    expect(
      script?.interpolations.map((i) => [i.text, TASK.slice(i.origin.span.start, i.origin.span.end), i.links.map((l) => l.kind)]),
    ).toEqual([['params.target', '$(params.target)', ['input']]]);
  });

  it('lists images once each: a stepTemplate image shared by steps, step images and sidecars', () => {
    expect(pins(task.references)).toEqual([
      'image golang:1.22 floating-version',
      `image golangci/golangci-lint@sha256:${'a'.repeat(64)} digest`,
      'task upload local',
      'image docker:dind floating-version',
    ]);
  });
});

describe('tekton adapter: references and their pin state', () => {
  const pipeline = `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: release
spec:
  tasks:
    - name: git
      taskRef:
        resolver: git
        params:
          - name: url
            value: https://github.com/tektoncd/catalog.git
          - name: revision
            value: main
          - name: pathInRepo
            value: task/git-clone/0.9/git-clone.yaml
    - name: git-sha
      taskRef:
        resolver: git
        params:
          - name: url
            value: https://github.com/tektoncd/catalog.git
          - name: revision
            value: ${'c'.repeat(40)}
    - name: bundle
      taskRef:
        resolver: bundles
        params:
          - name: bundle
            value: quay.io/konflux-ci/tekton-catalog/task-buildah:0.4
          - name: name
            value: buildah
    - name: legacy-bundle
      taskRef:
        bundle: gcr.io/tekton-releases/catalog/upstream/golang-build@sha256:${'d'.repeat(64)}
        name: golang-build
    - name: hub
      taskRef:
        resolver: hub
        params:
          - name: name
            value: kaniko
          - name: version
            value: ">=0.6"
    - name: http
      taskRef:
        resolver: http
        params:
          - name: url
            value: https://raw.githubusercontent.com/tektoncd/catalog/main/task/curl/0.1/curl.yaml
    - name: by-name
      taskRef:
        name: build
  finally:
    - name: notify
      taskSpec:
        steps:
          - image: $(params.notifier)
            script: echo done
`;
  const out = analyse({ 'ci/pipeline.yaml': pipeline, 'ci/task.yaml': TASK });
  const release = unit(out.pipelines, 'Pipeline', 'release');

  it('reads every resolver into a reference with a pin state', () => {
    expect(pins(release.references)).toEqual([
      'task https://github.com/tektoncd/catalog.git@main task/git-clone/0.9/git-clone.yaml branch',
      `task https://github.com/tektoncd/catalog.git@${'c'.repeat(40)} commit-sha`,
      'bundle quay.io/konflux-ci/tekton-catalog/task-buildah:0.4 floating-version',
      `bundle gcr.io/tekton-releases/catalog/upstream/golang-build@sha256:${'d'.repeat(64)} digest`,
      'task tekton/kaniko@>=0.6 floating-version',
      'task https://raw.githubusercontent.com/tektoncd/catalog/main/task/curl/0.1/curl.yaml branch',
      'task build local',
    ]);
    const revision = release.references[0] as Reference;
    expect(pipeline.slice(revision.origin.span.start, revision.origin.span.end)).toBe('main');
  });

  it('links name references to resources of other files and models inline specs as units of their own', () => {
    const byName = release.jobs.find((j) => j.id === 'by-name');
    expect(byName?.uses?.unit).toBe(unit(out.pipelines, 'Task', 'build'));
    const notify = release.jobs.find((j) => j.id === 'notify');
    expect(notify?.tekton?.isFinally).toBe(true);
    expect(notify?.uses?.unit?.tekton).toMatchObject({ resourceKind: 'Task', name: 'release/notify', inline: true });
    expect(pins(notify?.uses?.unit?.references ?? [])).toEqual(['image $(params.notifier) dynamic']);
  });
});

describe('tekton adapter: triggers and trust', () => {
  const files = {
    'triggers/listener.yaml': `apiVersion: triggers.tekton.dev/v1beta1
kind: EventListener
metadata:
  name: listener
spec:
  triggers:
    - name: open
      bindings:
        - ref: pr
      template:
        ref: run
    - name: signed-push
      interceptors:
        - ref:
            name: github
          params:
            - name: secretRef
              value:
                secretName: webhook
                secretKey: token
            - name: eventTypes
              value: [push]
      bindings:
        - name: sha
          value: $(body.after)
      template:
        ref: run
`,
    'triggers/binding.yaml': `apiVersion: triggers.tekton.dev/v1beta1
kind: TriggerBinding
metadata:
  name: pr
spec:
  params:
    - name: sha
      value: $(body.pull_request.head.sha)
    - name: title
      value: $(body.pull_request.title)
`,
    'triggers/template.yaml': `apiVersion: triggers.tekton.dev/v1beta1
kind: TriggerTemplate
metadata:
  name: run
spec:
  params:
    - name: sha
  resourcetemplates:
    - apiVersion: tekton.dev/v1
      kind: TaskRun
      metadata:
        generateName: run-
      spec:
        serviceAccountName: builder
        taskRef:
          name: build
        params:
          - name: target
            value: $(tt.params.sha)
`,
    'ci/task.yaml': TASK,
  };
  const out = analyse(files);

  it('an unauthenticated trigger is reachable by anyone; a signed push only by writers', () => {
    const listener = unit(out.pipelines, 'EventListener', 'listener');
    expect(listener.jobs.map((j) => `${j.id}: ${j.triggers.map((t) => `${t.kind}/${t.name}/T${t.minTrust}`)}`)).toEqual([
      'open: webhook/unauthenticated webhook/T0',
      'signed-push: push/push/T2',
    ]);
  });

  it('binds TriggerBinding params to the trigger and carries triggers and the service account down to the task', () => {
    const open = unit(out.pipelines, 'EventListener', 'listener').jobs[0];
    expect(open?.inputs.map((i) => `${i.name} ${i.note}`)).toEqual([
      'sha TriggerBinding pr param sha, bound by trigger open',
      'title TriggerBinding pr param title, bound by trigger open',
    ]);
    const build = unit(out.pipelines, 'Task', 'build').jobs[0];
    expect(build?.triggers.map((t) => t.name)).toEqual(['unauthenticated webhook', 'push']);
    expect(build?.tekton?.serviceAccount?.name).toBe('builder');
  });

  it('reads Pipelines-as-Code annotations into triggers and remote references, and `{{ }}` variables into sources', () => {
    const pac = analyse({
      '.tekton/pull-request.yaml': `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  name: pr
  annotations:
    pipelinesascode.tekton.dev/on-event: "[pull_request, push]"
    pipelinesascode.tekton.dev/on-target-branch: "[main]"
    pipelinesascode.tekton.dev/task: "[git-clone, .tekton/tasks/lint.yaml, https://github.com/o/r/blob/main/task.yaml]"
    pipelinesascode.tekton.dev/task-1: "buildah:0.4"
spec:
  params:
    - name: branch
      value: {{ source_branch }}
    - name: title
      value: "{{ body.pull_request.title }}"
    - name: sha
      value: "{{ revision }}"
  pipelineRef:
    name: ci
`,
    });
    const run = unit(pac.pipelines, 'PipelineRun', 'pr');
    expect(run.triggers.map((t) => `${t.kind}/${t.name}/T${t.minTrust}/${t.definitionSource}`)).toEqual([
      'pr/pull_request/T0/triggering-ref',
      'push/push/T2/triggering-ref',
    ]);
    expect(run.triggers[0]?.filters).toEqual({ branches: ['main'] });
    const labelled = analyse({
      '.tekton/label.yaml': `apiVersion: tekton.dev/v1\nkind: PipelineRun\nmetadata:\n  name: l\n  annotations:\n    pipelinesascode.tekton.dev/on-label: "[ok-to-build]"\nspec:\n  pipelineRef:\n    name: ci\n`,
    });
    expect(unit(labelled.pipelines, 'PipelineRun', 'l').triggers.map((t) => `${t.kind}/${t.name}/T${t.minTrust}`)).toEqual([
      'pr/on-label/T1',
    ]);
    expect(pins(run.references)).toEqual([
      'task git-clone latest',
      'task .tekton/tasks/lint.yaml local',
      'task https://github.com/o/r/blob/main/task.yaml branch',
      'task buildah:0.4 immutable-version',
      'task ci local',
    ]);
    const inputs = run.jobs[0]?.inputs ?? [];
    expect(
      inputs.map(
        (i) => `${i.name}=${i.value.value} [${i.value.interpolations.flatMap((x) => x.sources.map((s) => `${s.name} ${s.capability}`))}]`,
      ),
    ).toEqual([
      'branch={{ source_branch }} [source_branch restricted]',
      'title={{ body.pull_request.title }} [body.pull_request.title free-text]',
      'sha={{ revision }} []',
    ]);
    expect(pac.result.parseIssues).toEqual([]);
  });
});

describe('tekton adapter: workspace volumes and the service account token', () => {
  const RUN = `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  name: nightly
spec:
  pipelineRef:
    name: nightly
  taskRunTemplate:
    podTemplate:
      automountServiceAccountToken: false
  workspaces:
    - name: source
      volumeClaimTemplate:
        spec: {}
    - name: cache
      persistentVolumeClaim:
        claimName: go-cache
    - name: settings
      configMap:
        name: maven-settings
    - name: creds
      secret:
        secretName: registry-push
    - name: scratch
      emptyDir: {}
---
apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: nightly
spec:
  tasks:
    - name: build
      taskRef:
        name: build
      workspaces:
        - name: dockerconfig
          workspace: creds
        - name: m2
          workspace: settings
---
apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: build
spec:
  workspaces:
    - name: dockerconfig
    - name: m2
      readOnly: true
  steps:
    - image: alpine:3.20
      script: echo
`;
  const out = analyse({ 'tekton/nightly.yaml': RUN });

  it('records what backs each binding of a run, with the name and its position', () => {
    const run = unit(out.pipelines, 'PipelineRun', 'nightly').jobs[0];
    const volumes = run?.tekton?.workspaces.map((w) => {
      const v = w.volume;
      return `${w.name} ${v?.kind} ${v?.name ?? '-'} ${v ? RUN.slice(v.origin.span.start, v.origin.span.end) : ''}`;
    });
    expect(volumes).toEqual([
      'source volumeClaimTemplate - spec: {}',
      'cache persistentVolumeClaim go-cache go-cache',
      'settings configMap maven-settings maven-settings',
      'creds secret registry-push registry-push',
      'scratch emptyDir - {}',
    ]);
    expect(run?.tekton?.automountToken?.value).toBe(false);
  });

  it('carries volumes and automountServiceAccountToken down through the workspace mapping to the task', () => {
    const task = unit(out.pipelines, 'Task', 'build').jobs[0];
    expect(task?.tekton?.workspaces.map((w) => `${w.name} ${w.volume?.kind} ${w.volume?.name}`)).toEqual([
      'dockerconfig secret registry-push',
      'm2 configMap maven-settings',
    ]);
    expect(task?.tekton?.automountToken?.value).toBe(false);
  });

  it('models a claim bound by name as a cache shared between runs, and pipeline workspaces as artifacts of the run', () => {
    const describe = (job: Job | undefined) => (job?.channels ?? []).map((c) => `${c.kind} ${c.name} ${c.access} ${c.otherRun} ${c.via}`);
    expect(describe(unit(out.pipelines, 'PipelineRun', 'nightly').jobs[0])).toEqual([
      'cache go-cache read-write true persistentVolumeClaim',
    ]);
    // The Secret and the ConfigMap are mounted read-only: no channel between tasks.
    expect(describe(unit(out.pipelines, 'Pipeline', 'nightly').jobs[0])).toEqual([]);
    const shared = analyse({
      'tekton/ci.yaml': `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: ci
spec:
  tasks:
    - name: fetch
      taskRef:
        name: git-clone
      workspaces:
        - name: output
          workspace: source
    - name: lint
      taskRef:
        name: lint
      workspaces:
        - name: src
          workspace: source
---
apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: lint
spec:
  workspaces:
    - name: src
      readOnly: true
  steps:
    - image: alpine:3.20
      script: echo
`,
    });
    expect(unit(shared.pipelines, 'Pipeline', 'ci').jobs.flatMap(describe)).toEqual([
      'artifact ci/source read-write false workspace',
      'artifact ci/source read false workspace',
    ]);
    expect(unit(out.pipelines, 'Task', 'build').jobs[0]?.channels).toBeUndefined();
  });
});

describe('tekton adapter: Pipelines-as-Code approvals and repository settings', () => {
  const RUN = `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  name: pr
  annotations:
    pipelinesascode.tekton.dev/on-cel-expression: event == "pull_request" && target_branch == "main" && "docs/***".pathChanged()
    pipelinesascode.tekton.dev/on-path-change: "[src/**, go.mod]"
spec:
  pipelineRef:
    name: ci
`;
  const REPOSITORY = `apiVersion: pipelinesascode.tekton.dev/v1alpha1
kind: Repository
metadata:
  name: project
spec:
  url: https://github.com/example/project
  settings:
    pipelinerun_provenance: default_branch
    policy:
      ok_to_test: [ci-admins, release]
      pull_request: [ci-users]
`;
  const CONFIG = (data: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: pipelines-as-code
  namespace: pipelines-as-code
data:
${data}`;
  const gates = (out: ReturnType<typeof analyse>) =>
    unit(out.pipelines, 'PipelineRun', 'pr').triggers.flatMap((t) =>
      (t.gates ?? []).map((g) => `${t.name} ${g.kind} ${g.spoofable} ${g.note}`),
    );

  it('holds outsiders pull requests behind /ok-to-test, reads CEL target branches and on-path-change as filters', () => {
    const out = analyse({ '.tekton/pr.yaml': RUN });
    const trigger = unit(out.pipelines, 'PipelineRun', 'pr').triggers[0];
    expect(trigger?.filters).toEqual({ branches: ['main'], paths: ['src/**', 'go.mod'] });
    expect(trigger?.definitionSource).toBe('triggering-ref');
    expect(gates(out)).toEqual([
      "pull_request comment-approval false Pipelines-as-Code `/ok-to-test`: an outside contributor's pull request runs only after an allowed user approves it",
    ]);
  });

  it('reads the Repository CR (provenance, approving teams) and the global ConfigMap, recognised by name', () => {
    expect(isTektonText('config/pac.yaml', CONFIG('  remember-ok-to-test: "false"\n'))).toBe(true);
    expect(
      isTektonText('config/other.yaml', CONFIG('  remember-ok-to-test: "false"\n').replace('name: pipelines-as-code\n', 'name: app\n')),
    ).toBe(false);
    const out = analyse({
      '.tekton/pr.yaml': RUN,
      'config/repository.yaml': REPOSITORY,
      'config/pac.yaml': CONFIG('  require-ok-to-test-sha: "true"\n'),
    });
    expect(out.result.parseIssues).toEqual([]);
    expect(unit(out.pipelines, 'Repository', 'project').tekton?.pacSettings).toMatchObject({
      provenance: { value: 'default_branch' },
      okToTestTeams: ['ci-admins', 'release'],
      pullRequestTeams: ['ci-users'],
    });
    expect(unit(out.pipelines, 'PipelineRun', 'pr').triggers[0]?.definitionSource).toBe('trusted-ref');
    expect(gates(out)).toEqual([
      "pull_request approval false Pipelines-as-Code `/ok-to-test`: an outside contributor's pull request runs only after an allowed user approves it (members of ci-admins, release); require-ok-to-test-sha ties the approval to the reviewed commit",
    ]);
    const remembered = analyse({ '.tekton/pr.yaml': RUN, 'config/pac.yaml': CONFIG('  remember-ok-to-test: "true"\n') });
    expect(gates(remembered)).toEqual([
      "pull_request comment-approval true Pipelines-as-Code `/ok-to-test`: an outside contributor's pull request runs only after an allowed user approves it; remember-ok-to-test lets commits pushed after the approval run unapproved",
    ]);
  });
});

describe('tekton adapter: EventListeners serving Trigger resources', () => {
  const TRIGGERS = `apiVersion: triggers.tekton.dev/v1beta1
kind: Trigger
metadata:
  name: github-pr
  labels:
    team: web
spec:
  interceptors:
    - ref:
        name: github
      params:
        - name: secretRef
          value:
            secretName: webhook
            secretKey: token
        - name: eventTypes
          value: [pull_request]
  template:
    ref: ci
---
apiVersion: triggers.tekton.dev/v1beta1
kind: Trigger
metadata:
  name: nightly
  namespace: ops
  labels:
    team: web
spec:
  template:
    ref: ci
---
apiVersion: triggers.tekton.dev/v1beta1
kind: Trigger
metadata:
  name: other-team
  labels:
    team: data
spec:
  template:
    ref: ci
`;
  const LISTENERS = `apiVersion: triggers.tekton.dev/v1beta1
kind: EventListener
metadata:
  name: by-ref
spec:
  triggers:
    - triggerRef: github-pr
---
apiVersion: triggers.tekton.dev/v1beta1
kind: EventListener
metadata:
  name: by-label
spec:
  namespaceSelector:
    matchNames: [ci]
  labelSelector:
    matchLabels:
      team: web
`;
  const out = analyse({ 'tekton/triggers.yaml': TRIGGERS, 'tekton/listeners.yaml': LISTENERS });
  const calls = (name: string) =>
    unit(out.pipelines, 'EventListener', name).jobs.map((j) => `${j.id} -> ${j.uses?.unit?.tekton?.name ?? '?'} [${j.triggers.length}]`);

  it('links a triggerRef to the Trigger resource, which keeps its own interceptors and trust', () => {
    expect(calls('by-ref')).toEqual(['github-pr -> github-pr [0]']);
    expect(unit(out.pipelines, 'Trigger', 'github-pr').triggers.map((t) => `${t.name}/T${t.minTrust}`)).toEqual(['pull_request/T0']);
    expect(out.result.parseIssues).toEqual([]);
  });

  it('links the Trigger resources a labelSelector matches, in the namespaces of the namespaceSelector', () => {
    // `nightly` is in namespace ops, which the listener does not serve; `other-team` has other labels.
    expect(calls('by-label')).toEqual(['github-pr -> github-pr [0]']);
  });
});

describe('tekton adapter: CEL filters that keep outsiders out of a signed listener', () => {
  const listener = (filter: string, secret = true) => `apiVersion: triggers.tekton.dev/v1beta1
kind: EventListener
metadata:
  name: pr
spec:
  triggers:
    - name: pr
      interceptors:
        - ref:
            name: github
          params:
${secret ? '            - name: secretRef\n              value:\n                secretName: webhook\n                secretKey: token\n' : ''}            - name: eventTypes
              value: [pull_request]
        - ref:
            name: cel
          params:
            - name: filter
              value: >-
                ${filter}
      template:
        ref: ci
`;
  const gates = (text: string) =>
    unit(analyse({ 'tekton/listener.yaml': text }).pipelines, 'EventListener', 'pr').triggers.flatMap((t) =>
      (t.gates ?? []).map((g) => `${t.name} ${g.kind}`),
    );

  it('takes a same-repository or author-association check as a gate, only behind a checked webhook secret', () => {
    expect(gates(listener('body.pull_request.head.repo.full_name == body.repository.full_name'))).toEqual(['pull_request same-repository']);
    expect(gates(listener("body.action in ['opened'] && body.pull_request.head.repo.fork == false"))).toEqual([
      'pull_request same-repository',
    ]);
    expect(gates(listener("body.pull_request.author_association in ['OWNER', 'MEMBER', 'COLLABORATOR']"))).toEqual([
      'pull_request author-check',
    ]);
    // Outsiders pass these: a first-time contributor, a negated or alternative condition, an unsigned payload.
    expect(gates(listener("body.pull_request.author_association in ['MEMBER', 'FIRST_TIME_CONTRIBUTOR']"))).toEqual([]);
    expect(gates(listener('body.pull_request.head.repo.full_name != body.repository.full_name'))).toEqual([]);
    expect(gates(listener("body.pull_request.head.repo.fork == false || body.action == 'labeled'"))).toEqual([]);
    expect(gates(listener('body.pull_request.head.repo.full_name == body.repository.full_name', false))).toEqual([]);
  });
});

describe('Pipelines-as-Code remote task URLs', () => {
  const origin = { file: { path: '.tekton/run.yaml', text: '' }, span: { start: 0, end: 0 } };
  it.each([
    ['https://raw.githubusercontent.com/acme/ci/main/tasks/a.yaml', 'main', 'branch'],
    ['https://raw.githubusercontent.com/acme/ci/refs/heads/main/tasks/a.yaml', 'refs/heads/main', 'branch'],
    ['https://raw.githubusercontent.com/acme/ci/refs/tags/v1.2.3/tasks/a.yaml', 'refs/tags/v1.2.3', 'immutable-version'],
    [`https://raw.githubusercontent.com/acme/ci/${'e'.repeat(40)}/tasks/a.yaml`, 'e'.repeat(40), 'commit-sha'],
    ['https://github.com/acme/ci/blob/v2/tasks/a.yaml', 'v2', 'floating-version'],
  ])('%s names ref %s (%s)', (url, ref, pin) => {
    const reference = pacRemoteReference(url, origin);
    expect([reference.ref, reference.pin]).toEqual([ref, pin]);
  });
});
