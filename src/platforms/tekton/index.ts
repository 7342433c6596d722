/**
 * The Tekton adapter: Tekton Pipelines, Triggers and Pipelines-as-Code resources in any YAML file
 * of the tree (multi-document files included). Every `.yaml`/`.yml` file is a candidate, but only
 * files whose text names a `tekton.dev` API are parsed, so ordinary YAML costs one substring test.
 * Offline: remote resolvers and annotations become references, never fetched.
 */
import type { ParseIssue } from '../../model/finding.js';
import type { Pipeline, SourceFile } from '../../model/types.js';
import { LineIndex } from '../../yaml/line-index.js';
import { asMap, get, scalarText } from '../../yaml/nodes.js';
import type { YamlDocument } from '../../yaml/parse.js';
import type { FileKindMatch, PlatformAdapter, PlatformParseResult } from '../platform.js';
import { buildDocument } from './build.js';
import { linkTekton } from './link.js';

const YAML_PATH = /\.ya?ml$/i;
const TEKTON_FOLDER = /(^|\/)\.tekton\//;
const API_VERSION = /^(?:(?:triggers|pipelinesascode)\.)?tekton\.dev\/[\w.-]+$/;
/**
 * A line `apiVersion: tekton.dev/v1`, `apiVersion: triggers.tekton.dev/v1beta1` or
 * `apiVersion: pipelinesascode.tekton.dev/v1alpha1`, however quoted.
 */
const API_LINE = /^\s*-?\s*apiVersion\s*:\s*["']?(?:(?:triggers|pipelinesascode)\.)?tekton\.dev\//m;
/** The global Pipelines-as-Code ConfigMap (a core `v1` resource), recognised by its name. */
const PAC_CONFIG_NAME = 'pipelines-as-code';
const PAC_CONFIG_LINE = /^\s*name\s*:\s*["']?pipelines-as-code["']?\s*$/m;
/**
 * Helm charts (`{{ .Values.x }}`, a line that is only `{{- if ... }}`) are not YAML until
 * rendered. Go templates inside a step script (`oc get -o template={{.data}}`) are fine.
 */
const HELM_TEMPLATE = /^\s*\{\{|\{\{-?\s*\.(?:Values|Release|Chart|Capabilities|Files)\b|\{\{-?\s*(?:include|template)\s/m;

export const TEKTON_KINDS = new Set([
  'Task',
  'ClusterTask',
  'Pipeline',
  'PipelineRun',
  'TaskRun',
  'StepAction',
  'EventListener',
  'TriggerBinding',
  'ClusterTriggerBinding',
  'TriggerTemplate',
  'Trigger',
  'Interceptor',
  'ClusterInterceptor',
  // Pipelines-as-Code
  'Repository',
]);

const MATCH: FileKindMatch = { platform: 'tekton', kind: 'resources', speculative: true };

function isPacConfigText(text: string): boolean {
  return text.includes('ok-to-test') && /^\s*kind\s*:\s*["']?ConfigMap/m.test(text) && PAC_CONFIG_LINE.test(text);
}

export function isTektonText(path: string, text: string): boolean {
  const tekton = text.includes('tekton.dev') && API_LINE.test(text);
  if (!tekton && !isPacConfigText(text)) return false;
  return TEKTON_FOLDER.test(path) || !HELM_TEMPLATE.test(text);
}

function resourceOf(document: YamlDocument): { kind: string; apiVersion: string } | undefined {
  const root = asMap(document.root);
  const apiVersion = scalarText(get(root, 'apiVersion'));
  const kind = scalarText(get(root, 'kind'));
  if (!apiVersion || !kind) return undefined;
  if (kind === 'ConfigMap' && apiVersion === 'v1' && scalarText(get(asMap(get(root, 'metadata')), 'name')) === PAC_CONFIG_NAME)
    return { kind: 'PacConfig', apiVersion };
  if (!API_VERSION.test(apiVersion) || !TEKTON_KINDS.has(kind)) return undefined;
  // `Repository` is a Pipelines-as-Code kind only.
  if (kind === 'Repository' && !apiVersion.startsWith('pipelinesascode.')) return undefined;
  return { kind, apiVersion };
}

export const tektonAdapter: PlatformAdapter = {
  id: 'tekton',
  matchPath(path) {
    return YAML_PATH.test(path) ? MATCH : undefined;
  },
  claimsText(path, text) {
    return isTektonText(path, text);
  },
  matchExplicit(_path, documents) {
    return documents.some((d) => resourceOf(d)) ? { platform: 'tekton', kind: 'resources' } : undefined;
  },
  parse(file: SourceFile, _kind: string, documents: YamlDocument[]): PlatformParseResult {
    const lines = new LineIndex(file.text);
    const pipelines: Pipeline[] = [];
    const issues: ParseIssue[] = [];
    const doc = { file, lines, underTektonFolder: TEKTON_FOLDER.test(file.path) };
    for (const document of documents) {
      const resource = resourceOf(document);
      const root = asMap(document.root);
      if (!resource || !root) continue;
      const out = buildDocument(doc, root, resource.kind, resource.apiVersion);
      pipelines.push(...out.units);
      issues.push(...out.issues);
    }
    return { pipelines, issues };
  },
  link(pipelines) {
    linkTekton(pipelines);
  },
};
