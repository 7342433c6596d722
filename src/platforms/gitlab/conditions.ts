/**
 * GitLab's CI/CD variable expressions (`rules:if`, `only:variables`) parsed and evaluated in
 * three values against one pipeline situation (data/pipeline-sources.ts): `true`, `false` or
 * `undefined` for "may be either". Only the predefined variables that tell situations apart are
 * bound; every other variable is unknown, so a condition on it may be true. Regular expressions
 * from the file are never run: a match against a known value is unknown too.
 * Syntax: https://docs.gitlab.com/ci/jobs/job_rules/#cicd-variable-expressions
 */
import { DEFAULT_BRANCH_NAMES, type PipelineSituation } from './data/pipeline-sources.js';

export type Tri = boolean | undefined;

type Operand = { kind: 'var'; name: string } | { kind: 'string'; value: string } | { kind: 'null' } | { kind: 'regex' };
export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'compare'; op: '==' | '!=' | '=~' | '!~'; left: Operand; right: Operand }
  | { kind: 'present'; operand: Operand };

/** A value a variable holds in a situation: absent, a known string, a symbolic ref, or defined but unknown. */
type Value =
  | { t: 'absent' }
  | { t: 'string'; v: string }
  | { t: 'ref'; v: string }
  | { t: 'some' }
  | { t: 'unknown' }
  /** One of several literals (set by whichever workflow rule matched). */
  | { t: 'one-of'; vs: readonly string[] };

type Token = { kind: 'var' | 'string' | 'regex' | 'op' | 'paren' | 'null'; text: string };

const MAX_CONDITION_LENGTH = 4096;

function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (['==', '!=', '=~', '!~', '&&', '||'].includes(two)) {
      tokens.push({ kind: 'op', text: two });
      i += 2;
      // A regular expression literal follows a match operator.
      if (two === '=~' || two === '!~') {
        while (/\s/.test(text[i] ?? '')) i++;
        if (text[i] === '/') {
          let j = i + 1;
          while (j < text.length && text[j] !== '/') j += text[j] === '\\' ? 2 : 1;
          if (j >= text.length) return undefined;
          j++;
          while (/[a-z]/i.test(text[j] ?? '')) j++;
          tokens.push({ kind: 'regex', text: text.slice(i, j) });
          i = j;
        }
      }
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ kind: 'paren', text: c });
      i++;
      continue;
    }
    if (c === '$') {
      const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(text.slice(i));
      const plain = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i));
      const match = braced ?? plain;
      if (!match) return undefined;
      tokens.push({ kind: 'var', text: match[1] as string });
      i += match[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        value += text[j];
        j++;
      }
      if (j >= text.length) return undefined;
      tokens.push({ kind: 'string', text: value });
      i = j + 1;
      continue;
    }
    if (text.startsWith('null', i) && !/[A-Za-z0-9_]/.test(text[i + 4] ?? '')) {
      tokens.push({ kind: 'null', text: 'null' });
      i += 4;
      continue;
    }
    return undefined;
  }
  return tokens;
}

/** Parses an expression; undefined when it is not one GitLab accepts (then nothing is assumed). */
export function parseCondition(text: string): Condition | undefined {
  if (text.length > MAX_CONDITION_LENGTH) return undefined;
  const tokens = tokenize(text);
  if (!tokens || tokens.length === 0) return undefined;
  let pos = 0;
  const peek = () => tokens[pos];
  const operand = (): Operand | undefined => {
    const t = tokens[pos];
    if (!t) return undefined;
    pos++;
    if (t.kind === 'var') return { kind: 'var', name: t.text };
    if (t.kind === 'string') return { kind: 'string', value: t.text };
    if (t.kind === 'null') return { kind: 'null' };
    if (t.kind === 'regex') return { kind: 'regex' };
    return undefined;
  };
  const primary = (depth: number): Condition | undefined => {
    if (depth > 32) return undefined;
    if (peek()?.kind === 'paren' && peek()?.text === '(') {
      pos++;
      const inner = or(depth + 1);
      if (peek()?.text !== ')') return undefined;
      pos++;
      return inner;
    }
    const left = operand();
    if (!left) return undefined;
    const next = peek();
    if (next?.kind === 'op' && ['==', '!=', '=~', '!~'].includes(next.text)) {
      pos++;
      const right = operand();
      if (!right) return undefined;
      return { kind: 'compare', op: next.text as '==' | '!=' | '=~' | '!~', left, right };
    }
    return { kind: 'present', operand: left };
  };
  const and = (depth: number): Condition | undefined => {
    let left = primary(depth);
    while (left && peek()?.text === '&&') {
      pos++;
      const right = primary(depth);
      left = right ? { kind: 'and', left, right } : undefined;
    }
    return left;
  };
  const or = (depth: number): Condition | undefined => {
    let left = and(depth);
    while (left && peek()?.text === '||') {
      pos++;
      const right = and(depth);
      left = right ? { kind: 'or', left, right } : undefined;
    }
    return left;
  };
  const result = or(0);
  return pos === tokens.length ? result : undefined;
}

