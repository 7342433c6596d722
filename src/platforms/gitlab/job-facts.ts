/**
 * The GitLab facts of a job the neutral model has no place for (model GitlabJobExt): OIDC
 * tokens with audiences, the environment tier and action, artifacts with dotenv reports,
 * caches, and downstream `trigger:`.
 * Semantics: https://docs.gitlab.com/ci/yaml/ (id_tokens, environment, artifacts, cache, trigger)
 */
import type { GitlabJobExt } from '../../model/types.js';
import { asMap, asScalar, deref, entries, getPair, scalarText, type YamlNode } from '../../yaml/nodes.js';
import type { Builder } from './pipeline.js';

/**
 * The tier GitLab gives an environment without `deployment_tier`, from its name.
 * https://docs.gitlab.com/ci/environments/#deployment-tier-of-environments
 */
const TIER_NAMES: [GitlabJobExt['environmentTier'], RegExp][] = [
  ['production', /^(prod|production|live)\b/i],
  ['staging', /^(stag|staging|model|pre|demo)\b/i],
  ['testing', /^(test|tst|int|ac(ce|)pt|qa|qc|control|quality)\b/i],
  ['development', /^(dev|review|trunk)\b/i],
];

const TIERS = new Set(['production', 'staging', 'testing', 'development', 'other']);

export function tierOf(name: string, written: string | undefined): GitlabJobExt['environmentTier'] {
  if (written && TIERS.has(written)) return written as GitlabJobExt['environmentTier'];
  const last = name.split('/').pop() ?? name;
  for (const [tier, pattern] of TIER_NAMES) if (pattern.test(name) || pattern.test(last)) return tier;
  return 'other';
}

const texts = (node: YamlNode | undefined, builder: Builder) =>
  builder
    .listItems(node)
    .map((i) => scalarText(i))
    .filter((t): t is string => t !== undefined);

export function jobFacts(builder: Builder, name: string): GitlabJobExt {
  const idTokens = entries(asMap(builder.resolve(name, 'id_tokens'))).map((pair) => {
    const aud = getPair(asMap(pair.value), 'aud')?.value;
    return {
      name: pair.keyText,
      audiences: deref(aud)?.kind === 'seq' ? texts(aud, builder) : [scalarText(aud) ?? ''].filter(Boolean),
      origin: builder.origin(pair.key),
    };
  });

  const environment = deref(builder.resolve(name, 'environment'));
  const environmentMap = asMap(environment);
  const environmentName = scalarText(environmentMap ? getPair(environmentMap, 'name')?.value : environment);

  const artifactsNode = asMap(builder.resolve(name, 'artifacts'));
  const dotenvNode = getPair(asMap(getPair(artifactsNode, 'reports')?.value), 'dotenv')?.value;
  const untracked = getPair(artifactsNode, 'untracked');
  const access = scalarText(getPair(artifactsNode, 'access')?.value);
  const isPublic = asScalar(getPair(artifactsNode, 'public')?.value)?.value;
  const artifacts = artifactsNode
    ? {
        paths: texts(getPair(artifactsNode, 'paths')?.value, builder),
        pathEntries: builder.listItems(getPair(artifactsNode, 'paths')?.value).flatMap((item) => {
          const path = scalarText(item);
          return path === undefined ? [] : [{ path, origin: builder.origin(item) }];
        }),
        ...(asScalar(untracked?.value)?.value === true && untracked ? { untrackedAt: builder.origin(untracked.key) } : {}),
        // `public: false` (older keyword) lets only project members download them.
        ...(access ? { access } : isPublic === false ? { access: 'developer' } : {}),
        dotenv: dotenvNode !== undefined,
        origin: builder.origin(artifactsNode),
        ...(dotenvNode ? { dotenvFiles: texts(dotenvNode, builder) } : {}),
      }
    : undefined;

  const crossPipelineNeeds = builder.listItems(builder.resolve(name, 'needs')).flatMap((item) => {
    const map = asMap(item);
    const job = scalarText(getPair(map, 'job')?.value);
    const project = scalarText(getPair(map, 'project')?.value);
    const pipeline = getPair(map, 'pipeline');
    if (!map || !job || (!project && !pipeline) || asScalar(getPair(map, 'artifacts')?.value)?.value === false) return [];
    return [{ project, ref: scalarText(getPair(map, 'ref')?.value), job, origin: builder.origin(map) }];
  });

  const cacheNode = deref(builder.resolve(name, 'cache'));
  const cacheItems = cacheNode?.kind === 'seq' ? builder.listItems(cacheNode) : cacheNode ? [cacheNode] : [];
  const caches = cacheItems.flatMap((item) => {
    const map = asMap(item);
    if (!map) return [];
    const key = deref(getPair(map, 'key')?.value);
    const unprotect = getPair(map, 'unprotect');
    const isUnprotected = asScalar(unprotect?.value)?.value === true;
    return [
      {
        key: key?.kind === 'map' ? 'files' : scalarText(key),
        policy: scalarText(getPair(map, 'policy')?.value) ?? 'pull-push',
        unprotect: isUnprotected,
        origin: builder.origin(map),
        unprotectAt: isUnprotected && unprotect ? builder.origin(unprotect.key) : undefined,
      },
    ];
  });

  const triggerNode = deref(builder.resolve(name, 'trigger'));
  const triggerMap = asMap(triggerNode);
  const forward = getPair(asMap(getPair(triggerMap, 'forward')?.value), 'pipeline_variables');
  const forwards = asScalar(forward?.value)?.value === true;
  // `trigger: include:` entries that take the child pipeline's configuration from an artifact of a job.
  const childArtifacts = builder.listItems(getPair(triggerMap, 'include')?.value).flatMap((item) => {
    const entry = asMap(item);
    const artifact = getPair(entry, 'artifact')?.value;
    const path = scalarText(artifact);
    const job = scalarText(getPair(entry, 'job')?.value);
    return artifact && path && job ? [{ path, job, origin: builder.origin(artifact) }] : [];
  });
  const trigger = triggerNode
    ? {
        project: scalarText(triggerMap ? getPair(triggerMap, 'project')?.value : triggerNode),
        projectAt: builder.origin(triggerMap ? (getPair(triggerMap, 'project')?.value ?? triggerNode) : triggerNode),
        branch: scalarText(getPair(triggerMap, 'branch')?.value),
        include: getPair(triggerMap, 'include') !== undefined,
        forwardPipelineVariables: forwards,
        origin: builder.origin(triggerNode),
        forwardAt: forwards && forward ? builder.origin(forward.key) : undefined,
        ...(childArtifacts.length ? { artifacts: childArtifacts } : {}),
      }
    : undefined;

  return {
    idTokens,
    environmentTier: environmentName ? tierOf(environmentName, scalarText(getPair(environmentMap, 'deployment_tier')?.value)) : undefined,
    environmentAction: environmentName ? (scalarText(getPair(environmentMap, 'action')?.value) ?? 'start') : undefined,
    artifacts,
    caches,
    trigger,
    when: scalarText(builder.resolve(name, 'when')),
    ...(crossPipelineNeeds.length ? { crossPipelineNeeds } : {}),
  };
}
