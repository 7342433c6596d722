/**
 * `pipewarden attest --keyless` then `pipewarden verify` through the CLI, offline, against a
 * Sigstore instance on loopback (test/support/sigstore-instance.ts): a real Fulcio-style leaf
 * certificate with an embedded SCT, a Rekor DSSE entry with a signed entry timestamp and an
 * inclusion proof, and a trusted root that names only the test keys.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { sha256Hex } from '../../src/integrity/statement.js';
import { captureIO } from '../support/capture-io.js';
import { RUNNER_REQUEST_TOKEN, type SigstoreInstance, startSigstoreInstance, TEST_OIDC_ISSUER } from '../support/sigstore-instance.js';
import { unsignedIdentityToken } from '../support/test-fulcio.js';

const WORKFLOW_REF = 'acme/app/.github/workflows/release.yml@refs/heads/main';
const IDENTITY = `https://github.com/${WORKFLOW_REF}`;
const TOKEN = unsignedIdentityToken({
  iss: TEST_OIDC_ISSUER,
  aud: 'sigstore',
  sub: 'repo:acme/app:ref:refs/heads/main',
  job_workflow_ref: WORKFLOW_REF,
  repository: 'acme/app',
  ref: 'refs/heads/main',
});

/** A P-256 key the test instance does not hold, to stand in for a log's key in a wrong root. */
const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

let dir: string;
let instance: SigstoreInstance;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pw-keyless-'));
  instance = await startSigstoreInstance({ runnerIdToken: TOKEN });
  writeFileSync(path.join(dir, 'app.tgz'), 'artifact');
  writeFileSync(path.join(dir, 'trusted-root.json'), JSON.stringify(instance.trustedRoot()));
});

afterAll(async () => {
  await instance.close();
  rmSync(dir, { recursive: true, force: true });
});

interface AttestRun {
  artifact?: string;
  /** SIGSTORE_ID_TOKEN, unless env is given */
  token?: string;
  env?: NodeJS.ProcessEnv;
  on?: SigstoreInstance;
}

async function attest(output: string, run: AttestRun = {}) {
  const { artifact = 'app.tgz', token = TOKEN, on = instance } = run;
  const io = captureIO(dir, run.env ?? { SIGSTORE_ID_TOKEN: token });
  const args = ['attest', artifact, '--keyless', '--fulcio-url', on.fulcioUrl, '--rekor-url', on.rekorUrl, '-o', output];
  return { code: await main(args, io), io };
}

async function verify(artifact: string, bundle: string, ...policy: string[]) {
  const io = captureIO(dir);
  const code = await main(['verify', artifact, '--bundle', bundle, '--trusted-root', 'trusted-root.json', ...policy], io);
  return { code, io };
}

interface Bundle {
  mediaType: string;
  verificationMaterial: {
    certificate?: { rawBytes: string };
    tlogEntries: {
      kindVersion: unknown;
      inclusionPromise?: unknown;
      inclusionProof?: { logIndex: string; hashes: string[]; checkpoint: { envelope: string } };
    }[];
  };
  dsseEnvelope: { payload: string; signatures: { sig: string }[] };
}

