/**
 * PersistentVolumeClaims that runs of different trust share (research/platforms.md TK-SEC-03): a
 * claim bound by name keeps its files from run to run (platforms/tekton/channels.ts), so a run an
 * outsider starts (a pull request build, an open listener) leaves files that a trusted run bound
 * to the same claim (a push, a release, a run created in the cluster) then reads and runs.
 */
import type { Project } from '../../analysis/project.js';
import type { ChannelUse, Job, Pipeline, Trigger } from '../../model/types.js';
import { Trust } from '../../model/types.js';
import { outsiderTriggers } from './tekton-checkout.js';

export interface ClaimBinding {
  use: ChannelUse;
  job: Job;
  pipeline: Pipeline;
  /** Triggers of the run an outsider can fire. */
  outsiders: Trigger[];
  /** Triggers of the run only writers and above can fire. */
  trusted: Trigger[];
}

/** Every claim binding of the repository, grouped by claim name. */
export function claimBindings(project: Project, root: string): Map<string, ClaimBinding[]> {
  const byClaim = new Map<string, ClaimBinding[]>();
  for (const pipeline of project.pipelinesIn(root)) {
    if (pipeline.platform !== 'tekton') continue;
    for (const job of pipeline.jobs) {
      for (const use of job.channels ?? []) {
        if (use.kind !== 'cache' || use.via !== 'persistentVolumeClaim') continue;
        const outsiders = outsiderTriggers(job);
        const trusted = job.triggers.filter((t) => t.minTrust >= Trust.Writer);
        const list = byClaim.get(use.name) ?? [];
        list.push({ use, job, pipeline, outsiders, trusted });
        byClaim.set(use.name, list);
      }
    }
  }
  return byClaim;
}
