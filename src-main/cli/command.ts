// What every CLI command is, and how it talks to the terminal.
import type { Writable } from 'node:stream';

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  /** True when stderr is a terminal: progress bars are drawn only then. */
  interactive: boolean;
  /** Aborted on SIGINT/SIGTERM: long work must stop and leave no partial output. */
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  name: string;
  /** Full usage text, printed for --help and on a usage error. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Bad usage: exit code 2 and the command's usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_CANCELLED = 130;
