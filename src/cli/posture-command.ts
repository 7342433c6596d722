/**
 * `pipewarden posture <path...>`: per repository, which controls of the CI/CD security roadmap
 * are in place, the OWASP CI/CD risks with findings, and the next steps. A report, not a gate:
 * it exits 0 whatever it finds (use `scan --fail-on` to gate).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { scan } from '../engine/engine.js';
import { ADAPTERS } from '../platforms/index.js';
import { buildPosture } from '../report/posture/build-posture.js';
import { renderPostureMarkdown, renderPostureText } from '../report/posture/render-posture.js';
import { RULES } from '../rules/index.js';
import { withUsageErrors } from './command-outcome.js';
import { EXIT_OK } from './exit-codes.js';
import type { CliIO } from './io.js';
import { describeRule } from './rule-descriptors.js';
import { checkChoice, loadScanConfig, selectRules } from './scan-command.js';
import { TOOL } from './version.js';

export const POSTURE_FORMATS = ['text', 'markdown', 'json'] as const;

export interface PostureFlags {
  format?: string;
  config?: string;
  output?: string;
}

export function runPosture(paths: string[], flags: PostureFlags, io: CliIO): Promise<number> {
  return withUsageErrors(io, async () => {
    const format = checkChoice(flags.format, POSTURE_FORMATS, '--format') ?? 'text';
    const targets = paths.length ? paths : ['.'];
    const config = loadScanConfig(targets, flags.config, io.cwd);
    const rules = selectRules(RULES, config, [], []);
    const output = await scan({ paths: targets, cwd: io.cwd, config, rules, adapters: ADAPTERS, workers: 'auto', keepPipelines: false });
    const posture = buildPosture(output.result, rules.map(describeRule));
    const text =
      format === 'json'
        ? `${JSON.stringify({ schemaVersion: 1, tool: TOOL, ...posture }, null, 2)}\n`
        : format === 'markdown'
          ? `## Pipeline security posture\n\n${renderPostureMarkdown(posture, 3)}`
          : renderPostureText(posture);
    if (flags.output) writeFileSync(path.resolve(io.cwd, flags.output), text);
    else io.stdout(text);
    return EXIT_OK;
  });
}
