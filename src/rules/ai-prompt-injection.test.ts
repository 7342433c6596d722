import { testRule } from '../testing/rule-tester.js';
import rule from './ai-prompt-injection.js';

testRule(rule, {
  valid: [
    {
      name: 'a fixed prompt; the agent reads the issue through its tools on a maintainer-only trigger',
      files: `on: workflow_dispatch
permissions:
  contents: read
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: Summarise the open issues labelled bug.
          anthropic_api_key: \${{ secrets.ANTHROPIC_API_KEY }}
`,
    },
    {
      name: 'agent CLIs with fixed prompts, interactive use and look-alike commands',
      files: `on: issues
permissions:
  contents: write
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          TITLE: \${{ github.event.issue.title }}
        run: |
          claude -p "Label the newest issue; read it with gh issue view"
          echo "$TITLE" | grep -q claude && echo mentioned
          gemini --version
`,
    },
    {
      name: 'an inference action without tools, read-only token and no secrets',
      files: `on: issues
permissions:
  contents: read
  models: read
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/ai-inference@v1
        with:
          prompt: "Suggest a label for: \${{ github.event.issue.title }}"
`,
    },
    {
      name: 'untrusted text in other inputs, and writer-only inputs',
      files: `on:
  workflow_dispatch:
    inputs:
      task:
        required: true
permissions:
  contents: write
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: openai/codex-action@v1
        with:
          prompt: \${{ inputs.task }}
          openai-api-key: \${{ secrets.OPENAI_API_KEY }}
`,
    },
  ],
  invalid: [
    {
      name: 'issue text in the prompt of an agent with tools, a write token and an API key',
      files: `on:
  issues:
    types: [opened]
permissions:
  contents: write
  issues: write
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - uses: google-github-actions/run-gemini-cli@v0
        with:
          gemini_api_key: \${{ secrets.GEMINI_API_KEY }}
          prompt: |
            Triage this issue and apply labels.
            Title: \${{ github.event.issue.title }}
            Body: \${{ github.event.issue.body }}
`,
      errors: [
        { messageId: 'prompt', line: 16, column: 20, severity: 'critical', message: 'github.event.issue.title' },
        { messageId: 'prompt', line: 17, column: 19, severity: 'critical', message: 'secrets GEMINI_API_KEY' },
      ],
    },
    {
      name: 'comment text through env into a prompt; fork pull request titles are lower',
      files: `on:
  issue_comment:
  pull_request:
permissions:
  contents: read
  pull-requests: write
jobs:
  review:
    runs-on: ubuntu-latest
    env:
      REQUEST: \${{ github.event.comment.body }}
    steps:
      - uses: openai/codex-action@v1
        with:
          openai-api-key: \${{ secrets.OPENAI_API_KEY }}
          prompt: "Do what the maintainer asked: \${{ env.REQUEST }}"
      - uses: anthropics/claude-code-base-action@v0
        with:
          prompt: "Review the pull request \${{ github.event.pull_request.title }}"
`,
      errors: [
        { messageId: 'prompt', line: 16, column: 50, severity: 'critical', message: 'github.event.comment.body' },
        { messageId: 'prompt', line: 19, column: 44, severity: 'medium', message: 'tools, pull-requests: write' },
      ],
    },
    {
      name: 'claude-code-action in tag mode on comments reads the comment as its instructions',
      files: `on:
  issue_comment:
    types: [created]
  pull_request_review_comment:
    types: [created]
jobs:
  claude:
    if: contains(github.event.comment.body, '@claude')
    runs-on: ubuntu-latest
    permissions:
      contents: write
      pull-requests: write
      issues: write
    steps:
      - uses: actions/checkout@v4
      - uses: anthropics/claude-code-action@v1
        with:
          anthropic_api_key: \${{ secrets.ANTHROPIC_API_KEY }}
`,
      errors: [{ messageId: 'event', line: 16, column: 15, severity: 'medium', message: '`issue_comment`, `pull_request_review_comment`' }],
    },
    {
      name: 'agent CLIs in scripts with attacker text in their prompt',
      files: `on:
  issue_comment:
    types: [created]
permissions:
  contents: write
jobs:
  fix:
    runs-on: ubuntu-latest
    steps:
      - env:
          ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }}
          ASK: \${{ github.event.comment.body }}
        run: |
          npx @anthropic-ai/claude-code@latest -p "Do this: $ASK" --allowedTools Edit,Bash
          codex exec "Summarise: \${{ github.event.issue.title }}"
          claude --version
`,
      errors: [
        { messageId: 'cli', line: 14, column: 61, severity: 'critical', message: 'secrets ANTHROPIC_API_KEY' },
        { messageId: 'cli', line: 15, column: 34, severity: 'critical', message: 'github.event.issue.title' },
      ],
    },
    {
      name: 'tag mode opened to actors without write access',
      files: `on:
  issues:
    types: [opened]
permissions:
  contents: read
  issues: write
jobs:
  claude:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          allowed_non_write_users: "*"
          anthropic_api_key: \${{ secrets.ANTHROPIC_API_KEY }}
`,
      errors: [
        { messageId: 'eventAnyone', line: 11, column: 15, severity: 'critical', message: 'issues: write, secrets ANTHROPIC_API_KEY' },
      ],
    },
  ],
});
