import { describe, expect, it } from 'vitest';
import { Trust } from '../../../model/types.js';
import { actionMatches, isLocalActionRef, isWellFormedActionName, normalizeActionName } from './action-names.js';
import {
  ARTIFACT_DOWNLOAD_ACTIONS,
  ARTIFACT_UPLOAD_ACTIONS,
  CACHE_ACTIONS,
  CHECKOUT_ACTIONS,
  CHECKOUT_COMMANDS,
  UNTRUSTED_CHECKOUT_REFS,
  artifactActionFor,
  cacheBehaviour,
  checkoutActionFor,
  checkoutCommandFor,
} from './checkout-actions.js';
import {
  OIDC_AUTH_ACTIONS,
  STATIC_CREDENTIALS,
  matchStaticCredentialInput,
  matchStaticCredentialName,
  usesOidc,
} from './cloud-credentials.js';
import { CODE_EXECUTING_ACTIONS, codeExecutingInput, codeExecutingInputs } from './code-executing-inputs.js';
import {
  EXCLUDED_CONTEXTS,
  UNTRUSTED_CONTEXTS,
  excludedContextReason,
  isUntrustedObjectPrefix,
  matchUntrustedContext,
  normalizeContextPath,
} from './contexts.js';
import { PUBLISH_COMMANDS, PUBLISH_OR_DEPLOY_ACTIONS, publishCommandFor, publishOrDeployActionFor } from './publish-deploy.js';
import { INTEGRITY_ACTIONS, INTEGRITY_COMMANDS, integrityActionFor, integrityCommandFor } from './signing.js';
import { GITHUB_TRIGGERS, githubTrigger } from './triggers.js';

function expectUnique(keys: readonly string[]): void {
  const seen = new Set<string>();
  const dupes: string[] = [];
  for (const k of keys) {
    if (seen.has(k)) dupes.push(k);
    seen.add(k);
  }
  expect(dupes).toEqual([]);
}

const TABLES: Record<string, readonly { source: string }[]> = {
  UNTRUSTED_CONTEXTS,
  EXCLUDED_CONTEXTS,
  GITHUB_TRIGGERS,
  CODE_EXECUTING_ACTIONS,
  STATIC_CREDENTIALS,
  OIDC_AUTH_ACTIONS,
  CHECKOUT_ACTIONS,
  CHECKOUT_COMMANDS,
  UNTRUSTED_CHECKOUT_REFS,
  ARTIFACT_UPLOAD_ACTIONS,
  ARTIFACT_DOWNLOAD_ACTIONS,
  CACHE_ACTIONS,
  PUBLISH_OR_DEPLOY_ACTIONS,
  PUBLISH_COMMANDS,
  INTEGRITY_ACTIONS,
  INTEGRITY_COMMANDS,
};

describe('all tables', () => {
  it.each(Object.entries(TABLES))('%s: every entry has an https source', (_name, table) => {
    expect(table.length).toBeGreaterThan(0);
    for (const entry of table) expect(entry.source).toMatch(/^https:\/\/[^\s]+$/);
  });

  it('action keys are well-formed and lower case', () => {
    const names = [
      ...CODE_EXECUTING_ACTIONS.map((a) => a.action),
      ...OIDC_AUTH_ACTIONS.map((a) => a.action),
      ...STATIC_CREDENTIALS.flatMap((p) => (p.actionInputs ?? []).map((a) => a.action)),
      ...CHECKOUT_ACTIONS.map((a) => a.action),
      ...ARTIFACT_UPLOAD_ACTIONS.map((a) => a.action),
      ...ARTIFACT_DOWNLOAD_ACTIONS.map((a) => a.action),
      ...CACHE_ACTIONS.map((a) => a.action),
      ...PUBLISH_OR_DEPLOY_ACTIONS.map((a) => a.action),
    ];
    for (const name of names) {
      expect(isWellFormedActionName(name), name).toBe(true);
      expect(name).toBe(name.toLowerCase());
    }
  });

  it('action keys are unique within each action table', () => {
    expectUnique(CODE_EXECUTING_ACTIONS.map((a) => a.action));
    expectUnique(OIDC_AUTH_ACTIONS.map((a) => a.action));
    expectUnique(CHECKOUT_ACTIONS.map((a) => a.action));
    expectUnique([...ARTIFACT_UPLOAD_ACTIONS, ...ARTIFACT_DOWNLOAD_ACTIONS].map((a) => a.action));
    expectUnique(CACHE_ACTIONS.map((a) => a.action));
    expectUnique(PUBLISH_OR_DEPLOY_ACTIONS.map((a) => a.action));
  });
});

