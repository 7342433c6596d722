/**
 * secret-exfiltration: secrets a step sends where someone other than their owner can read them.
 * - The network: every secret at once (`${{ toJSON(secrets) }}`, `${{ secrets }}`, the output of
 *   `env` / `printenv` / `set` or `${{ toJSON(env) }}` in a step whose environment holds secrets)
 *   sent by curl, wget, httpie, Invoke-WebRequest / Invoke-RestMethod or a raw socket (nc, ncat,
 *   socat, telnet), to any host: this is how the 2025 "Shai-Hulud" npm worm harvested CI secrets. One named secret is reported only where it cannot be authenticating to
 *   a service it belongs to: a request-capture bin, tunnel or paste service, a bare IP address, a
 *   raw socket, or plain http.
 * - Attacker-readable places: a public or secret gist (`gh gist create`), an issue or pull
 *   request comment or body (`gh issue|pr comment|create|edit|review`, comment actions and
 *   github-script calls that post: src/rules/data/comment-actions.ts), and a file later uploaded
 *   as an artifact or saved in a cache (`actions/upload-artifact`, `actions/cache`).
 * - The log, encoded: `echo "$TOKEN" | base64` (also base32, basenc, xxd, hexdump, od, `openssl
 *   base64`) printed to the log. The runner masks a secret's exact text only, so its encoding is
 *   shown in clear to everyone who can read the logs (the tj-actions/changed-files payload printed
 *   secrets base64-encoded twice).
 * Severity: high, critical when anyone on the internet can start a run that holds the secrets;
 * artifacts, caches and encoded logs medium to high, by the job's trust.
 * Ignores: a named secret sent over HTTPS to an ordinary host (how credentials are used),
 * decoding (`base64 -d`), output captured in a variable or written to a file that is not
 * uploaded, and values that reach a command through variables set inside the script.
 * Data: the model's secret references and env values, the shell facts' commands and
 * analysis/shell/command-links (pipes, redirects, substitutions); capture hosts in
 * src/rules/data/exfiltration-endpoints.ts.
 */
