/**
 * The rule contract (DESIGN.md section 4): a rule is metadata plus `create(ctx)`, which returns
 * visitors over the model. Rules report targets (origins), never line numbers; the engine resolves
 * locations, suppressions, filtering and ordering.
 */
import type { Project } from '../analysis/project.js';
import type { Confidence, Severity, TrustContext } from '../model/finding.js';
import type { OnlineFactKind, OnlineFacts } from '../model/online-facts.js';
import type { PinLock } from '../model/pin-lock.js';
import type { Interpolation, Job, Origin, Pipeline, Platform, Reference, Step, Template } from '../model/types.js';

export type RuleCategory = 'injection' | 'trust' | 'supply-chain' | 'identity' | 'secrets' | 'runner' | 'configuration';
export type RoadmapPhase = 'visibility' | 'foundations' | 'integrity' | 'enforcement';

export interface RuleOptionSpec {
  type: 'string' | 'boolean' | 'number' | 'string-array' | 'record';
  description: string;
  default: unknown;
  /** Allowed values for strings (and record values). */
  enum?: readonly string[];
}

export interface RuleMeta<Messages extends string = string> {
  id: string;
  summary: string;
  description: string;
  category: RuleCategory;
  platforms: Platform[];
  severity: Severity;
  confidence: Confidence;
  stability: 'experimental' | 'stable' | 'deprecated';
  fix: 'safe' | 'unsafe' | 'none';
  /** Needs facts from the GitHub API (`scan --online`): without them the engine does not run it. */
  network: boolean;
  /** The online facts the rule reads (required when `network`; optional extras otherwise). */
  online?: OnlineFactKind[];
  options?: Record<string, RuleOptionSpec>;
  messages: Record<Messages, string>;
  /** OWASP Top 10 CI/CD Security Risks ids, e.g. CICD-SEC-4. */
  owasp: string[];
  phase: RoadmapPhase;
  /** Ids of comparable checks in other tools, for users migrating. */
  related: Record<string, string[]>;
}

export interface NotedTarget {
  at: Origin;
  note: string;
}

export interface FixDescriptor {
  title: string;
  safety: 'safe' | 'unsafe';
  edits: { at: Origin; text: string }[];
}

export interface ReportDescriptor<Messages extends string = string> {
  messageId: Messages;
  data?: Record<string, string | number>;
  at: Origin;
  severity?: Severity;
  confidence?: Confidence;
  related?: NotedTarget[];
  flow?: NotedTarget[];
  trust?: TrustContext;
  tip?: string;
  /**
   * The fix, or a function that builds it: building a fix (least permissions, moving values to
   * env) costs more than finding the problem, so a function is only called when the run shows or
   * applies fixes.
   */
  fix?: FixDescriptor | (() => FixDescriptor | undefined);
}

/** A fix built on demand and at most once, for a fix several findings share. */
export function sharedFix(build: () => FixDescriptor | undefined): () => FixDescriptor | undefined {
  let built = false;
  let fix: FixDescriptor | undefined;
  return () => {
    if (!built) {
      fix = build();
      built = true;
    }
    return fix;
  };
}

export interface RuleContext<Messages extends string = string> {
  readonly options: Record<string, unknown>;
  readonly project: Project;
  /** Pins resolved by `pipewarden pin --update` (pipewarden.lock); empty when there is none. */
  readonly pins: PinLock;
  /** What `scan --online` learned from the GitHub API; undefined offline. */
  readonly online?: OnlineFacts;
  report(descriptor: ReportDescriptor<Messages>): void;
}

export interface StepScope {
  pipeline: Pipeline;
  job: Job;
  step?: Step;
}

export interface RuleVisitors {
  pipeline?(pipeline: Pipeline): void;
  job?(job: Job, pipeline: Pipeline): void;
  step?(step: Step, job: Job, pipeline: Pipeline): void;
  reference?(reference: Reference, pipeline: Pipeline): void;
  /** Every interpolation in every template of a job (scripts, inputs, env, conditions). */
  interpolation?(interpolation: Interpolation, template: Template, scope: StepScope): void;
  /** Called once after all pipelines were visited. */
  projectExit?(): void;
}

export interface Rule<Messages extends string = string> {
  meta: RuleMeta<Messages>;
  create(context: RuleContext<Messages>): RuleVisitors;
}

export function defineRule<Messages extends string>(rule: Rule<Messages>): Rule<Messages> {
  return rule;
}
