/**
 * Long-lived cloud keys a GitLab job handles: `$NAME`/`${NAME}` in its scripts and the
 * `variables:` it sets (job or pipeline level) whose names the shared table knows as static
 * cloud credentials (platforms/github/data/cloud-credentials.ts). Keys the runner injects from
 * project settings without the YAML naming them are invisible offline.
 */
import type { EnvVar, StaticCredential, Step } from '../../model/types.js';
import { asScalar } from '../../yaml/nodes.js';
import { ScalarOffsetMap } from '../../yaml/scalar-map.js';
import { matchStaticCredentialName } from '../github/data/cloud-credentials.js';
import { GITLAB_OIDC_ALTERNATIVES } from './data/cloud-oidc.js';

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;

function credential(name: string, via: string, origin: StaticCredential['origin']): StaticCredential | undefined {
  const match = matchStaticCredentialName(name);
  if (!match || match.entry.kind !== 'cloud') return undefined;
  return { provider: match.provider, name, origin, kind: 'cloud', via, alternative: GITLAB_OIDC_ALTERNATIVES[match.provider] };
}

export function staticCloudKeys(steps: Step[], jobEnv: EnvVar[], pipelineEnv: EnvVar[]): StaticCredential[] {
  const out: StaticCredential[] = [];
  for (const variable of [...pipelineEnv, ...jobEnv]) {
    const found = credential(variable.name, `variables: ${variable.name}`, variable.origin);
    if (found) out.push(found);
  }
  for (const step of steps) {
    const script = step.script;
    const node = asScalar(script?.node);
    if (!script || !node || !script.value.includes('$')) continue;
    let map: ScalarOffsetMap | undefined;
    for (const match of script.value.matchAll(VARIABLE)) {
      const name = (match[1] ?? match[2]) as string;
      if (!matchStaticCredentialName(name)) continue;
      map ??= ScalarOffsetMap.of(script.origin.file.text, node, script.value);
      const start = match.index ?? 0;
      const origin = { file: script.origin.file, span: { start: map.toSource(start), end: map.toSource(start + match[0].length) } };
      const found = credential(name, `$${name} in the script`, origin);
      if (found) out.push(found);
    }
  }
  return out;
}
