// The one home for turning an error into a line a person understands: what happened and what to do. The
// CLI (exit codes), the studio API (error responses) and the HTTP routes all print errors through here, so a
// full disk never reads "write EPIPE", a missing file never reads "ENOENT ... stat", and no message ever
// carries a file's contents.
//
//   io.stderr.write(`depthswap swap: ${userMessage(err)}\n`);
//   exitCodeFor(err)  // 2 for bad input (InputError: ranges, tracks), 130 cancelled, 1 otherwise
import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../../src-shared/input-error.ts';

/** A disk-full error with the folder and how much was needed (see diskFullError). */
export class DiskFullError extends Error {
  override name = 'DiskFullError';
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${n} bytes`;
}

/** Free bytes on the disk holding `dir`, or null when unknown. */
export async function freeBytes(dir: string): Promise<number | null> {
  const s = await statfs(dir).catch(() => null);
  return s ? s.bavail * s.bsize : null;
}

/** "The disk holding DIR is full: writing WHAT needed about N (M free); free space or write elsewhere." */
export async function diskFullError(dir: string, what: string, neededBytes: number): Promise<DiskFullError> {
  const free = await freeBytes(dir);
  const freeText = free === null ? '' : ` (${formatBytes(free)} free)`;
  return new DiskFullError(
    `the disk holding ${dir} is full: ${what} needed about ${formatBytes(neededBytes)}${freeText}; free some space there or write to another folder`,
  );
}

function errnoOf(err: unknown): { code: string; path?: string; syscall?: string } | null {
  if (typeof err !== 'object' || err === null || !('code' in err)) return null;
  const e = err as NodeJS.ErrnoException;
  if (typeof e.code !== 'string') return null;
  return { code: e.code, ...(e.path ? { path: e.path } : {}), ...(e.syscall ? { syscall: e.syscall } : {}) };
}

/** One line for any error. */
export function userMessage(err: unknown): string {
  if (err instanceof URIError) return 'the address has a malformed %-escape (e.g. a lone "%"): fix the URL';
  const errno = errnoOf(err);
  if (errno) {
    const p = errno.path;
    const port = typeof err === 'object' && err !== null && 'port' in err ? String(err.port) : '';
    switch (errno.code) {
      case 'ENOENT':
        return p ? `File not found: ${p}` : 'File not found';
      case 'EACCES':
      case 'EPERM':
        if (errno.syscall === 'listen')
          return `port ${port} needs privileges: choose a port above 1023, or 0`;
        return p
          ? `Permission denied: ${p} (check the file's and folder's permissions)`
          : 'Permission denied';
      case 'EROFS':
        return p ? `${path.dirname(p)} is on a read-only disk: write somewhere else` : 'read-only disk';
      case 'EISDIR':
        return p ? `${p} is a folder, not a file` : 'a folder was given where a file is needed';
      case 'ENOTDIR':
        return p ? `${p}: a part of this path is a file, not a folder` : 'a part of the path is not a folder';
      case 'ENOSPC':
        return p
          ? `the disk holding ${path.dirname(p)} is full: free some space there or write to another folder`
          : 'the disk is full: free some space or write to another folder';
      case 'EMFILE':
      case 'ENFILE':
        return 'too many open files: close other programs or raise the limit (ulimit -n)';
      case 'EADDRINUSE':
        return `port ${port} is already in use: choose another --port, or 0 for a free one`;
      case 'EPIPE':
      case 'ERR_STREAM_DESTROYED':
        return 'the encoder (ffmpeg) stopped before all frames were written: the job was cancelled, or the disk is full';
      default:
        break;
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0] ?? message;
}

/** Bad input the user must fix (exit 2). */
export function isInputError(err: unknown): boolean {
  return err instanceof InputError;
}