import { stepScript, type StepScript } from '../analysis/scripts/step-script.js';
import { commandLinks, type CommandLink } from '../analysis/shell/command-links.js';
import { isEnvironmentDump } from '../analysis/shell/environment-dump.js';
import type { CommandUse } from '../analysis/shell/shell-facts.js';
import { exposureOf, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import type { Severity } from '../model/finding.js';
import { SEVERITIES } from '../model/finding.js';
import type { EnvVar, Interpolation, Job, Origin, Pipeline, Step, Template } from '../model/types.js';
import { asScalar } from '../yaml/nodes.js';
import { ScalarOffsetMap } from '../yaml/scalar-map.js';
import { commentActionFor } from './data/comment-actions.js';
import { isCaptureHost } from './data/exfiltration-endpoints.js';
import { defineRule } from './define-rule.js';

/** What a command carries: one secret, or a dump of all of them. */
interface Carried {
  label: string;
  dump: boolean;
  /** Where the secret enters (the `${{ }}` in an env value or the script). */
  source: Origin;
  encoded?: boolean;
}

const NETWORK = new Set(['curl', 'wget', 'http', 'https', 'xh', 'invoke-webrequest', 'iwr', 'invoke-restmethod', 'irm']);
const SOCKETS = new Set(['nc', 'ncat', 'netcat', 'socat', 'telnet']);
const PRINTERS = new Set(['echo', 'printf', 'cat', 'write-output', 'write-host']);
const ENCODERS = new Set(['base64', 'base32', 'basenc', 'xxd', 'hexdump', 'od']);
/** Commands whose stdout is (a transformation of) their stdin. */
const FILTERS = new Set([
  ...ENCODERS,
  'tr',
  'sed',
  'awk',
  'jq',
  'cat',
  'tee',
  'sort',
  'head',
  'tail',
  'cut',
  'grep',
  'rev',
  'gzip',
  'openssl',
  'xargs',
]);
/** Filters whose output still goes to the log when nothing follows them. */
const PRINTING_FILTERS = new Set(['tr', 'sed', 'awk', 'cut', 'head', 'tail', 'tee', 'cat', 'fold', 'rev']);

const TIP_NETWORK =
  'Remove the step: no build needs to send its secrets to another host. If this was not written by your team, treat every secret of the repository as stolen and rotate them now.';
const TIP_PLACE =
  'Never write a secret where others can read it: pass it to the tool that needs it through env, and upload only build outputs. Rotate the secrets that were exposed.';
const TIP_LOG =
  'Do not print secrets, encoded or not: the runner masks only their exact text. If an encoded form must exist, register it first with `echo "::add-mask::$ENCODED"`, and rotate the secret if a run already printed it.';

/** `toJSON(secrets)`, `secrets`, `format('{0}', secrets)`: the bare context, not `secrets.X` or `secrets['X']`. */
function isSecretsDump(interpolation: Interpolation): boolean {
  return interpolation.secrets.some((s) => s.dynamic) && /\bsecrets\b(?!\s*[.[])/i.test(interpolation.text);
}

function isEnvDump(interpolation: Interpolation): boolean {
  return /\btojson\s*\(\s*env\s*\)/i.test(interpolation.text);
}

function carriedBy(interpolation: Interpolation, envHoldsSecrets: boolean): Carried[] {
  if (isSecretsDump(interpolation))
    return [{ label: `every secret (\`\${{ ${interpolation.text.trim()} }}\`)`, dump: true, source: interpolation.origin }];
  if (envHoldsSecrets && isEnvDump(interpolation))
    return [{ label: 'the whole environment (`toJSON(env)`), secrets included', dump: true, source: interpolation.origin }];
  return interpolation.secrets.map((s) => ({
    label: s.dynamic ? `a secret chosen at run time (\`${interpolation.text.trim()}\`)` : `secret ${s.name}`,
    dump: false,
    source: interpolation.origin,
  }));
}

/** Env variables visible to a step whose values read secrets (later levels override earlier ones). */
function secretEnv(pipeline: Pipeline, job: Job, step: Step): Map<string, Carried[]> {
  const out = new Map<string, Carried[]>();
  const add = (vars: EnvVar[]) => {
    for (const v of vars) {
      const carried = (v.value?.interpolations ?? []).flatMap((i) => carriedBy(i, false));
      if (carried.length) out.set(v.name, carried);
      else out.delete(v.name);
    }
  };
  add(pipeline.env);
  add(job.env);
  add(step.env);
  return out;
}

function hostOf(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s]*@)?(\[[^\]]+\]|[^/:?#\s]+)/i.exec(url);
  return m?.[1];
}

function isIpAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');
}