describe('action names', () => {
  it('normalises uses values', () => {
    expect(normalizeActionName('Actions/Checkout@v4')).toBe('actions/checkout');
    expect(normalizeActionName('github/codeql-action/autobuild@v3')).toBe('github/codeql-action/autobuild');
    expect(normalizeActionName('./.github/actions/x')).toBeUndefined();
    expect(normalizeActionName('docker://alpine:3')).toBeUndefined();
    expect(normalizeActionName('checkout')).toBeUndefined();
  });

  it('matches sub-paths only when asked', () => {
    expect(actionMatches('actions/cache', 'actions/cache/save@v4')).toBe(false);
    expect(actionMatches('oxsecurity/megalinter', 'oxsecurity/megalinter/flavors/python@v8', true)).toBe(true);
    expect(isLocalActionRef('./my-action')).toBe(true);
    expect(isLocalActionRef('$/my-action')).toBe(true);
    expect(isLocalActionRef('actions/checkout@v4')).toBe(false);
  });
});

describe('contexts', () => {
  it('patterns are normalised, unique and name known triggers', () => {
    expectUnique(UNTRUSTED_CONTEXTS.map((c) => c.pattern));
    expectUnique(EXCLUDED_CONTEXTS.map((c) => c.pattern));
    const events = new Set(GITHUB_TRIGGERS.map((t) => t.name));
    for (const c of UNTRUSTED_CONTEXTS) {
      expect(normalizeContextPath(c.pattern)).toBe(c.pattern);
      expect(c.pattern.split('.').every((s) => s !== '')).toBe(true);
      for (const t of c.triggers ?? []) expect(events.has(t), `${c.pattern}: ${t}`).toBe(true);
    }
  });

  it('no excluded context is also listed as untrusted', () => {
    for (const ex of EXCLUDED_CONTEXTS) {
      const hit = matchUntrustedContext(ex.pattern);
      expect(hit === undefined || hit.viaPrefix, ex.pattern).toBe(true);
    }
  });

  it('matches direct fields', () => {
    expect(matchUntrustedContext('github.event.issue.title')?.capability).toBe('free-text');
    expect(matchUntrustedContext('GitHub.Event.Issue.Title')?.entry.pattern).toBe('github.event.issue.title');
    expect(matchUntrustedContext('github.head_ref')?.capability).toBe('restricted');
    expect(matchUntrustedContext('github.event.pull_request.head.ref')?.entry.category).toBe('branch');
    expect(matchUntrustedContext('github.event.head_commit.author.email')?.capability).toBe('restricted');
    expect(matchUntrustedContext('github.event.workflow_run.head_branch')?.entry.triggers).toEqual(['workflow_run']);
  });

  it('normalises index and key syntax', () => {
    expect(normalizeContextPath('github.event[\'pull_request\']["title"]')).toBe('github.event.pull_request.title');
    expect(normalizeContextPath('github.event.commits[0].message')).toBe('github.event.commits.*.message');
    expect(matchUntrustedContext('github.event.commits[0].message')?.capability).toBe('free-text');
    expect(matchUntrustedContext('github.event.pages[1].page_name')).toBeDefined();
  });

  it('treats objects containing untrusted fields as free-text', () => {
    for (const path of ['github.event.pull_request', 'github.event', 'github', 'toJSON(github.event)', 'github.event.commits', 'inputs']) {
      expect(isUntrustedObjectPrefix(path), path).toBe(true);
      const m = matchUntrustedContext(path);
      expect(m?.viaPrefix, path).toBe(true);
      expect(m?.capability).toBe('free-text');
    }
    expect(matchUntrustedContext('toJSON(github.event)')?.entry.triggers).toEqual(
      expect.arrayContaining(['issues', 'push', 'pull_request_target']),
    );
    expect(isUntrustedObjectPrefix('github.event.sender')).toBe(false);
    expect(isUntrustedObjectPrefix('github.event.issue.title')).toBe(false);
  });

  it('object filters take the union of triggers', () => {
    const m = matchUntrustedContext('github.event.*.body');
    expect(m?.capability).toBe('free-text');
    expect(m?.triggers).toEqual(expect.arrayContaining(['issues', 'pull_request_review', 'discussion']));
    expect(m?.entry.triggers).toEqual(m?.triggers);
  });

  it('filters by event, except for workflow_call', () => {
    expect(matchUntrustedContext('github.event.issue.title', 'push')).toBeUndefined();
    expect(matchUntrustedContext('github.event.issue.title', 'issue_comment')).toBeDefined();
    expect(matchUntrustedContext('github.event.issue.title', 'workflow_call')).toBeDefined();
    expect(matchUntrustedContext('inputs.name', 'workflow_call')?.entry.pattern).toBe('inputs.*');
  });

  it('leaves safe contexts alone and records why', () => {
    for (const path of [
      'github.actor',
      'github.event.pull_request.head.sha',
      'github.event.pull_request.number',
      'github.sha',
      'github.event.issue.user.login',
    ]) {
      expect(matchUntrustedContext(path), path).toBeUndefined();
    }
    expect(excludedContextReason('github.actor')?.reason).toMatch(/login/i);
    expect(excludedContextReason('github.event.pull_request.labels[0].name')).toBeDefined();
  });
});

