/**
 * Actions that run an AI agent on text they are given: the inputs that become its instructions
 * (prompt, system prompt, extra arguments), whether the agent acts through tools (edits files,
 * runs commands, calls the GitHub API) and whether, with no prompt, it takes its instructions
 * from the event that triggered the run (a comment mentioning it, the issue or pull request).
 * Untrusted text in any of these is prompt injection: whoever writes it tells the agent what to
 * do with the tools, token and secrets of the job.
 *
 * Sources (each action's README and action.yml):
 * - anthropics/claude-code-action: https://github.com/anthropics/claude-code-action (inputs
 *   `prompt`, `claude_args` (may carry `--system-prompt`/`--append-system-prompt`), older
 *   `direct_prompt`, `override_prompt`, `custom_instructions`; tag mode reads the triggering
 *   comment, issue or pull request when no prompt is given; by default only actors with write
 *   access may trigger it, `allowed_non_write_users` widens that)
 * - anthropics/claude-code-base-action: https://github.com/anthropics/claude-code-base-action
 *   (`prompt`, `prompt_file`, `system_prompt`, `append_system_prompt`, `allowed_tools`)
 * - openai/codex-action: https://github.com/openai/codex-action (`prompt`, `prompt-file`,
 *   `codex-args`; runs Codex with shell tools inside the `sandbox` it is given)
 * - google-github-actions/run-gemini-cli: https://github.com/google-github-actions/run-gemini-cli
 *   (`prompt`; Gemini CLI with its built-in tools and the MCP servers of `settings`)
 * - actions/ai-inference: https://github.com/actions/ai-inference (`prompt`, `system-prompt`;
 *   tools only with `enable-github-mcp: true`)
 */

export interface AiAgentAction {
  action: string;
  /** Inputs whose text the agent takes as instructions. */
  promptInputs: readonly string[];
  /** The agent acts through tools: always, or only when this input is `true`. */
  tools: 'always' | { input: string };
  /** With none of the prompt inputs set, the agent reads the triggering comment, issue or pull request. */
  readsEvent?: boolean;
  source: string;
}

export const AI_AGENT_ACTIONS: readonly AiAgentAction[] = [
  {
    action: 'anthropics/claude-code-action',
    promptInputs: ['prompt', 'direct_prompt', 'override_prompt', 'custom_instructions', 'claude_args'],
    tools: 'always',
    readsEvent: true,
    source: 'https://github.com/anthropics/claude-code-action',
  },
  {
    action: 'anthropics/claude-code-base-action',
    promptInputs: ['prompt', 'system_prompt', 'append_system_prompt'],
    tools: 'always',
    source: 'https://github.com/anthropics/claude-code-base-action',
  },
  {
    action: 'openai/codex-action',
    promptInputs: ['prompt', 'codex-args'],
    tools: 'always',
    source: 'https://github.com/openai/codex-action',
  },
  {
    action: 'google-github-actions/run-gemini-cli',
    promptInputs: ['prompt'],
    tools: 'always',
    source: 'https://github.com/google-github-actions/run-gemini-cli',
  },
  {
    action: 'actions/ai-inference',
    promptInputs: ['prompt', 'system-prompt'],
    tools: { input: 'enable-github-mcp' },
    source: 'https://github.com/actions/ai-inference',
  },
];

export function agentActionFor(name: string): AiAgentAction | undefined {
  const key = name.toLowerCase();
  return AI_AGENT_ACTIONS.find((a) => a.action === key);
}

/**
 * Agent command-line tools run from scripts in non-interactive mode, where the prompt is an
 * argument. Sources: Claude Code CLI reference (https://docs.anthropic.com/en/docs/claude-code/cli-reference,
 * `claude -p`), Gemini CLI (https://github.com/google-gemini/gemini-cli, `gemini -p`), Codex CLI
 * (https://github.com/openai/codex, `codex exec`), aider scripting (https://aider.chat/docs/scripting.html,
 * `aider --message`). Each runs with its tools (file edits, shell commands) in the job.
 */
export interface AiAgentCli {
  command: string;
  /** The npm package `npx` / `bunx` runs it from. */
  npmPackage?: string;
  /** Non-interactive mode: one of these flags, or this leading subcommand. */
  promptFlags: readonly string[];
  subcommand?: string;
  source: string;
}

export const AI_AGENT_CLIS: readonly AiAgentCli[] = [
  {
    command: 'claude',
    npmPackage: '@anthropic-ai/claude-code',
    promptFlags: ['-p', '--print'],
    source: 'https://docs.anthropic.com/en/docs/claude-code/cli-reference',
  },
  {
    command: 'gemini',
    npmPackage: '@google/gemini-cli',
    promptFlags: ['-p', '--prompt'],
    source: 'https://github.com/google-gemini/gemini-cli',
  },
  { command: 'codex', npmPackage: '@openai/codex', promptFlags: [], subcommand: 'exec', source: 'https://github.com/openai/codex' },
  { command: 'aider', promptFlags: ['-m', '--message'], source: 'https://aider.chat/docs/scripting.html' },
];

/** The agent CLI a command runs in non-interactive mode (`claude -p`, `npx @openai/codex exec`). */
export function agentCliFor(name: string, args: readonly string[]): AiAgentCli | undefined {
  let command = name.toLowerCase();
  let rest = args;
  if (command === 'npx' || command === 'bunx') {
    const at = args.findIndex((a) => !a.startsWith('-'));
    const pkg = (args[at] ?? '').replace(/@[^@/]*$/, ''); // `pkg@latest` -> `pkg`
    const cli = AI_AGENT_CLIS.find((c) => c.npmPackage === pkg || c.npmPackage === args[at]);
    if (!cli) return undefined;
    command = cli.command;
    rest = args.slice(at + 1);
  }
  const cli = AI_AGENT_CLIS.find((c) => c.command === command);
  if (!cli) return undefined;
  if (cli.subcommand && rest.find((a) => !a.startsWith('-')) === cli.subcommand) return cli;
  return rest.some((a) => cli.promptFlags.includes(a) || cli.promptFlags.some((f) => f.startsWith('--') && a.startsWith(`${f}=`)))
    ? cli
    : undefined;
}
