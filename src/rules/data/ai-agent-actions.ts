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
