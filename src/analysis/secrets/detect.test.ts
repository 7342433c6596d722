import { describe, expect, it } from 'vitest';
import {
  GENERIC_FORMAT_ID,
  type SecretMatch,
  detectSecrets,
  isPlaceholderValue,
  isSecretLikeName,
  maskSecret,
  shannonEntropy,
} from './detect.js';
import { TOKEN_FORMATS } from './token-formats.js';

// Every token below is assembled at runtime from a prefix split in two and a pseudo-random body,
// so the repository never contains a literal that looks like a real credential.

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}
const next = prng(20240611);
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWYZ'; // no X: avoids accidental 'xxxx' runs
const LOWER = 'abcdefghijklmnopqrstuvwyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const URLSAFE = `${ALNUM}_-`;
const B64 = `${ALNUM}+/`;
const HEX = '0123456789abcdef';
function rand(alphabet: string, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(next() * alphabet.length)];
  return s;
}
const p = (a: string, b: string) => a + b; // split prefixes

function uuid(): string {
  return `${rand(HEX, 8)}-${rand(HEX, 4)}-4${rand(HEX, 3)}-a${rand(HEX, 3)}-${rand(HEX, 12)}`;
}

function pemBody(lines: number, indent: string, sep = '\n'): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(indent + rand(B64, 64));
  return out.join(sep);
}

interface Positive {
  name: string;
  formatId: string;
  secret: string;
  text: string;
}

function positive(name: string, formatId: string, secret: string, wrap: (s: string) => string): Positive {
  return { name, formatId, secret, text: wrap(secret) };
}

const ghs = p('gh', 's_') + rand(ALNUM, 36);
const pemRsa = `${p('-----BEGIN RSA ', 'PRIVATE KEY-----')}\n${pemBody(12, '        ')}\n        ${rand(B64, 20)}==\n        ${p('-----END RSA ', 'PRIVATE KEY-----')}`;
const gcpKey = `${p('-----BEGIN ', 'PRIVATE KEY-----')}\\n${pemBody(20, '', '\\n')}\\n${p('-----END ', 'PRIVATE KEY-----')}`;
const jwtHeader = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
const jwtPayload = Buffer.from(JSON.stringify({ sub: 'deploy-bot', iat: 1718000000 })).toString('base64url');
const jwt = `${jwtHeader}.${jwtPayload}.${rand(URLSAFE, 43)}`;
const azureKey = `${rand(B64, 86)}==`;
const dbPassword = rand(ALNUM, 20);

