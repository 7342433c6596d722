/**
 * Trust of GitLab jobs: one Trigger per pipeline situation (data/pipeline-sources.ts), the ones
 * `workflow:rules` let create a pipeline, and per job the ones its include conditions and
 * `rules:`/`only`/`except` let it run under.
 */
import type { Gate, Origin, SourceFile, Trigger } from '../../model/types.js';
import { asMap, entries, getPair, scalarText, type YamlNode } from '../../yaml/nodes.js';
import { PIPELINE_SITUATIONS, type PipelineSituation } from './data/pipeline-sources.js';
import type { ConfigLayer } from './includes.js';
import { interpolateInputs } from './inputs.js';
import type { Builder } from './pipeline.js';
import { ReachEvaluator } from './reach.js';

/** Pipeline sources whose starter cannot pass pipeline variables (they would override rules:variables). */
const NO_PIPELINE_VARIABLES = new Set(['merge_request_event', 'external_pull_request_event']);

export interface SituationTrigger {
  situation: PipelineSituation;
  trigger: Trigger;
}

const REF_LABEL: Record<PipelineSituation['ref'], string> = {
  'protected-branch': 'protected branch',
  'unprotected-branch': 'unprotected branch',
  'protected-tag': 'protected tag',
  'unprotected-tag': 'unprotected tag',
  'merge-request': 'merge request',
  'fork-merge-request': 'fork merge request run in the parent project',
  'external-pull-request': 'external pull request',
};

function triggerOf(situation: PipelineSituation, origin: Origin): Trigger {
  const isFork = situation.ref === 'fork-merge-request';
  return {
    kind: situation.kind,
    name: situation.source,
    minTrust: situation.minTrust,
    privileged: situation.privileged,
    definitionSource: 'triggering-ref',
    codeSource: isFork ? 'untrusted-ref' : 'triggering-ref',
    filters: { ref: [REF_LABEL[situation.ref]] },
    origin,
    gitlab: { source: situation.source, ref: situation.ref },
  };
}

/** Stands for an input that is not known offline while a condition is filled in. */
const UNKNOWN_INPUT = '\uE000';

/**
 * A `rules:if` as GitLab parses it, with `$[[ inputs ]]` filled in. An input whoever starts the
 * pipeline sets may hold anything: the quoted string it sits in (or the input alone) becomes a
 * variable no situation binds, so the test may go either way.
 */
function conditionText(text: string, layer: ConfigLayer | undefined, defaultsOnly: boolean): string {
  const filled = interpolateInputs(text, layer, defaultsOnly, UNKNOWN_INPUT) ?? text;
  if (!filled.includes(UNKNOWN_INPUT)) return filled;
  const unknown = () => '$PIPEWARDEN_INPUT';
  return filled.replace(/"[^"]*\uE000[^"]*"|'[^']*\uE000[^']*'/g, unknown).replace(/\uE000/g, unknown);
}

/** The copy of a file, among a layer and the layers that included it, that is written in `file`. */
function ancestorIn(layer: ConfigLayer, file: SourceFile): ConfigLayer | undefined {
  for (let current: ConfigLayer | undefined = layer; current; current = current.parent) if (current.file === file) return current;
  return undefined;
}

export class TriggerAnalysis {
  readonly evaluator: ReachEvaluator;
  /** Situations `workflow:rules` allow, with their triggers. */
  readonly pipeline: SituationTrigger[];

  constructor(private readonly builder: Builder) {
    this.evaluator = new ReachEvaluator(
      (node) => builder.listItems(node),
      (node, message) => builder.issue(node, message),
      (node) => builder.resolveNode(node),
      (node, text, s, layer) => conditionText(text, builder.layerFor(node, layer), NO_PIPELINE_VARIABLES.has(s.source)),
    );
    const workflow = builder.global('workflow');
    const workflowRules = getPair(asMap(workflow), 'rules')?.value;
    const origin = builder.origin(workflow ?? builder.layers[0]?.root ?? (workflow as unknown as YamlNode));
    const defaults = new Map<string, string>();
    for (const layer of [...builder.layers].reverse()) {
      for (const pair of entries(asMap(getPair(layer.root, 'variables')?.value))) {
        const value = scalarText(asMap(pair.value) ? getPair(asMap(pair.value), 'value')?.value : pair.value);
        if (value !== undefined && !value.includes('$')) defaults.set(pair.keyText, value);
        else defaults.delete(pair.keyText);
      }
    }
    this.pipeline = PIPELINE_SITUATIONS.filter((s) => !workflowRules || this.evaluator.rules(workflowRules, s).may).map((situation) => {
      // Merge request pipelines take no pipeline variables, so what workflow:rules:variables set
      // is what the jobs' and includes' conditions see; elsewhere the starter may override it.
      const bound =
        workflowRules && NO_PIPELINE_VARIABLES.has(situation.source)
          ? this.evaluator.workflowVariables(workflowRules, situation, defaults)
          : undefined;
      const seen = bound?.size ? { ...situation, variables: bound } : situation;
      return { situation: seen, trigger: triggerOf(situation, origin) };
    });
  }

  /** The triggers that may run a job, the manual gate its rules impose, and what decided them. */
  job(name: string, layer: ConfigLayer | undefined): { triggers: Trigger[]; gates: Gate[]; conditions?: YamlNode } {
    const rules = this.builder.resolve(name, 'rules');
    const only = this.builder.resolve(name, 'only');
    const except = this.builder.resolve(name, 'except');
    const when = scalarText(this.builder.resolve(name, 'when'));
    const triggers: Trigger[] = [];
    let manualOnly = true;
    for (const { situation, trigger } of this.pipeline) {
      if (layer && !layer.conditions.every((c) => this.evaluator.rules(c.rules, situation, ancestorIn(layer, c.file)).may)) continue;
      if (rules) {
        const outcome = this.evaluator.rules(rules, situation, layer);
        if (!outcome.may) continue;
        manualOnly &&= outcome.manualOnly;
      } else {
        if (when === 'never' || this.evaluator.onlyExcept(only, except, situation, layer) === false) continue;
        manualOnly = false;
      }
      triggers.push(trigger);
    }
    const gates: Gate[] = [];
    if (rules && manualOnly && triggers.length > 0) {
      gates.push({
        kind: 'manual',
        spoofable: false,
        note: 'every rule that runs the job says `when: manual`',
        origin: this.builder.origin(rules),
      });
    }
    return { triggers, gates, conditions: rules ?? only ?? except };
  }
}
