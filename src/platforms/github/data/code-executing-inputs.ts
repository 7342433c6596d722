/**
 * Action inputs whose value is executed, by design, as code or as a shell command. An expression
 * interpolated into one of these is as dangerous as one interpolated into `run:`.
 *
 * Each entry was checked against the action's own `action.yml`/README (the `source`). CodeQL for
 * Actions models several of the same inputs as code-injection sinks
 * (github/codeql `actions/ql/lib/ext/manual/*.model.yml`).
 *
 * Deliberately left out:
 * - `appleboy/ssh-action` `script_stop`: a boolean, not code.
 * - `docker://` step `args`: passed as argv to the image's entrypoint; only a shell entrypoint
 *   makes them code, which a table cannot know.
 * - `Wandalen/wretry.action` `action`: names an action to run rather than holding code; the
 *   analysis treats it like a dynamic `uses:`.
 * - Inputs that are merely interpolated unsafely inside a particular action's implementation
 *   (bugs, not design): those are advisories, see rules/data/known-vulnerable-actions.ts.
 *
 * `sink`: `code` = a programming language other than a shell (JavaScript, Python);
 * `shell` = a shell script or command line (bash, sh, PowerShell, cmd, a remote login shell).
 * `where` says where it runs when that is not the runner itself.
 */
import { ActionTable } from './action-names.js';

export type CodeSink = 'code' | 'shell';

export interface CodeExecutingInput {
  input: string;
  sink: CodeSink;
  language?: string;
  where?: 'runner' | 'container' | 'virtual-machine' | 'remote-host';
  note?: string;
}

export interface CodeExecutingAction {
  action: string;
  inputs: readonly CodeExecutingInput[];
  /** Also match actions below this path (`owner/repo/sub`). */
  includeSubpaths?: boolean;
  source: string;
}

