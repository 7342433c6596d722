/**
 * The pipeline bill of materials (issue 7): a CycloneDX 1.6 JSON document whose components are
 * the pipeline definitions and everything they pull in (actions, reusable workflows, includes,
 * components, images, bundles), with a purl and version or digest each, where each is used
 * (evidence occurrences with file and line), dependencies from pipeline to component, and the
 * `formulation` (workflows, tasks, steps, triggers).
 *
 * Built with `@cyclonedx/cyclonedx-library`: its models and JSON normaliser make the metadata,
 * components and dependency graph; occurrences and formulation, which it does not model, are
 * added to the normalised object (docs/design-notes.md). A pure function of the pipelines: the
 * caller passes the timestamp and, if it wants one that is not derived from the content, the
 * serial number.
 */
import { createHash } from 'node:crypto';
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import type { ToolInfo } from '../../model/finding.js';
import type { Job, Pipeline, Reference } from '../../model/types.js';
import { lineOf } from '../source-line.js';
import { type ComponentIdentity, type IdentityOptions, identify } from './component-identity.js';
import { buildFormulation } from './formulation.js';

export interface SbomOptions extends Partial<IdentityOptions> {
  tool: ToolInfo;
  /** Name of what was scanned (the repository or folder), for `metadata.component`. */
  subject: string;
  timestamp: Date;
  /** `urn:uuid:...`; by default a UUID derived from the document's content, so equal input gives an equal BOM. */
  serialNumber?: string;
}

const PROJECT_REF = 'project';
const PROPERTY = { kind: 'pipewarden:reference-kind', pin: 'pipewarden:pin', versionComment: 'pipewarden:version-comment' };
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

export function buildSbom(pipelines: Pipeline[], options: SbomOptions): Record<string, unknown> {
  const identityOptions: IdentityOptions = { gitlabServer: options.gitlabServer ?? 'gitlab.com' };
  const sorted = [...pipelines].sort((a, b) => a.file.path.localeCompare(b.file.path) || a.id.localeCompare(b.id));
  const pipelineRefs = pipelineRefsOf(sorted);
  const pipelineByFile = new Map(sorted.map((p) => [p.file.path, p]));

  const bom = new Models.Bom();
  bom.metadata.timestamp = options.timestamp;
  bom.metadata.lifecycles.add(Enums.LifecyclePhase.PreBuild);
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, options.tool.name, { version: options.tool.version }),
  );
  const project = new Models.Component(Enums.ComponentType.Application, options.subject, { bomRef: PROJECT_REF });
  bom.metadata.component = project;

  const components = new Map<string, Models.Component>();
  const occurrences = new Map<string, Occurrence[]>();
  const referenceRefs = new Map<Reference, string>();
  const pipelineComponents = new Map<Pipeline, Models.Component>();

  for (const pipeline of sorted) {
    const ref = pipelineRefs.get(pipeline) as string;
    const component = new Models.Component(Enums.ComponentType.File, pipeline.file.path, {
      bomRef: ref,
      description: pipeline.name,
      properties: new Models.PropertyRepository([
        new Models.Property('pipewarden:platform', pipeline.platform),
        new Models.Property('pipewarden:pipeline-kind', pipeline.kind),
      ]),
    });
    component.hashes.set(Enums.HashAlgorithm['SHA-256'], sha256(pipeline.file.text));
    pipelineComponents.set(pipeline, component);
    bom.components.add(component);
    project.dependencies.add(component.bomRef);
  }

  for (const pipeline of sorted) {
    const dependent = pipelineComponents.get(pipeline) as Models.Component;
    for (const reference of pipeline.references) {
      if (reference.isLocal) {
        const target = localTarget(pipeline, reference, pipelineByFile);
        const targetComponent = target && target !== pipeline ? pipelineComponents.get(target) : undefined;
        if (targetComponent) dependent.dependencies.add(targetComponent.bomRef);
        continue;
      }
      const identity = identify(reference, identityOptions);
      const bomRef = identity.purl ?? `${reference.kind}:${reference.raw}`;
      referenceRefs.set(reference, bomRef);
      let component = components.get(bomRef);
      if (!component) {
        component = componentOf(identity, bomRef, reference);
        components.set(bomRef, component);
        bom.components.add(component);
      }
      dependent.dependencies.add(component.bomRef);
      const uses = occurrences.get(bomRef) ?? [];
      uses.push({ location: reference.origin.file.path, line: lineOf(reference.origin.file.text, reference.origin.span.start) });
      occurrences.set(bomRef, uses);
    }
  }

  const normalizer = new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6).makeForBom();
  const document = normalizer.normalize(bom, { sortLists: true }) as NormalizedBom;
  addOccurrences(document, occurrences);
  const formulation = buildFormulation(sorted, {
    pipelineRef: (pipeline) => pipelineRefs.get(pipeline) as string,
    componentRefsOf: (_pipeline, job) => jobReferences(job, referenceRefs),
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

/**
 * The pipeline a local `uses: ./path` names, in the same repository: display paths are relative to
 * the scan root, so the repository is the part of the caller's path before its `.github/`.
 */
function localTarget(pipeline: Pipeline, reference: Reference, byFile: Map<string, Pipeline>): Pipeline | undefined {
  if (reference.path === undefined) return undefined;
  const file = pipeline.file.path;
  const github = file.lastIndexOf('.github/');
  const root = github >= 0 ? file.slice(0, github) : file.slice(0, file.lastIndexOf('/') + 1);
  const target = `${root}${reference.path.replace(/\/+$/, '')}`;
  return byFile.get(target) ?? byFile.get(`${target}/action.yml`) ?? byFile.get(`${target}/action.yaml`);
}

function componentOf(identity: ComponentIdentity, bomRef: string, reference: Reference): Models.Component {
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
  return component;
}

function jobReferences(job: Job, refs: Map<Reference, string>): string[] {
  const used = [job.uses, job.container, ...job.services, ...job.steps.map((s) => s.uses)];
  const out = new Set<string>();
  for (const reference of used) {
    const ref = reference ? refs.get(reference) : undefined;
    if (ref) out.add(ref);
  }
  return [...out].sort();
}

/** CycloneDX 1.6 `evidence.occurrences`: every file and line a component is used at. */
function addOccurrences(document: NormalizedBom, occurrences: Map<string, Occurrence[]>): void {
  const components = (document.components ?? []) as unknown as Record<string, unknown>[];
  for (const component of components) {
    const uses = occurrences.get(component['bom-ref'] as string);
    if (!uses) continue;
    const sortedUses = [...uses].sort((a, b) => a.location.localeCompare(b.location) || a.line - b.line);
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
