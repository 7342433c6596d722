/**
 * `pipewarden pin [paths...]`: the `uses:` references that `pipewarden.lock` pins, and with
 * `--update` (online) resolves the missing ones through the GitHub API and rewrites the lock, so
 * that `pipewarden fix` can pin them offline. Without `--update` it exits 1 when some reference
 * is missing from the lock, which lets CI check the lock is complete.
 */
import { writeFileSync } from 'node:fs';
import { pinLockPath, readPinLockIfPresent, serializePinLock } from '../config/pin-lock-file.js';
import { emptyConfig } from '../config/config.js';
import { scan } from '../engine/engine.js';
import { type LockedPin, pinKey } from '../model/pin-lock.js';
import type { Pipeline } from '../model/types.js';
import { ADAPTERS } from '../platforms/index.js';
import { withUsageErrors } from './command-outcome.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { GITHUB_API_URL, GithubRefResolver, PinResolveError } from './github-refs.js';
import type { CliIO } from './io.js';

export interface PinFlags {
  update?: boolean;
  lock?: string;
  githubApiUrl?: string;
}

/** Refs the lock can pin: other repositories' actions and reusable workflows by tag or branch. */
function pinnableRefs(pipelines: readonly Pipeline[]): Map<string, { owner: string; repo: string; ref: string }> {
  const out = new Map<string, { owner: string; repo: string; ref: string }>();
  for (const pipeline of pipelines) {
    for (const reference of pipeline.references) {
      if (reference.kind !== 'action' && reference.kind !== 'reusable-workflow') continue;
      if (reference.isLocal || !reference.owner || !reference.repo || !reference.ref) continue;
      if (reference.pin === 'commit-sha' || reference.pin === 'dynamic' || reference.pin === 'local') continue;
      const key = pinKey(reference.owner, reference.repo, reference.ref);
      out.set(key, { owner: reference.owner.toLowerCase(), repo: reference.repo.toLowerCase(), ref: reference.ref });
    }
  }
  return out;
}

export function runPin(paths: string[], flags: PinFlags, io: CliIO): Promise<number> {
  return withUsageErrors(io, async () => {
    const targets = paths.length ? paths : ['.'];
    const lockFile = pinLockPath(targets, flags.lock, io.cwd);
    const lock = readPinLockIfPresent(lockFile);
    const output = await scan({ paths: targets, cwd: io.cwd, config: emptyConfig(), rules: [], adapters: ADAPTERS });
    const wanted = pinnableRefs(output.pipelines);
    const missing = [...wanted.keys()].filter((key) => !lock.has(key)).sort();
    if (!flags.update) {
      io.stdout(`${wanted.size} pinnable reference(s), ${wanted.size - missing.length} in ${lockFile}\n`);
      for (const key of missing) io.stdout(`  missing: ${key}\n`);
      if (missing.length) io.stdout('Run `pipewarden pin --update` (online) to resolve them.\n');
      return missing.length ? EXIT_FINDINGS : EXIT_OK;
    }
    const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN || undefined;
    const resolver = new GithubRefResolver(flags.githubApiUrl ?? GITHUB_API_URL, token);
    const next = new Map<string, LockedPin>();
    for (const key of wanted.keys()) {
      const known = lock.get(key);
      if (known) next.set(key, known);
    }
    const failures: string[] = [];
    for (const key of missing) {
      const { owner, repo, ref } = wanted.get(key) as { owner: string; repo: string; ref: string };
      try {
        next.set(key, await resolver.resolve(owner, repo, ref));
      } catch (error) {
        if (!(error instanceof PinResolveError)) throw error;
        if (error.unreachable) {
          io.stderr(`pipewarden: ${error.message}\n`);
          return EXIT_USAGE;
        }
        failures.push(error.message);
      }
    }
    writeFileSync(lockFile, serializePinLock(next));
    const dropped = [...lock.keys()].filter((key) => !wanted.has(key)).length;
    io.stdout(
      `${lockFile}: ${missing.length - failures.length} resolved, ${next.size - (missing.length - failures.length)} kept, ${dropped} no longer used and dropped\n`,
    );
    for (const failure of failures) io.stderr(`pipewarden: ${failure}\n`);
    return failures.length ? EXIT_FINDINGS : EXIT_OK;
  });
}
