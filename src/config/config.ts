/**
 * `pipewarden.yml` (or `.github/pipewarden.yml`): rule selection, severity overrides, rule options
 * and path ignores with reasons. Validated strictly: an unknown key or a bad value is a usage
 * error (exit 2) naming the file, line and column.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIDENCES, type Confidence, SEVERITIES, type Severity } from '../model/finding.js';
import { LineIndex } from '../yaml/line-index.js';
import { asMap, asSeq, deref, type MapNode, scalarText, type YamlNode } from '../yaml/nodes.js';
import { parseYaml } from '../yaml/parse.js';

export interface RuleConfig {
  enabled?: boolean;
  severity?: Severity;
  options: Record<string, unknown>;
}

export interface IgnoreEntry {
  path: string;
  rules: string[];
  reason: string;
}

export interface Config {
  /** Where it was read from, if anywhere. */
  source?: string;
  rules: Record<string, RuleConfig>;
  ignore: IgnoreEntry[];
  minSeverity?: Severity;
  minConfidence?: Confidence;
  failOn?: Severity;
}

export class ConfigError extends Error {}

export const CONFIG_FILE_NAMES = ['pipewarden.yml', 'pipewarden.yaml', '.github/pipewarden.yml', '.github/pipewarden.yaml'];

export function emptyConfig(): Config {
  return { rules: {}, ignore: [] };
}

export function findConfig(root: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = path.join(root, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function loadConfig(file: string, knownRules: Set<string>): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`cannot read config file ${file}`);
  }
  return parseConfig(text, file, knownRules);
}

export function parseConfig(text: string, file: string, knownRules: Set<string>): Config {
  const lines = new LineIndex(text);
  const fail = (node: YamlNode | undefined, message: string): never => {
    const at = lines.position(node?.start ?? 0);
    throw new ConfigError(`${file}:${at.line}:${at.column}: ${message}`);
  };
  const parsed = parseYaml(text);
  const fatal = parsed.problems.find((p) => p.fatal);
  if (fatal) {
    const at = lines.position(fatal.offset);
    throw new ConfigError(`${file}:${at.line}:${at.column}: ${fatal.message}`);
  }
  const config: Config = { source: file, rules: {}, ignore: [] };
  const rootNode = parsed.documents[0]?.root;
  if (!rootNode || (deref(rootNode)?.kind === 'scalar' && scalarText(rootNode) === undefined)) return config;
  const root = asMap(rootNode) ?? fail(rootNode, 'the config must be a mapping');
  const severity = (node: YamlNode | undefined, what: string): Severity => {
    const value = scalarText(node);
    if (!value || !(SEVERITIES as readonly string[]).includes(value)) fail(node, `${what} must be one of ${SEVERITIES.join(', ')}`);
    return value as Severity;
  };
  for (const pair of root.pairs) {
    switch (pair.keyText) {
      case 'rules':
        readRules(asMap(pair.value) ?? fail(pair.value, '`rules` must be a mapping of rule ids'), config, knownRules, fail, severity);
        break;
      case 'ignore':
        for (const item of (asSeq(pair.value) ?? fail(pair.value, '`ignore` must be a sequence')).items) {
          const entry = asMap(item) ?? fail(item, 'each ignore entry must be a mapping with path, rules and reason');
          const pathText = scalarText(entryValue(entry, 'path')) ?? fail(item, 'an ignore entry needs a `path` glob');
          const reason = scalarText(entryValue(entry, 'reason')) ?? fail(item, 'an ignore entry needs a `reason`');
          const rulesNode = entryValue(entry, 'rules');
          const rules = rulesNode ? (asSeq(rulesNode)?.items.map((n) => scalarText(n) ?? '') ?? [scalarText(rulesNode) ?? '']) : [];
          for (const id of rules) if (!knownRules.has(id)) fail(rulesNode, `unknown rule "${id}"`);
          for (const p of entry.pairs) {
            if (!['path', 'rules', 'reason'].includes(p.keyText)) fail(p.key, `unknown key "${p.keyText}" in ignore entry`);
          }
          config.ignore.push({ path: pathText, rules, reason });
        }
        break;
      case 'min-severity':
        config.minSeverity = severity(pair.value, '`min-severity`');
        break;
      case 'fail-on':
        config.failOn = severity(pair.value, '`fail-on`');
        break;
      case 'min-confidence': {
        const value = scalarText(pair.value);
        if (!value || !(CONFIDENCES as readonly string[]).includes(value))
          fail(pair.value, `\`min-confidence\` must be one of ${CONFIDENCES.join(', ')}`);
        config.minConfidence = value as Confidence;
        break;
      }
      default:
        fail(pair.key, `unknown key "${pair.keyText}" (expected rules, ignore, min-severity, min-confidence, fail-on)`);
    }
  }
  return config;
}

function entryValue(map: MapNode, key: string): YamlNode | undefined {
  return map.pairs.find((p) => p.keyText === key)?.value;
}

function readRules(
  map: MapNode,
  config: Config,
  knownRules: Set<string>,
  fail: (node: YamlNode | undefined, message: string) => never,
  severity: (node: YamlNode | undefined, what: string) => Severity,
): void {
  for (const pair of map.pairs) {
    if (!knownRules.has(pair.keyText)) fail(pair.key, `unknown rule "${pair.keyText}"`);
    const value = deref(pair.value);
    const text = scalarText(value);
    if (text === 'off' || text === 'false') {
      config.rules[pair.keyText] = { enabled: false, options: {} };
      continue;
    }
    if (text === 'on' || text === 'true') {
      config.rules[pair.keyText] = { enabled: true, options: {} };
      continue;
    }
    const entry = asMap(value) ?? fail(value, `rule "${pair.keyText}" must be off, on or a mapping`);
    const rule: RuleConfig = { options: {} };
    for (const p of entry.pairs) {
      if (p.keyText === 'enabled') rule.enabled = scalarText(p.value) !== 'false';
      else if (p.keyText === 'severity') rule.severity = severity(p.value, `severity of "${pair.keyText}"`);
      else if (p.keyText === 'options') rule.options = toPlain(p.value) as Record<string, unknown>;
      else fail(p.key, `unknown key "${p.keyText}" (expected enabled, severity, options)`);
    }
    config.rules[pair.keyText] = rule;
  }
}

/** Converts a (small, user-written) config subtree into plain data; aliases are followed a bounded number of times. */
function toPlain(node: YamlNode | undefined, depth = 0): unknown {
  const n = deref(node);
  if (!n || depth > 16) return undefined;
  if (n.kind === 'scalar') return n.value;
  if (n.kind === 'seq') return n.items.map((i) => toPlain(i, depth + 1));
  if (n.kind === 'map') {
    const out: Record<string, unknown> = {};
    for (const p of n.pairs) out[p.keyText] = toPlain(p.value, depth + 1);
    return out;
  }
  return undefined;
}