const readBundle = (file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Bundle;
const writeJson = (file: string, value: unknown) => writeFileSync(path.join(dir, file), JSON.stringify(value));

describe('keyless attest and verify against a local Sigstore instance', () => {
  beforeAll(async () => {
    const { code, io } = await attest('app.keyless.json');
    expect(io.err()).toBe('pipewarden: warning: not running in GitHub Actions or GitLab CI; the provenance describes a local build\n');
    expect(code).toBe(0);
  });

  it('asks Fulcio for a certificate with the token and logs the DSSE envelope in Rekor', () => {
    const [fulcioCall, rekorCall] = instance.requests;
    expect(fulcioCall).toMatchObject({ method: 'POST', url: '/fulcio/api/v2/signingCert', status: 200 });
    expect(fulcioCall?.body).toMatchObject({ credentials: { oidcIdentityToken: TOKEN } });
    expect(rekorCall).toMatchObject({ method: 'POST', url: '/rekor/api/v1/log/entries', status: 201 });
    expect(rekorCall?.body).toMatchObject({ apiVersion: '0.0.1', kind: 'dsse' });
  });

  it('writes a v0.3 bundle with the leaf certificate, a signed entry timestamp and an inclusion proof', () => {
    const bundle = readBundle('app.keyless.json');
    expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    expect(Buffer.from(bundle.verificationMaterial.certificate?.rawBytes ?? '', 'base64')).toEqual(instance.fulcio.issued[0]?.leafDer);
    const [entry] = bundle.verificationMaterial.tlogEntries;
    expect(entry?.kindVersion).toEqual({ kind: 'dsse', version: '0.0.1' });
    expect(entry?.inclusionPromise).toBeDefined();
    expect(entry?.inclusionProof?.checkpoint.envelope).toMatch(/^127\.0\.0\.1 - 1\n1\n/);
  });

  it('verifies with the identity, issuer, repository and signer workflow of the certificate', async () => {
    const { code, io } = await verify(
      'app.tgz',
      'app.keyless.json',
      ...['--certificate-identity', IDENTITY, '--certificate-oidc-issuer', TEST_OIDC_ISSUER],
      ...['--repo', 'acme/app', '--source-ref', 'refs/heads/main', '--signer-workflow', 'acme/app/.github/workflows/release.yml'],
    );
    expect(io.err()).toBe('');
    expect(io.out()).toBe(
      `verified: sha256:${sha256Hex(Buffer.from('artifact'))} signed by ${IDENTITY} (https://slsa.dev/provenance/v1)\n`,
    );
    expect(code).toBe(0);
  });

  it.each([
    ['--certificate-identity', 'https://github.com/acme/app/.github/workflows/other.yml@refs/heads/main', 'certificate-identity', IDENTITY],
    ['--certificate-oidc-issuer', 'https://accounts.example.com', 'certificate-oidc-issuer', TEST_OIDC_ISSUER],
    ['--repo', 'acme/other', 'repo', 'acme/app'],
    ['--source-ref', 'refs/tags/v1', 'source-ref', 'refs/heads/main'],
  ])('fails %s %s with exit 1 naming the check', async (flag, expected, check, found) => {
    const { code, io } = await verify('app.tgz', 'app.keyless.json', flag, expected);
    expect(io.err()).toBe(`verification failed: ${check}: ${check} does not match\n  expected: ${expected}\n  found:    ${found}\n`);
    expect(code).toBe(1);
  });

  it('fails a tampered artifact on the subject check', async () => {
    writeFileSync(path.join(dir, 'tampered.tgz'), 'artifact!');
    const { code, io } = await verify('tampered.tgz', 'app.keyless.json', '--certificate-identity', IDENTITY);
    expect(io.err()).toContain('verification failed: subject: the artifact digest is not a subject of the statement');
    expect(code).toBe(1);
  });

  it('fails a bundle whose statement was changed after signing', async () => {
    const bundle = readBundle('app.keyless.json');
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'));
    statement.subject[0].digest.sha256 = sha256Hex(Buffer.from('artifact!'));
    bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    writeJson('edited.json', bundle);
    const { code, io } = await verify('tampered.tgz', 'edited.json', '--certificate-identity', IDENTITY);
    expect(io.err()).toBe('verification failed: transparency-log: TLOG_BODY_ERROR: DSSE payload hash mismatch\n');
    expect(code).toBe(1);
  });

  type TestRoot = Record<'ctlogs' | 'tlogs', { publicKey: { rawBytes: string } }[]>;
  const replaceKeys = (logs: TestRoot['tlogs']) => {
    for (const log of logs) log.publicKey.rawBytes = otherKey;
  };

  it.each<[string, ((root: TestRoot) => void) | undefined, string]>([
    [
      'the shipped public-good root',
      undefined,
      'certificate: CERTIFICATE_ERROR: Failed to verify certificate chain: no valid certificate path found',
    ],
    ['a root without the CT log', (root) => root.ctlogs.splice(0), 'certificate: CERTIFICATE_ERROR: SCT verification failed'],
    ['a root with another CT log key', (root) => replaceKeys(root.ctlogs), 'certificate: CERTIFICATE_ERROR: SCT verification failed'],
    [
      'a root with another Rekor key',
      (root) => replaceKeys(root.tlogs),
      'transparency-log: TLOG_INCLUSION_PROMISE_ERROR: inclusion promise could not be verified',
    ],
  ])('fails against %s', async (_name, edit, failure) => {
    const args = ['verify', 'app.tgz', '--bundle', 'app.keyless.json', '--certificate-identity', IDENTITY];
    if (edit) {
      const root = instance.trustedRoot() as TestRoot;
      edit(root);
      writeJson('edited-root.json', root);
      args.push('--trusted-root', 'edited-root.json');
    }
    const io = captureIO(dir);
    expect(await main(args, io)).toBe(1);
    expect(io.err()).toBe(`verification failed: ${failure}\n`);
  });

  it('verifies the inclusion proof of each later entry against its checkpoint, and rejects an altered path', async () => {
    // Entries 1 to 3 of the log; each proof is for the tree as it was when the entry was added.
    const later = ['lib', 'cli', 'doc'];
    const pathLengths: [string, number][] = [];
    for (const name of later) {
      writeFileSync(path.join(dir, `${name}.tgz`), `${name} bytes`);
      expect((await attest(`${name}.keyless.json`, { artifact: `${name}.tgz` })).code).toBe(0);
      const { code, io } = await verify(`${name}.tgz`, `${name}.keyless.json`, '--certificate-identity', IDENTITY);
      expect(io.err()).toBe('');
      expect(code).toBe(0);
      const proof = readBundle(`${name}.keyless.json`).verificationMaterial.tlogEntries[0]?.inclusionProof;
      pathLengths.push([proof?.logIndex ?? '', proof?.hashes.length ?? -1]);
    }
    expect(pathLengths).toEqual([
      ['1', 1],
      ['2', 1],
      ['3', 2],
    ]);
    const doc = readBundle('doc.keyless.json');
    const proof = doc.verificationMaterial.tlogEntries[0]?.inclusionProof;
    proof?.hashes.reverse();
    writeJson('altered-path.json', doc);
    const { code, io } = await verify('doc.tgz', 'altered-path.json', '--certificate-identity', IDENTITY);
    expect(io.err()).toBe(
      'verification failed: transparency-log: TLOG_INCLUSION_PROOF_ERROR: calculated root hash does not match inclusion proof\n',
    );
    expect(code).toBe(1);
  });

  it('passes without identity flags but warns that any identity is accepted', async () => {
    const { code, io } = await verify('app.tgz', 'app.keyless.json');
    expect(io.err()).toContain('warning: no identity policy given, so any Sigstore identity is accepted');
    expect(code).toBe(0);
  });

  it('fails a certificate that had expired when the log entry was made', async () => {
    const late = await startSigstoreInstance({ rekorAheadMs: 11 * 60 * 1000 });
    try {
      expect((await attest('late.keyless.json', { on: late })).code).toBe(0);
      writeJson('late-root.json', late.trustedRoot());
      const io = captureIO(dir);
      const args = ['verify', 'app.tgz', '--bundle', 'late.keyless.json', '--trusted-root', 'late-root.json'];
      expect(await main(args, io)).toBe(1);
      expect(io.err()).toBe(
        'verification failed: certificate: CERTIFICATE_ERROR: Failed to verify certificate chain: certificate is not valid or expired at the specified date\n',
      );
    } finally {
      await late.close();
    }
  });

  it('in GitHub Actions, gets the token from the runner endpoint and attests the workflow that the certificate names', async () => {
    const before = instance.requests.length;
    const env = {
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_SHA: 'c'.repeat(40),
      GITHUB_RUN_ID: '7',
      GITHUB_WORKFLOW_REF: WORKFLOW_REF,
      ACTIONS_ID_TOKEN_REQUEST_URL: instance.runnerTokenUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: RUNNER_REQUEST_TOKEN,
    };
    const signed = await attest('ci.keyless.json', { env });
    expect(signed.io.err()).toBe('');
    expect(signed.code).toBe(0);
    expect(instance.requests.slice(before).map((r) => `${r.method} ${r.url} ${r.status}`)).toEqual([
      'GET /actions/token?audience=sigstore 200',
      'POST /fulcio/api/v2/signingCert 200',
      'POST /rekor/api/v1/log/entries 201',
    ]);
    const statement = JSON.parse(Buffer.from(readBundle('ci.keyless.json').dsseEnvelope.payload, 'base64').toString('utf8'));
    expect(statement.predicate.buildDefinition.externalParameters.workflow).toMatchObject({ repository: 'https://github.com/acme/app' });
    const { code, io } = await verify(
      'app.tgz',
      'ci.keyless.json',
      ...['--owner', 'acme', '--signer-repo', 'acme/app', '--predicate-type', 'https://slsa.dev/provenance/v1'],
    );
    expect(io.err()).toBe('');
    expect(code).toBe(0);
  });

  it('binds an email identity to the SAN, which the identity regexp checks', async () => {
    const emailToken = unsignedIdentityToken({
      iss: TEST_OIDC_ISSUER,
      aud: 'sigstore',
      sub: '1234',
      email: 'dev@example.com',
      email_verified: true,
    });
    expect((await attest('email.keyless.json', { token: emailToken })).code).toBe(0);
    const ok = await verify('app.tgz', 'email.keyless.json', '--certificate-identity-regexp', '^dev@example\\.com$');
    expect(ok.io.out()).toContain('signed by dev@example.com');
    expect(ok.code).toBe(0);
    const repo = await verify('app.tgz', 'email.keyless.json', '--repo', 'acme/app');
    expect(repo.io.err()).toBe('verification failed: repo: repo does not match\n  expected: acme/app\n  found:    (none)\n');
    expect(repo.code).toBe(1);
  });

  it('reports a token Fulcio refuses with exit 2, and logs nothing', async () => {
    const before = instance.requests.length;
    const wrongAudience = unsignedIdentityToken({ iss: TEST_OIDC_ISSUER, aud: 'other', sub: 'repo:acme/app:ref:refs/heads/main' });
    const { code, io } = await attest('refused.json', { token: wrongAudience });
    expect(io.err()).toContain(`keyless signing failed (Fulcio ${instance.fulcioUrl}, Rekor ${instance.rekorUrl})`);
    expect(io.err()).toContain('audience other is not sigstore');
    expect(code).toBe(2);
    expect(instance.requests.slice(before).map((r) => `${r.url} ${r.status}`)).toEqual(['/fulcio/api/v2/signingCert 401']);
  });
});
