/**
 * Known credential formats, as data. `detect.ts` runs every entry whose keywords occur in the
 * (lowercased) text and reports the `secret` named group of each match.
 *
 * Shapes are taken from the vendors' own documentation (see `source`); the expressions are our
 * own and deliberately tolerant on length where a vendor says lengths may grow.
 *
 * Why every pattern here is linear-time (no catastrophic backtracking):
 *  - Each pattern starts with a literal prefix (or a literal key name) guarded by a one-char
 *    lookbehind over the token's own alphabet, so an attempt can only start at the beginning of a
 *    run of token characters: one attempt per run, never one per character inside it.
 *  - Each body is a single character class with a counted or open repetition, and the trailing
 *    guard is a negative lookahead over that same class. A greedy run therefore stops exactly
 *    where the guard succeeds, so it never has to give characters back.
 *  - Where a pattern has several parts (JWT, fine-grained PAT, SendGrid, Slack webhook...) the
 *    parts are separated by a literal character that the neighbouring classes exclude, so there
 *    is exactly one way to split the input; no quantified group repeats over characters that the
 *    following atom could also consume.
 *  - Patterns that must find a closing marker (PEM blocks) either bound their body length or use a
 *    body class that cannot contain the next start marker, so a start without an end costs at most
 *    the bound / its own run.
 *  - Patterns anchored on context (key names, "://", AccountKey=) check that context with a
 *    bounded lookbehind or a literal, never with an open-ended scan backwards.
 * `detect.test.ts` runs adversarial inputs (long runs of prefixes without terminators) as a guard.
 */
import type { Confidence } from '../../model/finding.js';

export interface TokenFormat {
  /** Stable identifier, reported as `SecretMatch.formatId`. */
  id: string;
  description: string;
  /** Must define a named group `secret` (or a first capture group) around the secret value. */
  pattern: RegExp;
  /** Lowercase substrings; the pattern only runs when at least one occurs in the lowercased text. */
  keywords: string[];
  /** Minimum Shannon entropy (bits/char) of the secret value, to drop obvious dummies. */
  minEntropy?: number;
  confidence: Confidence;
  /** Extra structural check on the secret value (after the regex matched). */
  validate?: (secret: string) => boolean;
  /** Where the format is documented. */
  source: string;
}

const GITHUB_TOKEN_DOC =
  'https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats';
const GITLAB_TOKEN_DOC = 'https://docs.gitlab.com/security/tokens/#token-prefixes';

/** GitHub's prefixed tokens: prefix + 36 base62 chars today; GitHub reserves the right to grow them. */
function githubToken(prefix: string, id: string, description: string): TokenFormat {
  return {
    id,
    description,
    pattern: new RegExp(`(?<![A-Za-z0-9_])(?<secret>${prefix}_[A-Za-z0-9]{36,})(?![A-Za-z0-9])`),
    keywords: [`${prefix}_`],
    confidence: 'high',
    source: GITHUB_TOKEN_DOC,
  };
}

/** GitLab's prefixed tokens: prefix + at least 20 url-safe chars, optionally routable `.xx.yyy` parts. */
function gitlabToken(prefix: string, id: string, description: string): TokenFormat {
  return {
    id,
    description,
    pattern: new RegExp(`(?<![A-Za-z0-9_-])(?<secret>${prefix}[A-Za-z0-9_-]{20,}(?:\\.[A-Za-z0-9_-]+)*)(?![A-Za-z0-9_-])`),
    keywords: [prefix.toLowerCase()],
    confidence: 'high',
    source: GITLAB_TOKEN_DOC,
  };
}

const BASE64_RUN = /[A-Za-z0-9+/]{40,}/;

