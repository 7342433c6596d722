/**
 * Imports flow one way (DESIGN.md section 2): cli -> {engine, fix, report, config} -> rules ->
 * analysis -> model -> yaml, with platforms building the model. The online layer (the GitHub API
 * client and the facts it gathers) sees only the model, and only the CLI calls it. Rules may read
 * a platform's knowledge tables (`platforms/<p>/data/`, pure data with provenance) but never its parser.
 * This test reads every source file's imports and fails on an edge the design does not allow.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.join(import.meta.dirname, '../../src');

const ALLOWED: Record<string, string[]> = {
  yaml: [],
  model: ['yaml'],
  analysis: ['model', 'yaml'],
  platforms: ['analysis', 'model', 'yaml'],
  rules: ['analysis', 'model', 'yaml'],
  report: ['model'],
  config: ['model', 'yaml'],
  engine: ['analysis', 'config', 'model', 'platforms', 'rules', 'yaml'],
  fix: ['analysis', 'config', 'engine', 'model', 'platforms', 'rules', 'yaml'],
  integrity: [],
  online: ['model'],
  cli: ['config', 'engine', 'fix', 'integrity', 'model', 'online', 'platforms', 'report', 'rules', 'yaml'],
  testing: ['analysis', 'config', 'engine', 'fix', 'model', 'platforms', 'rules', 'yaml'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return full.endsWith('.ts') && !full.endsWith('.test.ts') ? [full] : [];
  });
}

describe('module layers', () => {
  it('only imports along allowed edges', () => {
    const violations: string[] = [];
    for (const file of files(SRC)) {
      const layer = path.relative(SRC, file).split(path.sep)[0] as string;
      if (!(layer in ALLOWED)) continue;
      if (file.includes(`${path.sep}test-support${path.sep}`)) continue;
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/from '(\.[^']+)'/g)) {
        const targetPath = path.relative(SRC, path.resolve(path.dirname(file), match[1] as string));
        const target = targetPath.split(path.sep)[0] as string;
        if (target === layer || target.endsWith('.js')) continue;
        const isKnowledgeTable = /^platforms\/[a-z]+\/data\//.test(targetPath.split(path.sep).join('/'));
        if (layer === 'rules' && isKnowledgeTable) continue;
        if (!(ALLOWED[layer] ?? []).includes(target)) violations.push(`${path.relative(SRC, file)} -> ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });
});
