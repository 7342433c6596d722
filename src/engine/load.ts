/**
 * Reads one file within the limits: size, binary content, UTF-8. Never executes anything.
 * Problems become parse issues so the rest of the scan goes on.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { ParseIssue } from '../model/finding.js';

export interface LoadLimits {
  maxFileBytes: number;
}

export const DEFAULT_LOAD_LIMITS: LoadLimits = { maxFileBytes: 5 * 1024 * 1024 };

export type LoadResult = { ok: true; text: string } | { ok: false; issue: ParseIssue };

const decoder = new TextDecoder('utf-8', { fatal: true });

function issue(file: string, code: ParseIssue['code'], message: string, level: ParseIssue['level'] = 'error'): LoadResult {
  return { ok: false, issue: { file, line: 1, column: 1, code, message, level } };
}

/**
 * Synchronous on purpose: CI files are small and local, and one open/fstat/read/close in this
 * thread is several times cheaper than four promise round trips through the thread pool. The size
 * is checked on the opened descriptor, so the file read is the file measured.
 */
export function loadFile(absolutePath: string, displayPath: string, limits: LoadLimits): LoadResult {
  let fd: number;
  try {
    // Non-blocking open: a FIFO named on the command line must not hang the scan.
    fd = openSync(absolutePath, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return unreadable(displayPath, error);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return issue(displayPath, 'UNREADABLE', 'not a regular file; not analysed');
    const size = info.size;
    if (size > limits.maxFileBytes) {
      return issue(displayPath, 'FILE_TOO_LARGE', `file is ${size} bytes, over the ${limits.maxFileBytes}-byte limit; not analysed`);
    }
    const buffer = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const read = readSync(fd, buffer, filled, size - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return decodeBuffer(buffer.subarray(0, filled), displayPath);
  } catch (error) {
    return unreadable(displayPath, error);
  } finally {
    closeSync(fd);
  }
}

function unreadable(displayPath: string, error: unknown): LoadResult {
  return issue(displayPath, 'UNREADABLE', `cannot read file: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
}

export function decodeBuffer(buffer: Buffer, displayPath: string): LoadResult {
  if (buffer.length === 0 || buffer.toString('latin1').trim() === '') {
    return issue(displayPath, 'EMPTY_FILE', 'file is empty', 'warning');
  }
  if (buffer.subarray(0, 8192).includes(0)) return issue(displayPath, 'BINARY_FILE', 'file is binary (contains NUL bytes); not analysed');
  let text: string;
  try {
    text = decoder.decode(buffer);
  } catch {
    const at = firstInvalidUtf8(buffer);
    return {
      ok: false,
      issue: {
        file: displayPath,
        line: at.line,
        column: at.column,
        code: 'NOT_UTF8',
        message: 'file is not valid UTF-8; not analysed',
        level: 'error',
      },
    };
  }
  // A BOM is not part of the YAML text; dropping it keeps columns as editors show them.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text };
}

function firstInvalidUtf8(buffer: Buffer): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < buffer.length; i++) {
    const byte = buffer[i] as number;
    if (byte === 0x0a) {
      line++;
      lineStart = i + 1;
      continue;
    }
    if (byte < 0x80) continue;
    const need = byte >= 0xf0 && byte < 0xf8 ? 3 : byte >= 0xe0 ? 2 : byte >= 0xc2 && byte < 0xe0 ? 1 : -1;
    let ok = need > 0 && i + need < buffer.length + 1;
    for (let k = 1; ok && k <= need; k++) ok = ((buffer[i + k] ?? 0) & 0xc0) === 0x80;
    if (!ok) return { line, column: i - lineStart + 1 };
    i += need;
  }
  return { line, column: 1 };
}