/** The body of a PEM block must contain real base64, not `...` or `<your key here>`. */
function pemHasBody(block: string): boolean {
  const firstEnd = block.indexOf('-----', 11);
  const lastBegin = block.lastIndexOf('-----END');
  if (firstEnd < 0 || lastBegin <= firstEnd) return false;
  const body = block.slice(firstEnd + 5, lastBegin).replace(/\\[nr]|\s/g, '');
  return BASE64_RUN.test(body);
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

export const TOKEN_FORMATS: readonly TokenFormat[] = [
  // --- GitHub ---------------------------------------------------------------------------------
  githubToken('ghp', 'github-pat', 'GitHub personal access token (classic)'),
  githubToken('gho', 'github-oauth-token', 'GitHub OAuth access token'),
  githubToken('ghu', 'github-user-to-server-token', 'GitHub App user-to-server token'),
  githubToken('ghs', 'github-server-to-server-token', 'GitHub App installation (server-to-server) token'),
  githubToken('ghr', 'github-refresh-token', 'GitHub App refresh token'),
  {
    id: 'github-fine-grained-pat',
    description: 'GitHub fine-grained personal access token',
    // github_pat_ + 22 base62 + '_' + 59 base62
    pattern: /(?<![A-Za-z0-9_])(?<secret>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59,})(?![A-Za-z0-9])/,
    keywords: ['github_pat_'],
    confidence: 'high',
    source: GITHUB_TOKEN_DOC,
  },

  // --- GitLab ---------------------------------------------------------------------------------
  gitlabToken('glpat-', 'gitlab-pat', 'GitLab personal/project/group access token'),
  gitlabToken('glptt-', 'gitlab-pipeline-trigger-token', 'GitLab pipeline trigger token'),
  gitlabToken('GR1348941', 'gitlab-runner-registration-token', 'GitLab runner registration token (legacy)'),
  gitlabToken('glrt-', 'gitlab-runner-auth-token', 'GitLab runner authentication token'),
  gitlabToken('gldt-', 'gitlab-deploy-token', 'GitLab deploy token'),

  // --- AWS ------------------------------------------------------------------------------------
  {
    id: 'aws-access-key-id',
    description: 'AWS access key ID',
    // AKIA = long-term IAM user key, ASIA = temporary STS key; 16 upper-case alphanumerics follow.
    pattern: /(?<![A-Za-z0-9])(?<secret>(?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Za-z0-9])/,
    keywords: ['akia', 'asia'],
    confidence: 'high',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids',
  },
  {
    id: 'aws-secret-access-key',
    description: 'AWS secret access key',
    // Only next to an aws_secret_access_key-like name: 40 base64 chars alone are too ambiguous.
    pattern:
      /(?<![A-Za-z0-9_])(?:aws[_-]?secret[_-]?(?:access[_-]?)?key|secret[_-]?access[_-]?key)["']?(?:[ \t]*[:=][ \t]*|[ \t]+)["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/i,
    keywords: ['secret_access_key', 'secret-access-key', 'secretaccesskey', 'aws_secret', 'aws-secret', 'awssecret'],
    minEntropy: 3.5,
    confidence: 'high',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
  },

  // --- Google ---------------------------------------------------------------------------------
  {
    id: 'google-api-key',
    description: 'Google API key',
    pattern: /(?<![A-Za-z0-9_-])(?<secret>AIza[A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])/,
    keywords: ['aiza'],
    confidence: 'high',
    source: 'https://cloud.google.com/docs/authentication/api-keys',
  },
  {
    id: 'gcp-service-account-private-key',
    description: 'GCP service account key (JSON private_key)',
    // "private_key": "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n" with the
    // quotes possibly backslash-escaped (JSON embedded in a YAML/shell string). The body class
    // has no '-', so the run stops at the END marker without backtracking.
    pattern:
      /\\?"private_key\\?"[ \t]*:[ \t]*\\?"(?<secret>-----BEGIN (?:RSA )?PRIVATE KEY-----[A-Za-z0-9+/=\\\s]{64,}-----END (?:RSA )?PRIVATE KEY-----)/,
    keywords: ['"private_key'],
    confidence: 'high',
    validate: pemHasBody,
    source: 'https://cloud.google.com/iam/docs/keys-create-delete (service account key file format)',
  },

  // --- Slack ----------------------------------------------------------------------------------
  {
    id: 'slack-token',
    description: 'Slack API token',
    pattern: /(?<![A-Za-z0-9-])(?<secret>xox[baprs]-[A-Za-z0-9-]{10,})(?![A-Za-z0-9-])/,
    keywords: ['xoxb-', 'xoxa-', 'xoxp-', 'xoxr-', 'xoxs-'],
    minEntropy: 3,
    confidence: 'high',
    source: 'https://api.slack.com/authentication/token-types',
  },
  {
    id: 'slack-webhook-url',
    description: 'Slack incoming webhook URL',
    pattern: /(?<secret>https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{20,})(?![A-Za-z0-9_/-])/,
    keywords: ['hooks.slack.com'],
    confidence: 'high',
    source: 'https://api.slack.com/messaging/webhooks',
  },

  // --- Payments / SaaS ------------------------------------------------------------------------
  {
    id: 'stripe-live-key',
    description: 'Stripe live secret or restricted key',
    pattern: /(?<![A-Za-z0-9_])(?<secret>(?:sk|rk)_live_[A-Za-z0-9]{24,})(?![A-Za-z0-9])/,
    keywords: ['sk_live_', 'rk_live_'],
    confidence: 'high',
    source: 'https://docs.stripe.com/keys',
  },
  {
    id: 'npm-token',
    description: 'npm access token',
    pattern: /(?<![A-Za-z0-9_])(?<secret>npm_[A-Za-z0-9]{36})(?![A-Za-z0-9])/,
    keywords: ['npm_'],
    minEntropy: 3,
    confidence: 'high',
    source: 'https://github.blog/changelog/2021-09-23-npm-has-a-new-access-token-format/',
  },
  {
    id: 'pypi-token',
    description: 'PyPI API token',
    // pypi- + a macaroon whose base64 always starts with the encoded location "pypi.org".
    pattern: /(?<![A-Za-z0-9_-])(?<secret>pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})(?![A-Za-z0-9_-])/,
    keywords: ['pypi-ageichlwas5vcmc'],
    confidence: 'high',
    source: 'https://pypi.org/help/#apitoken',
  },
  {
    id: 'dockerhub-token',
    description: 'Docker Hub personal/organization access token',
    pattern: /(?<![A-Za-z0-9_-])(?<secret>dckr_(?:pat|oat)_[A-Za-z0-9_-]{20,})(?![A-Za-z0-9_-])/,
    keywords: ['dckr_pat_', 'dckr_oat_'],
    confidence: 'high',
    source: 'https://docs.docker.com/security/for-developers/access-tokens/',
  },
  {
    id: 'openai-api-key',
    description: 'OpenAI API key (project / service account / admin)',
    pattern: /(?<![A-Za-z0-9_-])(?<secret>sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,})(?![A-Za-z0-9_-])/,
    keywords: ['sk-proj-', 'sk-svcacct-', 'sk-admin-'],
    confidence: 'high',
    source: 'https://platform.openai.com/docs/api-reference/authentication',
  },
  {
    id: 'openai-api-key-legacy',
    description: 'OpenAI API key (legacy user key)',
    // T3BlbkFJ is base64 for "OpenAI" and sits in the middle of the key.
    pattern: /(?<![A-Za-z0-9_-])(?<secret>sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})(?![A-Za-z0-9_-])/,
    keywords: ['t3blbkfj'],
    confidence: 'high',
    source: 'https://platform.openai.com/docs/api-reference/authentication',
  },
  {
    id: 'anthropic-api-key',
    description: 'Anthropic API key',
    pattern: /(?<![A-Za-z0-9_-])(?<secret>sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{80,})(?![A-Za-z0-9_-])/,
    keywords: ['sk-ant-'],
    confidence: 'high',
    source: 'https://docs.anthropic.com/en/api/overview#authentication',
  },
  {
    id: 'azure-storage-account-key',
    description: 'Azure storage account key (connection string AccountKey=)',
    // 64 random bytes base64-encoded: 86 chars + '=='.
    pattern: /[Aa]ccount[Kk]ey=(?<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/,
    keywords: ['accountkey='],
    confidence: 'high',
    source: 'https://learn.microsoft.com/en-us/azure/storage/common/storage-configure-connection-string',
  },
  {
    id: 'sendgrid-api-key',
    description: 'SendGrid API key',
    pattern: /(?<![A-Za-z0-9_.-])(?<secret>SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/,
    keywords: ['sg.'],
    confidence: 'high',
    source: 'https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys',
  },
  {
    id: 'twilio-api-key',
    description: 'Twilio API key SID',
    pattern: /(?<![A-Za-z0-9])(?<secret>SK[0-9a-f]{32})(?![A-Za-z0-9])/,
    keywords: ['sk'],
    minEntropy: 3,
    confidence: 'medium',
    source: 'https://www.twilio.com/docs/iam/api-keys',
  },

  // --- Keys and generic token shapes ----------------------------------------------------------
  {
    id: 'private-key',
    description: 'Private key (PEM block)',
    // Body: any char but '-', or a '-' not starting "-----"; bounded so a BEGIN without an END
    // costs at most the bound. Alternatives are disjoint on their first char.
    pattern:
      /(?<secret>-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:[^-]|-(?!----)){32,32768}-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----)/,
    keywords: ['private key'],
    confidence: 'high',
    validate: pemHasBody,
    source: 'RFC 7468 (Textual Encodings of PKIX, PKCS, and CMS Structures)',
  },
  {
    id: 'jwt',
    description: 'JSON Web Token',
    // Header and payload are base64url JSON objects, so both start with "eyJ" ('{"').
    pattern: /(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])/,
    keywords: ['eyj'],
    confidence: 'low',
    source: 'RFC 7519 (JSON Web Token)',
  },
  {
    id: 'basic-auth-url',
    description: 'Password in URL userinfo (scheme://user:password@host)',
    // Starts at the literal "://" (fast to find); the scheme is checked by a bounded lookbehind.
    // The user part excludes ':' and '/', the password excludes '@' and '/', so each part is one
    // greedy run and a failed attempt cannot reach into the next "://".
    pattern:
      /:\/\/(?<=(?:^|[^A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,20}:\/\/)(?<user>[^\s:@/'"`<>]*):(?<secret>[^\s@/'"`<>]+)@(?=[A-Za-z0-9[])/,
    keywords: ['://'],
    confidence: 'medium',
    source: 'RFC 3986 section 3.2.1 (userinfo); deprecated by RFC 3986 section 7.5',
  },

  // --- Infrastructure / platform vendors ------------------------------------------------------
  {
    id: 'vault-token',
    description: 'HashiCorp Vault token (service / batch / recovery)',
    pattern: /(?<![A-Za-z0-9_.-])(?<secret>hv[sbr]\.[A-Za-z0-9_-]{24,})(?![A-Za-z0-9_-])/,
    keywords: ['hvs.', 'hvb.', 'hvr.'],
    minEntropy: 3,
    confidence: 'high',
    source: 'https://developer.hashicorp.com/vault/docs/concepts/tokens#token-prefixes',
  },
  {
    id: 'heroku-api-key',
    description: 'Heroku Platform API token (HRKU- prefixed)',
    pattern: /(?<![A-Za-z0-9_-])(?<secret>HRKU-[A-Za-z0-9_-]{40,})(?![A-Za-z0-9_-])/,
    keywords: ['hrku-'],
    minEntropy: 3,
    confidence: 'high',
    source: 'Heroku Dev Center: Heroku Platform API authentication (HRKU- prefixed API tokens)',
  },
  {
    id: 'heroku-api-key-legacy',
    description: 'Heroku API key (UUID next to a HEROKU_API_KEY-like name)',
    pattern: new RegExp(
      `(?<![A-Za-z0-9])heroku[_-]?(?:api[_-]?)?(?:key|token)["']?[ \\t]*[:=][ \\t]*["']?(?<secret>${UUID})(?![A-Za-z0-9-])`,
      'i',
    ),
    keywords: ['heroku'],
    confidence: 'medium',
    source: 'https://devcenter.heroku.com/articles/authentication',
  },
  {
    id: 'shopify-token',
    description: 'Shopify access token / shared secret',
    pattern: /(?<![A-Za-z0-9_])(?<secret>shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})(?![A-Za-z0-9])/,
    keywords: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    confidence: 'high',
    source: 'https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens',
  },
  {
    id: 'digitalocean-token',
    description: 'DigitalOcean personal access / OAuth / refresh token',
    pattern: /(?<![A-Za-z0-9_])(?<secret>do[opr]_v1_[a-f0-9]{64})(?![A-Za-z0-9])/,
    keywords: ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    confidence: 'high',
    source: 'https://docs.digitalocean.com/reference/api/create-personal-access-token/',
  },
  {
    id: 'doppler-token',
    description: 'Doppler token (personal / service / CLI / service account)',
    pattern: /(?<![A-Za-z0-9_.])(?<secret>dp\.(?:pt|st|ct|sa|scim|audit)\.[A-Za-z0-9]{40,})(?![A-Za-z0-9])/,
    keywords: ['dp.pt.', 'dp.st.', 'dp.ct.', 'dp.sa.', 'dp.scim.', 'dp.audit.'],
    confidence: 'high',
    source: 'https://docs.doppler.com/reference/auth-token-formats',
  },
  {
    id: 'huggingface-token',
    description: 'Hugging Face access token',
    pattern: /(?<![A-Za-z0-9_])(?<secret>hf_[A-Za-z0-9]{34,})(?![A-Za-z0-9])/,
    keywords: ['hf_'],
    minEntropy: 3.5,
    confidence: 'high',
    source: 'https://huggingface.co/docs/hub/security-tokens',
  },
  {
    id: 'databricks-token',
    description: 'Databricks personal access token',
    pattern: /(?<![A-Za-z0-9_])(?<secret>dapi[a-f0-9]{32}(?:-[0-9]+)?)(?![A-Za-z0-9])/,
    keywords: ['dapi'],
    minEntropy: 3,
    confidence: 'high',
    source: 'https://docs.databricks.com/en/dev-tools/auth/pat.html',
  },
];