const isTag = (s: PipelineSituation) => s.ref === 'protected-tag' || s.ref === 'unprotected-tag';
const isBranch = (s: PipelineSituation) => s.ref === 'protected-branch' || s.ref === 'unprotected-branch';
const isMergeRequest = (s: PipelineSituation) => s.ref === 'merge-request' || s.ref === 'fork-merge-request';

/** What a predefined variable holds in a situation; unknown for anything else. */
export function variableIn(name: string, s: PipelineSituation): Value {
  const absent: Value = { t: 'absent' };
  const bound = s.variables?.get(name);
  if (bound) return bound.length === 1 ? { t: 'string', v: bound[0] as string } : { t: 'one-of', vs: bound };
  switch (name) {
    case 'CI_PIPELINE_SOURCE':
      return { t: 'string', v: s.source };
    case 'CI_DEFAULT_BRANCH':
      return { t: 'ref', v: 'default-branch' };
    case 'CI_COMMIT_BRANCH':
      return isBranch(s) ? { t: 'ref', v: s.ref } : absent;
    case 'CI_COMMIT_TAG':
    case 'CI_COMMIT_TAG_MESSAGE':
      return isTag(s) ? { t: 'ref', v: 'tag' } : absent;
    case 'CI_COMMIT_REF_NAME':
    case 'CI_COMMIT_REF_SLUG':
      return isBranch(s) ? { t: 'ref', v: s.ref } : isTag(s) ? { t: 'ref', v: 'tag' } : { t: 'some' };
    case 'CI_COMMIT_REF_PROTECTED':
      return { t: 'string', v: s.ref === 'protected-branch' || s.ref === 'protected-tag' ? 'true' : 'false' };
    case 'CI_PIPELINE_TRIGGERED':
      return s.source === 'trigger' ? { t: 'string', v: 'true' } : absent;
    case 'CI_PROJECT_ID':
      return { t: 'ref', v: 'project' };
    case 'CI_PROJECT_PATH':
      return { t: 'ref', v: 'project-path' };
    case 'CI_MERGE_REQUEST_SOURCE_PROJECT_ID':
      return !isMergeRequest(s) ? absent : { t: 'ref', v: s.ref === 'fork-merge-request' ? 'fork' : 'project' };
    case 'CI_MERGE_REQUEST_SOURCE_PROJECT_PATH':
      return !isMergeRequest(s) ? absent : { t: 'ref', v: s.ref === 'fork-merge-request' ? 'fork-path' : 'project-path' };
    case 'CI_MERGE_REQUEST_PROJECT_ID':
      return isMergeRequest(s) ? { t: 'ref', v: 'project' } : absent;
    case 'CI_MERGE_REQUEST_PROJECT_PATH':
      return isMergeRequest(s) ? { t: 'ref', v: 'project-path' } : absent;
  }
  if (name.startsWith('CI_MERGE_REQUEST_')) return isMergeRequest(s) ? { t: 'some' } : absent;
  if (name.startsWith('CI_EXTERNAL_PULL_REQUEST_')) return s.ref === 'external-pull-request' ? { t: 'some' } : absent;
  return { t: 'unknown' };
}

