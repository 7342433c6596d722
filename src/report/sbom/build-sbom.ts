/**
 * The pipeline bill of materials (issue 7): a CycloneDX 1.6 JSON document whose components are
 * the pipeline definitions and everything they pull in (actions, reusable workflows, includes,
 * components, images, bundles), with a purl and version or digest each, where each is used
 * (evidence occurrences with file and line), dependencies from pipeline to component, and the
 * `formulation` (workflows, tasks, steps, triggers).
 *
 * Built with `@cyclonedx/cyclonedx-library`: its models and JSON normaliser make the metadata,
 * components and dependency graph; occurrences and formulation, which it does not model, are
 * added to the normalised object (docs/design-notes.md). The library sorts with `localeCompare`,
 * which follows the machine's locale, so lists are put in code-unit order here and passed through
 * unsorted. A pure function of the pipelines: the caller passes the timestamp and, if it wants one
 * that is not derived from the content, the serial number.
 */
import { createHash } from 'node:crypto';
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import type { ToolInfo } from '../../model/finding.js';
import type { Job, Pipeline, Reference } from '../../model/types.js';
import { lineOf } from '../source-line.js';
import { compareText, inFileOrder } from '../stable-order.js';
import { type ComponentIdentity, type IdentityOptions, identify } from './component-identity.js';
import { buildFormulation } from './formulation.js';

export interface SbomOptions extends Partial<IdentityOptions> {
  tool: ToolInfo;
  /** Name of what was scanned (the repository or folder), for `metadata.component`. */
  subject: string;
  timestamp: Date;
  /** `urn:uuid:...`; by default a UUID derived from the document's content, so equal input gives an equal BOM. */
  serialNumber?: string;
  /** The pipeline a local `uses: ./x` names, if it was scanned; without it local calls are not linked. */
  localTarget?: (reference: Reference, from: Pipeline) => Pipeline | undefined;
}

const PROJECT_REF = 'project';
const PROPERTY = {
  platform: 'pipewarden:platform',
  pipelineKind: 'pipewarden:pipeline-kind',
  kind: 'pipewarden:reference-kind',
  pin: 'pipewarden:pin',
  versionComment: 'pipewarden:version-comment',
};
const COMPONENT_TYPE: Record<ComponentIdentity['type'], Enums.ComponentType> = {
  library: Enums.ComponentType.Library,
  container: Enums.ComponentType.Container,
  file: Enums.ComponentType.File,
};

interface Occurrence {
  location: string;
  line: number;
}

type NormalizedBom = ReturnType<ReturnType<Serialize.JSON.Normalize.Factory['makeForBom']>['normalize']> & Record<string, unknown>;

/** What the walk over the pipelines found, before it becomes library models. */
interface Collected {
  components: Map<string, Models.Component>;
  /** bom-ref -> bom-refs it depends on. */
  dependsOn: Map<string, Set<string>>;
  occurrences: Map<string, Occurrence[]>;
  /** The bom-ref each reference became (third-party component or local pipeline). */
  referenceRefs: Map<Reference, string>;
}

export function buildSbom(pipelines: Pipeline[], options: SbomOptions): Record<string, unknown> {
  const sorted = inFileOrder(pipelines);
  const pipelineRefs = pipelineRefsOf(sorted);
  const collected = collect(sorted, pipelineRefs, options);

  const bom = new Models.Bom();
  bom.metadata.timestamp = options.timestamp;
  bom.metadata.lifecycles.add(Enums.LifecyclePhase.PreBuild);
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, options.tool.name, { version: options.tool.version }),
  );
  const project = new Models.Component(Enums.ComponentType.Application, options.subject, { bomRef: PROJECT_REF });
  bom.metadata.component = project;
  const bomRefs = new Map<string, Models.BomRef>([[PROJECT_REF, project.bomRef]]);
  const ordered = [...collected.components.entries()].sort(([a], [b]) => compareText(a, b));
  for (const [ref, component] of ordered) {
    bom.components.add(component);
    bomRefs.set(ref, component.bomRef);
  }
  for (const ref of [...pipelineRefs.values()].sort(compareText)) project.dependencies.add(bomRefs.get(ref) as Models.BomRef);
  for (const [ref, component] of ordered) {
    for (const target of [...(collected.dependsOn.get(ref) ?? [])].sort(compareText)) {
      component.dependencies.add(bomRefs.get(target) as Models.BomRef);
    }
  }

  const normalizer = new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6).makeForBom();
  const document = normalizer.normalize(bom, { sortLists: false }) as NormalizedBom;
  addOccurrences(document, collected.occurrences);
  const formulation = buildFormulation(sorted, {
    pipelineRef: (pipeline) => pipelineRefs.get(pipeline) as string,
    componentRefsOf: (job) => jobReferences(job, collected.referenceRefs),
  });
  if (formulation.length) document.formulation = formulation;
  document.serialNumber = options.serialNumber ?? contentSerial(document);
  return orderKeys(document);
}

export function renderSbom(pipelines: Pipeline[], options: SbomOptions): string {
  return `${JSON.stringify(buildSbom(pipelines, options), null, 2)}\n`;
}