export const CODE_EXECUTING_ACTIONS: readonly CodeExecutingAction[] = [
  {
    action: 'amadevus/pwsh-script',
    inputs: [{ input: 'script', sink: 'code', language: 'powershell', note: 'The script body runs in PowerShell with the job token.' }],
    source: 'https://github.com/Amadevus/pwsh-script#readme',
  },
  {
    action: 'mikefarah/yq',
    inputs: [{ input: 'cmd', sink: 'shell', where: 'container', note: 'The whole command line is run by a shell in the yq container.' }],
    source: 'https://github.com/mikefarah/yq#github-action',
  },
  {
    action: 'actions/github-script',
    inputs: [
      { input: 'script', sink: 'code', language: 'javascript', note: 'Runs as an async function with an authenticated Octokit client.' },
    ],
    source: 'https://github.com/actions/github-script#readme',
  },
  {
    action: 'azure/cli',
    inputs: [
      {
        input: 'inlineScript',
        sink: 'shell',
        language: 'bash',
        where: 'container',
        note: 'Runs in the Azure CLI container with the login session.',
      },
    ],
    source: 'https://github.com/Azure/cli#readme',
  },
  {
    action: 'azure/powershell',
    inputs: [{ input: 'inlineScript', sink: 'shell', language: 'powershell', note: 'Runs with the Az PowerShell login session.' }],
    source: 'https://github.com/Azure/powershell#readme',
  },
  {
    action: 'appleboy/ssh-action',
    inputs: [{ input: 'script', sink: 'shell', where: 'remote-host', note: 'Commands run on every target host over SSH.' }],
    source: 'https://github.com/appleboy/ssh-action#readme',
  },
  {
    action: 'garygrossgarten/github-action-ssh',
    inputs: [{ input: 'command', sink: 'shell', where: 'remote-host' }],
    source: 'https://github.com/garygrossgarten/github-action-ssh#readme',
  },
  {
    action: 'uraimo/run-on-arch-action',
    inputs: [
      { input: 'run', sink: 'shell', where: 'container' },
      {
        input: 'install',
        sink: 'shell',
        where: 'container',
        note: 'Runs during the image build; the layer may be pushed to GitHub Packages.',
      },
      { input: 'setup', sink: 'shell', where: 'runner', note: 'Runs on the host before the container starts.' },
    ],
    source: 'https://github.com/uraimo/run-on-arch-action#readme',
  },
  {
    action: 'addnab/docker-run-action',
    inputs: [{ input: 'run', sink: 'shell', where: 'container' }],
    source: 'https://github.com/addnab/docker-run-action#readme',
  },
  {
    action: 'cross-platform-actions/action',
    inputs: [{ input: 'run', sink: 'shell', where: 'virtual-machine' }],
    source: 'https://github.com/cross-platform-actions/action#readme',
  },
  {
    action: 'nick-fields/retry',
    inputs: [
      { input: 'command', sink: 'shell' },
      { input: 'on_retry_command', sink: 'shell' },
      { input: 'new_command_on_retry', sink: 'shell' },
    ],
    source: 'https://github.com/nick-fields/retry#readme',
  },
  {
    action: 'wandalen/wretry.action',
    inputs: [{ input: 'command', sink: 'shell' }],
    source: 'https://github.com/Wandalen/wretry.action#readme',
  },
  {
    action: 'jannekem/run-python-script-action',
    inputs: [{ input: 'script', sink: 'code', language: 'python' }],
    source: 'https://github.com/jannekem/run-python-script-action#readme',
  },
  {
    action: 'gabrielbb/xvfb-action',
    inputs: [{ input: 'run', sink: 'shell', note: 'Command run under a virtual X server.' }],
    source: 'https://github.com/GabrielBB/xvfb-action#readme',
  },
  {
    action: 'cypress-io/github-action',
    inputs: [
      { input: 'build', sink: 'shell' },
      { input: 'start', sink: 'shell', note: 'Started in the background; several commands may be comma separated.' },
      { input: 'start-windows', sink: 'shell' },
      { input: 'command', sink: 'shell', note: 'Replaces `cypress run`.' },
      { input: 'install-command', sink: 'shell' },
    ],
    source: 'https://github.com/cypress-io/github-action#readme',
  },
  {
    action: 'cloudflare/wrangler-action',
    inputs: [
      { input: 'preCommands', sink: 'shell', where: 'runner' },
      { input: 'postCommands', sink: 'shell', where: 'runner' },
      {
        input: 'command',
        sink: 'shell',
        note: 'The wrangler command line to run (for example `deploy`); attacker text here chooses what wrangler does.',
      },
    ],
    source: 'https://github.com/cloudflare/wrangler-action#readme',
  },
  {
    // Each input is a Lodash template (action.yml), and `_.template` runs JavaScript between
    // `<% %>` and `<%= %>` (https://lodash.com/docs/#template): text expanded into it is code.
    action: 'tibdex/backport',
    inputs: [
      { input: 'title_template', sink: 'code', language: 'javascript', note: 'A Lodash template: `<% %>` runs JavaScript with the token.' },
      { input: 'body_template', sink: 'code', language: 'javascript', note: 'A Lodash template: `<% %>` runs JavaScript with the token.' },
      { input: 'head_template', sink: 'code', language: 'javascript', note: 'A Lodash template: `<% %>` runs JavaScript with the token.' },
      {
        input: 'labels_template',
        sink: 'code',
        language: 'javascript',
        note: 'A Lodash template: `<% %>` runs JavaScript with the token.',
      },
    ],
    source: 'https://github.com/tibdex/backport/blob/main/action.yml',
  },
];

const CODE_EXECUTING_TABLE = new ActionTable(CODE_EXECUTING_ACTIONS);

/**
 * Inputs of `uses` (a `uses:` value, with or without `@ref`) that execute code. Owner and
 * repository compare case-insensitively; an unknown action returns an empty list.
 */
export function codeExecutingInputs(uses: string): readonly CodeExecutingInput[] {
  const found = CODE_EXECUTING_TABLE.find(uses);
  return found?.inputs ?? [];
}

/** The input entry for one `with:` key, matching the key case-insensitively like the runner does. */
export function codeExecutingInput(uses: string, input: string): CodeExecutingInput | undefined {
  const key = input.toLowerCase();
  return codeExecutingInputs(uses).find((i) => i.input.toLowerCase() === key);
}