describe('triggers', () => {
  it('lists every event once', () => {
    expectUnique(GITHUB_TRIGGERS.map((t) => t.name));
    expect(GITHUB_TRIGGERS.length).toBeGreaterThanOrEqual(35);
    for (const name of [
      'push',
      'pull_request',
      'pull_request_target',
      'pull_request_review',
      'pull_request_review_comment',
      'issue_comment',
      'issues',
      'discussion',
      'discussion_comment',
      'fork',
      'watch',
      'workflow_run',
      'workflow_call',
      'workflow_dispatch',
      'repository_dispatch',
      'schedule',
      'release',
      'create',
      'delete',
      'deployment',
      'deployment_status',
      'check_run',
      'check_suite',
      'label',
      'milestone',
      'page_build',
      'project',
      'project_card',
      'project_column',
      'public',
      'registry_package',
      'status',
      'merge_group',
      'branch_protection_rule',
      'gollum',
    ]) {
      expect(githubTrigger(name), name).toBeDefined();
    }
    for (const t of GITHUB_TRIGGERS) {
      expect(t.minTrust).toBeGreaterThanOrEqual(Trust.Anyone);
      expect(t.minTrust).toBeLessThanOrEqual(Trust.Admin);
      expect(t.note.length).toBeGreaterThan(10);
    }
  });

  it('captures the fork nuances', () => {
    expect(githubTrigger('pull_request')).toMatchObject({ kind: 'pr', minTrust: Trust.Anyone, privileged: false, forkCodeByDefault: true });
    expect(githubTrigger('pull_request_target')).toMatchObject({
      kind: 'pr-target',
      minTrust: Trust.Anyone,
      privileged: true,
      forkCodeByDefault: false,
    });
    expect(githubTrigger('pull_request_review')).toMatchObject({ privileged: false, forkCodeByDefault: true });
    expect(githubTrigger('workflow_run')).toMatchObject({ kind: 'upstream', privileged: true });
    expect(githubTrigger('issue_comment')).toMatchObject({ kind: 'comment', minTrust: Trust.Anyone, privileged: true });
    expect(githubTrigger('push')).toMatchObject({ minTrust: Trust.Writer, privileged: false });
    expect(githubTrigger('workflow_dispatch')?.kind).toBe('manual');
    expect(githubTrigger('nope')).toBeUndefined();
  });

  it('privileged outsider events never default to checking out fork code', () => {
    for (const t of GITHUB_TRIGGERS) {
      if (t.privileged && t.minTrust === Trust.Anyone) expect(t.forkCodeByDefault, t.name).toBe(false);
    }
  });
});

describe('code-executing inputs', () => {
  it('has unique inputs per action', () => {
    for (const a of CODE_EXECUTING_ACTIONS) expectUnique(a.inputs.map((i) => i.input.toLowerCase()));
  });

  it('looks up actions case-insensitively, with or without a ref', () => {
    expect(codeExecutingInputs('actions/github-script@v7')).toEqual([expect.objectContaining({ input: 'script', sink: 'code' })]);
    expect(codeExecutingInput('Azure/CLI@v2', 'inlinescript')?.sink).toBe('shell');
    expect(codeExecutingInput('appleboy/ssh-action@v1', 'script')?.where).toBe('remote-host');
    expect(codeExecutingInput('appleboy/ssh-action@v1', 'script_stop')).toBeUndefined();
    expect(codeExecutingInputs('actions/checkout@v4')).toEqual([]);
    expect(codeExecutingInputs('./local')).toEqual([]);
  });
});

