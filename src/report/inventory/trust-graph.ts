/**
 * The trust map: who can start each pipeline (its triggers, by the least trusted actor who can
 * cause them), which jobs those triggers reach, and what each job holds (secrets, OIDC, write
 * permissions, self-hosted runners, environments). Built from the inventory, so the map and the
 * JSON always agree, and rendered as Mermaid (GitHub renders it in Markdown) or Graphviz DOT.
 * Labels come from scanned files: they are quoted and escaped for each syntax, never pasted.
 */
import { trustName } from '../trust-name.js';
import { INVISIBLE_CHARACTERS } from '../visible-text.js';
import { DYNAMIC_SECRET, type Inventory, type InventoryJob } from './build-inventory.js';

export type NodeKind = 'trigger' | 'untrusted-trigger' | 'job' | 'privileged-job' | 'secret' | 'environment' | 'channel';

export interface GraphNode {
  id: string;
  kind: NodeKind;
  label: string;
  /** The pipeline file it belongs to (triggers and jobs); secrets and environments are shared. */
  group?: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  label?: string;
}

export interface TrustGraph {
  groups: string[];
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Triggers anyone outside the repository can cause (trust levels 0 and 1: anyone, any account). */
const OUTSIDER_TRUST = 1;

/** What a job holds; a Tekton task has no platform token (its service account is what it holds). */
function holdings(job: InventoryJob, hasPlatformToken: boolean): string[] {
  const out: string[] = [];
  if (job.runner.selfHosted === true) out.push('self-hosted');
  if (job.oidc) out.push('OIDC');
  if (job.permissions === 'write-all') out.push('write-all');
  else if (job.permissions && typeof job.permissions === 'object') {
    const writes = Object.entries(job.permissions)
      .filter(([, level]) => level === 'write')
      .map(([scope]) => scope);
    if (writes.length) out.push(`writes ${writes.join(', ')}`);
  } else if (job.permissions === null && hasPlatformToken) out.push('default token');
  return out;
}

export function buildTrustGraph(inventory: Inventory): TrustGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const shared = new Map<string, GraphNode>();
  const sharedNode = (id: string, kind: NodeKind, label: string) => {
    let node = shared.get(id);
    if (!node) {
      node = { id, kind, label };
      shared.set(id, node);
    }
    return node;
  };
  const groups: string[] = [];
  const jobIds = new Map<string, string>();
  inventory.pipelines.forEach((pipeline, p) => {
    groups.push(pipeline.file);
    const triggerIds = new Map<string, string>();
    pipeline.triggers.forEach((trigger, t) => {
      const id = `p${p}t${t}`;
      triggerIds.set(trigger.name, id);
      const who = trustName(trigger.minTrust);
      nodes.push({
        id,
        kind: trigger.minTrust <= OUTSIDER_TRUST ? 'untrusted-trigger' : 'trigger',
        label: `${trigger.name} (${who})`,
        group: pipeline.file,
      });
    });
    pipeline.jobs.forEach((job, j) => {
      const id = `p${p}j${j}`;
      jobIds.set(JSON.stringify([pipeline.file, job.id]), id);
      const held = holdings(job, pipeline.platform !== 'tekton');
      const privileged = job.secrets.length > 0 || held.some((h) => h !== 'default token');
      nodes.push({ id, kind: privileged ? 'privileged-job' : 'job', label: [`job ${job.id}`, ...held].join('\n'), group: pipeline.file });
      for (const name of job.triggers) {
        const from = triggerIds.get(name);
        if (from) edges.push({ from, to: id });
      }
      for (const secret of job.secrets) {
        const label = secret === DYNAMIC_SECRET ? 'any secret (computed name or all at once)' : `secret ${secret}`;
        edges.push({ from: id, to: sharedNode(`s:${secret}`, 'secret', label).id, label: 'reads' });
      }
      if (job.environment) {
        const env = job.environment;
        const protection = env.isProtected === true ? 'protected' : env.isProtected === false ? 'unprotected' : 'protection unknown';
        edges.push({
          from: id,
          to: sharedNode(`e:${env.name}`, 'environment', `environment ${env.name} (${protection})`).id,
          label: 'deploys',
        });
      }
    });
  });
  // Only artifacts and caches that carry data up the trust levels: the rest would drown the map.
  inventory.channels
    .filter((flow) => flow.crossesTrust)
    .forEach((flow, c) => {
      const node = sharedNode(`c:${c}`, 'channel', `${flow.kind} ${flow.name}`);
      for (const writer of flow.writers) {
        const from = jobIds.get(JSON.stringify([writer.file, writer.job]));
        if (from) edges.push({ from, to: node.id, label: 'writes' });
      }
      for (const reader of flow.readers) {
        const to = jobIds.get(JSON.stringify([reader.file, reader.job]));
        if (to) edges.push({ from: node.id, to, label: 'read by' });
      }
    });
  // Shared nodes get short ids in first-use order, so the output is stable and small.
  const ids = new Map<string, string>();
  for (const node of shared.values()) ids.set(node.id, `n${ids.size}`);
  for (const node of shared.values()) nodes.push({ ...node, id: ids.get(node.id) as string });
  for (const edge of edges) {
    edge.from = ids.get(edge.from) ?? edge.from;
    edge.to = ids.get(edge.to) ?? edge.to;
  }
  return { groups, nodes, edges };
}

