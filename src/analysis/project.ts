/**
 * All pipelines of one scan, with the cross-file links rules need: which jobs call a local
 * action or reusable workflow, and which pipeline a local `uses:` points at.
 */
import { definitionKey } from '../model/online-facts.js';
import { repositoryRootOf } from '../model/repository.js';
import type { Job, Pipeline, Reference, Step } from '../model/types.js';

export interface CallSite {
  pipeline: Pipeline;
  job: Job;
  /** Set for action calls; job-level `uses:` calls of reusable workflows have none. */
  step?: Step;
  reference: Reference;
}

function normalise(path: string): string {
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

export class Project {
  private readonly byPath = new Map<string, Pipeline>();
  /** Definitions `scan --online` fetched from other repositories, by the `uses:` they answer. */
  private readonly byRemote = new Map<string, Pipeline>();
  private readonly callers = new Map<Pipeline, CallSite[]>();
  private byRepository: Map<string, Pipeline[]> | undefined;

  constructor(readonly pipelines: Pipeline[]) {
    for (const pipeline of pipelines) {
      if (pipeline.file.remote) this.byRemote.set(pipeline.file.remote.key, pipeline);
      else this.byPath.set(normalise(pipeline.file.path), pipeline);
    }
    for (const pipeline of pipelines) {
      for (const job of pipeline.jobs) {
        if (job.uses) this.link({ pipeline, job, reference: job.uses });
        for (const step of job.steps) if (step.uses) this.link({ pipeline, job, step, reference: step.uses });
      }
    }
  }

  private link(site: CallSite): void {
    const target = this.resolve(site.reference, site.pipeline);
    if (!target) return;
    const list = this.callers.get(target) ?? [];
    list.push(site);
    this.callers.set(target, list);
  }

  /**
   * The pipeline a local reference points at (or, online, the fetched definition a remote one
   * names). Paths in `uses: ./x` are relative to the repository
   * root; display paths are relative to the scan root, which is where we look. A same-repository
   * reference written as `owner/repo/path@ref` cannot be told apart offline and is not linked.
   */
  resolve(reference: Reference, from: Pipeline): Pipeline | undefined {
    // Linked by name by the platform (Tekton taskRef, pipelineRef, inline specs).
    if (reference.unit) return reference.unit !== from ? reference.unit : undefined;
    if (!reference.isLocal && reference.owner && reference.repo && reference.ref && this.byRemote.size > 0) {
      const remote = this.byRemote.get(definitionKey(reference.owner, reference.repo, reference.path, reference.ref));
      return remote !== from ? remote : undefined;
    }
    if (!reference.isLocal || !reference.path) return undefined;
    const base = normalise(reference.path);
    const prefix = repositoryRootOf(from.file.path) ?? '';
    const candidates = reference.kind === 'reusable-workflow' ? [base] : [`${base}/action.yml`, `${base}/action.yaml`, base];
    for (const candidate of candidates) {
      const hit = this.byPath.get(normalise(prefix + candidate));
      if (hit && hit !== from) return hit;
    }
    return undefined;
  }

  /** The repository folder a pipeline belongs to ('' at the scan root; see repositoryRootOf). */
  repositoryOf(pipeline: Pipeline): string {
    return repositoryRootOf(pipeline.file.path) ?? '';
  }

  /**
   * The pipelines of one repository folder, in scan order. Indexed once, so rules that look at a
   * pipeline's siblings stay linear when one project holds many repositories.
   */
  pipelinesIn(root: string): readonly Pipeline[] {
    if (!this.byRepository) {
      this.byRepository = new Map();
      for (const pipeline of this.pipelines) {
        const key = this.repositoryOf(pipeline);
        const list = this.byRepository.get(key);
        if (list) list.push(pipeline);
        else this.byRepository.set(key, [pipeline]);
      }
    }
    return this.byRepository.get(root) ?? [];
  }

  callersOf(pipeline: Pipeline): CallSite[] {
    return this.callers.get(pipeline) ?? [];
  }
}
