/** The GitHub Actions adapter: workflows, action metadata files and dependabot configuration. */
import type { ParseIssue } from '../../model/finding.js';
import type { Pipeline, SourceFile } from '../../model/types.js';
import { LineIndex } from '../../yaml/line-index.js';
import { asMap, getPair } from '../../yaml/nodes.js';
import type { YamlDocument } from '../../yaml/parse.js';
import type { FileKindMatch, PlatformAdapter, PlatformParseResult } from '../platform.js';
import { buildAction } from './action.js';
import { buildDependabot } from './dependabot.js';
import { GithubTemplates } from './templates.js';
import { buildWorkflow, ShapeIssues } from './workflow.js';

const WORKFLOW_PATH = /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/;
const ACTION_PATH = /(^|\/)action\.ya?ml$/;
const DEPENDABOT_PATH = /(^|\/)\.github\/dependabot\.ya?ml$/;

function match(kind: string): FileKindMatch {
  return { platform: 'github', kind };
}

export const githubAdapter: PlatformAdapter = {
  id: 'github',
  matchPath(path) {
    if (WORKFLOW_PATH.test(path)) return match('workflow');
    if (ACTION_PATH.test(path)) return match('action');
    if (DEPENDABOT_PATH.test(path)) return match('dependabot');
    return undefined;
  },
  matchExplicit(path, documents) {
    const byPath = this.matchPath(path);
    if (byPath) return byPath;
    if (/(^|\/)dependabot\.ya?ml$/.test(path)) return match('dependabot');
    const root = asMap(documents[0]?.root);
    if (!root) return undefined;
    if (getPair(root, 'jobs') && (getPair(root, 'on') || getPair(root, 'true'))) return match('workflow');
    if (getPair(root, 'runs') && (getPair(root, 'name') || getPair(root, 'inputs') || getPair(root, 'description'))) {
      return match('action');
    }
    if (getPair(root, 'updates') && getPair(root, 'version')) return match('dependabot');
    return undefined;
  },
  parse(file: SourceFile, kind: string, documents: YamlDocument[]): PlatformParseResult {
    const lines = new LineIndex(file.text);
    const shape = new ShapeIssues(file, (offset) => lines.position(offset));
    const templates = new GithubTemplates(file);
    const ctx = { file, templates, shape };
    const pipelines: Pipeline[] = [];
    const document = documents[0];
    const root = asMap(document?.root);
    if (!root) {
      if (document?.root) shape.add(document.root.start, `a ${kind} file must be a mapping at the top level`);
      return { pipelines, issues: shape.issues };
    }
    const id = file.path;
    if (kind === 'workflow') pipelines.push(buildWorkflow(file, root, ctx, id));
    else if (kind === 'action') pipelines.push(buildAction(file, root, ctx, id));
    else if (kind === 'dependabot') pipelines.push(buildDependabot(file, root, ctx, id));
    const issues: ParseIssue[] = [...shape.issues];
    for (const problem of templates.problems) {
      const at = lines.position(problem.offset);
      issues.push({
        file: file.path,
        line: at.line,
        column: at.column,
        message: problem.message,
        code: 'INVALID_EXPRESSION',
        level: 'warning',
      });
    }
    return { pipelines, issues };
  },
};
