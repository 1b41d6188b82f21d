// The depthswap CLI as a child process (as a user, a queue runner or a farm node runs it), for integration
// tests: exit code and the whole stdout/stderr.
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import type { CliIo } from '../../src-main/cli/command.ts';
import { main } from '../../src-main/cli/main.ts';
import path from 'node:path';
import { REPO_ROOT } from './shared-data.ts';

export const CLI_BIN = path.join(REPO_ROOT, 'src-main/cli/depthswap.mjs');

export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The command's trimmed stdout; throws with its stderr when it exits non-zero. */
export async function cliOk(args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const r = await runCli(args, env);
  if (r.code !== 0) throw new Error(`depthswap ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout.trim();
}

/** A CLI io for running `main` in this process: stdout dropped, stderr kept (`err()`). */
export function captureIo(): CliIo & { err: () => string } {
  let err = '';
  const sink = (f: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer, _e, cb) {
        f(chunk.toString());
        cb();
      },
    });
  return {
    stdout: sink(() => undefined),
    stderr: sink((s) => (err += s)),
    interactive: false,
    signal: new AbortController().signal,
    env: process.env,
    err: () => err,
  };
}

/** The CLI run in this process: its stderr; throws with it on a non-zero exit. */
export async function cliInProcess(...args: string[]): Promise<string> {
  const io = captureIo();
  const code = await main(args, io);
  if (code !== 0) throw new Error(`depthswap ${args.join(' ')} exited ${code}: ${io.err()}`);
  return io.err();
}
