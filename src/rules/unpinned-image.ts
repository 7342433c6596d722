/**
 * unpinned-image: container images a pipeline runs (job `container:`, `services:`, `docker://`
 * steps and the `runs.image` of Docker actions) that are not pinned to a `@sha256:` digest. No tag
 * or `latest` is worse than a tag; a full version tag is the least bad, but registry tags can still
 * be overwritten.
 * Images taken from `${{ matrix.x }}` are resolved against the job's literal matrix (values and
 * `include` rows) and the worst value is reported; empty values mean "no container" and are fine.
 * On Tekton: step, sidecar, stepTemplate and StepAction images; an image given as `$(params.x)`
 * is judged by the param's default (the image every run that does not set it pulls).
 * Ignores: Docker actions built from a Dockerfile in their repository (`image: Dockerfile`, whose
 * `FROM` lines are not read here) and `uses:` references to actions (unpinned-reference).
 * Data: none; the image grammar is `[registry/]name[:tag][@digest]` (distribution/reference).
 */
import type { Severity } from '../model/finding.js';
import { SEVERITIES } from '../model/finding.js';
import { imageKey } from '../model/pin-lock.js';
import type { Job, Origin, Pipeline, Reference } from '../model/types.js';
import { asMap, asSeq, deref, entries, get, scalarText, type YamlNode } from '../yaml/nodes.js';
import { defineRule } from './define-rule.js';
import { pinImageFix } from './fixes/pin-reference.js';
import { valueOrigin } from './locate/reference-origin.js';

type ImageProblem = 'noTag' | 'latest' | 'floatingTag' | 'versionTag';

const DIGEST = /@sha256:[0-9a-f]{64}$/i;
const FULL_VERSION = /(?:^|[^\d.])v?\d+\.\d+\.\d+(?![\d])/;
const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;
const MATRIX_ONLY = /^\s*matrix((?:\.[A-Za-z_][\w-]*)+)\s*(?:\|\|\s*(?:''|""))?\s*$/;
const MAX_COMBINATIONS = 64;

const SEVERITY: Record<ImageProblem, Severity> = { noTag: 'high', latest: 'high', floatingTag: 'medium', versionTag: 'low' };

const PROBLEM_TEXT: Record<ImageProblem, string> = {
  noTag: 'names no tag, so it pulls whatever `latest` is at run time',
  latest: 'uses the `latest` tag, which moves with every push',
  floatingTag: 'uses a tag that is republished whenever the image is rebuilt',
  versionTag: 'uses a version tag, which the registry lets its publisher overwrite',
};

const TIP =
  'Pin the digest and keep the tag for readers: image: postgres@sha256:<digest> # 16.4 (`docker buildx imagetools inspect postgres:16.4` prints it; `pipewarden pin --update` then `pipewarden fix` do it for you); Renovate can keep digests up to date.';

export interface ImagePin {
  problem?: ImageProblem;
  /** The repository part, without tag or digest (`ghcr.io/org/app`). */
  repository: string;
  tag?: string;
}