function operandValue(operand: Operand, s: PipelineSituation): Value {
  if (operand.kind === 'var') return variableIn(operand.name, s);
  if (operand.kind === 'string') return { t: 'string', v: operand.value };
  if (operand.kind === 'null') return { t: 'absent' };
  return { t: 'unknown' };
}

/** Two symbolic refs: the same symbol is the same ref, except that "a protected branch" may or may not be the default. */
function refsEqual(a: string, b: string): Tri {
  if (a === b) return true;
  const pair = new Set([a, b]);
  if (pair.has('default-branch') && pair.has('protected-branch')) return undefined;
  if (pair.has('default-branch') && (pair.has('unprotected-branch') || pair.has('tag'))) return false;
  if (pair.has('project') && pair.has('fork')) return false;
  if (pair.has('project-path') && pair.has('fork-path')) return false;
  return undefined;
}

/** A branch name written in the file against a symbolic ref (main/master are taken as the default branch). */
function literalEqualsRef(literal: string, ref: string): Tri {
  if (!DEFAULT_BRANCH_NAMES.has(literal)) return ref === 'default-branch' ? false : undefined;
  if (ref === 'default-branch') return true;
  if (ref === 'unprotected-branch') return false;
  return undefined;
}

function equals(a: Value, b: Value): Tri {
  if (a.t === 'unknown' || b.t === 'unknown') return undefined;
  if (a.t === 'one-of' || b.t === 'one-of') {
    const set = (a.t === 'one-of' ? a : b) as { vs: readonly string[] };
    const other = a.t === 'one-of' ? b : a;
    if (other.t === 'string') return set.vs.includes(other.v) ? undefined : false;
    if (other.t === 'absent') return false;
    return undefined;
  }
  if (a.t === 'absent' || b.t === 'absent') return a.t === b.t;
  if (a.t === 'some' || b.t === 'some') return undefined;
  if (a.t === 'string' && b.t === 'string') return a.v === b.v;
  if (a.t === 'ref' && b.t === 'ref') return refsEqual(a.v, b.v);
  const literal = a.t === 'string' ? a.v : (b as { v: string }).v;
  const ref = a.t === 'ref' ? a.v : (b as { v: string }).v;
  return literalEqualsRef(literal, ref);
}

const not = (v: Tri): Tri => (v === undefined ? undefined : !v);

export function evaluate(condition: Condition, s: PipelineSituation): Tri {
  switch (condition.kind) {
    case 'and': {
      const l = evaluate(condition.left, s);
      if (l === false) return false;
      const r = evaluate(condition.right, s);
      if (r === false) return false;
      return l === true && r === true ? true : undefined;
    }
    case 'or': {
      const l = evaluate(condition.left, s);
      if (l === true) return true;
      const r = evaluate(condition.right, s);
      if (r === true) return true;
      return l === false && r === false ? false : undefined;
    }
    case 'present': {
      const v = operandValue(condition.operand, s);
      if (v.t === 'absent') return false;
      if (v.t === 'string') return v.v !== '';
      if (v.t === 'one-of') return v.vs.every((x) => x !== '') ? true : v.vs.every((x) => x === '') ? false : undefined;
      if (v.t === 'ref' || v.t === 'some') return true;
      return undefined;
    }
    case 'compare': {
      const l = operandValue(condition.left, s);
      const r = operandValue(condition.right, s);
      if (condition.op === '==') return equals(l, r);
      if (condition.op === '!=') return not(equals(l, r));
      // An absent variable matches no pattern; any other match is not run.
      if (l.t === 'absent') return condition.op === '!~';
      return undefined;
    }
  }
}

/** Names of the variables an expression reads (for gates on user-controlled text). */
export function variablesOf(condition: Condition): string[] {
  if (condition.kind === 'and' || condition.kind === 'or') return [...variablesOf(condition.left), ...variablesOf(condition.right)];
  const operands = condition.kind === 'present' ? [condition.operand] : [condition.left, condition.right];
  return operands.flatMap((o) => (o.kind === 'var' ? [o.name] : []));
}
