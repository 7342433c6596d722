/**
 * environment-dump: a GitLab job that holds credentials prints its whole environment to the job
 * log (`env`, `printenv`, bare `set` or `export`, `export -p`, `cat /proc/self/environ`,
 * `Get-ChildItem env:`). GitLab masks only the variables marked masked (and only values that
 * meet the masking rules), so other project, group and instance variables, `secrets:` read into
 * variables, id tokens and values derived from secrets appear in clear for everyone who can read
 * the log (in public projects, often anyone).
 * A job holds credentials when it has `secrets:`, `id_tokens:`, static cloud keys, or reads or
 * defines variables whose names are secret-like (`$DEPLOY_TOKEN`, `DB_PASSWORD:`); predefined
 * `CI_*` variables (the job token is always masked) do not count.
 * Ignores: output captured (`$(env)`), redirected to a file, or piped into a command that keeps
 * part of it (`env | grep ^CI_`); jobs with no sign of credentials (a dump in a build job only
 * shows what the project passes every job, which pipewarden cannot see offline).
 * Data: analysis/shell/environment-dump.ts (dump commands), analysis/secrets/detect.ts (secret-like names).
 */
import { stepScript } from '../analysis/scripts/step-script.js';
import { isSecretLikeName } from '../analysis/secrets/detect.js';
import { commandLinks } from '../analysis/shell/command-links.js';
import { isEnvironmentDump } from '../analysis/shell/environment-dump.js';
import type { CommandUse } from '../analysis/shell/types.js';
import { exposureOf, trustContext } from '../analysis/trust/exposure.js';
import type { Job, Origin, Pipeline } from '../model/types.js';
import { defineRule } from './define-rule.js';

/** Commands whose output is all of their input (reordered, copied or paged). */
const PASS_THROUGH = new Set([
  ...['sort', 'tee', 'cat', 'column', 'uniq', 'less', 'more', 'nl', 'base64', 'xxd', 'od', 'hexdump', 'tr'],
  ...['sort-object', 'format-table', 'format-list', 'ft', 'fl', 'out-string', 'out-host', 'tee-object'],
]);

interface Evidence {
  note: string;
  at: Origin;
}

/** Why the job's environment holds credentials, most telling first. */
function credentialsOf(job: Job, pipeline: Pipeline): Evidence[] {
  const out: Evidence[] = [];
  // Each variable once, under its most telling description.
  const named = new Set<string>();
  const add = (name: string, note: string, at: Origin) => {
    if (named.has(name)) return;
    named.add(name);
    out.push({ note, at });
  };
  for (const secret of job.secrets) add(secret.name, `\`secrets:\` ${secret.name}`, secret.origin);
  for (const token of job.gitlab?.idTokens ?? []) add(token.name, `id token ${token.name}`, token.origin);
  for (const key of job.identity.staticCloudKeys) add(key.name, `${key.provider} key ${key.name}`, key.origin);
  for (const variable of [...job.env, ...pipeline.env]) {
    if (!variable.name.startsWith('CI_') && isSecretLikeName(variable.name))
      add(variable.name, `variable ${variable.name}`, variable.origin);
  }
  for (const step of job.steps) {
    if (!step.script || !/\$\{?[A-Za-z_]/.test(step.script.value)) continue;
    const script = stepScript(step, job);
    for (const expansion of script?.facts.expansions ?? []) {
      if (expansion.name.startsWith('CI_') || !isSecretLikeName(expansion.name)) continue;
      add(expansion.name, `$${expansion.name}`, script?.origin(expansion.start, expansion.end) as Origin);
    }
  }
  return out;
}

/** Whether the dump reaches the log whole: not captured, not written to a file, not filtered. */
function reachesLog(k: number, commands: CommandUse[], links: ReturnType<typeof commandLinks>): boolean {
  let current = k;
  for (let depth = 0; depth < 8; depth++) {
    const link = links[current];
    if (!link || link.substituted) return false;
    if (link.stdoutFile !== undefined) return /^\/dev\/(?:stdout|stderr|tty)$/.test(link.stdoutFile);
    if (link.pipeTo === undefined) return true;
    const next = commands[link.pipeTo];
    if (!next || !PASS_THROUGH.has(next.name.toLowerCase())) return false;
    current = link.pipeTo;
  }
  return false;
}

const DUMP_HINT = /\b(?:env|printenv|set|export|declare|typeset|environ|env:)\b/i;

export default defineRule({
  meta: {
    id: 'environment-dump',
    summary: 'Job with credentials prints its whole environment to the log',
    description:
      'env, printenv, set, export -p, /proc/self/environ or Get-ChildItem env: in a job that holds secrets prints every variable to the job log; GitLab masks only variables marked masked, so the rest are readable by anyone who can read the log.',
    category: 'secrets',
    platforms: ['gitlab'],
    severity: 'medium',
    confidence: 'medium',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: {
      dump: '`{{command}}` prints every variable of job `{{job}}` to the job log, and the job holds {{evidence}}: variables not marked masked appear there in clear',
    },
    owasp: ['CICD-SEC-6'],
    phase: 'foundations',
    related: {},
  },
  create(context) {
    return {
      pipeline(pipeline) {
        if (pipeline.platform !== 'gitlab') return;
        // A template's script is shared by the jobs that extend it: one finding per written command.
        const reported = new Set<string>();
        for (const job of pipeline.jobs) {
          if (job.triggers.length === 0) continue;
          let evidence: Evidence[] | undefined;
          for (const step of job.steps) {
            if (!step.script || !DUMP_HINT.test(step.script.value)) continue;
            const script = stepScript(step, job);
            if (!script) continue;
            const { commands } = script.facts;
            const links = commandLinks(script.template.value, commands);
            commands.forEach((command, k) => {
              if (!isEnvironmentDump(command) || !reachesLog(k, commands, links)) return;
              const at = script.origin(command.start, command.end);
              const key = `${at.file.path}:${at.span.start}`;
              if (reported.has(key)) return;
              evidence ??= credentialsOf(job, pipeline);
              if (evidence.length === 0) return;
              reported.add(key);
              const shown = evidence.slice(0, 3).map((e) => e.note);
              context.report({
                messageId: 'dump',
                data: {
                  command: script.template.value.slice(command.start, command.end).trim(),
                  job: job.id,
                  evidence: shown.join(', ') + (evidence.length > 3 ? ` and ${evidence.length - 3} more` : ''),
                },
                at,
                confidence: job.secrets.length || job.gitlab?.idTokens.length || job.identity.staticCloudKeys.length ? 'high' : 'medium',
                related: evidence.slice(0, 3).map((e) => ({ at: e.at, note: `${e.note} is in the environment` })),
                trust: trustContext(exposureOf(job, pipeline, context.project)),
                tip: 'Print only the variables you need (printenv CI_COMMIT_SHA, env | grep ^CI_ | sort), mark secret variables masked and hidden, and read secrets from files (`secrets: ... file: true`, file-type variables).',
              });
            });
          }
        }
      },
    };
  },
});
