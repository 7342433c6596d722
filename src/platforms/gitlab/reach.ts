/**
 * Which pipeline situations (data/pipeline-sources.ts) reach a job: `workflow:rules` decide
 * whether a pipeline is created, the `rules:` of the includes that brought the job's file in
 * whether its jobs exist, and the job's `rules:` (or `only`/`except`) whether it runs. A rule
 * is matched in three values; a rule that may match and does not say `when: never` means the job
 * may run, and the first rule that surely matches ends the list.
 * Semantics: https://docs.gitlab.com/ci/yaml/#rules, https://docs.gitlab.com/ci/yaml/workflow/,
 * https://docs.gitlab.com/ci/yaml/#only--except
 */
import { asMap, deref, entries, getPair, scalarText, type YamlNode } from '../../yaml/nodes.js';
import { type Condition, evaluate, parseCondition, type Tri } from './conditions.js';
import { DEFAULT_BRANCH_NAMES, type PipelineSituation } from './data/pipeline-sources.js';
import type { ConfigLayer } from './includes.js';

export interface RulesOutcome {
  /** Some rule may include the job in this situation. */
  may: boolean;
  /** Every rule that may include it says `when: manual`. */
  manualOnly: boolean;
}

const and = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : a === true && b === true ? true : undefined);
const or = (a: Tri, b: Tri): Tri => (a === true || b === true ? true : a === false && b === false ? false : undefined);
const not = (a: Tri): Tri => (a === undefined ? undefined : !a);

const isTag = (s: PipelineSituation) => s.ref === 'protected-tag' || s.ref === 'unprotected-tag';
const isBranch = (s: PipelineSituation) => s.ref === 'protected-branch' || s.ref === 'unprotected-branch';

export class ReachEvaluator {
  private readonly parsed = new Map<string, Condition | null>();

  constructor(
    /** Flattens `!reference` tags and nested lists in a rules list. */
    private readonly itemsOf: (node: YamlNode | undefined) => YamlNode[],
    private readonly issue: (node: YamlNode, message: string) => void,
    /** Follows a `!reference` tag written in place of a value (`if: !reference [.rules, if]`). */
    private readonly resolve: (node: YamlNode | undefined) => YamlNode | undefined = (node) => node,
    /**
     * The expression GitLab evaluates: the written text with `$[[ inputs ]]` filled in as the copy
     * of the file (`layer`) and the situation bind them (inputs are replaced before parsing).
     */
    private readonly fill: (node: YamlNode, text: string, s: PipelineSituation, layer: ConfigLayer | undefined) => string = (_n, text) =>
      text,
  ) {}

  private condition(node: YamlNode, text: string): Condition | undefined {
    const known = this.parsed.get(text);
    if (known !== undefined) return known ?? undefined;
    const parsed = parseCondition(text);
    const written = scalarText(node) ?? '';
    if (!parsed)
      this.issue(
        node,
        `\`${written.length > 80 ? `${written.slice(0, 80)}...` : written}\` is not a CI/CD variable expression GitLab accepts`,
      );
    this.parsed.set(text, parsed ?? null);
    return parsed;
  }

  private expression(node: YamlNode, s: PipelineSituation, layer: ConfigLayer | undefined): Tri {
    const condition = this.condition(node, this.fill(node, scalarText(node) ?? '', s, layer));
    return condition ? evaluate(condition, s) : undefined;
  }

  /**
   * A `rules:` list (job, workflow or include) in one situation; `layer` is the copy of the file
   * the job or include is read in (where its `$[[ inputs ]]` are bound).
   */
  rules(rules: YamlNode, s: PipelineSituation, layer?: ConfigLayer): RulesOutcome {
    let may = false;
    let manualOnly = true;
    for (const item of this.itemsOf(rules)) {
      const rule = asMap(this.resolve(item));
      if (!rule) continue;
      const ifNode = this.resolve(getPair(rule, 'if')?.value);
      let matches: Tri = ifNode ? this.expression(ifNode, s, layer) : true;
      // `changes` and `exists` depend on the commit and the tree: may or may not hold.
      if (matches === true && (getPair(rule, 'changes') || getPair(rule, 'exists'))) matches = undefined;
      if (matches === false) continue;
      const when = scalarText(getPair(rule, 'when')?.value) ?? 'on_success';
      if (when !== 'never') {
        may = true;
        manualOnly &&= when === 'manual';
      }
      if (matches === true) break;
    }
    return { may, manualOnly: may && manualOnly };
  }

