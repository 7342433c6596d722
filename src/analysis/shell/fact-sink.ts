/** Accumulates facts for one script: de-duplicates, orders by offset and links expansions to eval sinks. */
import type {
  CommandUse,
  EnvFileWrite,
  EvalSink,
  Expansion,
  RemoteExecution,
  RemoteExecutionKind,
  ShellDialect,
  ShellFacts,
} from './types.js';

interface Span {
  start: number;
  end: number;
}

export class FactSink {
  readonly envFileWrites: EnvFileWrite[] = [];
  readonly remoteExecutions: RemoteExecution[] = [];
  readonly evalSinks: EvalSink[] = [];
  readonly expansions: Expansion[] = [];
  readonly commands: CommandUse[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly src: string) {}

  private once(key: string): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }

  evalSink(command: string, at: Span, args: readonly Span[]): void {
    const first = args[0];
    const last = args[args.length - 1];
    if (!first || !last) return;
    this.evalSinkSpan(command, at, first.start, last.end);
  }

  evalSinkSpan(command: string, at: Span, argStart: number, argEnd: number): void {
    if (!this.once(`e:${command}:${at.start}:${at.end}:${argStart}`)) return;
    this.evalSinks.push({ command, start: at.start, end: at.end, argStart, argEnd });
  }

  remote(kind: RemoteExecutionKind, at: Span, url?: string): void {
    if (!this.once(`r:${kind}:${at.start}:${at.end}`)) return;
    const r: RemoteExecution = { kind, start: at.start, end: at.end, text: this.src.slice(at.start, at.end) };
    if (url !== undefined) r.url = url;
    this.remoteExecutions.push(r);
  }

  envWrite(w: EnvFileWrite): void {
    if (!this.once(`w:${w.target}:${w.start}:${w.end}`)) return;
    this.envFileWrites.push(w);
  }

  finish(dialect: ShellDialect, parsed: boolean, extraRemote: RemoteExecution[] = []): ShellFacts {
    for (const r of extraRemote) {
      if (this.once(`r:${r.kind}:${r.start}:${r.end}`)) this.remoteExecutions.push(r);
    }
    const byStart = (a: Span, b: Span): number => a.start - b.start || a.end - b.end;
    this.envFileWrites.sort(byStart);
    this.remoteExecutions.sort(byStart);
    this.evalSinks.sort(byStart);
    this.expansions.sort(byStart);
    this.commands.sort(byStart);
    if (this.evalSinks.length > 0) markEvalArguments(this.expansions, this.evalSinks);
    return {
      dialect,
      parsed,
      envFileWrites: this.envFileWrites,
      remoteExecutions: this.remoteExecutions,
      evalSinks: this.evalSinks,
      expansions: this.expansions,
      commands: this.commands,
    };
  }
}

/** Sets `inEvalArgument` on expansions inside an eval sink's argument span; one sweep over both sorted lists. */
function markEvalArguments(expansions: Expansion[], sinks: EvalSink[]): void {
  const byArg = [...sinks].sort((a, b) => a.argStart - b.argStart);
  let next = 0;
  let active: EvalSink[] = [];
  for (const x of expansions) {
    while (next < byArg.length && (byArg[next] as EvalSink).argStart <= x.start) active.push(byArg[next++] as EvalSink);
    if (active.length > 8) active = active.filter((s) => s.argEnd > x.start);
    x.inEvalArgument = active.some((s) => s.argStart <= x.start && x.end <= s.argEnd);
  }
}

export function emptyFacts(dialect: ShellDialect, parsed: boolean): ShellFacts {
  return { dialect, parsed, envFileWrites: [], remoteExecutions: [], evalSinks: [], expansions: [], commands: [] };
}