/**
 * Mermaid text inside `"..."`: every character that could close the string, start an entity, HTML
 * or a Markdown string becomes an entity code (Mermaid decodes `#NN;`), invisible and bidirectional controls become spaces, and
 * line breaks become `<br/>`, the only markup the label keeps.
 */
function mermaidLabel(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(INVISIBLE_CHARACTERS, ' ').replace(/[&"<>#`]/g, (c) => `#${c.charCodeAt(0)};`))
    .join('<br/>');
}

/** Class name and style per node kind (class names without hyphens, which some Mermaid versions reject). */
const MERMAID_CLASSES: Record<NodeKind, [string, string]> = {
  trigger: ['trigger', 'fill:#eef,stroke:#557'],
  'untrusted-trigger': ['untrusted', 'fill:#fdd,stroke:#c00,stroke-width:2px'],
  job: ['job', 'fill:#fff,stroke:#777'],
  'privileged-job': ['privileged', 'fill:#ffe8cc,stroke:#c60'],
  secret: ['secret', 'fill:#fff3b0,stroke:#a80'],
  environment: ['environment', 'fill:#dfd,stroke:#393'],
  channel: ['channel', 'fill:#f3e8ff,stroke:#73c,stroke-dasharray:4'],
};

export function renderMermaid(graph: TrustGraph): string {
  const out = ['flowchart LR'];
  for (const [name, style] of Object.values(MERMAID_CLASSES)) out.push(`  classDef ${name} ${style}`);
  const line = (node: GraphNode) => `${node.id}["${mermaidLabel(node.label)}"]:::${MERMAID_CLASSES[node.kind][0]}`;
  graph.groups.forEach((group, g) => {
    const members = graph.nodes.filter((node) => node.group === group);
    if (members.length === 0) return;
    out.push(`  subgraph g${g}["${mermaidLabel(group)}"]`, ...members.map((node) => `    ${line(node)}`), '  end');
  });
  for (const node of graph.nodes) if (node.group === undefined) out.push(`  ${line(node)}`);
  for (const edge of graph.edges) out.push(edge.label ? `  ${edge.from} -->|${edge.label}| ${edge.to}` : `  ${edge.from} --> ${edge.to}`);
  return `${out.join('\n')}\n`;
}

/** DOT string content: backslashes and quotes escaped (so `\\N`-style escapes stay literal), line breaks as `\\n`. */
function dotString(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(INVISIBLE_CHARACTERS, ' ').replace(/[\\"]/g, (c) => `\\${c}`))
    .join('\\n');
}

const DOT_STYLES: Record<NodeKind, string> = {
  trigger: 'shape=box, style="rounded,filled", fillcolor="#eeeeff", color="#555577"',
  'untrusted-trigger': 'shape=box, style="rounded,filled,bold", fillcolor="#ffdddd", color="#cc0000"',
  job: 'shape=box, style=filled, fillcolor="#ffffff", color="#777777"',
  'privileged-job': 'shape=box, style=filled, fillcolor="#ffe8cc", color="#cc6600"',
  secret: 'shape=note, style=filled, fillcolor="#fff3b0", color="#aa8800"',
  environment: 'shape=component, style=filled, fillcolor="#ddffdd", color="#339933"',
  channel: 'shape=cylinder, style="filled,dashed", fillcolor="#f3e8ff", color="#7733cc"',
};

export function renderDot(graph: TrustGraph): string {
  const out = [
    'digraph trust {',
    '  rankdir=LR;',
    '  graph [fontname="Helvetica", fontsize=11];',
    '  node [fontname="Helvetica", fontsize=10, margin="0.2,0.08"];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const line = (node: GraphNode) => `${node.id} [label="${dotString(node.label)}", ${DOT_STYLES[node.kind]}];`;
  graph.groups.forEach((group, g) => {
    const members = graph.nodes.filter((node) => node.group === group);
    if (members.length === 0) return;
    out.push(`  subgraph cluster_${g} {`, `    label="${dotString(group)}";`, '    style=rounded; color="#999999";');
    out.push(...members.map((node) => `    ${line(node)}`), '  }');
  });
  for (const node of graph.nodes) if (node.group === undefined) out.push(`  ${line(node)}`);
  for (const edge of graph.edges) out.push(`  ${edge.from} -> ${edge.to}${edge.label ? ` [label="${dotString(edge.label)}"]` : ''};`);
  out.push('}');
  return `${out.join('\n')}\n`;
}
