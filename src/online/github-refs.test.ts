import { describe, expect, it } from 'vitest';
import { versionFor } from './github-refs.js';

const SHA = 'a'.repeat(40);
const OTHER = 'b'.repeat(40);
const tag = (name: string, sha = SHA) => ({ name, commit: { sha } });

describe('versionFor', () => {
  it.each([
    ['v4', [tag('v4'), tag('v4.2'), tag('v4.2.2'), tag('v4.2.3', OTHER)], 'v4.2.2'],
    ['v4', [tag('v4'), tag('v3.9.9')], 'v4'],
    ['v2', [tag('v2.10.0'), tag('v2.9.1')], 'v2.10.0'],
    ['main', [tag('v1.4.0'), tag('nightly')], 'v1.4.0'],
    ['main', [tag('v1.4.0', OTHER)], 'main'],
    ['release/2', [], 'release/2'],
  ])('%s with %j names %s', (ref, tags, version) => {
    expect(versionFor(ref, SHA, tags)).toBe(version);
  });
});