/** `pipeline:<file>`, with the pipeline id appended where one file holds several pipelines. */
function pipelineRefsOf(pipelines: Pipeline[]): Map<Pipeline, string> {
  const perFile = new Map<string, number>();
  for (const p of pipelines) perFile.set(p.file.path, (perFile.get(p.file.path) ?? 0) + 1);
  return new Map(
    pipelines.map((p) => [p, (perFile.get(p.file.path) ?? 0) > 1 ? `pipeline:${p.file.path}#${p.id}` : `pipeline:${p.file.path}`]),
  );
}

function collect(pipelines: Pipeline[], pipelineRefs: Map<Pipeline, string>, options: SbomOptions): Collected {
  const identityOptions: IdentityOptions = { gitlabServer: options.gitlabServer ?? 'gitlab.com' };
  const out: Collected = { components: new Map(), dependsOn: new Map(), occurrences: new Map(), referenceRefs: new Map() };
  for (const pipeline of pipelines) {
    const ref = pipelineRefs.get(pipeline) as string;
    out.components.set(ref, pipelineComponent(pipeline, ref));
    out.dependsOn.set(ref, new Set());
  }
  for (const pipeline of pipelines) {
    const uses = out.dependsOn.get(pipelineRefs.get(pipeline) as string) as Set<string>;
    for (const reference of pipeline.references) {
      if (reference.isLocal) {
        const target = options.localTarget?.(reference, pipeline);
        const targetRef = target ? pipelineRefs.get(target) : undefined;
        if (targetRef === undefined) continue;
        uses.add(targetRef);
        out.referenceRefs.set(reference, targetRef);
        continue;
      }
      const identity = identify(reference, identityOptions);
      const bomRef = identity.purl ?? `${reference.kind}:${reference.raw}`;
      out.referenceRefs.set(reference, bomRef);
      if (!out.components.has(bomRef)) out.components.set(bomRef, referenceComponent(identity, bomRef, reference));
      uses.add(bomRef);
      const where = out.occurrences.get(bomRef) ?? [];
      where.push({ location: reference.origin.file.path, line: lineOf(reference.origin.file, reference.origin.span.start) });
      out.occurrences.set(bomRef, where);
    }
  }
  return out;
}

function pipelineComponent(pipeline: Pipeline, bomRef: string): Models.Component {
  const component = new Models.Component(Enums.ComponentType.Application, pipeline.file.path, {
    bomRef,
    description: pipeline.name,
    properties: new Models.PropertyRepository([
      new Models.Property(PROPERTY.platform, pipeline.platform),
      new Models.Property(PROPERTY.pipelineKind, pipeline.kind),
    ]),
  });
  component.hashes.set(Enums.HashAlgorithm['SHA-256'], sha256(pipeline.file.text));
  return component;
}

function referenceComponent(identity: ComponentIdentity, bomRef: string, reference: Reference): Models.Component {
  const properties = [new Models.Property(PROPERTY.kind, reference.kind), new Models.Property(PROPERTY.pin, reference.pin)];
  if (reference.versionComment) properties.push(new Models.Property(PROPERTY.versionComment, reference.versionComment.text));
  const component = new Models.Component(COMPONENT_TYPE[identity.type], identity.name, {
    bomRef,
    group: identity.group,
    version: identity.version,
    purl: identity.purl,
    properties: new Models.PropertyRepository(properties),
  });
  if (identity.sha256) component.hashes.set(Enums.HashAlgorithm['SHA-256'], identity.sha256);
  if (identity.vcs) component.externalReferences.add(new Models.ExternalReference(identity.vcs, Enums.ExternalReferenceType.VCS));
  if (identity.download) {
    component.externalReferences.add(new Models.ExternalReference(identity.download, Enums.ExternalReferenceType.Distribution));
  }
  return component;
}

/** bom-refs of what a job runs: its called workflow, container, services and step actions. */
function jobReferences(job: Job, refs: Map<Reference, string>): string[] {
  const used = [job.uses, job.container, ...job.services, ...job.steps.map((s) => s.uses)];
  const out = new Set<string>();
  for (const reference of used) {
    const ref = reference ? refs.get(reference) : undefined;
    if (ref) out.add(ref);
  }
  return [...out].sort(compareText);
}

/** CycloneDX 1.6 `evidence.occurrences`: every file and line a component is used at. */
function addOccurrences(document: NormalizedBom, occurrences: Map<string, Occurrence[]>): void {
  const components = (document.components ?? []) as unknown as Record<string, unknown>[];
  for (const component of components) {
    const uses = occurrences.get(component['bom-ref'] as string);
    if (!uses) continue;
    const sortedUses = [...uses].sort((a, b) => compareText(a.location, b.location) || a.line - b.line);
    component.evidence = { occurrences: sortedUses };
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A version-4-shaped UUID from the SHA-256 of the document without its serial number. */
function contentSerial(document: Record<string, unknown>): string {
  const hex = sha256(JSON.stringify({ ...document, serialNumber: undefined }));
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The conventional CycloneDX key order, so the document reads top down. */
function orderKeys(document: Record<string, unknown>): Record<string, unknown> {
  const order = ['$schema', 'bomFormat', 'specVersion', 'serialNumber', 'version', 'metadata', 'components', 'dependencies', 'formulation'];
  const out: Record<string, unknown> = {};
  for (const key of order) if (document[key] !== undefined) out[key] = document[key];
  for (const [key, value] of Object.entries(document)) if (!(key in out) && value !== undefined) out[key] = value;
  return out;
}
