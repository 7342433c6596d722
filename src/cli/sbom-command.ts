/** `pipewarden sbom <path...>`: a CycloneDX 1.6 bill of materials of the pipelines. */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { emptyConfig } from '../config/config.js';
import { UsageError } from '../engine/discover.js';
import { scan } from '../engine/engine.js';
import { localTargets } from '../engine/local-links.js';
import { ADAPTERS } from '../platforms/index.js';
import { renderSbom } from '../report/sbom/build-sbom.js';
import { renderProblems } from '../report/text.js';
import { withUsageErrors } from './command-outcome.js';
import { EXIT_OK } from './exit-codes.js';
import type { CliIO } from './io.js';
import { writeDocument } from './output-file.js';
import { TOOL } from './version.js';

export interface SbomFlags {
  output?: string;
  gitlabServer?: string;
}

/** A host name with an optional port, as GitLab's `CI_SERVER_FQDN` holds it. */
const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d{1,5})?$/;

/**
 * Reproducible builds' convention: with SOURCE_DATE_EPOCH set, the timestamp is that instant and
 * the serial number is derived from the content, so the same tree gives the same bytes.
 */
function timestampOf(env: NodeJS.ProcessEnv): { timestamp: Date; reproducible: boolean } {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return { timestamp: new Date(), reproducible: false };
  if (!/^\d{1,12}$/.test(epoch)) throw new UsageError('SOURCE_DATE_EPOCH must be a whole number of seconds since 1970');
  return { timestamp: new Date(Number(epoch) * 1000), reproducible: true };
}

export async function runSbom(paths: string[], flags: SbomFlags, io: CliIO): Promise<number> {
  return withUsageErrors(io, async () => {
    const targets = paths.length ? paths : ['.'];
    const { timestamp, reproducible } = timestampOf(io.env);
    if (flags.gitlabServer !== undefined && !HOST.test(flags.gitlabServer)) {
      throw new UsageError('--gitlab-server must be a host name, e.g. gitlab.example.com');
    }
    // No rules: the bill of materials reads the model only.
    const output = await scan({ paths: targets, cwd: io.cwd, config: emptyConfig(), rules: [], adapters: ADAPTERS });
    // Files that could not be read or parsed are missing from the BOM: say which, on stderr.
    const problems = renderProblems(output.result, false);
    if (problems) io.stderr(problems);
    // The folder scanned names what the BOM describes (`/` has no name of its own).
    const subject = path.basename(path.resolve(io.cwd, targets.length === 1 ? (targets[0] as string) : '.')) || 'pipelines';
    const text = renderSbom(output.pipelines, {
      tool: TOOL,
      subject,
      timestamp,
      serialNumber: reproducible ? undefined : `urn:uuid:${randomUUID()}`,
      gitlabServer: flags.gitlabServer,
      localTarget: localTargets(output.pipelines),
    });
    writeDocument(text, flags.output, io);
    return EXIT_OK;
  });
}
