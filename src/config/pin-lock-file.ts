/**
 * `pipewarden.lock`: JSON, one entry per `owner/repo@ref` under `pins` and one per
 * `repository:tag` under `images`, sorted so that updates make small diffs. Read with a size bound and checked entry by entry; a malformed lock is a config error
 * (exit 2) naming the entry, never a silent half-read.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { EMPTY_PIN_LOCK, type LockedImage, type LockedPin, type PinLock } from '../model/pin-lock.js';
import { ConfigError } from './config.js';

export const PIN_LOCK_FILE = 'pipewarden.lock';
const LOCK_VERSION = 1;
const MAX_LOCK_BYTES = 2 * 1024 * 1024;
const FULL_SHA = /^[0-9a-f]{40}$/;
const KEY = /^[a-z0-9][a-z0-9-]*\/[a-z0-9._-]+@\S+$/;
const IMAGE_KEY = /^[a-z0-9][a-z0-9._:/-]*:[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

export function readPinLock(file: string): PinLock {
  let text: string;
  try {
    if (statSync(file).size > MAX_LOCK_BYTES) throw new ConfigError(`${file}: larger than ${MAX_LOCK_BYTES} bytes`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const root = data as { lockVersion?: unknown; pins?: unknown; images?: unknown };
  if (typeof data !== 'object' || data === null || root.lockVersion !== LOCK_VERSION) {
    throw new ConfigError(`${file}: expected {"lockVersion": ${LOCK_VERSION}, "pins": {...}, "images": {...}}`);
  }
  const section = (name: 'pins' | 'images'): Record<string, unknown> => {
    const value = root[name] ?? {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`${file}: "${name}" must be an object`);
    return value as Record<string, unknown>;
  };
  const actions = new Map<string, LockedPin>();
  for (const [key, value] of Object.entries(section('pins'))) {
    const entry = value as { sha?: unknown; version?: unknown };
    if (!KEY.test(key)) throw new ConfigError(`${file}: "${key}" is not owner/repo@ref in lower case`);
    if (typeof entry !== 'object' || entry === null || typeof entry.sha !== 'string' || !FULL_SHA.test(entry.sha)) {
      throw new ConfigError(`${file}: "${key}" needs "sha": a full 40-character lower-case commit SHA`);
    }
    if (typeof entry.version !== 'string' || entry.version === '' || /\s/.test(entry.version)) {
      throw new ConfigError(`${file}: "${key}" needs "version": the tag to name in the pin comment`);
    }
    actions.set(key, { sha: entry.sha, version: entry.version });
  }
  const images = new Map<string, LockedImage>();
  for (const [key, value] of Object.entries(section('images'))) {
    const entry = value as { digest?: unknown };
    if (!IMAGE_KEY.test(key)) throw new ConfigError(`${file}: "${key}" is not repository:tag with the repository in lower case`);
    if (typeof entry !== 'object' || entry === null || typeof entry.digest !== 'string' || !DIGEST.test(entry.digest)) {
      throw new ConfigError(`${file}: "${key}" needs "digest": sha256: and 64 lower-case hex digits`);
    }
    images.set(key, { digest: entry.digest });
  }
  return { actions, images };
}

export function serializePinLock(lock: PinLock): string {
  const sorted = <T>(map: ReadonlyMap<string, T>): Record<string, T> =>
    Object.fromEntries([...map.keys()].sort().map((key) => [key, map.get(key) as T]));
  const pins = sorted(lock.actions);
  const images = sorted(lock.images);
  return `${JSON.stringify({ lockVersion: LOCK_VERSION, pins, images }, null, 2)}\n`;
}

/**
 * Where the lock of a scan lives: `--lock` if given, else `pipewarden.lock` in the folder scanned
 * (the working directory when several paths or a file are named).
 */
export function pinLockPath(targets: readonly string[], lockFlag: string | undefined, cwd: string): string {
  if (lockFlag) return path.resolve(cwd, lockFlag);
  const single = targets.length === 1 ? path.resolve(cwd, targets[0] as string) : cwd;
  const folder = existsSync(single) && statSync(single).isDirectory() ? single : cwd;
  return path.join(folder, PIN_LOCK_FILE);
}

/** The lock at `file`, or an empty one when there is no such file. */
export function readPinLockIfPresent(file: string): PinLock {
  return existsSync(file) ? readPinLock(file) : EMPTY_PIN_LOCK;
}
