/**
 * What a job's `runs-on` resolves to: GitHub-hosted, a third-party managed runner (a fresh VM per
 * job, like GitHub-hosted), self-hosted (the `self-hosted` label every self-hosted runner carries),
 * or labels / groups that are none of these and are most likely self-hosted. `${{ matrix.x }}` is
 * resolved from `strategy.matrix` (values, `include`, `exclude`).
 *
 * Sources:
 * - GitHub-hosted labels: https://docs.github.com/en/actions/reference/runners/github-hosted-runners
 * - The `self-hosted` label: https://docs.github.com/en/actions/how-tos/manage-runners/self-hosted-runners/apply-labels
 * - Runner groups and `runs-on: { group, labels }`:
 *   https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#choosing-runners-in-a-group
 * - Ephemeral runners (`--ephemeral`): https://docs.github.com/en/actions/reference/runners/self-hosted-runners#ephemeral-runners-for-autoscaling
 * - Third-party managed runners, each provider's label docs: Blacksmith (https://docs.blacksmith.sh),
 *   BuildJet (https://buildjet.com/for-github-actions/docs), Ubicloud (https://www.ubicloud.com/docs/github-actions-integration),
 *   Namespace (https://namespace.so/docs/solutions/github-actions), Depot (https://depot.dev/docs/github-actions/overview),
 *   WarpBuild (https://docs.warpbuild.com), RunsOn (https://runs-on.com/runners/linux/), Cirrus Runners (https://cirrus-runners.app),
 *   CodSpeed macro runners (https://codspeed.io/docs/instruments/walltime).
 * GitHub's larger runners carry names the organisation chooses, so a non-standard label may still
 * be GitHub-hosted; rules report those at lower confidence.
 */
import type { Job, Origin } from '../../model/types.js';
import { asMap, asSeq, deref, entries, get, scalarText, type YamlNode } from '../../yaml/nodes.js';

const HOSTED = /^(ubuntu|windows|macos)-(latest|slim|\d[\w.-]*|latest-[\w.-]+)$/i;
const MANAGED = /^(blacksmith|buildjet|ubicloud|namespace-profile|nscloud|depot-|warp-|runs-on[=,/]|cirrus-|codspeed-)/i;

export type RunnerKind = 'github-hosted' | 'managed' | 'self-hosted' | 'non-standard' | 'unknown';

export interface ResolvedRunner {
  kind: RunnerKind;
  /** Labels as resolved (matrix values substituted). */
  labels: string[];
  /** Only a runner group was named (`group:` without labels). */
  groupOnly: boolean;
  /** A label or group name says the runner is ephemeral. */
  ephemeral: boolean;
  origin?: Origin;
}

function labelsOf(node: YamlNode | undefined): string[] {
  const n = deref(node);
  if (!n) return [];
  if (n.kind === 'scalar') return scalarText(n) !== undefined ? [scalarText(n) as string] : [];
  if (n.kind === 'seq') return n.items.flatMap((i) => labelsOf(i));
  return [];
}

/** Possible values of `matrix.<key>` (values plus include entries, minus excluded ones). */
function matrixValues(job: Job, key: string): string[][] | undefined {
  const matrix = asMap(get(asMap(get(job.node, 'strategy')), 'matrix'));
  if (!matrix) return undefined;
  const out: string[][] = [];
  const own = deref(get(matrix, key));
  if (own?.kind === 'seq') for (const item of own.items) out.push(labelsOf(item));
  else if (own) return undefined;
  for (const include of asSeq(get(matrix, 'include'))?.items ?? []) {
    const value = get(asMap(include), key);
    if (value) out.push(labelsOf(value));
  }
  const excluded = (asSeq(get(matrix, 'exclude'))?.items ?? [])
    .map((e) => asMap(e))
    .filter((e) => e && entries(e).length === 1)
    .map((e) => labelsOf(get(e, key)).join(','));
  const kept = out.filter((labels) => labels.length > 0 && !excluded.includes(labels.join(',')));
  return kept.length ? kept : undefined;
}

function classify(labels: string[]): RunnerKind {
  const lower = labels.map((l) => l.toLowerCase());
  if (lower.some((l) => l.includes('${{'))) return 'unknown';
  if (lower.includes('self-hosted')) return 'self-hosted';
  if (lower.length === 0) return 'unknown';
  if (lower.every((l) => HOSTED.test(l))) return 'github-hosted';
  if (lower.some((l) => MANAGED.test(l))) return 'managed';
  return 'non-standard';
}

const RANK: Record<RunnerKind, number> = { unknown: 0, 'github-hosted': 1, managed: 2, 'non-standard': 3, 'self-hosted': 4 };

export function resolveRunner(job: Job): ResolvedRunner {
  const labels = job.runner.labels;
  const groupOnly = labels.length > 0 && labels.every((l) => l.startsWith('group:'));
  const ephemeral = labels.some((l) => /ephemeral/i.test(l));
  const base = { groupOnly, ephemeral, origin: job.runner.origin };
  const dynamic = labels.filter((l) => l.includes('${{'));
  if (dynamic.length === 0) {
    const plain = labels.filter((l) => !l.startsWith('group:'));
    return { ...base, kind: groupOnly ? 'non-standard' : classify(plain.length ? plain : labels), labels };
  }
  // Only `${{ matrix.key }}` on its own is resolved; anything else is not known statically.
  const keys = dynamic.map((l) => /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/.exec(l.trim())?.[1]);
  if (keys.some((k) => k === undefined)) return { ...base, kind: 'unknown', labels };
  const fixed = labels.filter((l) => !l.includes('${{') && !l.startsWith('group:'));
  let worst: RunnerKind = 'unknown';
  let worstLabels = labels;
  const options = keys.map((k) => matrixValues(job, k as string));
  if (options.some((o) => o === undefined)) return { ...base, kind: 'unknown', labels };
  for (const values of options[0] ?? []) {
    const candidate = [...fixed, ...values, ...options.slice(1).flatMap((o) => o?.[0] ?? [])];
    const kind = classify(candidate);
    if (RANK[kind] > RANK[worst]) {
      worst = kind;
      worstLabels = candidate;
    }
  }
  return { ...base, kind: worst, labels: worstLabels, ephemeral: ephemeral || worstLabels.some((l) => /ephemeral/i.test(l)) };
}