const POSITIVES: Positive[] = [
  positive('GitHub classic PAT', 'github-pat', p('gh', 'p_') + rand(ALNUM, 36), (s) => `env:\n  GH_TOKEN: ${s}\n`),
  positive(
    'GitHub OAuth token',
    'github-oauth-token',
    p('gh', 'o_') + rand(ALNUM, 36),
    (s) => `      - run: gh auth login --with-token <<< "${s}"\n`,
  ),
  positive(
    'GitHub user-to-server',
    'github-user-to-server-token',
    p('gh', 'u_') + rand(ALNUM, 36),
    (s) => `    with:\n      token: '${s}'\n`,
  ),
  positive(
    'GitHub server-to-server',
    'github-server-to-server-token',
    ghs,
    (s) => `      - run: git clone https://x-access-token:${s}@github.com/org/repo.git\n`,
  ),
  positive('GitHub refresh token', 'github-refresh-token', p('gh', 'r_') + rand(ALNUM, 36), (s) => `REFRESH=${s}\n`),
  positive(
    'GitHub fine-grained PAT',
    'github-fine-grained-pat',
    `${p('github', '_pat_')}${rand(ALNUM, 22)}_${rand(ALNUM, 59)}`,
    (s) => `env:\n  GITHUB_TOKEN: "${s}"\n`,
  ),
  positive('GitLab PAT', 'gitlab-pat', p('glp', 'at-') + rand(URLSAFE, 20), (s) => `variables:\n  GITLAB_TOKEN: "${s}"\n`),
  positive(
    'GitLab trigger token',
    'gitlab-pipeline-trigger-token',
    p('glp', 'tt-') + rand(HEX, 40),
    (s) => `  script:\n    - curl -X POST -F token=${s} -F ref=main https://gitlab.com/api/v4/projects/1/trigger/pipeline\n`,
  ),
  positive(
    'GitLab runner registration',
    'gitlab-runner-registration-token',
    p('GR13', '48941') + rand(URLSAFE, 20),
    (s) => `gitlab-runner register --non-interactive --registration-token ${s}\n`,
  ),
  positive('GitLab runner auth', 'gitlab-runner-auth-token', p('gl', 'rt-') + rand(URLSAFE, 20), (s) => `[[runners]]\n  token = "${s}"\n`),
  positive(
    'GitLab deploy token',
    'gitlab-deploy-token',
    p('gl', 'dt-') + rand(URLSAFE, 20),
    (s) => `  script:\n    - docker login -u gitlab+deploy-token-1 -p ${s} registry.gitlab.com\n`,
  ),
  positive('AWS access key id', 'aws-access-key-id', p('AK', 'IA') + rand(UPPER + DIGITS, 16), (s) => `env:\n  AWS_ACCESS_KEY_ID: ${s}\n`),
  positive(
    'AWS STS key id',
    'aws-access-key-id',
    p('AS', 'IA') + rand(UPPER + DIGITS, 16),
    (s) => `aws configure set aws_access_key_id ${s}\n`,
  ),
  positive('AWS secret access key', 'aws-secret-access-key', rand(B64, 40), (s) => `env:\n  AWS_SECRET_ACCESS_KEY: ${s}\n`),
  positive(
    'AWS secret (aws configure)',
    'aws-secret-access-key',
    rand(B64, 40),
    (s) => `      - run: aws configure set aws_secret_access_key ${s}\n`,
  ),
  positive('Google API key', 'google-api-key', p('AI', 'za') + rand(URLSAFE, 35), (s) => `export GOOGLE_API_KEY=${s}\n`),
  positive(
    'GCP service account JSON',
    'gcp-service-account-private-key',
    gcpKey,
    (s) =>
      `env:\n  GOOGLE_CREDENTIALS: '{"type": "service_account", "project_id": "demo", "private_key_id": "${rand(HEX, 40)}", "private_key": "${s}\\n", "client_email": "ci@demo.iam.gserviceaccount.com"}'\n`,
  ),
  positive(
    'Slack bot token',
    'slack-token',
    `${p('xo', 'xb-')}${rand(DIGITS, 12)}-${rand(DIGITS, 13)}-${rand(ALNUM, 24)}`,
    (s) => `  SLACK_BOT_TOKEN: ${s}\n`,
  ),
  positive(
    'Slack webhook',
    'slack-webhook-url',
    `${p('https://hooks.sl', 'ack.com/services/')}T${rand(UPPER + DIGITS, 8)}/B${rand(UPPER + DIGITS, 10)}/${rand(ALNUM, 24)}`,
    (s) => `      - run: curl -X POST -d '{"text":"done"}' ${s}\n`,
  ),
  positive('Stripe live key', 'stripe-live-key', p('sk', '_live_') + rand(ALNUM, 99), (s) => `STRIPE_KEY=${s}\n`),
  positive('Stripe restricted key', 'stripe-live-key', p('rk', '_live_') + rand(ALNUM, 24), (s) => `  stripe_restricted: "${s}"\n`),
  positive(
    'npm token',
    'npm-token',
    p('np', 'm_') + rand(ALNUM, 36),
    (s) => `      - run: echo "//registry.npmjs.org/:_authToken=${s}" > ~/.npmrc\n`,
  ),
  positive('PyPI token', 'pypi-token', p('pypi-AgEIcHlw', 'aS5vcmc') + rand(URLSAFE, 70), (s) => `  TWINE_PASSWORD: ${s}\n`),
  positive(
    'Docker Hub PAT',
    'dockerhub-token',
    p('dckr', '_pat_') + rand(URLSAFE, 27),
    (s) => `      - run: echo ${s} | docker login -u me --password-stdin\n`,
  ),
  positive(
    'OpenAI project key',
    'openai-api-key',
    `${p('sk-', 'proj-')}${rand(URLSAFE, 74)}${p('T3Blbk', 'FJ')}${rand(URLSAFE, 74)}`,
    (s) => `  OPENAI_API_KEY: ${s}\n`,
  ),
  positive(
    'OpenAI legacy key',
    'openai-api-key-legacy',
    `sk-${rand(ALNUM, 20)}${p('T3Blbk', 'FJ')}${rand(ALNUM, 20)}`,
    (s) => `  OPENAI_API_KEY: "${s}"\n`,
  ),
  positive('Anthropic key', 'anthropic-api-key', `${p('sk-a', 'nt-api03-')}${rand(URLSAFE, 93)}AA`, (s) => `  ANTHROPIC_API_KEY: ${s}\n`),
  positive(
    'Azure storage key',
    'azure-storage-account-key',
    azureKey,
    (s) =>
      `  AZURE_STORAGE_CONNECTION_STRING: "DefaultEndpointsProtocol=https;AccountName=ciassets;AccountKey=${s};EndpointSuffix=core.windows.net"\n`,
  ),
  positive(
    'SendGrid key',
    'sendgrid-api-key',
    `${p('S', 'G.')}${rand(URLSAFE, 22)}.${rand(URLSAFE, 43)}`,
    (s) => `  SENDGRID_API_KEY: ${s}\n`,
  ),
  positive('Twilio API key SID', 'twilio-api-key', p('S', 'K') + rand(HEX, 32), (s) => `  TWILIO_API_KEY: ${s}\n`),
  positive('PEM private key', 'private-key', pemRsa, (s) => `      - run: |\n        cat > key.pem <<'EOF'\n        ${s}\n        EOF\n`),
  positive('JWT', 'jwt', jwt, (s) => `      - run: curl -H "Authorization: Bearer ${s}" https://api.internal/deploy\n`),
  positive(
    'basic auth in URL',
    'basic-auth-url',
    dbPassword,
    (s) => `services:\n  app:\n    env:\n      DATABASE_URL: postgres://app:${s}@db.internal:5432/app\n`,
  ),
  positive('Vault token', 'vault-token', p('hv', 's.') + rand(URLSAFE, 90), (s) => `  VAULT_TOKEN: ${s}\n`),
  positive('Heroku HRKU token', 'heroku-api-key', `${p('HR', 'KU-')}AA${rand(URLSAFE, 58)}`, (s) => `  HEROKU_TOKEN: ${s}\n`),
  positive('Heroku legacy UUID key', 'heroku-api-key-legacy', uuid(), (s) => `env:\n  HEROKU_API_KEY: ${s}\n`),
  positive('Shopify token', 'shopify-token', p('shp', 'at_') + rand(HEX, 32), (s) => `  SHOPIFY_ACCESS_TOKEN: ${s}\n`),
  positive('DigitalOcean token', 'digitalocean-token', p('dop', '_v1_') + rand(HEX, 64), (s) => `      - run: doctl auth init -t ${s}\n`),
  positive('Doppler token', 'doppler-token', p('dp.', 'pt.') + rand(ALNUM, 43), (s) => `  DOPPLER_TOKEN: ${s}\n`),
  positive(
    'Hugging Face token',
    'huggingface-token',
    p('h', 'f_') + rand(UPPER + LOWER, 34),
    (s) => `      - run: huggingface-cli login --token ${s}\n`,
  ),
  positive('Databricks token', 'databricks-token', p('da', 'pi') + rand(HEX, 32), (s) => `  DATABRICKS_TOKEN: ${s}\n`),
];

