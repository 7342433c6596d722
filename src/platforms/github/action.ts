/**
 * Models an action metadata file (`action.yml`): composite actions become a pipeline with one
 * job ("runs") holding their steps; Docker actions reference their image; JavaScript actions have
 * no steps. Actions have no triggers of their own: trust flows in from the workflows that call them.
 * https://docs.github.com/actions/reference/workflows-and-actions/metadata-syntax
 */
import type { Job, Pipeline, Reference, SourceFile, Step } from '../../model/types.js';
import { asMap, asSeq, entries, get, type MapNode, scalarText } from '../../yaml/nodes.js';
import { parseImage } from './references.js';
import {
  type BuildContext,
  buildEnv,
  buildIdentity,
  buildStep,
  collectReferences,
  collectSecrets,
  flattenSteps,
  templatesOfJob,
} from './workflow.js';

export function buildAction(file: SourceFile, root: MapNode, ctx: BuildContext, id: string): Pipeline {
  const runs = asMap(get(root, 'runs'));
  if (!runs) ctx.shape.add(root.start, 'action has no `runs:` mapping');
  const using = scalarText(get(runs, 'using'))?.toLowerCase() ?? '';
  const actionRuns = using === 'composite' ? 'composite' : using === 'docker' ? 'docker' : using.startsWith('node') ? 'node' : 'unknown';
  const steps: Step[] = [];
  for (const { node: item, where } of flattenSteps(asSeq(get(runs, 'steps'))?.items ?? [], 'runs.steps')) {
    const step = buildStep(item, steps.length, ctx, {}, where);
    if (step) steps.push(step);
  }
  let container: Reference | undefined;
  const imageNode = get(runs, 'image');
  const image = scalarText(imageNode);
  if (actionRuns === 'docker' && image && imageNode && image.startsWith('docker://')) {
    container = { ...parseImage(image.slice('docker://'.length), ctx.templates.origin(imageNode)), raw: image };
  }
  const jobs: Job[] = [];
  if (runs) {
    const job: Job = {
      id: 'runs',
      origin: ctx.templates.origin(runs),
      node: runs,
      needs: [],
      triggers: [],
      gates: [],
      runner: { labels: [], selfHosted: 'unknown' },
      container,
      services: [],
      identity: { oidc: false, staticCloudKeys: [] },
      secrets: [],
      env: buildEnv(get(runs, 'env'), ctx, 'job', 'runs.env'),
      steps,
      outputs: [],
      inputs: [],
    };
    job.secrets = collectSecrets(templatesOfJob(job));
    job.identity = buildIdentity(job, undefined);
    jobs.push(job);
  }
  const declaredInputs = entries(asMap(get(root, 'inputs'))).map((pair) => ({
    name: pair.keyText,
    origin: ctx.templates.origin(pair.key),
    type: undefined,
  }));
  return {
    id,
    platform: 'github',
    kind: 'action',
    file,
    root,
    name: scalarText(get(root, 'name')),
    triggers: [],
    env: [],
    jobs,
    references: collectReferences(jobs),
    declaredInputs,
    github: { actionRuns },
  };
}
