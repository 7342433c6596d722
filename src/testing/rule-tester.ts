/**
 * The strict rule test table (DESIGN.md section 7): every valid case must produce no finding of
 * the rule under test, and every invalid case exactly the listed findings (message id and
 * position; severity when given). Files are analysed in memory through the real engine.
 */
import { describe, expect, it } from 'vitest';
import { initShellParser } from '../analysis/shell/shell-facts.js';
import { emptyConfig } from '../config/config.js';
import { analyseSources, type ScanOutput } from '../engine/engine.js';
import { fixSources } from '../fix/apply-fixes.js';
import type { Finding, Severity } from '../model/finding.js';
import type { OnlineFacts } from '../model/online-facts.js';
import type { LockedImage, LockedPin } from '../model/pin-lock.js';
import { ADAPTERS } from '../platforms/index.js';
import type { Rule } from '../rules/define-rule.js';

export type CaseFiles = string | Record<string, string>;

export interface ValidCase {
  name: string;
  files: CaseFiles;
  options?: Record<string, unknown>;
  /** Action pins from a `pipewarden.lock`, keyed `owner/repo@ref`. */
  pins?: Record<string, LockedPin>;
  /** Facts of `scan --online` (test/support/recorded-facts.ts gathers them from recorded answers). */
  online?: OnlineFacts;
}

export interface ExpectedFinding {
  messageId: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity?: Severity;
  file?: string;
  /** Substring the message must contain. */
  message?: string;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
}

export const DEFAULT_CASE_PATH = '.github/workflows/test.yml';

function toInputs(files: CaseFiles) {
  const record = typeof files === 'string' ? { [DEFAULT_CASE_PATH]: files } : files;
  return Object.entries(record).map(([path, text]) => ({ file: { path, text }, explicit: false }));
}

/** The model of a case's files, with no rule run: for tests of what adapters and analyses build. */
export function modelOf(files: CaseFiles): ScanOutput {
  return analyseSources(toInputs(files), { config: emptyConfig(), rules: [], adapters: ADAPTERS });
}

export function runRuleOn(
  rule: Rule,
  files: CaseFiles,
  options: Record<string, unknown> = {},
  pins: Record<string, LockedPin> = {},
  online?: OnlineFacts,
): ScanOutput {
  const config = emptyConfig();
  config.rules[rule.meta.id] = { options };
  const lock = { actions: new Map(Object.entries(pins)), images: new Map() };
  return analyseSources(toInputs(files), { config, rules: [rule], adapters: ADAPTERS, pins: lock, online });
}

function describeFinding(f: Finding): string {
  return `${f.messageId} ${f.location.file}:${f.location.line}:${f.location.column}-${f.location.endLine}:${f.location.endColumn} ${f.severity} "${f.message}"`;
}

export function testRule(rule: Rule, table: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(`rule ${rule.meta.id}`, () => {
    it('has at least one valid and one invalid case', async () => {
      await initShellParser();
      expect(table.valid.length).toBeGreaterThan(0);
      expect(table.invalid.length).toBeGreaterThan(0);
    });
    for (const testCase of table.valid) {
      it(`valid: ${testCase.name}`, async () => {
        await initShellParser();
        const out = runRuleOn(rule, testCase.files, testCase.options, testCase.pins, testCase.online);
        expect(out.result.toolErrors).toEqual([]);
        expect(out.result.findings.map(describeFinding)).toEqual([]);
      });
    }
    for (const testCase of table.invalid) {
      it(`invalid: ${testCase.name}`, async () => {
        await initShellParser();
        const out = runRuleOn(rule, testCase.files, testCase.options, testCase.pins, testCase.online);
        expect(out.result.toolErrors).toEqual([]);
        const actual = out.result.findings.map((f) => {
          const expected = testCase.errors.find(
            (e) => e.line === f.location.line && e.column === f.location.column && e.messageId === f.messageId,
          );
          return {
            messageId: f.messageId,
            line: f.location.line,
            column: f.location.column,
            ...(expected?.endLine !== undefined ? { endLine: f.location.endLine } : {}),
            ...(expected?.endColumn !== undefined ? { endColumn: f.location.endColumn } : {}),
            ...(expected?.severity !== undefined ? { severity: f.severity } : {}),
            ...(expected?.file !== undefined ? { file: f.location.file } : {}),
            ...(expected?.message !== undefined && f.message.includes(expected.message) ? { message: expected.message } : {}),
            ...(expected?.message !== undefined && !f.message.includes(expected.message) ? { message: f.message } : {}),
          };
        });
        const want = testCase.errors.map((e) => ({ ...e }));
        const order = (a: ExpectedFinding, b: ExpectedFinding) =>
          (a.file ?? '').localeCompare(b.file ?? '') || a.line - b.line || a.column - b.column || a.messageId.localeCompare(b.messageId);
        expect(actual.sort(order), out.result.findings.map(describeFinding).join('\n')).toEqual(want.sort(order));
      });
    }
  });
}