/** The destination words of a network command: the first argument that looks like a URL, or the host of a socket tool. */
function destinationOf(command: CommandUse): { text: string; kind: 'capture' | 'ip' | 'http' | 'socket' | 'other' } | undefined {
  const name = command.name.toLowerCase();
  const words = command.args.map((a) => a.replace(/^["']|["']$/g, ''));
  if (SOCKETS.has(name)) {
    const host = words.find((w) => !w.startsWith('-') && !/^\d+$/.test(w)) ?? '';
    return { text: host || name, kind: 'socket' };
  }
  const url = words.find((w) => /^https?:\/\//i.test(w)) ?? words.find((w) => /^[\w.-]+\.[a-z]{2,}(\/|$)/i.test(w));
  if (!url) return undefined;
  const host = hostOf(/:\/\//.test(url) ? url : `https://${url}`) ?? '';
  if (isCaptureHost(host)) return { text: url, kind: 'capture' };
  if (isIpAddress(host)) return { text: url, kind: 'ip' };
  if (/^http:\/\//i.test(url)) return { text: url, kind: 'http' };
  return { text: url, kind: 'other' };
}

/** Files a command reads as data to send (`-d @f`, `-F x=@f`, `-T f`, `--post-file=f`, `--body-file f`, `-InFile f`). */
function sentFiles(command: CommandUse): string[] {
  const out: string[] = [];
  const args = command.args.map((a) => a.replace(/^["']|["']$/g, ''));
  args.forEach((arg, i) => {
    const at = /^(?:[^=@]*=)?@(.+)$/.exec(arg);
    if (at?.[1] && i > 0) out.push(at[1]);
    const next = args[i + 1];
    if (/^(-T|--upload-file|--body-file|-F|--post-file|-infile|--input)$/i.test(arg) && next && !next.includes('=')) out.push(next);
    const eq = /^--(?:post-file|body-file|upload-file)=(.+)$/.exec(arg);
    if (eq?.[1]) out.push(eq[1]);
  });
  return out.map(normalise);
}

function normalise(path: string): string {
  return path.replace(/^\.\//, '').replace(/\/+$/, '');
}

/** Whether an upload/cache `path:` pattern covers a file written by the job. */
function covers(pattern: string, file: string): boolean {
  const p = normalise(pattern.trim().replace(/^\$\{\{\s*github\.workspace\s*\}\}\/?/, ''));
  if (!p || p === '.' || p === '**' || p === '*') return !file.startsWith('/') && !file.startsWith('~');
  if (p.startsWith('!')) return false;
  if (p === file || file.startsWith(`${p}/`)) return true;
  const re = new RegExp(
    `^${p
      .split(/(\*\*\/?|\*|\?)/)
      .map((part) =>
        part.startsWith('**') ? '.*' : part === '*' ? '[^/]*' : part === '?' ? '[^/]' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
      )
      .join('')}(/.*)?$`,
  );
  return re.test(file);
}

interface ScriptView {
  step: Step;
  script: StepScript;
  commands: CommandUse[];
  links: CommandLink[];
}

export default defineRule({
  meta: {
    id: 'secret-exfiltration',
    summary: 'Secrets sent to the network or to places others can read',
    description:
      'A step sends secrets (or every secret at once) to another host, posts them to a gist or a comment, writes them to an uploaded artifact or a cache, or prints them encoded so that log masking misses them.',
    category: 'secrets',
    platforms: ['github'],
    severity: 'high',
    confidence: 'high',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: {
      dump: '`{{command}}` sends {{what}} to {{destination}}: whoever receives it holds every credential this job was given',
      network: '`{{command}}` sends {{what}} to {{destination}} ({{why}}): the secret is handed to whoever controls that endpoint',
      gist: '`{{command}}` posts {{what}} to a {{visibility}} gist, which anyone with its link (printed in the log) can read',
      comment: '`{{command}}` posts {{what}} in an issue or pull request text, where everyone who can read the repository sees it unmasked',
      commentAction:
        '`{{input}}` of {{action}} posts {{what}} in an issue or pull request text, where everyone who can read the repository sees it unmasked',
      stored: '`{{command}}` writes {{what}} to {{file}}, which a later step {{how}} ({{via}}): anyone who can {{reader}} reads the secret',
      encoded:
        '`{{command}}` prints {{what}} {{encoding}}-encoded to the log: masking hides only the exact secret text, so anyone who can read the logs can decode it',
    },
    owasp: ['CICD-SEC-6'],
    phase: 'foundations',
    related: {},
  },
  create(context) {
    return {
      job(job, pipeline) {
        if (pipeline.platform !== 'github') return;
        const exposure = exposureOf(job, pipeline, context.project);
        const severityFor = (floor: Severity, max: Severity): Severity => {
          const scaled = scaledSeverity(exposure, max);
          return SEVERITIES.indexOf(scaled) < SEVERITIES.indexOf(floor) ? floor : scaled;
        };
        /** Files written with secrets by earlier steps: path -> what and where. */
        const written = new Map<string, { carried: Carried[]; at: Origin; command: string }>();

        for (const step of job.steps) {
          if (step.kind === 'action' && step.uses) {
            checkStored(step, written, severityFor);
            checkPosted(step, severityFor);
            continue;
          }
          if (!step.script) continue;
          const env = secretEnv(pipeline, job, step);
          const envHoldsSecrets = env.size > 0;
          const hasInterpolatedSecret = step.script.interpolations.some((i) => carriedBy(i, envHoldsSecrets).length > 0);
          // A script that can see no secret and follows no secret-holding file needs no shell facts.
          if (!envHoldsSecrets && !hasInterpolatedSecret && written.size === 0) continue;
          const script = stepScript(step, job);
          if (!script) continue;
          if (envHoldsSecrets || hasInterpolatedSecret) checkScript(step, script, env, envHoldsSecrets);
          // A file deleted before the upload no longer leaks (`rm sltoken.txt`), from the next step on.
          for (const c of script.facts.commands) {
            if (c.name !== 'rm' && c.name !== 'shred' && c.name !== 'unlink') continue;
            for (const f of c.args.filter((a) => !a.startsWith('-'))) written.delete(normalise(f.replace(/^["']|["']$/g, '')));
          }
        }

        function checkScript(step: Step, script: StepScript, env: Map<string, Carried[]>, envHoldsSecrets: boolean): void {
          const { commands } = script.facts;
          const view: ScriptView = { step, script, commands, links: commandLinks(script.template.value, commands) };

          /** Secrets in a span of the script: `${{ }}`, `$NAME` of a secret env, a dump substituted in. */
          const inSpan = (start: number, end: number, self?: number): Carried[] => {
            const out: Carried[] = [];
            for (const i of script.interpolationsWithin(start, end)) out.push(...carriedBy(i, envHoldsSecrets));
            for (const e of script.facts.expansions) {
              if (e.start >= start && e.end <= end) out.push(...(env.get(e.name) ?? []));
            }
            if (envHoldsSecrets) {
              commands.forEach((c, k) => {
                if (k !== self && c.start >= start && c.end <= end && view.links[k]?.substituted && isEnvironmentDump(c))
                  out.push(dumpOf(c, env, script));
              });
            }
            return out;
          };
          /** What a command carries in its own words (here-strings included) and the files `cat` reads. */
          const carried = (k: number): Carried[] => {
            const c = commands[k] as CommandUse;
            const out = inSpan(c.start, c.end, k);
            for (const file of c.name === 'cat' ? c.args.map((a) => normalise(a.replace(/^["']|["']$/g, ''))) : []) {
              out.push(...(written.get(file)?.carried ?? []));
            }
            return out;
          };
          /** What arrives on a command's stdin through a pipe. */
          const input = (k: number, depth = 0): Carried[] => {
            const from = view.links[k]?.pipeFrom;
            return from === undefined || depth > 8 ? [] : produced(from, depth + 1);
          };
          /** What a command prints. */
          const produced = (k: number, depth = 0): Carried[] => {
            const c = commands[k] as CommandUse;
            const name = c.name.toLowerCase();
            const out: Carried[] = [];
            if (envHoldsSecrets && isEnvironmentDump(c)) out.push(dumpOf(c, env, script));
            if (PRINTERS.has(name)) out.push(...carried(k));
            if (FILTERS.has(name)) {
              const encodes = encodingOf(c) !== undefined;
              const through = [...input(k, depth), ...(name === 'cat' || PRINTERS.has(name) ? [] : carried(k))];
              out.push(...through.map((t) => (encodes ? { ...t, encoded: true } : t)));
            }
            return out;
          };

          commands.forEach((c, k) => {
            const name = c.name.toLowerCase();
            const link = view.links[k] as CommandLink;
            // A write is shown from the head of its pipeline to its redirect (`echo "$T" | tee f`, `env > f`).
            const writeStart = (commands[headOf(view, k)] as CommandUse).start;
            const shown = truncate(script.template.value.slice(writeStart, link.end));
            const at = script.origin(writeStart, link.end);
            const report = (
              messageId: 'dump' | 'network' | 'gist' | 'comment' | 'encoded',
              data: Record<string, string>,
              source: Carried,
              severity: Severity,
              tip: string,
              to = k,
            ): void => {
              // From the head of the pipeline (`printenv | nc ...`) to the sink (or the last command that prints).
              const head = commands[headOf(view, k)] as CommandUse;
              const end = (commands[to] as CommandUse).end;
              const origin = script.origin(head.start, end);
              context.report({
                messageId,
                data: { command: truncate(script.template.value.slice(head.start, end)), ...data },
                at: origin,
                severity,
                flow: [
                  { at: source.source, note: source.dump ? 'every secret is read here' : 'the secret is read here' },
                  { at: origin, note: 'and leaves the job here' },
                ],
                trust: trustContext(exposure),
                tip,
              });
            };
            // Files written with secrets, for later uploads.
            if (link.stdoutFile && !/[$`]/.test(link.stdoutFile)) {
              const what = produced(k);
              if (what.length) written.set(normalise(link.stdoutFile), { carried: what, at, command: shown });
            }
            if (name === 'tee') {
              const what = input(k);
              for (const f of c.args.filter((a) => !a.startsWith('-') && !/[$`]/.test(a)))
                if (what.length) written.set(normalise(f.replace(/^["']|["']$/g, '')), { carried: what, at, command: shown });
            }

            if (NETWORK.has(name) || SOCKETS.has(name)) {
              const what = [...carried(k), ...input(k), ...sentFiles(c).flatMap((f) => written.get(f)?.carried ?? [])];
              if (!what.length) return;
              const destination = destinationOf(c);
              const dump = what.find((w) => w.dump);
              const shownDestination = destination ? `\`${truncate(destination.text)}\`` : 'another host';
              if (dump) {
                report('dump', { what: dump.label, destination: shownDestination }, dump, severityFor('high', 'critical'), TIP_NETWORK);
                return;
              }
              if (!destination || destination.kind === 'other') return;
              const why = {
                capture: 'a request-capture, tunnel or paste service',
                ip: 'a bare IP address, not a service the secret belongs to',
                http: 'plain http, readable on the network path',
                socket: 'a raw socket, which authenticates to nothing',
              }[destination.kind];
              const first = what[0] as Carried;
              report(
                'network',
                { what: first.label, destination: shownDestination, why },
                first,
                severityFor('high', 'critical'),
                TIP_NETWORK,
              );
              return;
            }

            if (name === 'gh') {
              const [group, verb] = c.args;
              const what = [...carried(k), ...input(k), ...ghBodyFiles(c).flatMap((f) => written.get(f)?.carried ?? [])];
              if (!what.length) return;
              const first = what.find((w) => w.dump) ?? (what[0] as Carried);
              if (group === 'gist' && verb === 'create') {
                const visibility = c.args.some((a) => a === '--public' || a === '-p') ? 'public' : 'secret';
                report('gist', { what: first.label, visibility }, first, severityFor('high', 'critical'), TIP_PLACE);
              } else if ((group === 'issue' || group === 'pr') && ['comment', 'create', 'edit', 'review'].includes(verb ?? '')) {
                report('comment', { what: first.label }, first, severityFor('high', 'critical'), TIP_PLACE);
              }
              return;
            }

            // Encoded to the log: an encoder whose output is neither captured, redirected nor piped on
            // to something that does not print (through filters such as `tr -d '\n'`).
            const encoding = encodingOf(c);
            // One finding per pipeline: at its first encoder (`| base64 | base64` is one).
            const previous = link.pipeFrom === undefined ? undefined : commands[link.pipeFrom];
            if (!encoding || (previous && encodingOf(previous))) return;
            const what = [...input(k), ...carried(k)];
            const last = printedToLog(view, k);
            if (!what.length || last === undefined) return;
            const first = what.find((w) => w.dump) ?? (what[0] as Carried);
            report('encoded', { what: first.label, encoding }, first, severityFor('medium', 'high'), TIP_LOG, last);
          });
        }

        /** Comment actions (and github-script calls that post) given a secret in the text they post. */
        function checkPosted(step: Step, severityFor: (floor: Severity, max: Severity) => Severity): void {
          const entry = commentActionFor(step.uses?.name ?? '');
          if (!entry) return;
          for (const input of step.inputs.filter((i) => entry.inputs.includes(i.name))) {
            if (entry.calls && !entry.calls.test(input.value.value)) continue;
            const secretEnv = new Map(
              [...pipeline.env, ...job.env, ...step.env].flatMap((v) => {
                const carried = (v.value?.interpolations ?? []).flatMap((i) => carriedBy(i, false));
                return carried.length ? [[v.name, carried] as const] : [];
              }),
            );
            // In a script only what lies inside the arguments of a posting call is posted.
            const spans = entry.calls ? callArguments(input.value.value, entry.calls) : [{ start: 0, end: input.value.value.length }];
            const sourceSpans = spans.map((sp) => readOrigin(input.value, sp.start, sp.end - sp.start).span);
            const direct = input.value.interpolations
              .filter((i) => !entry.calls || sourceSpans.some((sp) => i.origin.span.start >= sp.start && i.origin.span.end <= sp.end))
              .flatMap((i) => carriedBy(i, secretEnv.size > 0));
            // github-script reads env through process.env.NAME.
            const read = entry.calls
              ? [...input.value.value.matchAll(/process\.env\.([A-Za-z_][A-Za-z0-9_]*)/g)].find(
                  (m) => secretEnv.has(m[1] as string) && spans.some((sp) => m.index >= sp.start && m.index < sp.end),
                )
              : undefined;
            const viaEnv = read ? (secretEnv.get(read[1] as string) ?? []) : [];
            const first = [...direct, ...viaEnv][0];
            if (!first) continue;
            const at = direct[0] ? first.source : readOrigin(input.value, read?.index ?? 0, (read?.[0] ?? '').length);
            context.report({
              messageId: 'commentAction',
              data: { action: step.uses?.name ?? '', input: input.name, what: first.label },
              at,
              severity: severityFor('high', 'critical'),
              flow: [
                { at: first.source, note: 'the secret is read here' },
                { at: input.value.origin, note: 'and posted here' },
              ],
              trust: trustContext(exposure),
              tip: TIP_PLACE,
            });
          }
        }

        function checkStored(
          step: Step,
          files: Map<string, { carried: Carried[]; at: Origin; command: string }>,
          severityFor: (floor: Severity, max: Severity) => Severity,
        ): void {
          const name = step.uses?.name.toLowerCase() ?? '';
          const kind =
            name === 'actions/upload-artifact'
              ? 'artifact'
              : name === 'actions/cache' || name === 'actions/cache/save'
                ? 'cache'
                : undefined;
          if (!kind || files.size === 0) return;
          const pathInput = step.inputs.find((i) => i.name === 'path');
          if (!pathInput) return;
          const patterns = pathInput.value.value
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean);
          const excluded = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
          for (const [file, entry] of files) {
            if (!patterns.some((p) => covers(p, file)) || excluded.some((p) => covers(p, file))) continue;
            const first = entry.carried.find((w) => w.dump) ?? (entry.carried[0] as Carried);
            context.report({
              messageId: 'stored',
              data: {
                command: entry.command,
                what: first.label,
                file: `\`${file}\``,
                how: kind === 'artifact' ? 'uploads as an artifact' : 'saves in a cache',
                via: step.uses?.raw ?? name,
                reader:
                  kind === 'artifact'
                    ? "download the run's artifacts (everyone with read access, so anyone for a public repository)"
                    : 'run a workflow that restores this cache (pull requests included)',
              },
              at: entry.at,
              severity: severityFor('medium', 'high'),
              related: [{ at: pathInput.value.origin, note: `${kind === 'artifact' ? 'uploaded' : 'cached'} here` }],
              flow: [
                { at: first.source, note: 'the secret is read here' },
                { at: entry.at, note: 'written to a file here' },
                { at: pathInput.value.origin, note: kind === 'artifact' ? 'uploaded as an artifact' : 'saved in a cache' },
              ],
              trust: trustContext(exposure),
              tip: TIP_PLACE,
            });
            files.delete(file);
          }
        }
      },
    };
  },
});

/** The argument lists (balanced parentheses) of the calls a pattern matches, as value offsets. */
function callArguments(text: string, calls: RegExp): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const m of text.matchAll(new RegExp(calls.source, 'g'))) {
    const open = m.index + m[0].length - 1;
    let depth = 0;
    for (let i = open; i < text.length && i < open + 20_000; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')' && --depth === 0) {
        out.push({ start: open, end: i + 1 });
        break;
      }
    }
  }
  return out;
}

/** File origin of a span of a scalar's decoded value (a `process.env.X` inside a script block). */
function readOrigin(template: Template, start: number, length: number): Origin {
  const node = asScalar(template.node);
  if (!node) return template.origin;
  const map = ScalarOffsetMap.of(template.origin.file.text, node, template.value);
  return { file: template.origin.file, span: { start: map.toSource(start), end: map.toSource(start + length) } };
}

function dumpOf(command: CommandUse, env: Map<string, Carried[]>, script: StepScript): Carried {
  const names = [...env.keys()].slice(0, 3).join(', ');
  const first = [...env.values()][0]?.[0];
  return {
    label: `the whole environment (\`${command.name}\`), secrets included (${names})`,
    dump: true,
    source: first?.source ?? script.origin(command.start, command.end),
  };
}

function decodes(command: CommandUse): boolean {
  return command.args.some(
    (a) => /^(-d|-D|--decode|-r|-revert|--revert)$/.test(a) || (/^-[a-z]*d[a-z]*$/i.test(a) && command.name === 'base64'),
  );
}

function encodingOf(command: CommandUse): string | undefined {
  const name = command.name.toLowerCase();
  if (ENCODERS.has(name) && !decodes(command)) return name === 'xxd' || name === 'hexdump' || name === 'od' ? 'hex' : name;
  if (name === 'openssl' && /^(base64|enc)$/.test(command.args[0] ?? '') && !decodes(command)) return 'base64';
  return undefined;
}

/** `--body-file f` / `-F f` of gh, and files of `gh gist create`. */
function ghBodyFiles(command: CommandUse): string[] {
  const out: string[] = [];
  const args = command.args.map((a) => a.replace(/^["']|["']$/g, ''));
  args.forEach((arg, i) => {
    const next = args[i + 1];
    if ((arg === '--body-file' || arg === '-F') && next) out.push(next);
  });
  if (args[0] === 'gist' && args[1] === 'create') out.push(...args.slice(2).filter((a) => !a.startsWith('-')));
  return out.map(normalise);
}

/**
 * Whether the encoder's output reaches the log (not captured, not redirected, piped only through
 * filters that print): the index of the last command that prints it, else undefined.
 */
function printedToLog(view: ScriptView, k: number): number | undefined {
  let at = k;
  for (let guard = 0; guard < 8; guard++) {
    const link = view.links[at] as CommandLink;
    if (link.substituted || (link.stdoutFile && link.stdoutFile !== '/dev/stdout' && link.stdoutFile !== '/dev/stderr')) return undefined;
    if (link.pipeTo === undefined) return at;
    const next = view.commands[link.pipeTo] as CommandUse;
    if (!PRINTING_FILTERS.has(next.name.toLowerCase()) && !encodingOf(next)) return undefined;
    at = link.pipeTo;
  }
  return undefined;
}

/** The first command of the pipeline ending at `k`. */
function headOf(view: ScriptView, k: number): number {
  let at = k;
  for (let guard = 0; guard < 8 && view.links[at]?.pipeFrom !== undefined; guard++) at = view.links[at]?.pipeFrom as number;
  return at;
}

function truncate(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 80 ? `${one.slice(0, 77)}...` : one;
}
