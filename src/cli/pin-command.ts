/**
 * `pipewarden pin [paths...]`: whether `pipewarden.lock` pins every `uses:` ref (actions and
 * reusable workflows) and every container image tag the pipelines use; with `--update` (online)
 * it resolves the missing ones (refs through the GitHub API, image tags through their registry)
 * and rewrites the lock, so that `pipewarden fix` can pin them offline. Without `--update` it
 * exits 1 when something is missing, which lets CI check the lock is complete. `--update` also
 * records the version tag on the commit of each SHA pin with a version comment (optional
 * entries, for ref-version-mismatch), never required by the check.
 */
import { writeFileSync } from 'node:fs';
import { pinLockPath, readPinLockIfPresent, serializePinLock } from '../config/pin-lock-file.js';
import { emptyConfig } from '../config/config.js';
import { scan } from '../engine/engine.js';
import { imageKey, type LockedImage, type LockedPin, type PinLock, pinKey } from '../model/pin-lock.js';
import type { GithubApi } from '../online/github-api.js';
import type { Pipeline } from '../model/types.js';
import { ADAPTERS } from '../platforms/index.js';
import { withUsageErrors } from './command-outcome.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { GithubRefResolver, PinResolveError } from '../online/github-refs.js';
import { githubApiFor, type OnlineFlags } from './online-options.js';
import type { CliIO } from './io.js';
import { OciDigestResolver } from '../online/oci-digests.js';

export interface PinFlags extends OnlineFlags {
  update?: boolean;
  lock?: string;
  /** Registry hosts reached over plain HTTP. */
  insecureRegistry?: string[];
}

export interface Wanted {
  /** Lock keys of refs, with what resolving each needs. */
  actions: Map<string, { owner: string; repo: string; ref: string }>;
  images: Map<string, { repository: string; tag: string }>;
  /**
   * SHA pins with a version comment, keyed `owner/repo@<sha>`: `--update` records the version
   * tag on each commit so ref-version-mismatch can check the comments offline. Optional: the
   * lock check does not require them.
   */
  commits: Map<string, { owner: string; repo: string; sha: string; comment: string }>;
}

const VERSION_COMMENT = /^v?\d+(\.\d+)*$/;

