/**
 * Models `.github/dependabot.yml` just enough for rules to read its update entries
 * (https://docs.github.com/code-security/dependabot/working-with-dependabot/dependabot-options-reference).
 */
import type { Pipeline, SourceFile } from '../../model/types.js';
import { asMap, asSeq, get, type MapNode } from '../../yaml/nodes.js';
import type { BuildContext } from './workflow.js';

export function buildDependabot(file: SourceFile, root: MapNode, ctx: BuildContext, id: string): Pipeline {
  const updatesNode = get(root, 'updates');
  const updates =
    asSeq(updatesNode)
      ?.items.map((item) => asMap(item))
      .filter((m): m is MapNode => !!m) ?? [];
  if (updatesNode && !asSeq(updatesNode)) ctx.shape.expect(updatesNode, 'a sequence', 'updates');
  return {
    id,
    platform: 'github',
    kind: 'dependabot',
    file,
    root,
    triggers: [],
    env: [],
    jobs: [],
    references: [],
    declaredInputs: [],
    github: { dependabot: { updates } },
  };
}