function only(text: string, options?: { minGenericEntropy?: number }): SecretMatch {
  const matches = detectSecrets(text, options);
  expect(matches).toHaveLength(1);
  return matches[0] as SecretMatch;
}

describe('detectSecrets: known formats', () => {
  it.each(POSITIVES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const start = c.text.indexOf(c.secret);
    expect(start).toBeGreaterThanOrEqual(0);
    const m = only(c.text);
    expect(m).toMatchObject({ start, end: start + c.secret.length, formatId: c.formatId });
    expect(c.text.slice(m.start, m.end)).toBe(c.secret);
    expect(m.redacted).toBe(maskSecret(c.secret));
    expect(m.redacted).not.toContain(c.secret);
    expect(JSON.stringify(m)).not.toContain(c.secret);
  });

  it('has one positive case for every format in the table', () => {
    const covered = new Set(POSITIVES.map((c) => c.formatId));
    expect(TOKEN_FORMATS.map((f) => f.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('has sane table entries', () => {
    const ids = new Set<string>();
    for (const f of TOKEN_FORMATS) {
      expect(ids.has(f.id)).toBe(false);
      ids.add(f.id);
      expect(f.source).not.toBe('');
      expect(f.keywords.length).toBeGreaterThan(0);
      for (const k of f.keywords) expect(k).toBe(k.toLowerCase());
      expect(f.pattern.source).toContain('(?<secret>');
      expect(f.pattern.flags).not.toContain('g');
    }
  });

  it('gives JWTs low confidence and prefixed tokens high confidence', () => {
    const byId = (id: string) => POSITIVES.find((c) => c.formatId === id) as Positive;
    expect(only(byId('jwt').text).confidence).toBe('low');
    expect(only(byId('github-pat').text).confidence).toBe('high');
  });

  it('reports a PEM key also when it is a single-line string with \\n escapes', () => {
    const key = `${p('-----BEGIN OPENSSH ', 'PRIVATE KEY-----')}\\n${pemBody(6, '', '\\n')}\\n${p('-----END OPENSSH ', 'PRIVATE KEY-----')}`;
    const text = `env:\n  SSH_KEY: "${key}"\n`;
    const m = only(text);
    expect(m.formatId).toBe('private-key');
    expect(m.start).toBe(text.indexOf(key));
    expect(m.end).toBe(text.indexOf(key) + key.length);
  });

  it('accepts GitLab routable tokens with dot-separated parts', () => {
    const token = `${p('glp', 'at-')}${rand(URLSAFE, 27)}.01.${rand(ALNUM, 9)}`;
    const text = `GITLAB_TOKEN=${token}.\n`; // trailing sentence dot is not part of it
    expect(only(text)).toMatchObject({ formatId: 'gitlab-pat', start: 13, end: 13 + token.length });
  });

  it('lowers confidence for weak URL passwords', () => {
    const text = 'DATABASE_URL: postgres://postgres:postgres@localhost:5432/ci\n';
    const m = only(text);
    expect(m.formatId).toBe('basic-auth-url');
    expect(m.confidence).toBe('low');
    expect(text.slice(m.start, m.end)).toBe('postgres');
  });
});

describe('detectSecrets: generic high-entropy assignments', () => {
  it('reports a literal under a secret-like key in a workflow env block', () => {
    const value = rand(ALNUM, 32);
    const text = `on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      DEPLOY_TOKEN: ${value}\n    steps:\n      - run: ./deploy.sh\n`;
    const m = only(text);
    const start = text.indexOf(value);
    expect(m).toMatchObject({ start, end: start + value.length, formatId: GENERIC_FORMAT_ID, confidence: 'medium' });
    expect(m.description).toContain('DEPLOY_TOKEN');
    expect(m.redacted).toBe(maskSecret(value));
  });

  it('reports base64 Secret data that decodes to a strong value, or to binary key bytes', () => {
    const token = rand(ALNUM, 32);
    const encoded = Buffer.from(token).toString('base64');
    const textual = only(`data:\n  api-token: ${encoded}\n`);
    expect(textual).toMatchObject({ formatId: GENERIC_FORMAT_ID });
    const binary = Buffer.from(Array.from({ length: 24 }, (_, i) => (i * 97 + 13) % 256)).toString('base64');
    expect(only(`data:\n  api-token: ${binary}\n`)).toMatchObject({ formatId: GENERIC_FORMAT_ID });
  });

  it('reports a quoted literal in a GitLab variables block (offsets exclude quotes)', () => {
    const value = rand(ALNUM, 24);
    const text = `variables:\n  DB_PASSWORD: "${value}"\n  DB_HOST: postgres\n\ntest:\n  script:\n    - make test\n`;
    const m = only(text);
    expect(m).toMatchObject({ start: text.indexOf(value), end: text.indexOf(value) + 24, formatId: GENERIC_FORMAT_ID });
    expect(m.description).toContain('DB_PASSWORD');
  });

  it('reports JSON, shell and Tekton forms', () => {
    const a = rand(ALNUM, 32);
    const b = rand(B64, 28);
    const c = rand(URLSAFE, 30);
    const text = [
      `{"apiKey": "${a}"}`,
      `      - run: export API_SECRET=${b} && ./publish`,
      '    - name: CLIENT_SECRET',
      `      value: ${rand(ALNUM, 4)}`,
      `  client-secret: '${c}'`,
    ].join('\n');
    const found = detectSecrets(text).map((m) => text.slice(m.start, m.end));
    expect(found).toEqual([a, b, c]);
  });

  it('reports credentials in HTTP header arguments', () => {
    const key = rand(ALNUM, 24);
    const bearer = rand(URLSAFE, 32);
    const text = [
      `      - run: curl -H "X-Api-Key: ${key}" https://api.internal/v1`,
      `      - run: curl -H 'Authorization: Bearer ${bearer}' https://api.internal/v1`,
      '      - run: curl -H "Authorization: Bearer $API_TOKEN" https://api.internal/v1',
    ].join('\n');
    const matches = detectSecrets(text);
    expect(matches.map((m) => text.slice(m.start, m.end))).toEqual([key, bearer]);
    expect(matches[0]?.description).toContain('X-Api-Key');
  });

  it('reports a UUID under a secret-like key, but not under an id key', () => {
    const secret = uuid();
    const text = `env:\n  AZURE_CLIENT_ID: ${uuid()}\n  AZURE_TENANT_ID: ${uuid()}\n  AZURE_CLIENT_SECRET: ${secret}\n`;
    const m = only(text);
    expect(m.start).toBe(text.indexOf(secret));
    expect(m.formatId).toBe(GENERIC_FORMAT_ID);
  });

  it('reports literal docker login passwords with the flag in the description', () => {
    const strong = rand(ALNUM, 24);
    const text = `  script:\n    - docker login -u bot -p ${strong} registry.example.org\n    - podman login --username bot --password='hunter2!' quay.io\n    - docker login \\\n        -u bot \\\n        --password=${'S3cr'}et-pw registry.io\n`;
    const matches = detectSecrets(text);
    expect(matches.map((m) => text.slice(m.start, m.end))).toEqual([strong, 'hunter2!', 'S3cret-pw']);
    expect(matches.map((m) => m.confidence)).toEqual(['medium', 'low', 'low']);
    expect(matches[0]?.description).toContain('-p');
    expect(matches[1]?.description).toContain('--password');
  });

  it('reports a weak literal password under credentials:, but not a bare password: password123', () => {
    const text = [
      'jobs:',
      '  build:',
      '    container:',
      '      image: ghcr.io/org/builder:1',
      '      credentials:',
      '        username: bot',
      '        password: password123',
      '    env:',
      '      password: password123',
      '      DB_PASSWORD: hunter2hunter2',
    ].join('\n');
    const m = only(text);
    expect(m.start).toBe(text.indexOf('password123'));
    expect(m.confidence).toBe('low');
    expect(m.description).toContain('password');
    expect(m.description).toContain('credentials');
  });

  it('honours minGenericEntropy', () => {
    const value = rand(ALNUM, 20);
    const text = `env:\n  API_TOKEN: ${value}\n`;
    expect(detectSecrets(text)).toHaveLength(1);
    expect(detectSecrets(text, { minGenericEntropy: 6 })).toEqual([]);
    // low-entropy but long: only with a permissive threshold
    const dull = 'abababababababababcd';
    expect(detectSecrets(`API_TOKEN: ${dull}`)).toEqual([]);
    expect(detectSecrets(`API_TOKEN: ${dull}`, { minGenericEntropy: 1 })).toHaveLength(1);
  });
});

describe('detectSecrets: negatives', () => {
  const sha40 = rand(HEX, 40);
  const sha64 = rand(HEX, 64);
  const publicKey = `${p('-----BEGIN PUB', 'LIC KEY-----')}\n${pemBody(4, '')}\n${p('-----END PUB', 'LIC KEY-----')}`;
  const NEGATIVES: Array<[string, string]> = [
    ['secrets expression', 'env:\n  GH_TOKEN: ${{ secrets.GH_TOKEN }}\n'],
    ['github.token expression', '    with:\n      token: ${{ github.token }}\n'],
    ['GITHUB_TOKEN from secrets', 'env:\n  GITHUB_TOKEN: "${{ secrets.GITHUB_TOKEN }}"\n'],
    ['$VAR', 'API_KEY: $API_KEY_FROM_VAULT_12345\n'],
    ['${VAR}', 'export API_KEY=${API_KEY_FROM_VAULT}\n'],
    ['Tekton param', '  - name: token\n    value: $(params.token)\n  API_TOKEN: $(params.api-token-value)\n'],
    ['GitLab input', 'variables:\n  API_TOKEN: $[[ inputs.api_token ]]\n'],
    ['Windows %VAR%', 'set API_TOKEN=%API_TOKEN_VALUE%\n'],
    ['angle placeholder', 'API_TOKEN: <your-token-goes-here>\n'],
    ['xxx placeholder', 'API_TOKEN: xxxxxxxxxxxxxxxxxxxxxxxx\n'],
    ['masked', 'PASSWORD: "********************"\n'],
    ['changeme', 'ADMIN_PASSWORD: changeme-please-1234\n'],
    ['example value', 'API_KEY: example-api-key-1234567890\n'],
    ['dummy GitHub token', `GH_TOKEN: ${p('gh', 'p_')}${'x'.repeat(36)}\n`],
    ['AWS documentation example key', `AWS_ACCESS_KEY_ID: ${p('AKIA', 'IOSFODNN7')}EXAMPLE\n`],
    ['action SHA pin', `      - uses: actions/checkout@${sha40} # v4\n`],
    ['action pin under secret-like key', `  token_action: org/action@${sha40}\n`],
    [
      'sha256 image digest',
      `    container: node@sha256:${sha64}\n  TOKEN_IMAGE: ghcr.io/org/app@sha256:${sha64}\n  SECRET_DIGEST: sha256:${sha64}\n`,
    ],
    ['password: password123', 'env:\n  password: password123\n'],
    ['low entropy long value', 'API_TOKEN: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n'],
    // Kubernetes Secret data is base64: judged by what it decodes to ("Hello, world", a placeholder).
    ['base64 of a phrase in Secret data', 'data:\n  ssh-privatekey: SGVsbG8sIHdvcmxkCg==\n'],
    ['base64 of a placeholder', `data:\n  password: ${Buffer.from('changeme-please-1234').toString('base64')}\n`],
    ['UUID under non-secret key', `env:\n  client_id: ${uuid()}\n  REQUEST_ID: ${uuid()}\n`],
    ['URL without credentials', 'AUTH: https://login.microsoftonline.com/common/oauth2/v2.0/token\nTOKEN_URL: https://a.b/c\n'],
    [
      'file paths',
      'PRIVATE_KEY: ./secrets/deploy_key_production.pem\nSSH_KEY_PATH: /home/runner/.ssh/id_ed25519\nSIGNING_KEY: keys/release/signing-2024.asc\n',
    ],
    [
      'secret names and references',
      'SECRET_NAME: prod-db-credentials\nAPI_TOKEN: projects/ci-demo/secrets/api-token/versions/latest\nTOKEN: MY_OTHER_TOKEN_VARIABLE\n',
    ],
    [
      'cache key',
      "          key: ${{ runner.os }}-node-${{ hashFiles('**/package-lock.json') }}\n          key: linux-node-modules-v2-a1b2c3d4e5f6\n",
    ],
    [
      'docker login via stdin / variables',
      '  - echo "$PASS" | docker login -u user --password-stdin\n  - docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" $CI_REGISTRY\n',
    ],
    [
      'URL credentials from expressions',
      'git clone https://user:${{ secrets.PASS }}@github.com/o/r\ngit clone https://oauth2:${CI_JOB_TOKEN}@gitlab.com/o/r.git\ncurl https://$USER:$PASS@host.internal/x\n',
    ],
    ['x-oauth-basic password', 'git clone https://${TOKEN}:x-oauth-basic@github.com/o/r.git\n'],
    ['PEM without body', `key: |\n  ${p('-----BEGIN ', 'PRIVATE KEY-----')}\n  ...\n  ${p('-----END ', 'PRIVATE KEY-----')}\n`],
    ['public key', `PUBLIC_KEY: |\n${publicKey}\n`],
    ['ssh URL without password', 'git clone ssh://git@github.com/org/repo.git\n'],
    ['boolean / empty', 'auth: true\npassword: ""\nsecret:\ntoken: ~\n'],
    ['comparison, not assignment', `if [ "$TOKEN" == "${rand(ALNUM, 20)}" ]; then exit 1; fi\n`],
  ];
  it.each(NEGATIVES)('%s', (_name, text) => {
    expect(detectSecrets(text)).toEqual([]);
  });
});

describe('detectSecrets: de-duplication and ordering', () => {
  it('prefers a known format over the generic match on the same value', () => {
    const c = POSITIVES.find((x) => x.formatId === 'github-pat') as Positive;
    expect(only(c.text).formatId).toBe('github-pat');
  });

  it('prefers a known format over a longer generic value that contains it', () => {
    const token = p('np', 'm_') + rand(ALNUM, 36);
    const text = `NPM_TOKEN: "prefix-${token}"\n`;
    expect(only(text)).toMatchObject({ formatId: 'npm-token', start: text.indexOf(token) });
  });

  it('prefers the token format over the URL-password format on the same span', () => {
    const c = POSITIVES.find((x) => x.secret === ghs) as Positive;
    expect(only(c.text).formatId).toBe('github-server-to-server-token');
  });

  it('keeps the longest of overlapping known formats', () => {
    // The URL password contains a GitHub token: both are known formats, the password is longer.
    const token = p('gh', 'p_') + rand(ALNUM, 36);
    const password = `v2-${token}`;
    const text = `      - run: git clone https://deploy:${password}@git.internal/org/repo.git\n`;
    expect(only(text)).toMatchObject({
      formatId: 'basic-auth-url',
      start: text.indexOf(password),
      end: text.indexOf(password) + password.length,
    });
  });

  it('breaks ties between equally long known formats by table order', () => {
    // the GCP JSON private_key and the generic PEM format cover the same span
    const c = POSITIVES.find((x) => x.formatId === 'gcp-service-account-private-key') as Positive;
    const ids = TOKEN_FORMATS.map((f) => f.id);
    expect(ids.indexOf('gcp-service-account-private-key')).toBeLessThan(ids.indexOf('private-key'));
    expect(only(c.text).formatId).toBe('gcp-service-account-private-key');
  });

  it('reports repeated secrets once per occurrence, sorted by offset', () => {
    const token = p('gh', 'p_') + rand(ALNUM, 36);
    const value = rand(ALNUM, 30);
    const text = `A_TOKEN: ${token}\nOTHER_SECRET: ${value}\nB_TOKEN: ${token}\n`;
    const matches = detectSecrets(text);
    expect(matches.map((m) => m.start)).toEqual([text.indexOf(token), text.indexOf(value), text.lastIndexOf(token)]);
    expect(matches.map((m) => m.formatId)).toEqual(['github-pat', GENERIC_FORMAT_ID, 'github-pat']);
  });

  it('scans every format in one text without overlaps', () => {
    const text = POSITIVES.map((c) => c.text).join('\n---\n');
    const matches = detectSecrets(text);
    for (let i = 1; i < matches.length; i++) {
      expect((matches[i] as SecretMatch).start).toBeGreaterThanOrEqual((matches[i - 1] as SecretMatch).end);
    }
    const found = new Set(matches.map((m) => text.slice(m.start, m.end)));
    for (const c of POSITIVES) expect(found.has(c.secret)).toBe(true);
  });

  it('finishes on adversarial inputs (regexes are linear; no timing asserted)', () => {
    const inputs = [
      `${p('xo', 'xb-').repeat(20000)}_`,
      'eyJ'.repeat(30000),
      'eyJaaaaaaaaaa.'.repeat(10000),
      'a://b:'.repeat(20000),
      `${p('-----BEGIN ', 'PRIVATE KEY-----')}${'A'.repeat(50)}`.repeat(2000),
      'aws_secret_access_key='.repeat(10000),
      `${'password'.repeat(20000)}: x`,
      `docker login ${'-x '.repeat(30000)}`,
      `${p('glp', 'at-')}${'a.'.repeat(50000)}`,
      'https://hooks.slack.com/services/'.repeat(5000),
    ];
    for (const input of inputs) expect(Array.isArray(detectSecrets(input))).toBe(true);
  });
});

describe('maskSecret', () => {
  it('keeps a short prefix and the length', () => {
    const token = p('gh', 'p_') + rand(ALNUM, 36);
    expect(maskSecret(token)).toBe('ghp_…(40 chars)');
    expect(maskSecret('abcdefghijkl')).toBe('abcd…(12 chars)');
    expect(maskSecret('abcdefghij')).toBe('ab…(10 chars)');
    expect(maskSecret('abcdefgh')).toBe('ab…(8 chars)');
    expect(maskSecret('hunter2')).toBe('…(7 chars)');
    expect(maskSecret('x')).toBe('…(1 char)');
    expect(maskSecret('')).toBe('…(0 chars)');
  });

  it('never contains the full secret', () => {
    for (let n = 2; n <= 120; n++) {
      const s = rand(ALNUM, n);
      const masked = maskSecret(s);
      expect(masked.includes(s)).toBe(false);
      expect(masked.split('…')[0]?.length ?? 0).toBeLessThanOrEqual(Math.min(4, Math.floor(n / 3)));
    }
  });

  it('does not split surrogate pairs', () => {
    expect(maskSecret('🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑')).toBe('🔑🔑🔑🔑…(12 chars)');
  });
});

describe('shannonEntropy', () => {
  it('computes bits per character', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('ab')).toBeCloseTo(1);
    expect(shannonEntropy('abcd')).toBeCloseTo(2);
    expect(shannonEntropy('0123456789abcdef')).toBeCloseTo(4);
    expect(shannonEntropy(rand(ALNUM, 64))).toBeGreaterThan(4.5);
  });
});

describe('isSecretLikeName', () => {
  it.each([
    'password',
    'PASSWORD',
    'DB_PASSWORD',
    'db-password',
    'dbPassword',
    'passwd',
    'MYSQL_ROOT_PWD',
    'secret',
    'client_secret',
    'clientSecret',
    'token',
    'NPM_TOKEN',
    'GITHUB_TOKEN',
    'accessToken',
    'api_key',
    'apikey',
    'API-KEY',
    'x-api-key',
    'apiKey',
    'access_key',
    'AWS_SECRET_ACCESS_KEY',
    'private_key',
    'privateKey',
    'SSH_KEY',
    'APP_KEY',
    'SECRET_KEY_BASE',
    'auth',
    'basic_auth',
    'Authorization',
    'credential',
    'credentials',
    'GH_PAT',
    'secret_id',
    'spring.datasource.password',
    '_authToken',
    'passphrase',
  ])('%s is secret-like', (name) => {
    expect(isSecretLikeName(name)).toBe(true);
  });

  it.each([
    'token_url',
    'TOKEN_URL',
    'secret_name',
    'secretName',
    'password_file',
    'SSH_KEY_PATH',
    'access_key_id',
    'AWS_ACCESS_KEY_ID',
    'public_key',
    'key',
    'cache_key',
    'keyboard',
    'monkey',
    'author',
    'path',
    'tokenizer',
    'secret_manager',
    'auth_type',
    'password_policy',
    'username',
    'client_id',
    'name',
    '',
  ])('%s is not secret-like', (name) => {
    expect(isSecretLikeName(name)).toBe(false);
  });
});

describe('isPlaceholderValue', () => {
  it.each([
    '${{ secrets.X }}',
    '${{ github.token }}',
    '${{ inputs.password || env.FALLBACK }}',
    '$VAR',
    '${VAR}',
    '"$VAR"',
    'prefix-$VAR',
    '$(params.x)',
    '$(cat /run/secrets/token)',
    '$[[ inputs.x ]]',
    '%VAR%',
    '#{DeployToken}#',
    '{{ .Values.password }}',
    '<your-token>',
    'xxx-xxxx-xxxx',
    'XXXXXXXXXXXXXXXX',
    '***',
    '********',
    'changeme',
    'CHANGE_ME',
    'example',
    'my-example-token',
    'dummy',
    'dummy-password-123',
    'placeholder',
    'test',
    'test-token',
    'true',
    'false',
    'null',
    '',
    '   ',
    "''",
    '0000000000000000',
  ])('%s is a placeholder', (value) => {
    expect(isPlaceholderValue(value)).toBe(true);
  });

  it.each(['hunter2', 'password123', 'S3cr3t!Value', 'latest', 'a8Kd02LmQz91xPqW', 'contest-winner-2024'])(
    '%s is not a placeholder',
    (value) => {
      expect(isPlaceholderValue(value)).toBe(false);
    },
  );
});
