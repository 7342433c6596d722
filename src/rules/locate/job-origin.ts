/** Where a job is named in its workflow, for findings about the job as a whole. */
import type { Job, Origin, Pipeline } from '../../model/types.js';
import { asMap, entries, get } from '../../yaml/nodes.js';

/** The job's key under `jobs:` (`build:`); the job's mapping when the key cannot be found. */
export function jobKeyOrigin(job: Job, pipeline: Pipeline): Origin {
  for (const pair of entries(asMap(get(pipeline.root, 'jobs')))) {
    if (asMap(pair.value) === job.node) return { file: pipeline.file, span: { start: pair.key.start, end: pair.key.end } };
  }
  return job.origin;
}
