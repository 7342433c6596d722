/** `pipewarden attest` then `pipewarden verify` through the CLI, offline, with keys written here. */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO } from '../support/capture-io.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pw-integrity-'));
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(path.join(dir, 'key.pem'), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(path.join(dir, 'key.pub'), pair.publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(path.join(dir, 'app.tgz'), 'artifact');
  writeFileSync(path.join(dir, 'other.tgz'), 'something else');
  writeFileSync(path.join(dir, 'bom.json'), JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [] }));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GITHUB_ENV = {
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_SHA: 'c'.repeat(40),
  GITHUB_RUN_ID: '5',
};

describe('pipewarden attest and verify', () => {
  it('writes SLSA provenance from the CI environment and verifies it', async () => {
    const attestIO = captureIO(dir, GITHUB_ENV);
    expect(await main(['attest', 'app.tgz', '--key', 'key.pem', '--output', 'app.bundle.json'], attestIO)).toBe(0);
    expect(attestIO.err()).toBe('');
    const bundle = JSON.parse(readFileSync(path.join(dir, 'app.bundle.json'), 'utf8'));
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString());
    expect(statement.predicate.buildDefinition.resolvedDependencies[0]).toEqual({
      uri: 'git+https://github.com/acme/app@refs/heads/main',
      digest: { gitCommit: 'c'.repeat(40) },
    });

    const verifyIO = captureIO(dir);
    expect(await main(['verify', 'app.tgz', '--bundle', 'app.bundle.json', '--key', 'key.pub'], verifyIO)).toBe(0);
    expect(verifyIO.out()).toContain('verified: sha256:');
  });

  it('warns outside CI and fails verification of another artifact with exit 1 and the reason', async () => {
    const attestIO = captureIO(dir);
    expect(await main(['attest', 'app.tgz', '--key', 'key.pem', '-o', 'local.bundle.json'], attestIO)).toBe(0);
    expect(attestIO.err()).toContain('warning: not running in GitHub Actions or GitLab CI');
    const verifyIO = captureIO(dir);
    expect(await main(['verify', 'other.tgz', '--bundle', 'local.bundle.json', '--key', 'key.pub'], verifyIO)).toBe(1);
    expect(verifyIO.err()).toContain('verification failed: subject');
    expect(verifyIO.err()).toContain('expected: sha256:');
  });

  it('attests an SBOM and enforces --predicate-type in JSON output', async () => {
    expect(await main(['attest', 'app.tgz', '--key', 'key.pem', '--sbom', 'bom.json', '-o', 'sbom.bundle.json'], captureIO(dir))).toBe(0);
    const ok = captureIO(dir);
    const args = ['verify', 'app.tgz', '--bundle', 'sbom.bundle.json', '--key', 'key.pub', '--format', 'json'];
    expect(await main([...args, '--predicate-type', 'https://cyclonedx.org/bom'], ok)).toBe(0);
    expect(JSON.parse(ok.out())).toMatchObject({ ok: true, predicateType: 'https://cyclonedx.org/bom' });
    const bad = captureIO(dir);
    expect(await main([...args, '--predicate-type', 'https://slsa.dev/provenance/v1'], bad)).toBe(1);
    expect(JSON.parse(bad.out())).toMatchObject({ ok: false, check: 'predicate-type', found: 'https://cyclonedx.org/bom' });
  });

  it('needs --key or --keyless, explains a missing OIDC token, and rejects a malformed --digest', async () => {
    const io = captureIO(dir);
    expect(await main(['attest', 'app.tgz'], io)).toBe(2);
    expect(io.err()).toContain('--key <private key PEM> (offline) or --keyless');
    const keyless = captureIO(dir);
    expect(await main(['attest', 'app.tgz', '--keyless', '--fulcio-url', 'http://127.0.0.1:9'], keyless)).toBe(2);
    expect(keyless.err()).toContain('no OIDC identity token');
    const regexpIO = captureIO(dir);
    expect(await main(['verify', 'app.tgz', '--bundle', 'app.bundle.json', '--certificate-identity-regexp', '('], regexpIO)).toBe(2);
    expect(regexpIO.err()).toContain('not a valid regular expression');
    const digestIO = captureIO(dir);
    expect(await main(['verify', '--digest', 'md5:abc', '--bundle', 'app.bundle.json'], digestIO)).toBe(2);
    expect(digestIO.err()).toContain('--digest must look like sha256:');
  });
});
