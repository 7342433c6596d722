/** The GitLab CI adapter: `.gitlab-ci.yml` files (offline; includes are modelled as references, never fetched). */
import type { SourceFile } from '../../model/types.js';
import { repositoryRootOf } from '../../model/repository.js';
import { asMap, getPair } from '../../yaml/nodes.js';
import type { YamlDocument } from '../../yaml/parse.js';
import type { FileKindMatch, ParseContext, PlatformAdapter, PlatformParseResult } from '../platform.js';
import { buildGitlabPipeline } from './pipeline.js';

const PIPELINE_PATH = /(^|\/)\.gitlab-ci\.ya?ml$/;
const MATCH: FileKindMatch = { platform: 'gitlab', kind: 'gitlab-ci' };

export const gitlabAdapter: PlatformAdapter = {
  id: 'gitlab',
  matchPath(path) {
    return PIPELINE_PATH.test(path) ? MATCH : undefined;
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
