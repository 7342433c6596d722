/**
 * The artifacts and caches of a GitLab job as model channels (https://docs.gitlab.com/ci/yaml/#cache,
 * https://docs.gitlab.com/ci/caching/#cache-key-names): `cache:policy` says whether the job
 * restores (pull), saves (push) or both (pull-push, the default); `artifacts:` are saved under
 * the job's name for later jobs of the pipeline. Runs on protected and unprotected refs keep
 * separate caches unless `cache:unprotect: true`, so only such caches can carry data from an
 * unprotected branch into a protected one.
 */
import type { ChannelUse, GitlabJobExt } from '../../model/types.js';

const ACCESS: Record<string, ChannelUse['access']> = { pull: 'read', push: 'write', 'pull-push': 'read-write' };

export function gitlabChannels(jobName: string, facts: GitlabJobExt): ChannelUse[] {
  const uses: ChannelUse[] = [];
  for (const cache of facts.caches) {
    const use: ChannelUse = {
      kind: 'cache',
      name: cache.key ?? 'default',
      access: ACCESS[cache.policy] ?? 'read-write',
      otherRun: false,
      via: 'cache:',
      origin: cache.origin,
    };
    if (!cache.unprotect) use.partitioned = true;
    uses.push(use);
  }
  if (facts.artifacts) {
    uses.push({ kind: 'artifact', name: jobName, access: 'write', otherRun: false, via: 'artifacts:', origin: facts.artifacts.origin });
  }
  return uses;
}