/** Classifies an image reference as written (`docker://` prefix allowed). Undefined for an empty value. */
export function imagePin(raw: string): ImagePin | undefined {
  const value = raw.trim().replace(/^docker:\/\//i, '');
  if (value === '') return undefined;
  const at = value.indexOf('@');
  const nameAndTag = at === -1 ? value : value.slice(0, at);
  const lastSlash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.indexOf(':', lastSlash + 1);
  const repository = colon === -1 ? nameAndTag : nameAndTag.slice(0, colon);
  if (DIGEST.test(value)) return { repository };
  const tag = colon === -1 ? undefined : nameAndTag.slice(colon + 1);
  if (tag === undefined || tag === '') return { problem: 'noTag', repository };
  if (tag.toLowerCase() === 'latest') return { problem: 'latest', repository, tag };
  return { problem: FULL_VERSION.test(tag) ? 'versionTag' : 'floatingTag', repository, tag };
}

function rank(problem: ImageProblem | undefined): number {
  return problem ? SEVERITIES.indexOf(SEVERITY[problem]) : -1;
}

interface MatrixValue {
  text: string;
  origin?: Origin;
}

/**
 * The values `matrix.<path>` takes in a job: the literal list under `strategy.matrix.<key>` and the
 * `include` rows, descending into mapping values for dotted paths (`matrix.config.image`).
 * Undefined when the matrix (or a value) is computed, so the values are unknown.
 */
function matrixValues(job: Job, pipeline: Pipeline, path: string[]): MatrixValue[] | undefined {
  const matrixNode = asMap(get(asMap(get(job.node, 'strategy')), 'matrix'));
  if (!matrixNode) return undefined;
  const [key, ...rest] = path;
  if (key === undefined) return undefined;
  const origin = (node: YamlNode): Origin => ({ file: pipeline.file, span: { start: node.start, end: node.end } });
  const values: MatrixValue[] = [];
  /** Adds the values a node holds at `fields`; false when one is computed or not a scalar. */
  const addNode = (node: YamlNode | undefined, fields: string[], inList: boolean): boolean => {
    const n = deref(node);
    if (!n) return true;
    if (n.kind === 'seq' && inList) return n.items.every((item) => addNode(item, fields, false));
    if (fields.length > 0) {
      if (n.kind !== 'map') return false;
      const [field, ...more] = fields;
      const inner = entries(n).find((p) => p.keyText === field);
      if (!inner) {
        values.push({ text: '' });
        return true;
      }
      return addNode(inner.value, more, false);
    }
    const text = scalarText(n);
    if (n.kind !== 'scalar') return false;
    if (text === undefined) {
      values.push({ text: '' });
      return true;
    }
    if (text.includes('${{')) return false;
    values.push({ text, origin: origin(n) });
    return true;
  };
  const top = get(matrixNode, key);
  if (top !== undefined && !addNode(top, rest, true)) return undefined;
  const include = deref(get(matrixNode, 'include'));
  if (include && include.kind !== 'seq') return undefined;
  let rowWithout = false;
  for (const row of asSeq(include)?.items ?? []) {
    const map = asMap(row);
    if (!map) return undefined;
    const cell = entries(map).find((p) => p.keyText === key);
    if (cell) {
      if (!addNode(cell.value, rest, false)) return undefined;
    } else rowWithout = true;
  }
  // An include row without the key adds a combination where it is empty, unless the key is a matrix dimension.
  if (rowWithout && top === undefined) values.push({ text: '' });
  return values;
}

interface Candidate {
  image: string;
  pin: ImagePin;
  from: MatrixValue[];
}

/** Expands `${{ matrix.x }}` placeholders of a value; undefined when another expression is involved. */
function expand(raw: string, job: Job, pipeline: Pipeline): { image: string; from: MatrixValue[] }[] | undefined {
  const parts: (string | MatrixValue[])[] = [];
  let last = 0;
  for (const match of raw.matchAll(EXPRESSION)) {
    const path = MATRIX_ONLY.exec(match[1] ?? '')?.[1];
    if (path === undefined) return undefined;
    const values = matrixValues(job, pipeline, path.slice(1).split('.'));
    if (values === undefined || values.length === 0) return undefined;
    parts.push(raw.slice(last, match.index), values);
    last = match.index + match[0].length;
  }
  parts.push(raw.slice(last));
  let combos: { image: string; from: MatrixValue[] }[] = [{ image: '', from: [] }];
  for (const part of parts) {
    if (typeof part === 'string') combos = combos.map((c) => ({ image: c.image + part, from: c.from }));
    else combos = combos.flatMap((c) => part.map((v) => ({ image: c.image + v.text, from: [...c.from, v] })));
    if (combos.length > MAX_COMBINATIONS) return undefined;
  }
  return combos;
}

function tektonPlace(reference: Reference, pipeline: Pipeline): { job?: Job; where: string } {
  const owner = `${pipeline.tekton?.resourceKind ?? 'Task'} ${pipeline.tekton?.name ?? pipeline.name ?? ''}`;
  for (const job of pipeline.jobs) {
    for (const step of job.steps) {
      if (step.tekton?.image !== reference) continue;
      const inStep = reference.origin.span.start >= step.node.start && reference.origin.span.end <= step.node.end;
      if (!inStep) return { job, where: `the stepTemplate image of ${owner}` };
      return { job, where: `${step.tekton.role} ${step.name ?? step.index} of ${owner}` };
    }
  }
  return { where: owner };
}

/** `$(params.x)` alone: the param's default, which runs whenever a caller does not set it. */
const TEKTON_PARAM_ONLY = /^\$\(\s*params(?:\.([\w-]+)|\[\s*["']([^"']+)["']\s*\])\s*\)$/;

/** VM images of GitLab-hosted macOS runners (`macos-15-xcode-16`): https://docs.gitlab.com/ci/runners/hosted_runners/macos/ */
const GITLAB_MACOS_VM_IMAGE = /^macos-\d+-xcode-\d+$/;

const GITLAB_VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * A GitLab image with the variables the file defines filled in (`image: ${DEFAULT_IMAGE}`, with
 * DEFAULT_IMAGE under `variables:`): job variables first, then the pipeline's, a few rounds deep.
 * Variables the file does not define (project or group settings, predefined ones) stay as written.
 */
function expandGitlabVariables(raw: string, job: Job | undefined, pipeline: Pipeline): string {
  const value = (name: string): string | undefined =>
    (job?.env.find((v) => v.name === name) ?? pipeline.env.find((v) => v.name === name))?.value?.value;
  let text = raw;
  for (let round = 0; round < 5 && text.includes('$'); round++) {
    const next = text.replace(GITLAB_VARIABLE, (whole, braced: string | undefined, bare: string | undefined) => {
      const known = value((braced ?? bare) as string);
      return known !== undefined && known.length < 512 ? known : whole;
    });
    if (next === text) break;
    text = next;
  }
  return text;
}

function placeOf(reference: Reference, pipeline: Pipeline): { job?: Job; where: string } {
  if (pipeline.platform === 'tekton') return tektonPlace(reference, pipeline);
  for (const job of pipeline.jobs) {
    if (job.container === reference)
      return { job, where: pipeline.kind === 'action' ? 'the Docker image of this action' : `the container of job ${job.id}` };
    if (job.services.includes(reference)) return { job, where: `a service container of job ${job.id}` };
    if (job.steps.some((s) => s.uses === reference))
      return { job, where: `a step of ${pipeline.kind === 'action' ? 'this action' : `job ${job.id}`}` };
  }
  return { where: 'this pipeline' };
}

export default defineRule({
  meta: {
    id: 'unpinned-image',
    summary: 'Container image not pinned to a digest',
    description:
      'A job container, service container, `docker://` step or Docker action image referenced by tag (or by no tag at all) runs whatever the registry serves for that tag when the job starts; whoever can push to the image repository decides what runs.',
    category: 'supply-chain',
    platforms: ['github', 'gitlab', 'tekton'],
    severity: 'high',
    confidence: 'high',
    stability: 'stable',
    fix: 'safe',
    network: false,
    messages: {
      noTag:
        '`{{image}}` ({{where}}) names no tag, so the job pulls whatever `latest` is when it starts: anyone who can push to {{repository}} decides what runs here',
      latest:
        '`{{image}}` ({{where}}) uses the `latest` tag, which moves with every push to {{repository}}: its publisher, or anyone holding their registry credentials, decides what runs here',
      floatingTag:
        '`{{image}}` ({{where}}) uses the tag `{{tag}}`, which is republished as the image is rebuilt; a push to {{repository}} by its publisher or an attacker with their credentials changes what runs here',
      versionTag: '`{{image}}` ({{where}}) uses the tag `{{tag}}`; registry tags can be overwritten, so only a digest fixes what runs here',
      matrix:
        '`{{raw}}` ({{where}}) takes the image from the matrix, and the value `{{image}}` {{problem}}; pin each matrix value to a digest',
      dynamic: '`{{raw}}` ({{where}}) is computed by an expression, so which image runs, and whether it is pinned, is decided at run time',
      variable:
        '`{{raw}}` ({{where}}) becomes `{{image}}` with a variable this file does not define, so which image runs, and whether it is pinned, is set outside the repository',
      paramDefault:
        '`{{raw}}` ({{where}}) takes the image from param {{param}}, whose default `{{image}}` {{problem}}; every run that does not set the param pulls it',
    },
    owasp: ['CICD-SEC-3'],
    phase: 'integrity',
    related: { zizmor: ['unpinned-images'], scorecard: ['Pinned-Dependencies'], codeql: ['actions/unpinned-tag'] },
  },
  create(context) {
    return {
      reference(reference, pipeline) {
        if (reference.kind !== 'image') return;
        // GitLab `$[[ inputs ]]` are judged as filled in; the location shows what is written.
        const raw = reference.interpolated ?? reference.raw;
        const at = valueOrigin(reference);
        const place = placeOf(reference, pipeline);
        const job = place.job;
        const where = reference.interpolated ? `${place.where}, \`${reference.raw}\` filled in` : place.where;
        if (pipeline.platform === 'tekton' && raw.includes('$(')) {
          const param = TEKTON_PARAM_ONLY.exec(raw.trim());
          const declared = pipeline.declaredInputs.find((d) => d.name === (param?.[1] ?? param?.[2]));
          const fallback = declared?.default;
          const pin = fallback && !fallback.value.includes('$(') ? imagePin(fallback.value) : undefined;
          if (fallback && declared && pin?.problem) {
            context.report({
              messageId: 'paramDefault',
              data: { raw, where, image: fallback.value, problem: PROBLEM_TEXT[pin.problem], param: declared.name },
              at: fallback.origin,
              severity: SEVERITY[pin.problem],
              related: [{ at, note: `the image of ${where}` }],
              tip: TIP,
            });
          } else if (!fallback) {
            context.report({ messageId: 'dynamic', data: { raw, where }, at, severity: 'low', confidence: 'low', tip: TIP });
          }
          return;
        }
        // GitLab's hosted macOS runners take a VM image name there, not a container image.
        if (pipeline.platform === 'gitlab' && GITLAB_MACOS_VM_IMAGE.test(raw.trim())) return;
        if (pipeline.platform === 'gitlab' && raw.includes('$')) {
          const expanded = expandGitlabVariables(raw, job, pipeline);
          const pin = imagePin(expanded);
          if (!pin?.problem) return;
          // A variable left in the name may hold the tag or digest too: what runs is not in the file.
          const unknownName = expanded.slice(0, expanded.length - (pin.tag === undefined ? 0 : pin.tag.length + 1)).includes('$');
          if (pin.problem === 'noTag' && unknownName) {
            context.report({
              messageId: 'variable',
              data: { raw, where, image: expanded },
              at,
              severity: 'low',
              confidence: 'low',
              tip: TIP,
            });
            return;
          }
          context.report({
            messageId: pin.problem,
            // The image with the file's variables filled in; the location shows what is written.
            data: { image: expanded, where, repository: pin.repository, tag: pin.tag ?? '' },
            at,
            severity: SEVERITY[pin.problem],
            tip: TIP,
          });
          return;
        }
        if (!raw.includes('${{')) {
          const pin = imagePin(raw);
          if (!pin?.problem) return;
          const locked = context.pins.images.get(imageKey(pin.repository, pin.tag));
          context.report({
            messageId: pin.problem,
            data: { image: raw, where, repository: pin.repository, tag: pin.tag ?? '' },
            at,
            severity: SEVERITY[pin.problem],
            tip: TIP,
            // A filled-in input is pinned where its value is written, not here.
            fix: locked && !reference.interpolated ? pinImageFix(reference, pin.repository, pin.tag, locked) : undefined,
          });
          return;
        }
        const combos = job ? expand(raw, job, pipeline) : undefined;
        if (combos === undefined) {
          context.report({ messageId: 'dynamic', data: { raw, where }, at, severity: 'low', confidence: 'low', tip: TIP });
          return;
        }
        let worst: Candidate | undefined;
        const unpinned: Candidate[] = [];
        for (const combo of combos) {
          const pin = imagePin(combo.image);
          if (!pin?.problem) continue;
          const candidate = { image: combo.image.trim(), pin, from: combo.from };
          unpinned.push(candidate);
          if (!worst || rank(pin.problem) > rank(worst.pin.problem)) worst = candidate;
        }
        if (!worst?.pin.problem) return;
        const related = unpinned.flatMap((c) =>
          c.from
            .filter((v): v is MatrixValue & { origin: Origin } => v.origin !== undefined)
            .map((v) => ({ at: v.origin, note: `matrix value: \`${c.image}\` ${PROBLEM_TEXT[c.pin.problem as ImageProblem]}` })),
        );
        const seen = new Set<number>();
        context.report({
          messageId: 'matrix',
          data: { raw, where, image: worst.image, problem: PROBLEM_TEXT[worst.pin.problem] },
          at,
          severity: SEVERITY[worst.pin.problem],
          related: related.filter((r) => !seen.has(r.at.span.start) && seen.add(r.at.span.start)),
          tip: TIP,
        });
      },
    };
  },
});
