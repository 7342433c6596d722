import { describe, expect, it } from 'vitest';
import { ACTION_PERMISSIONS, GH_COMMAND_PERMISSIONS } from './action-permissions.js';
import { TOKEN_SCOPES } from './token-scopes.js';

const SCOPES = new Set(TOKEN_SCOPES.map((s) => s.scope));

describe('action permissions table', () => {
  it('names each action once, in lower case and sorted, with a source', () => {
    const names = ACTION_PERMISSIONS.map((e) => e.action);
    expect(names).toEqual([...new Set(names)].sort());
    for (const entry of ACTION_PERMISSIONS) {
      expect(entry.action).toBe(entry.action.toLowerCase());
      expect(entry.source, entry.action).toMatch(/^https:\/\/github\.com\//);
    }
  });

  it('records how each verified entry was checked, and why an unverified one with a note was not', () => {
    for (const entry of ACTION_PERMISSIONS) {
      if (entry.verified) {
        expect(['docs', 'action.yml', 'reports'], entry.action).toContain(entry.verified.by);
        expect(entry.verified.url, entry.action).toMatch(/^https:\/\//);
      } else if (entry.note) {
        expect(entry.note, entry.action).toMatch(/^Not verified: /);
      }
    }
    // The entries the fix may act on: a change here is a change of what was checked.
    expect(ACTION_PERMISSIONS.filter((e) => e.verified).length).toBe(21);
  });

  it('grants only real token scopes at read or write', () => {
    const grants = [
      ...ACTION_PERMISSIONS.flatMap((e) => [e.needs, ...(e.when ?? []).map((w) => w.needs)]),
      ...Object.values(GH_COMMAND_PERMISSIONS).flatMap((group) => Object.values(group)),
    ];
    for (const needs of grants) {
      for (const [scope, level] of Object.entries(needs)) {
        expect(SCOPES.has(scope), scope).toBe(true);
        expect(['read', 'write']).toContain(level);
      }
    }
  });
});
