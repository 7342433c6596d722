import { describe, expect, it } from 'vitest';
import { evaluate, parseCondition, variablesOf } from './conditions.js';
import { PIPELINE_SITUATIONS } from './data/pipeline-sources.js';

const situation = (source: string, ref: string) => {
  const found = PIPELINE_SITUATIONS.find((s) => s.source === source && s.ref === ref);
  if (!found) throw new Error(`no situation ${source} ${ref}`);
  return found;
};

const check = (text: string, source: string, ref: string) => {
  const condition = parseCondition(text);
  if (!condition) throw new Error(`not parsed: ${text}`);
  return evaluate(condition, situation(source, ref));
};

describe('gitlab rules:if expressions', () => {
  it('parses comparisons, presence, regexes, null, parentheses, && over ||', () => {
    expect(parseCondition('$A == "x" || $B && ($C != null)')).toMatchObject({ kind: 'or', right: { kind: 'and' } });
    expect(parseCondition('$CI_COMMIT_BRANCH =~ /^release\\/.*$/i')).toMatchObject({ kind: 'compare', op: '=~' });
    expect(parseCondition("${CI_COMMIT_TAG} != 'v1'")).toMatchObject({ left: { kind: 'var', name: 'CI_COMMIT_TAG' } });
    expect(variablesOf(parseCondition('$A == $B || $C') as never)).toEqual(['A', 'B', 'C']);
  });

  it('refuses what GitLab would not accept', () => {
    for (const text of ['', '$A ==', '"unclosed', '$A == "x" extra', '($A', 'A == "x"', '$A =~ /open']) {
      expect(parseCondition(text), text).toBeUndefined();
    }
  });

  it('binds the pipeline source and tells branch, tag and merge request pipelines apart', () => {
    expect(check('$CI_PIPELINE_SOURCE == "merge_request_event"', 'merge_request_event', 'merge-request')).toBe(true);
    expect(check('$CI_PIPELINE_SOURCE == "merge_request_event"', 'push', 'unprotected-branch')).toBe(false);
    expect(check('$CI_COMMIT_BRANCH', 'push', 'unprotected-branch')).toBe(true);
    expect(check('$CI_COMMIT_BRANCH', 'merge_request_event', 'merge-request')).toBe(false);
    expect(check('$CI_COMMIT_TAG', 'push', 'protected-tag')).toBe(true);
    expect(check('$CI_COMMIT_TAG == null', 'push', 'protected-branch')).toBe(true);
    expect(check('$CI_MERGE_REQUEST_IID', 'merge_request_event', 'fork-merge-request')).toBe(true);
    expect(check('$CI_MERGE_REQUEST_IID', 'schedule', 'protected-branch')).toBe(false);
  });

  it('knows an unprotected branch is not the default branch, and a protected one may be', () => {
    expect(check('$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', 'push', 'unprotected-branch')).toBe(false);
    expect(check('$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', 'push', 'protected-branch')).toBeUndefined();
    expect(check('$CI_COMMIT_BRANCH == "main"', 'web', 'unprotected-branch')).toBe(false);
    expect(check('$CI_COMMIT_BRANCH == "develop"', 'web', 'unprotected-branch')).toBeUndefined();
    expect(check('$CI_COMMIT_REF_PROTECTED == "true"', 'api', 'protected-tag')).toBe(true);
    expect(check('$CI_COMMIT_REF_PROTECTED == "true"', 'merge_request_event', 'merge-request')).toBe(false);
  });

  it('tells fork merge requests from same-project ones', () => {
    const same = '$CI_MERGE_REQUEST_SOURCE_PROJECT_ID == $CI_PROJECT_ID';
    expect(check(same, 'merge_request_event', 'merge-request')).toBe(true);
    expect(check(same, 'merge_request_event', 'fork-merge-request')).toBe(false);
  });

  it('treats unknown variables and pattern matches as may-be-true, and absent variables as matching nothing', () => {
    expect(check('$DEPLOY == "yes"', 'push', 'protected-branch')).toBeUndefined();
    expect(check('$CI_COMMIT_BRANCH =~ /^release/', 'push', 'unprotected-branch')).toBeUndefined();
    expect(check('$CI_COMMIT_TAG =~ /^v/', 'push', 'unprotected-branch')).toBe(false);
    expect(check('$CI_COMMIT_TAG !~ /^v/', 'push', 'unprotected-branch')).toBe(true);
    expect(check('$DEPLOY == "yes" && $CI_COMMIT_TAG', 'push', 'unprotected-branch')).toBe(false);
    expect(check('$DEPLOY == "yes" || $CI_COMMIT_BRANCH', 'push', 'unprotected-branch')).toBe(true);
  });
});
