/**
 * Hardcoded-credential detection over the raw text of pipeline files (GitHub workflows, GitLab CI,
 * Tekton...). Two layers:
 *  1. known token formats (`token-formats.ts`), each behind a cheap keyword prefilter;
 *  2. a generic layer: literal, high-entropy values assigned to secret-like names
 *     (`KEY: value`, `KEY=value`, `"key": "value"`), literal `docker login --password/-p`
 *     arguments and `password:` under a `credentials:` mapping.
 * Secrets are only ever exposed through `maskSecret`.
 */
import type { Confidence } from '../../model/finding.js';
import { TOKEN_FORMATS, type TokenFormat } from './token-formats.js';

export interface SecretMatch {
  /** 0-based UTF-16 offset of the secret value itself (not its key or surrounding quotes). */
  start: number;
  /** Exclusive end offset of the secret value. */
  end: number;
  /** A `TOKEN_FORMATS` id, or `GENERIC_FORMAT_ID`. */
  formatId: string;
  description: string;
  confidence: Confidence;
  /** Masked form of the secret; see `maskSecret`. */
  redacted: string;
}

export interface DetectSecretsOptions {
  /** Minimum Shannon entropy (bits/char) for the generic layer. Default 3.5. */
  minGenericEntropy?: number;
}

export const GENERIC_FORMAT_ID = 'generic-high-entropy';
export const DEFAULT_MIN_GENERIC_ENTROPY = 3.5;
/** Minimum length of a literal for the generic layer (contextual passwords excepted). */
export const MIN_GENERIC_LENGTH = 16;
/** Minimum length of a literal password in a login command or a `credentials:` block. */
const MIN_CONTEXTUAL_LENGTH = 4;
/** Longer values are not considered by the generic layer (bounds the work per key). */
const MAX_VALUE_LENGTH = 1024;

// ------------------------------------------------------------------------------------------------
// Public helpers

/** Shannon entropy in bits per character (code point); 0 for the empty string. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  let total = 0;
  for (const ch of s) {
    counts.set(ch, (counts.get(ch) ?? 0) + 1);
    total++;
  }
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / total;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * A masked form that never contains the whole secret: up to the first 4 characters (2 for
 * secrets of 8-11 characters, none below 8), an ellipsis and the length in characters.
 */
export function maskSecret(secret: string): string {
  const chars = Array.from(secret);
  const n = chars.length;
  const keep = n >= 12 ? 4 : n >= 8 ? 2 : 0;
  return `${chars.slice(0, keep).join('')}…(${n} ${n === 1 ? 'char' : 'chars'})`;
}

/** Words that name a secret on their own. */
const SECRET_WORDS = new Set([
  'password',
  'passwords',
  'passwd',
  'passphrase',
  'pass',
  'pwd',
  'pw',
  'secret',
  'secrets',
  'token',
  'tokens',
  'auth',
  'oauth',
  'authorization',
  'credential',
  'credentials',
  'cred',
  'creds',
  'pat',
  'apikey',
]);
/** Stems that make a concatenated word secret-like (`dbpassword`, `accesstoken`, `clientsecret`). */
const SECRET_STEM = /password|passwd|passphrase|secret|token|credential/;
/** Words that contain a stem but are not secrets. */
const STEM_FALSE_FRIENDS = /^(?:tokeni[sz]|secretar)/;
/** `<qualifier>_key` (or `<qualifier>key`) is secret-like; plain `key`, `cache_key`, `public_key` are not. */
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'private',
  'secret',
  'signing',
  'sign',
  'encryption',
  'encrypt',
  'decryption',
  'master',
  'client',
  'account',
  'storage',
  'subscription',
  'deploy',
  'ssh',
  'gpg',
  'pgp',
  'auth',
  'app',
  'license',
  'service',
  'admin',
  'session',
  'hmac',
  'jwt',
  'shared',
  'consumer',
  'webhook',
  'root',
  'write',
]);
/** A name ending in one of these words refers to, describes or configures a secret; it is not one. */
const NON_SECRET_SUFFIXES = new Set([
  'url',
  'urls',
  'uri',
  'endpoint',
  'host',
  'hostname',
  'server',
  'name',
  'names',
  'id',
  'ids',
  'file',
  'files',
  'path',
  'paths',
  'dir',
  'directory',
  'type',
  'types',
  'kind',
  'mode',
  'method',
  'methods',
  'length',
  'len',
  'size',
  'count',
  'env',
  'var',
  'variable',
  'ref',
  'arn',
  'field',
  'header',
  'policy',
  'expiry',
  'expires',
  'expiration',
  'ttl',
  'lifetime',
  'scope',
  'scopes',
  'prefix',
  'suffix',
  'format',
  'version',
  'enabled',
  'enable',
  'disabled',
  'required',
  'hint',
  'label',
  'description',
  'location',
  'provider',
  'source',
  'manager',
  'store',
  'backend',
  'engine',
  'mount',
  'namespace',
  'permissions',
  'permission',
  'scanning',
  'rotation',
  'user',
  'username',
  'login',
  'email',
  'hash',
  'digest',
  'checksum',
  'regex',
  'pattern',
]);

