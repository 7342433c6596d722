/**
 * tls-verification-disabled: a pipeline that switches off certificate checks for what it
 * downloads or pushes: `curl -k`/`--insecure`, `wget --no-check-certificate`, `git -c
 * http.sslVerify=false` (or `git config http.sslVerify false`), `npm`/`yarn config set
 * strict-ssl false`, `pip --trusted-host`, and the variables `GIT_SSL_NO_VERIFY` (any non-empty
 * value) and `NODE_TLS_REJECT_UNAUTHORIZED=0` in `env:`/`variables:`. Anyone on the network path
 * (a proxy, a compromised resolver, the runner's neighbours) can then serve the job other code or
 * read its tokens.
 * Ignores: `-k` of commands other than curl, flags inside comments or strings that are not
 * arguments, and `GIT_SSL_NO_VERIFY` set to an empty value.
 * Data: the tools' own documentation (curl(1) `--insecure`, wget(1) `--no-check-certificate`,
 * git-config(1) `http.sslVerify` and `GIT_SSL_NO_VERIFY`, npm-config `strict-ssl`, pip
 * `--trusted-host`, Node.js `NODE_TLS_REJECT_UNAUTHORIZED`); research/platforms.md GL-RUN-02.
 */
import { scriptMentions, stepScript } from '../analysis/scripts/step-script.js';
import type { CommandUse } from '../analysis/shell/types.js';
import { exposureOf, trustContext } from '../analysis/trust/exposure.js';
import type { EnvVar, Job, Origin, Pipeline, Step } from '../model/types.js';
import { defineRule } from './define-rule.js';

const MENTIONS = /curl|wget|sslverify|strict-ssl|trusted-host/i;

/** The flag of a command that turns verification off, as written, or undefined. */
function disablingFlag(command: CommandUse): string | undefined {
  const args = command.args;
  switch (command.name) {
    case 'curl':
      return args.find((a) => a === '--insecure' || /^-[A-Za-z]*k[A-Za-z]*$/.test(a));
    case 'wget':
      return args.find((a) => a === '--no-check-certificate');
    case 'git': {
      const inline = args.find((a) => /^http\.sslverify=(false|0|no|off)$/i.test(a));
      if (inline) return inline;
      const at = args.findIndex((a) => /^http\.sslverify$/i.test(a));
      return at >= 0 && args[0] === 'config' && /^(false|0|no|off)$/i.test(args[at + 1] ?? '') ? `${args[at]} ${args[at + 1]}` : undefined;
    }
    case 'npm':
    case 'yarn':
    case 'pnpm': {
      const at = args.findIndex((a) => a === 'strict-ssl');
      return at >= 0 && args[0] === 'config' && args[at + 1] === 'false' ? 'strict-ssl' : undefined;
    }
    case 'pip':
    case 'pip3':
      return args.find((a) => a === '--trusted-host' || a.startsWith('--trusted-host='));
  }
  return undefined;
}

function disablingVariable(variable: EnvVar): boolean {
  const value = variable.value?.value.trim();
  if (value === undefined) return false;
  if (variable.name === 'GIT_SSL_NO_VERIFY') return value !== '' && !/^(false|0)$/i.test(value);
  if (variable.name === 'NODE_TLS_REJECT_UNAUTHORIZED') return value === '0';
  return false;
}

export default defineRule({
  meta: {
    id: 'tls-verification-disabled',
    summary: 'TLS certificate verification turned off for downloads, git or package managers',
    description:
      'curl -k, wget --no-check-certificate, http.sslVerify=false, strict-ssl false, pip --trusted-host, GIT_SSL_NO_VERIFY or NODE_TLS_REJECT_UNAUTHORIZED=0 let anyone on the network path serve the job other code or read the credentials it sends.',
    category: 'configuration',
    platforms: ['github', 'gitlab'],
    severity: 'medium',
    confidence: 'high',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: {
      command:
        '`{{flag}}` turns off certificate checks for `{{command}}`: anyone on the network path can serve this job other content or read what it sends',
      variable:
        '`{{name}}: {{value}}` turns off certificate checks for {{what}} {{scope}}: anyone on the network path can serve other content or read what is sent',
    },
    owasp: ['CICD-SEC-7'],
    phase: 'foundations',
    related: {},
  },
  create(context) {
    const reportedVariables = new Set<EnvVar>();
    const reportVariable = (variable: EnvVar, job: Job, pipeline: Pipeline) => {
      if (reportedVariables.has(variable) || !disablingVariable(variable)) return;
      reportedVariables.add(variable);
      context.report({
        messageId: 'variable',
        data: {
          name: variable.name,
          value: variable.value?.value ?? '',
          what: variable.name === 'GIT_SSL_NO_VERIFY' ? 'git' : 'Node.js',
          scope: variable.level === 'pipeline' ? 'in every job' : `in job \`${job.id}\``,
        },
        at: variable.origin,
        trust: trustContext(exposureOf(job, pipeline, context.project)),
        tip: 'Remove it; if a server uses a private CA, add that CA to the trust store (GIT_SSL_CAINFO, NODE_EXTRA_CA_CERTS) instead.',
      });
    };
    const reportStep = (step: Step, job: Job, pipeline: Pipeline) => {
      if (!scriptMentions(step, MENTIONS)) return;
      const script = stepScript(step, job);
      if (!script) return;
      for (const command of script.facts.commands) {
        const flag = disablingFlag(command);
        if (!flag) continue;
        const text = script.template.value.slice(command.start, command.end);
        const offset = text.indexOf(flag);
        const at: Origin =
          offset >= 0
            ? script.origin(command.start + offset, command.start + offset + flag.length)
            : script.origin(command.start, command.end);
        context.report({
          messageId: 'command',
          data: { flag, command: command.name },
          at,
          trust: trustContext(exposureOf(job, pipeline, context.project)),
          tip: 'Drop the flag; if the server uses a private CA, pass it explicitly (curl --cacert, git -c http.sslCAInfo=..., npm config set cafile, pip --cert).',
        });
      }
    };
    return {
      job(job, pipeline) {
        for (const variable of [...pipeline.env, ...job.env]) reportVariable(variable, job, pipeline);
        for (const step of job.steps) {
          for (const variable of step.env) reportVariable(variable, job, pipeline);
          reportStep(step, job, pipeline);
        }
      },
    };
  },
});