/** What the lock can pin: other repositories' actions and workflows by tag or branch, and image tags. */
export function pinnable(pipelines: readonly Pipeline[]): Wanted {
  const wanted: Wanted = { actions: new Map(), images: new Map(), commits: new Map() };
  for (const pipeline of pipelines) {
    for (const reference of pipeline.references) {
      const comment = reference.versionComment?.text;
      const isAction = reference.kind === 'action' || reference.kind === 'reusable-workflow';
      if (reference.pin === 'commit-sha' && isAction && !reference.isLocal && reference.owner && reference.repo && reference.ref) {
        if (comment && VERSION_COMMENT.test(comment)) {
          const sha = reference.ref.toLowerCase();
          const key = pinKey(reference.owner, reference.repo, sha);
          wanted.commits.set(key, { owner: reference.owner.toLowerCase(), repo: reference.repo.toLowerCase(), sha, comment });
        }
        continue;
      }
      if (reference.pin === 'commit-sha' || reference.pin === 'digest' || reference.pin === 'dynamic' || reference.pin === 'local')
        continue;
      if (reference.kind === 'image') {
        const repository = reference.name.replace(/^docker:\/\//i, '');
        if (repository === '' || reference.raw.includes('@')) continue;
        const tag = reference.ref ?? 'latest';
        wanted.images.set(imageKey(repository, reference.ref), { repository: repository.toLowerCase(), tag });
        continue;
      }
      if (reference.kind !== 'action' && reference.kind !== 'reusable-workflow') continue;
      if (reference.isLocal || !reference.owner || !reference.repo || !reference.ref) continue;
      const key = pinKey(reference.owner, reference.repo, reference.ref);
      wanted.actions.set(key, { owner: reference.owner.toLowerCase(), repo: reference.repo.toLowerCase(), ref: reference.ref });
    }
  }
  return wanted;
}

export function runPin(paths: string[], flags: PinFlags, io: CliIO): Promise<number> {
  return withUsageErrors(io, async () => {
    const targets = paths.length ? paths : ['.'];
    const lockFile = pinLockPath(targets, flags.lock, io.cwd);
    const lock = readPinLockIfPresent(lockFile);
    const output = await scan({ paths: targets, cwd: io.cwd, config: emptyConfig(), rules: [], adapters: ADAPTERS });
    const wanted = pinnable(output.pipelines);
    const missingActions = [...wanted.actions.keys()].filter((key) => !lock.actions.has(key)).sort();
    const missingImages = [...wanted.images.keys()].filter((key) => !lock.images.has(key)).sort();
    const total = wanted.actions.size + wanted.images.size;
    const missing = missingActions.length + missingImages.length;
    if (!flags.update) {
      io.stdout(`${total} pinnable reference(s) and image(s), ${total - missing} in ${lockFile}\n`);
      for (const key of [...missingActions, ...missingImages]) io.stdout(`  missing: ${key}\n`);
      if (missing) io.stdout('Run `pipewarden pin --update` (online) to resolve them.\n');
      return missing ? EXIT_FINDINGS : EXIT_OK;
    }
    let outcome: Resolution;
    try {
      outcome = await resolveMissing(wanted, lock, githubApiFor(flags, io), new OciDigestResolver(flags.insecureRegistry ?? []));
    } catch (error) {
      if (!(error instanceof PinResolveError) || !error.unreachable) throw error;
      io.stderr(`pipewarden: ${error.message}\n`);
      return EXIT_USAGE;
    }
    const { actions, images, failures, commitsRecorded } = outcome;
    writeFileSync(lockFile, serializePinLock({ actions, images }));
    const resolved = missing - failures.length;
    const kept = actions.size + images.size - resolved;
    const dropped = [...lock.actions.keys(), ...lock.images.keys()].filter(
      (key) => !wanted.actions.has(key) && !wanted.images.has(key) && !wanted.commits.has(key),
    ).length;
    const commitNote = commitsRecorded ? `, ${commitsRecorded} version(s) of SHA pins recorded` : '';
    io.stdout(`${lockFile}: ${resolved} resolved, ${kept - commitsRecorded} kept, ${dropped} no longer used and dropped${commitNote}\n`);
    for (const failure of failures) io.stderr(`pipewarden: ${failure}\n`);
    return failures.length ? EXIT_FINDINGS : EXIT_OK;
  });
}

export interface Resolution {
  actions: Map<string, LockedPin>;
  images: Map<string, LockedImage>;
  failures: string[];
  commitsRecorded: number;
}

/**
 * The lock's entries for what is wanted, with the missing refs and image tags resolved online (and
 * the versions of SHA-pinned commits recorded); entries no longer wanted are left out. Throws a
 * PinResolveError marked unreachable when the API or a registry cannot be reached at all.
 */
export async function resolveMissing(wanted: Wanted, lock: PinLock, api: GithubApi, registries: OciDigestResolver): Promise<Resolution> {
  const refs = new GithubRefResolver(api);
  const actions = new Map<string, LockedPin>();
  const images = new Map<string, LockedImage>();
  for (const key of [...wanted.actions.keys(), ...wanted.commits.keys()]) {
    const known = lock.actions.get(key);
    if (known) actions.set(key, known);
  }
  for (const key of wanted.images.keys()) {
    const known = lock.images.get(key);
    if (known) images.set(key, known);
  }
  let commitsRecorded = 0;
  const failures: string[] = [];
  for (const [key, { owner, repo, ref }] of [...wanted.actions].sort(([a], [b]) => a.localeCompare(b))) {
    if (actions.has(key)) continue;
    const pin = await attempt(() => refs.resolve(owner, repo, ref), failures);
    if (pin) actions.set(key, pin);
  }
  for (const [key, { owner, repo, sha, comment }] of [...wanted.commits].sort(([a], [b]) => a.localeCompare(b))) {
    if (actions.has(key)) continue;
    // Optional knowledge: a commit without a version tag, or a repository the API does not
    // show, is left out quietly rather than failing the update.
    const version = await attempt(() => refs.versionOf(owner, repo, sha, comment), []);
    if (version) {
      actions.set(key, { sha, version });
      commitsRecorded++;
    }
  }
  for (const [key, { repository, tag }] of [...wanted.images].sort(([a], [b]) => a.localeCompare(b))) {
    if (images.has(key)) continue;
    const digest = await attempt(() => registries.resolve(repository, tag), failures);
    if (digest) images.set(key, { digest });
  }
  return { actions, images, failures, commitsRecorded };
}

/**
 * For `fix --online` and `scan --fix --online`: the lock with what it lacks resolved through the
 * API and the registries, in memory (the lock file is left alone; `pin --update` writes it).
 * Problems are told on stderr and leave the fixes to what the lock knows.
 */
export async function pinsWithOnline(targets: string[], lock: PinLock, flags: OnlineFlags, io: CliIO): Promise<PinLock> {
  const output = await scan({ paths: targets, cwd: io.cwd, config: emptyConfig(), rules: [], adapters: ADAPTERS });
  try {
    const outcome = await resolveMissing(pinnable(output.pipelines), lock, githubApiFor(flags, io), new OciDigestResolver());
    for (const failure of outcome.failures) io.stderr(`pipewarden: ${failure}\n`);
    return { actions: new Map([...lock.actions, ...outcome.actions]), images: new Map([...lock.images, ...outcome.images]) };
  } catch (error) {
    if (!(error instanceof PinResolveError) || !error.unreachable) throw error;
    io.stderr(`pipewarden: ${error.message}; pinning only what the lock knows\n`);
    return lock;
  }
}

/** The resolved value, or undefined with the reason recorded; an unreachable service is rethrown. */
async function attempt<T>(resolve: () => Promise<T>, failures: string[]): Promise<T | undefined> {
  try {
    return await resolve();
  } catch (error) {
    if (!(error instanceof PinResolveError) || error.unreachable) throw error;
    failures.push(error.message);
    return undefined;
  }
}