function nameWords(name: string): string[] {
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return spaced
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

function isKeyWord(word: string, previous: string | undefined): boolean {
  if (word === 'key' || word === 'keys') return previous !== undefined && KEY_QUALIFIERS.has(previous);
  const stem = word.endsWith('keys') ? word.slice(0, -4) : word.endsWith('key') ? word.slice(0, -3) : undefined;
  return stem !== undefined && KEY_QUALIFIERS.has(stem);
}

/**
 * Whether a variable / key name looks like it holds a credential. Case-insensitive; words are
 * split on `_`, `-`, `.`, spaces and camelCase. `DB_PASSWORD`, `apiKey`, `x-api-key`,
 * `client_secret`, `GH_PAT`, `SECRET_KEY_BASE` and `secret_id` are; `token_url`, `secret_name`,
 * `password_file`, `access_key_id`, `public_key`, `cache_key`, `key` and `author` are not.
 */
export function isSecretLikeName(name: string): boolean {
  const cached = NAME_CACHE.get(name);
  if (cached !== undefined) return cached;
  const result = classifyName(name);
  if (NAME_CACHE.size >= 4096) NAME_CACHE.clear();
  NAME_CACHE.set(name, result);
  return result;
}

/** Pipeline files reuse the same few hundred names; classifying them once saves most of the work. */
const NAME_CACHE = new Map<string, boolean>();

function classifyName(name: string): boolean {
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (last === undefined) return false;
  const beforeLast = words[words.length - 2];
  if (NON_SECRET_SUFFIXES.has(last) && !(last === 'id' && beforeLast === 'secret')) return false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (SECRET_WORDS.has(word)) return true;
    if (word.endsWith('pwd')) return true;
    if (SECRET_STEM.test(word) && !STEM_FALSE_FRIENDS.test(word)) return true;
    if (isKeyWord(word, words[i - 1])) return true;
  }
  return false;
}

/** Names ending in a password word: `password`, `DB_PASSWORD`, `dbPassword`, `passwd`, `pass`, `pwd`. */
function isPasswordName(name: string): boolean {
  return /(?:password|passwd|pwd|(?:^|[^a-z])pass)$/i.test(name);
}

const PLACEHOLDER_WORDS = new Set([
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'null',
  'none',
  'nil',
  'undefined',
  '~',
  '-',
  'password',
  'passwd',
  'secret',
  'token',
  'value',
  'string',
  'required',
  'optional',
  'test',
  'todo',
  'tbd',
  'n/a',
]);
const PLACEHOLDER_MARKERS =
  /change[_-]?me|example|placeholder|dummy|sample|fake|redacted|replace[_-]?me|^your[_-]|[_-]your[_-]|not[_-]?a[_-]?(?:real|secret)/;

/**
 * Whether a value is a reference, an expression or an obvious dummy rather than a literal secret:
 * `${{ secrets.X }}` and any `${{ }}`, `$VAR`, `${VAR}`, `$(params.x)`, `$[[ inputs.x ]]`,
 * `%VAR%`, `#{VAR}#`, `{{ templates }}`, `<your-token>`, `xxxx...`, `***`, a single repeated
 * character, words like changeme / example / dummy / placeholder / test, booleans, null and
 * the empty string.
 */
