/** The GitLab CI adapter: `.gitlab-ci.yml` files (offline; includes are modelled as references, never fetched). */
import type { SourceFile } from '../../model/types.js';
import { repositoryRootOf } from '../../model/repository.js';
import { asMap, getPair } from '../../yaml/nodes.js';
import type { YamlDocument } from '../../yaml/parse.js';
import type { FileKindMatch, ParseContext, PlatformAdapter, PlatformParseResult } from '../platform.js';
import { buildGitlabPipeline } from './pipeline.js';

const PIPELINE_PATH = /(^|\/)\.gitlab-ci\.ya?ml$/;
/**
 * Where GitLab CI configuration lives besides the root file: templates named `*.gitlab-ci.yml`
 * (GitLab's own convention) and the folders projects keep their includes in. These are only
 * candidates: other tools keep their own YAML there (ci-fairy, commit rules), so the text must
 * look like CI configuration, and a file the root includes is analysed as part of the root.
 */
const FRAGMENT_PATH = /(^|\/)(?:[^/]+\.gitlab-ci\.ya?ml|\.gitlab-ci\/.+\.ya?ml|\.gitlab\/ci\/.+\.ya?ml)$/;
/** A top-level keyword of a CI configuration, or a job keyword one level in. */
const CI_CONFIG_LINE =
  /^(?:(?:include|stages|workflow|default|spec)\s*:|[ \t]+(?:script|before_script|after_script|extends|trigger|stage|needs|image|rules)\s*:)/m;
const MATCH: FileKindMatch = { platform: 'gitlab', kind: 'gitlab-ci' };
const FRAGMENT: FileKindMatch = { platform: 'gitlab', kind: 'gitlab-ci', speculative: true };

export const gitlabAdapter: PlatformAdapter = {
  id: 'gitlab',
  matchPath(path) {
    if (PIPELINE_PATH.test(path)) return MATCH;
    return FRAGMENT_PATH.test(path) ? FRAGMENT : undefined;
  },
  claimsText(_path, text) {
    // Kubernetes resources (a Tekton Task has indented `script:` lines too) are not CI configuration.
    if (/^apiVersion\s*:/m.test(text) && /^kind\s*:/m.test(text)) return false;
    return CI_CONFIG_LINE.test(text);
  },
  matchExplicit(path, documents) {
    if (PIPELINE_PATH.test(path) || /gitlab-ci[^/]*\.ya?ml$/.test(path)) return MATCH;
    const root = asMap(documents[documents.length - 1]?.root);
    if (root && (getPair(root, 'stages') || getPair(root, 'include')) && !getPair(root, 'jobs')) return MATCH;
    return undefined;
  },
  parse(file: SourceFile, _kind: string, documents: YamlDocument[], context?: ParseContext): PlatformParseResult {
    // A file with `spec:` holds its header in the first document and the pipeline in the second.
    const document = documents[documents.length - 1];
    const root = asMap(document?.root);
    if (!root) return { pipelines: [], issues: [] };
    // Local includes are relative to the repository root: the folder holding `.gitlab-ci.yml`.
    const repositoryRoot = repositoryRootOf(file.path) ?? '';
    const { pipeline, issues, files } = buildGitlabPipeline(file, documents, root, repositoryRoot, context);
    return { pipelines: [pipeline], issues, files };
  },
};
