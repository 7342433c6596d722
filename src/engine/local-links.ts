/**
 * The pipeline a local `uses: ./x` names, for outputs outside the rule layer (the SBOM links a
 * workflow to the local actions and reusable workflows it calls). The lookup is the one rules use.
 */
import { Project } from '../analysis/project.js';
import type { Pipeline, Reference } from '../model/types.js';

export type LocalTargetOf = (reference: Reference, from: Pipeline) => Pipeline | undefined;

export function localTargets(pipelines: Pipeline[]): LocalTargetOf {
  const project = new Project(pipelines);
  return (reference, from) => project.resolve(reference, from);
}
