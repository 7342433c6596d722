/**
 * Tekton workspaces as model channels (DESIGN.md section 3, Channel):
 * - a run binding a PersistentVolumeClaim by name (`persistentVolumeClaim.claimName`) shares its
 *   files with every other run that binds the same claim: a `cache` that crosses runs, read and
 *   written (Tekton keeps no isolation between runs on one claim:
 *   https://tekton.dev/docs/pipelines/workspaces/#using-persistent-volumes-within-a-pipelinerun);
 *   a `volumeClaimTemplate` or `emptyDir` lives for one run only and is no channel between runs;
 * - a pipeline task mapping a pipeline workspace passes files to the other tasks of the run that
 *   map it: an `artifact` of the run, named `<pipeline>/<workspace>`, written unless the task
 *   declares the workspace `readOnly`. Secret, ConfigMap and projected bindings are mounted
 *   read-only: credentials or settings, not a channel between tasks.
 */
import type { ChannelUse, Job } from '../../model/types.js';

export function runChannels(job: Job): ChannelUse[] {
  return (job.tekton?.workspaces ?? []).flatMap((ws): ChannelUse[] => {
    const volume = ws.volume;
    if (volume?.kind !== 'persistentVolumeClaim' || !volume.name) return [];
    return [
      { kind: 'cache', name: volume.name, access: 'read-write', otherRun: true, via: 'persistentVolumeClaim', origin: volume.origin },
    ];
  });
}

const READ_ONLY_VOLUMES = new Set(['secret', 'configMap', 'projected']);

export function pipelineTaskChannels(pipelineName: string, job: Job, readOnly: (taskWorkspace: string) => boolean): ChannelUse[] {
  const workspaces = (job.tekton?.workspaces ?? []).filter((ws) => !READ_ONLY_VOLUMES.has(ws.volume?.kind ?? ''));
  return workspaces.map((ws) => ({
    kind: 'artifact' as const,
    name: `${pipelineName}/${ws.binds ?? ws.name}`,
    access: readOnly(ws.name) ? ('read' as const) : ('read-write' as const),
    otherRun: false,
    via: 'workspace',
    origin: ws.origin,
  }));
}
