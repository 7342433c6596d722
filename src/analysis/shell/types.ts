/**
 * Public fact types produced by the shell analysis. Every offset is a 0-based
 * UTF-16 offset into the script string handed to `analyzeShell`; `end` is
 * exclusive. Every `text` is sliced from that original script, so template
 * expressions (`${{ ... }}`, `$[[ ... ]]`) appear verbatim in it.
 */

export type ShellDialect = 'bash' | 'sh' | 'pwsh' | 'powershell' | 'cmd' | 'python' | 'other';

export type EnvFileTarget = 'GITHUB_ENV' | 'GITHUB_OUTPUT' | 'GITHUB_PATH' | 'GITHUB_STEP_SUMMARY' | 'GITHUB_STATE';

export interface TextSpan {
  start: number;
  end: number;
  text: string;
}

export interface EnvFileWrite {
  target: EnvFileTarget;
  /** The whole writing command: the redirected statement, pipeline, `{ ... }` group or heredoc. */
  start: number;
  end: number;
  /** Argument / heredoc body spans whose text (or, for other commands, whose influence) is written. */
  written: TextSpan[];
  /** Keys assigned (`NAME=...` or `NAME<<EOF`), when visible in literal text. */
  names: string[];
}

export type RemoteExecutionKind = 'pipe-to-shell' | 'process-substitution' | 'command-substitution' | 'download-then-run' | 'iex';

export interface RemoteExecution {
  kind: RemoteExecutionKind;
  start: number;
  end: number;
  text: string;
  url?: string;
  /** download-then-run: the command that runs the downloaded file (`bash /tmp/x`, `./x`). */
  run?: TextSpan;
}

export interface EvalSink {
  /** e.g. `eval`, `source`, `.`, `bash -c`, `python3 -c`, `node -e`, `Invoke-Expression`, `| bash`, `bash <<`. */
  command: string;
  start: number;
  end: number;
  /** The span whose text is evaluated as code (the argument, heredoc body, or piped producer). */
  argStart: number;
  argEnd: number;
}

export interface Expansion {
  name: string;
  start: number;
  end: number;
  /** Inside double quotes (bash/cmd "..." and PowerShell "..." / @"..."@); bash heredoc bodies count as quoted. */
  quoted: boolean;
  /** Lies inside the evaluated span of an EvalSink. */
  inEvalArgument: boolean;
}

export interface CommandUse {
  /** Basename of the command word (`./gradlew` -> `gradlew`); `.exe`/`.cmd`/`.bat`/`.com` stripped for pwsh/cmd. */
  name: string;
  /** Argument words: the literal value when fully literal (quotes removed), else the source text. */
  args: string[];
  start: number;
  end: number;
}

export interface ShellFacts {
  dialect: ShellDialect;
  /** False when no parser ran (python/other, oversize input) or the bash tree contains syntax errors. */
  parsed: boolean;
  envFileWrites: EnvFileWrite[];
  remoteExecutions: RemoteExecution[];
  evalSinks: EvalSink[];
  expansions: Expansion[];
  commands: CommandUse[];
}