  /**
   * The values `workflow:rules:variables` may give each variable in a situation: every rule
   * that may match, up to the first that surely does, contributes what it sets (or the global
   * default when it sets nothing); without a sure match the default is possible too. A name with
   * any value that is not a literal (or no default) is left out: unknown.
   */
  workflowVariables(rules: YamlNode, s: PipelineSituation, defaults: ReadonlyMap<string, string>): Map<string, string[]> {
    const candidates: { values: Map<string, string | undefined> }[] = [];
    let sure = false;
    for (const item of this.itemsOf(rules)) {
      const rule = asMap(this.resolve(item));
      if (!rule) continue;
      const ifNode = this.resolve(getPair(rule, 'if')?.value);
      let matches: Tri = ifNode ? this.expression(ifNode, s, undefined) : true;
      if (matches === true && (getPair(rule, 'changes') || getPair(rule, 'exists'))) matches = undefined;
      if (matches === false) continue;
      if ((scalarText(getPair(rule, 'when')?.value) ?? 'always') !== 'never') {
        const values = new Map<string, string | undefined>();
        for (const pair of entries(asMap(getPair(rule, 'variables')?.value))) {
          const text = scalarText(pair.value);
          values.set(pair.keyText, text === undefined || text.includes('$') ? undefined : text);
        }
        candidates.push({ values });
      }
      if (matches === true) {
        sure = true;
        break;
      }
    }
    const names = new Set(candidates.flatMap((c) => [...c.values.keys()]));
    const out = new Map<string, string[]>();
    for (const name of names) {
      const possible = candidates.map((c) => (c.values.has(name) ? c.values.get(name) : defaults.get(name)));
      if (!sure) possible.push(defaults.get(name));
      if (possible.some((v) => v === undefined)) continue;
      out.set(name, [...new Set(possible as string[])]);
    }
    return out;
  }

  /** `only`/`except` (either may be absent; with neither, GitLab runs the job for branches and tags). */
  onlyExcept(only: YamlNode | undefined, except: YamlNode | undefined, s: PipelineSituation, layer?: ConfigLayer): Tri {
    const included = only ? this.spec(only, s, false, layer) : or(isBranch(s), isTag(s));
    const excluded = except ? this.spec(except, s, true, layer) : false;
    return and(included, not(excluded));
  }

  private spec(node: YamlNode, s: PipelineSituation, isExcept: boolean, layer: ConfigLayer | undefined): Tri {
    const map = asMap(node);
    if (!map) return this.refs(node, s);
    const refsNode = getPair(map, 'refs')?.value;
    let result: Tri = refsNode ? this.refs(refsNode, s) : isExcept ? true : or(isBranch(s), isTag(s));
    const variables = getPair(map, 'variables')?.value;
    if (variables) {
      let any: Tri = false;
      for (const item of this.itemsOf(variables)) {
        const expression = this.resolve(item);
        any = or(any, expression ? this.expression(expression, s, layer) : undefined);
      }
      result = and(result, any);
    }
    if (getPair(map, 'changes') || getPair(map, 'kubernetes')) result = and(result, undefined);
    return result;
  }

  private refs(node: YamlNode, s: PipelineSituation): Tri {
    const items = deref(node)?.kind === 'seq' ? this.itemsOf(node) : [node];
    let any: Tri = false;
    for (const item of items) any = or(any, refMatches(scalarText(item) ?? '', s));
    return any;
  }
}

/** One `only`/`except` entry: a keyword, a ref name or a /pattern/ (never run). */
function refMatches(entry: string, s: PipelineSituation): Tri {
  switch (entry) {
    case 'branches':
      return isBranch(s);
    case 'tags':
      return isTag(s);
    case 'merge_requests':
      return s.ref === 'merge-request' || s.ref === 'fork-merge-request';
    case 'external_pull_requests':
      return s.ref === 'external-pull-request';
    case 'schedules':
      return s.source === 'schedule';
    case 'web':
    case 'api':
    case 'push':
      return s.source === entry;
    case 'pushes':
      return s.source === 'push';
    case 'triggers':
      return s.source === 'trigger';
    case 'pipelines':
      return s.source === 'pipeline' || s.source === 'parent_pipeline';
    case 'chat':
      return false;
  }
  if (!isBranch(s) && !isTag(s)) return false;
  if (entry.startsWith('/') || entry.includes('@')) return undefined;
  // `main`/`master` name the default branch (protected), not a tag or another branch.
  if (DEFAULT_BRANCH_NAMES.has(entry)) return s.ref === 'protected-branch' ? undefined : false;
  return undefined;
}