export interface FixCase {
  name: string;
  /** The file before (at `path`, default DEFAULT_CASE_PATH). */
  files: string;
  /** Where the file is analysed (`.gitlab-ci.yml` for a GitLab case). */
  path?: string;
  /** Other files analysed with it (a called workflow); they must stay unchanged. */
  context?: Record<string, string>;
  /** The exact text after fixing; equal to `files` when no fix may apply. */
  output: string;
  /** Apply unsafe fixes too (`fix --unsafe`). */
  unsafe?: boolean;
  options?: Record<string, unknown>;
  /** Pins from a `pipewarden.lock`: actions keyed `owner/repo@ref`, images keyed `repository:tag`. */
  pins?: Record<string, LockedPin>;
  images?: Record<string, LockedImage>;
  /** Message ids of this rule still reported after the fix (default none). */
  remaining?: string[];
  /**
   * For each remaining finding, in order, a substring of the reason its tip gives for having no
   * fix (`No automatic fix: ...`), or undefined when its tip need not give one.
   */
  declined?: (string | undefined)[];
}

/**
 * The fix table (DESIGN.md section 7): each fix states its exact output, the fixed file has no
 * finding of the rule left (unless listed), and fixing the output again changes nothing.
 */
export function testFixes(rule: Rule, cases: FixCase[]): void {
  describe(`rule ${rule.meta.id} fixes`, () => {
    const fix = (text: string, testCase: FixCase) => {
      const config = emptyConfig();
      config.rules[rule.meta.id] = { options: testCase.options ?? {} };
      const others = Object.entries(testCase.context ?? {}).map(([path, other]) => ({ file: { path, text: other }, explicit: false }));
      const inputs = [{ file: { path: testCase.path ?? DEFAULT_CASE_PATH, text }, explicit: false }, ...others];
      const pins = { actions: new Map(Object.entries(testCase.pins ?? {})), images: new Map(Object.entries(testCase.images ?? {})) };
      return fixSources(inputs, { config, rules: [rule], adapters: ADAPTERS, pins }, { unsafe: testCase.unsafe ?? false, rules: [] });
    };
    for (const testCase of cases) {
      it(testCase.name, async () => {
        await initShellParser();
        const first = fix(testCase.files, testCase);
        expect(first.files.map((f) => f.file).filter((f) => f !== (testCase.path ?? DEFAULT_CASE_PATH))).toEqual([]);
        const file = first.files[0];
        expect(file?.rejected ?? []).toEqual([]);
        expect(file?.after ?? testCase.files).toBe(testCase.output);
        expect(first.final.result.toolErrors).toEqual([]);
        expect(first.final.result.parseIssues.filter((i) => i.level === 'error')).toEqual([]);
        expect(first.final.result.findings.map((f) => f.messageId)).toEqual(testCase.remaining ?? []);
        if (testCase.declined) {
          const reasons = first.final.result.findings.map((f) => /No automatic fix: (.*)$/.exec(f.tip ?? '')?.[1]);
          expect(reasons.length).toBe(testCase.declined.length);
          testCase.declined.forEach((want, i) => {
            if (want !== undefined) expect(reasons[i]).toContain(want);
          });
        }
        expect(fix(testCase.output, testCase).files).toEqual([]);
      });
    }
  });
}