describe('cloud credentials', () => {
  it('names are upper case and unique across providers', () => {
    const names = STATIC_CREDENTIALS.flatMap((p) => p.names);
    expectUnique(names);
    for (const n of names) expect(n).toMatch(/^[A-Z][A-Z0-9_]*$/);
    expectUnique(STATIC_CREDENTIALS.map((p) => p.provider));
  });

  it('matches names exactly or as whole words', () => {
    expect(matchStaticCredentialName('AWS_SECRET_ACCESS_KEY')).toMatchObject({ provider: 'AWS', exact: true });
    expect(matchStaticCredentialName('PROD_AWS_SECRET_ACCESS_KEY')).toMatchObject({ provider: 'AWS', exact: false });
    expect(matchStaticCredentialName('npm-token')?.provider).toBe('npm');
    expect(matchStaticCredentialName('MYNPM_TOKEN')).toBeUndefined();
    expect(matchStaticCredentialName('GITHUB_TOKEN')).toBeUndefined();
    expect(matchStaticCredentialName('AWS_SESSION_TOKEN')).toBeUndefined();
  });

  it('matches action inputs and OIDC configuration', () => {
    expect(matchStaticCredentialInput('aws-actions/configure-aws-credentials@v4', 'aws-secret-access-key')?.provider).toBe('AWS');
    expect(matchStaticCredentialInput('aws-actions/configure-aws-credentials@v4', 'role-to-assume')).toBeUndefined();
    expect(matchStaticCredentialInput('Azure/login@v2', 'creds')?.provider).toBe('Azure');
    expect(usesOidc('aws-actions/configure-aws-credentials@v4', { 'role-to-assume': 'arn:aws:iam::1:role/x' })).toBe(true);
    expect(usesOidc('aws-actions/configure-aws-credentials@v4', { 'role-to-assume': 'x', 'aws-access-key-id': 'y' })).toBe(false);
    expect(usesOidc('pypa/gh-action-pypi-publish@release/v1', {})).toBe(true);
    expect(usesOidc('pypa/gh-action-pypi-publish@release/v1', { password: '${{ secrets.PYPI }}' })).toBe(false);
    expect(usesOidc('hashicorp/vault-action@v3', { method: 'jwt', role: 'ci' })).toBe(true);
    expect(usesOidc('hashicorp/vault-action@v3', { token: 'x' })).toBe(false);
    expect(usesOidc('actions/checkout@v4', {})).toBeUndefined();
  });
});

describe('checkout, artifacts and caches', () => {
  it('checkout', () => {
    expect(checkoutActionFor('actions/checkout@v4')?.persistCredentials?.default).toBe(true);
    expect(checkoutCommandFor('gh', ['pr', 'checkout', '12'])?.command).toBe('gh');
    expect(checkoutCommandFor('git', ['-C', 'src', 'fetch', 'origin', 'pull/1/head'])?.command).toBe('git');
    expect(checkoutCommandFor('git', ['status'])).toBeUndefined();
    expectUnique(UNTRUSTED_CHECKOUT_REFS.map((r) => r.pattern));
  });

  it('artifacts', () => {
    expect(artifactActionFor('actions/upload-artifact@v4')?.direction).toBe('upload');
    expect(artifactActionFor('actions/download-artifact@v4')?.direction).toBe('download');
  });

  it('cache behaviour follows inputs', () => {
    expect(cacheBehaviour('actions/setup-go@v5')).toMatchObject({ restores: true, saves: true });
    expect(cacheBehaviour('actions/setup-go@v5', { cache: 'false' })).toBeUndefined();
    expect(cacheBehaviour('actions/setup-python@v5')).toBeUndefined();
    expect(cacheBehaviour('actions/setup-python@v5', { cache: 'pip' })?.saves).toBe(true);
    expect(cacheBehaviour('actions/cache/restore@v4')).toMatchObject({ restores: true, saves: false });
    expect(cacheBehaviour('actions/cache/save@v4')).toMatchObject({ restores: false, saves: true });
    expect(cacheBehaviour('gradle/actions/setup-gradle@v4', { 'cache-read-only': 'true' })?.saves).toBe(false);
    expect(cacheBehaviour('docker/build-push-action@v6', { 'cache-to': 'type=gha,mode=max' })).toBeDefined();
    expect(cacheBehaviour('docker/build-push-action@v6', { 'cache-to': 'type=registry,ref=x' })).toBeUndefined();
    expect(cacheBehaviour('actions/checkout@v4')).toBeUndefined();
  });
});