export function isPlaceholderValue(value: string): boolean {
  let v = value.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) v = v.slice(1, -1).trim();
  if (v === '') return true;
  const lower = v.toLowerCase();
  if (PLACEHOLDER_WORDS.has(lower)) return true;
  if (v.includes('${{') || v.includes('{{') || v.includes('}}')) return true; // Actions / templates
  if (v.includes('$[[')) return true; // GitLab CI inputs
  if (/\$[({A-Za-z_]/.test(v)) return true; // $(params.x), $(cmd), ${VAR}, $VAR
  if (/%[A-Za-z_][A-Za-z0-9_]*%/.test(v)) return true; // %VAR%
  if (/#\{[^}]*\}/.test(v)) return true; // #{Token}# replace-tokens
  if (/<[^<>]*>/.test(v)) return true; // <your-token>
  if (v.includes('***')) return true; // already masked
  if (/x{4,}/i.test(v)) return true; // xxxx
  if (/^(.)\1*$/s.test(v)) return true; // one repeated character
  if (PLACEHOLDER_MARKERS.test(lower)) return true;
  if (/(?:^|[^a-z])test(?:s|ing)?(?:[^a-z]|$)/.test(lower)) return true;
  return false;
}

// ------------------------------------------------------------------------------------------------
// Format layer

/** For format matches, only unmistakable dummies are dropped (random bodies may contain 'xxxx'). */
const DUMMY_TOKEN = /x{5,}|X{5,}|0{8,}|\*{3,}|example|sample|dummy|placeholder|redacted|changeme/i;

interface CompiledFormat {
  format: TokenFormat;
  regex: RegExp;
  order: number;
}

function withFlags(pattern: RegExp, extra: string): RegExp {
  const flags = new Set((pattern.flags + extra).replace('y', '').split(''));
  return new RegExp(pattern.source, [...flags].join(''));
}

const COMPILED: readonly CompiledFormat[] = TOKEN_FORMATS.map((format, order) => ({
  format,
  regex: withFlags(format.pattern, 'gd'),
  order,
}));

/** Keyword of the registry-login scanner (generic layer). */
const LOGIN_KEYWORD = 'login';

/**
 * All prefilter keywords in one alternation, longest first, so a single pass over the lowercased
 * text finds which are present (one `includes` per keyword would rescan the text ~100 times).
 * After a hit the scan resumes one character later, so overlapping keywords are not skipped; a
 * hit also implies every keyword it contains (shorter alternatives at the same position).
 */
const ALL_KEYWORDS = [...new Set([...TOKEN_FORMATS.flatMap((f) => f.keywords), LOGIN_KEYWORD])].sort((a, b) => b.length - a.length);
const KEYWORD_SCAN = new RegExp(ALL_KEYWORDS.map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'g');
const IMPLIED_KEYWORDS = new Map(ALL_KEYWORDS.map((k) => [k, ALL_KEYWORDS.filter((other) => k.includes(other))]));

function presentKeywords(lower: string): Set<string> {
  const found = new Set<string>();
  KEYWORD_SCAN.lastIndex = 0;
  for (let m = KEYWORD_SCAN.exec(lower); m !== null; m = KEYWORD_SCAN.exec(lower)) {
    if (!found.has(m[0])) {
      for (const k of IMPLIED_KEYWORDS.get(m[0]) ?? [m[0]]) found.add(k);
      if (found.size === ALL_KEYWORDS.length) break;
    }
    KEYWORD_SCAN.lastIndex = m.index + 1;
  }
  return found;
}

interface Candidate {
  start: number;
  end: number;
  formatId: string;
  description: string;
  confidence: Confidence;
  /** 0 = a known format, 1 = generic. */
  tier: 0 | 1;
  order: number;
}

function secretSpan(m: RegExpExecArray): [number, number] {
  const indices = m.indices;
  const span = indices?.groups?.secret ?? indices?.[1];
  return span ? [span[0], span[1]] : [m.index, m.index + m[0].length];
}

function scanFormats(text: string, keywords: Set<string>, out: Candidate[]): void {
  for (const { format, regex, order } of COMPILED) {
    if (!format.keywords.some((k) => keywords.has(k))) continue;
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
      if (m[0].length === 0) regex.lastIndex++;
      const [start, end] = secretSpan(m);
      if (end <= start) continue;
      const secret = text.slice(start, end);
      let confidence = format.confidence;
      if (format.id === 'basic-auth-url') {
        const user = m.groups?.user ?? '';
        if (isPlaceholderValue(secret) || secret.toLowerCase() === 'x-oauth-basic') continue;
        if (secret.length < 8 || secret === user || shannonEntropy(secret) < 2.5) confidence = 'low';
      } else if (DUMMY_TOKEN.test(secret)) {
        continue;
      }
      if (format.minEntropy !== undefined && shannonEntropy(secret) < format.minEntropy) continue;
      if (format.validate && !format.validate(secret)) continue;
      out.push({
        start,
        end,
        formatId: format.id,
        description: format.description,
        confidence,
        tier: 0,
        order,
      });
    }
  }
}

// ------------------------------------------------------------------------------------------------
// Generic layer

/** Obvious non-secrets that can still be long and high-entropy. */
function isObviousNonSecret(value: string): boolean {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value)) return true; // URL (with credentials: basic-auth-url)
  if (/^(?:\.{0,2}\/|~\/|[A-Za-z]:[\\/])/.test(value)) return true; // absolute / relative path
  if (/[\\/]/.test(value) && /\.[A-Za-z][A-Za-z0-9]{0,5}$/.test(value)) return true; // path with an extension
  if (/^[a-z0-9._-]+(?:\/[a-z0-9._-]+)+\/?$/.test(value)) return true; // lower-case path / resource name
  if (/^(?:sha(?:1|224|256|384|512)|md5):/i.test(value) || /@sha(?:256|512):/i.test(value)) return true; // digests
  if (/@[0-9a-f]{40}$/.test(value)) return true; // action / commit pin
  if (/^[0-9]+(?:\.[0-9]+)*$/.test(value)) return true; // numbers, versions
  if (/^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+$/.test(value)) return true; // dotted references, host names
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value)) return true; // the NAME of another variable
  if (/^[a-z]+(?:[-_][a-z]+)+$/.test(value)) return true; // kebab/snake identifiers (secret names)
  if (/^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$/.test(value)) return true; // e-mail
  if (/^arn:/.test(value)) return true; // AWS resource names
  return false;
}

function isKeyChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || // a-z
    (c >= 65 && c <= 90) || // A-Z
    (c >= 48 && c <= 57) || // 0-9
    c === 95 || // _
    c === 45 || // -
    c === 46 // .
  );
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** Characters that end an unquoted value. */
function endsUnquotedValue(c: number): boolean {
  return (
    Number.isNaN(c) || // end of text
    c <= 32 ||
    c === 44 || // ,
    c === 59 || // ;
    c === 38 || // &
    c === 124 || // |
    c === 41 || // )
    c === 125 || // }
    c === 93 || // ]
    c === 34 || // "
    c === 39 || // '
    c === 96 // `
  );
}

function lineStartOf(text: string, offset: number): number {
  return offset > 0 ? text.lastIndexOf('\n', offset - 1) + 1 : 0;
}

/** The key of the YAML mapping that encloses the line at `offset` (by indentation), if any. */
function yamlParentKey(text: string, offset: number): string | undefined {
  const lineStart = lineStartOf(text, offset);
  let line = text.slice(lineStart, offset);
  const column = line.length - line.trimStart().length;
  let end = lineStart - 1;
  for (let steps = 0; end >= 0 && steps < 200; steps++) {
    const start = lineStartOf(text, end);
    line = text.slice(start, end).replace(/\r$/, '');
    end = start - 1;
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (line.length - trimmed.length >= column) continue;
    return /^(?:-[ \t]+)?["']?([\w.-]+)["']?[ \t]*:[ \t]*(?:#.*)?$/.exec(trimmed)?.[1];
  }
  return undefined;
}

/**
 * The end of the unquoted run starting at `i`. Runs are memoised: any later start inside the
 * last run shares its end, so overlapping candidate values cost linear time in total.
 */
function unquotedRunEnd(ctx: GenericContext, i: number): number {
  if (i >= ctx.runStart && i < ctx.runEnd) return ctx.runEnd;
  const { text } = ctx;
  let j = i;
  while (j < text.length && !endsUnquotedValue(text.charCodeAt(j))) j++;
  ctx.runStart = i;
  ctx.runEnd = j;
  return j;
}

/** Parses the value that follows a separator at `from`; returns its span without quotes. */
function readValue(ctx: GenericContext, from: number): [number, number] | undefined {
  const { text } = ctx;
  let i = from;
  while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  const q = text.charCodeAt(i);
  if (q === 34 || q === 39) {
    // quoted: closing quote on the same line; backslash escapes only inside double quotes
    const limit = Math.min(text.length, i + 2 + MAX_VALUE_LENGTH);
    for (let j = i + 1; j < limit; j++) {
      const c = text.charCodeAt(j);
      if (c === 10 || c === 13) return undefined;
      if (c === 92 && q === 34) {
        j++;
        continue;
      }
      if (c === q) return [i + 1, j];
    }
    return undefined;
  }
  let j = unquotedRunEnd(ctx, i);
  if (j - i > MAX_VALUE_LENGTH) return undefined;
  if (j > i && text.charCodeAt(j - 1) === 92) j--; // trailing line-continuation backslash
  return j > i ? [i, j] : undefined;
}

const AUTH_SCHEME = /^(?:bearer|basic|token)$/i;

/** Finds where a secret-like word might be part of a key; the key is then parsed by hand. */
const STEM_SCAN = /pass|pwd|pw|secret|token|key|auth|cred|pat/gi;
const MAX_KEY_LENGTH = 96;

interface GenericContext {
  text: string;
  minEntropy: number;
  out: Candidate[];
  order: number;
  /** Memo for `unquotedRunEnd`. */
  runStart: number;
  runEnd: number;
}

/**
 * The text a base64 value stands for, when it decodes to printable text: Kubernetes Secret `data:`
 * holds every value base64-encoded, so `SGVsbG8sIHdvcmxkCg==` is judged as "Hello, world".
 * Undefined for other values and for base64 of binary data (random key bytes stay as written).
 */
function base64Text(value: string): string | undefined {
  if (value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('latin1');
  return /^[\x20-\x7e\t\r\n]+$/.test(decoded) ? decoded.trim() : undefined;
}

function isStrongLiteral(value: string, minEntropy: number): boolean {
  return value.length >= MIN_GENERIC_LENGTH && shannonEntropy(value) >= minEntropy;
}

function scanAssignments(ctx: GenericContext): void {
  const { text } = ctx;
  STEM_SCAN.lastIndex = 0;
  for (let m = STEM_SCAN.exec(text); m !== null; m = STEM_SCAN.exec(text)) {
    // Expand the hit to the whole key.
    let ks = m.index;
    while (ks > 0 && isKeyChar(text.charCodeAt(ks - 1)) && m.index - ks < MAX_KEY_LENGTH) ks--;
    let ke = m.index + m[0].length;
    while (ke < text.length && isKeyChar(text.charCodeAt(ke)) && ke - ks < MAX_KEY_LENGTH) ke++;
    STEM_SCAN.lastIndex = ke;
    if (isKeyChar(text.charCodeAt(ks - 1)) || isKeyChar(text.charCodeAt(ke))) {
      // Too long to be a key: skip the rest of this run so the scan stays linear.
      while (ke < text.length && isKeyChar(text.charCodeAt(ke))) ke++;
      STEM_SCAN.lastIndex = ke;
      continue;
    }
    const before = text.charCodeAt(ks - 1);
    if (before === 36 || before === 123 || before === 37) continue; // $KEY, {KEY, %KEY
    // Optional quotes around the key (`"key": ...`; in `"X-Api-Key: ..."` the quote opens a larger
    // string and the key counts as unquoted), then the separator.
    let i = ke;
    const quoted = (before === 34 || before === 39) && text.charCodeAt(i) === before;
    if (quoted) i++;
    else if (text.charCodeAt(i) === 34 || text.charCodeAt(i) === 39) continue;
    while (i < text.length && isBlank(text.charCodeAt(i))) i++;
    const sep = text.charCodeAt(i);
    if (sep === 58 /* : */) {
      const next = text.charCodeAt(i + 1);
      const spaced = Number.isNaN(next) || next <= 32 || next === 34 || next === 39;
      if (next === 58) continue; // '::' (workflow commands, C++-style names)
      if (next === 61) {
        i++; // ':='
      } else if (!quoted && !spaced) {
        continue; // an unquoted YAML key needs ': '
      }
    } else if (sep === 61 /* = */) {
      const next = text.charCodeAt(i + 1);
      if (next === 61 || next === 126) continue; // ==, =~
    } else {
      continue;
    }
    let span = readValue(ctx, i + 1);
    if (!span) continue;
    // `Authorization: Bearer <token>`: the credential is the word after the scheme.
    if (AUTH_SCHEME.test(text.slice(span[0], span[1])) && isBlank(text.charCodeAt(span[1]))) {
      span = readValue(ctx, span[1]);
      if (!span) continue;
    }
    const [vs, ve] = span;
    const value = text.slice(vs, ve);
    if (value.length < MIN_CONTEXTUAL_LENGTH || /\s/.test(value)) continue;
    const key = text.slice(ks, ke).replace(/^-+/, '');
    if (!isSecretLikeName(key)) continue;
    const judged = base64Text(value) ?? value;
    if (isPlaceholderValue(judged) || isObviousNonSecret(judged)) continue;
    if (isStrongLiteral(judged, ctx.minEntropy)) {
      ctx.out.push({
        start: vs,
        end: ve,
        formatId: GENERIC_FORMAT_ID,
        description: `High-entropy literal assigned to secret-like name "${key}"`,
        confidence: 'medium',
        tier: 1,
        order: ctx.order++,
      });
    } else if (sep === 58 && isPasswordName(key) && yamlParentKey(text, quoted ? ks - 1 : ks)?.toLowerCase() === 'credentials') {
      ctx.out.push({
        start: vs,
        end: ve,
        formatId: GENERIC_FORMAT_ID,
        description: `Literal password "${key}" under credentials:`,
        confidence: 'low',
        tier: 1,
        order: ctx.order++,
      });
    }
  }
}

/**
 * A literal `--password` / `-p` argument to a registry login command on one logical line
 * (backslash continuations followed; `;`, `|` and `&` end the command). The lazy gap and the
 * continuation alternative are disjoint on their first character, so the scan is linear.
 */
const LOGIN_PASSWORD =
  /login\b(?<=(?:^|[^\w-])(?:docker|podman|buildah|nerdctl|skopeo|oras|helm[ \t]+registry)[ \t]+login)(?:[^\n\\;|&]|\\[\s\S])*?[ \t](?<flag>--password|-p)(?:=|[ \t]+)(?<value>"[^"\n]*"|'[^'\n]*'|[^\s"'`;|&)]+)/dg;

function scanLoginCommands(ctx: GenericContext, keywords: Set<string>): void {
  if (!keywords.has(LOGIN_KEYWORD)) return;
  const { text } = ctx;
  LOGIN_PASSWORD.lastIndex = 0;
  for (let m = LOGIN_PASSWORD.exec(text); m !== null; m = LOGIN_PASSWORD.exec(text)) {
    const span = m.indices?.groups?.value;
    const flag = m.groups?.flag ?? '--password';
    if (!span) continue;
    let [vs, ve] = span;
    const q = text.charCodeAt(vs);
    if (q === 34 || q === 39) {
      vs++;
      ve--;
    }
    const value = text.slice(vs, ve);
    if (value.length < MIN_CONTEXTUAL_LENGTH || /\s/.test(value) || isPlaceholderValue(value)) continue;
    ctx.out.push({
      start: vs,
      end: ve,
      formatId: GENERIC_FORMAT_ID,
      description: `Literal password passed to a registry login (${flag})`,
      confidence: isStrongLiteral(value, ctx.minEntropy) ? 'medium' : 'low',
      tier: 1,
      order: ctx.order++,
    });
  }
}

// ------------------------------------------------------------------------------------------------
// Entry point

const CONFIDENCE_RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

/** Keeps, among overlapping candidates: known formats over generic, then the longest. */
function dedupe(candidates: Candidate[]): Candidate[] {
  candidates.sort(
    (a, b) =>
      a.tier - b.tier ||
      b.end - b.start - (a.end - a.start) ||
      CONFIDENCE_RANK[b.confidence] - CONFIDENCE_RANK[a.confidence] ||
      a.order - b.order,
  );
  const kept: Candidate[] = []; // sorted by start, pairwise disjoint
  for (const c of candidates) {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((kept[mid] as Candidate).start < c.start) lo = mid + 1;
      else hi = mid;
    }
    const prev = kept[lo - 1];
    const next = kept[lo];
    if (prev && prev.end > c.start) continue;
    if (next && next.start < c.end) continue;
    kept.splice(lo, 0, c);
  }
  return kept;
}

/**
 * Scans the whole text for hardcoded credentials. Matches are sorted by offset and never
 * overlap; each carries only a masked form of the secret.
 */
export function detectSecrets(text: string, options: DetectSecretsOptions = {}): SecretMatch[] {
  const minEntropy = options.minGenericEntropy ?? DEFAULT_MIN_GENERIC_ENTROPY;
  const keywords = presentKeywords(text.toLowerCase()); // lowercased text: presence only, never offsets
  const candidates: Candidate[] = [];
  scanFormats(text, keywords, candidates);
  const ctx: GenericContext = {
    text,
    minEntropy,
    out: candidates,
    order: TOKEN_FORMATS.length,
    runStart: -1,
    runEnd: -1,
  };
  scanLoginCommands(ctx, keywords);
  scanAssignments(ctx);
  return dedupe(candidates).map((c) => ({
    start: c.start,
    end: c.end,
    formatId: c.formatId,
    description: c.description,
    confidence: c.confidence,
    redacted: maskSecret(text.slice(c.start, c.end)),
  }));
}