describe('publish and deploy', () => {
  const cases: [string, string[], string | undefined][] = [
    ['npm', ['publish', '--access', 'public'], 'npm'],
    ['npm', ['pack'], undefined],
    ['./gradlew', ['clean', 'publishToMavenCentral'], 'gradle'],
    ['mvn', ['-B', 'clean', 'deploy'], 'mvn'],
    ['docker', ['push', 'ghcr.io/o/r:1'], 'docker'],
    ['docker', ['buildx', 'build', '--push', '-t', 'x', '.'], 'docker'],
    ['docker', ['buildx', 'build', '-t', 'x', '.'], undefined],
    ['vercel', ['--prod'], 'vercel'],
    ['vercel', [], undefined],
    ['python', ['-m', 'twine', 'upload', 'dist/*'], 'twine'],
    ['npx', ['-y', 'semantic-release@24'], 'semantic-release'],
    ['npx', ['@vscode/vsce', 'publish'], 'vsce'],
    ['gh', ['release', 'create', 'v1.0.0'], 'gh'],
    ['gh', ['pr', 'create'], undefined],
    ['aws', ['s3', 'sync', 'dist', 's3://bucket'], 'aws'],
    ['aws', ['--region', 'eu-west-1', 's3', 'ls'], undefined],
    ['kubectl', ['-n', 'prod', 'apply', '-f', 'k8s/'], 'kubectl'],
    ['kubectl', ['get', 'pods'], undefined],
    ['tofu', ['apply', '-auto-approve'], 'terraform'],
    ['sudo', ['cargo', 'publish'], 'cargo'],
  ];
  it.each(cases)('%s %j -> %s', (cmd, args, expected) => {
    expect(publishCommandFor(cmd, args)?.command).toBe(expected);
  });

  it('actions', () => {
    expect(publishOrDeployActionFor('pypa/gh-action-pypi-publish@release/v1')?.target).toBe('package-registry');
    expect(publishOrDeployActionFor('docker/build-push-action@v6', { push: 'true' })?.target).toBe('container-registry');
    expect(publishOrDeployActionFor('docker/build-push-action@v6', { push: 'false' })).toBeUndefined();
    expect(publishOrDeployActionFor('docker/build-push-action@v6')).toBeUndefined();
    expect(publishOrDeployActionFor('actions/deploy-pages@v4')?.target).toBe('pages');
    expect(publishOrDeployActionFor('actions/checkout@v4')).toBeUndefined();
  });
});

describe('signing and verification', () => {
  it.each([
    ['cosign sign --yes ghcr.io/a/b@sha256:00', 'cosign', 'sign', ['image']],
    ['cosign attest --predicate p.json --type slsaprovenance ghcr.io/a/b', 'cosign', 'sign', ['image']],
    ['cosign sign-blob --bundle out.sigstore dist/a.tgz', 'cosign', 'sign', ['file']],
    ['cosign verify --certificate-identity x ghcr.io/a/b', 'cosign', 'verify', ['image']],
    ['cosign verify-blob --bundle b dist/a.tgz', 'cosign', 'verify', ['file']],
    ['sudo notation sign ghcr.io/a/b', 'notation', 'sign', ['image']],
    ['docker trust sign ghcr.io/a/b:1', 'docker', 'sign', ['image']],
    ['gh attestation verify oci://ghcr.io/a/b -R acme/app', 'gh', 'verify', ['image', 'file']],
    ['slsa-verifier verify-image ghcr.io/a/b', 'slsa-verifier', 'verify', ['image']],
    ['python -m sigstore sign dist/a.whl', 'sigstore', 'sign', ['file']],
    ['gpg --batch --armor --detach-sign dist/a.tgz', 'gpg', 'sign', ['file']],
    ['gpg -ab dist/a.tgz', 'gpg', 'sign', ['file']],
    ['gpg --verify a.tgz.asc a.tgz', 'gpg', 'verify', ['file']],
    ['minisign -Sm dist/a.tgz', 'minisign', 'sign', ['file']],
    ['minisign -Vm dist/a.tgz -P RWQ', 'minisign', 'verify', ['file']],
    ['minisign -S -m dist/a.tgz', 'minisign', 'sign', ['file']],
    ['cosign version', undefined, undefined, undefined],
    ['gpg --import key.asc', undefined, undefined, undefined],
    ['docker push ghcr.io/a/b', undefined, undefined, undefined],
  ])('%s', (line, command, effect, subjects) => {
    const [name = '', ...args] = line.split(' ');
    const entry = integrityCommandFor(name, args);
    expect(entry?.command).toBe(command);
    expect(entry?.effect).toBe(effect);
    expect(entry?.subjects).toEqual(subjects);
  });

  it('knows attestation actions and the SLSA generators by path, at any ref', () => {
    expect(integrityActionFor('actions/attest-build-provenance@v2')?.subjects).toEqual(['image', 'file']);
    expect(
      integrityActionFor('slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@v2.1.0')?.subjects,
    ).toEqual(['image']);
    expect(integrityActionFor('sigstore/cosign-installer@v3')).toBeUndefined();
    expect(integrityActionFor('docker/build-push-action@v6')).toBeUndefined();
  });
});
