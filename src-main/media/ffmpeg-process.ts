// The one module that starts ffmpeg and ffprobe processes. It logs the exact command line of each, keeps the
// last lines of stderr for error messages, parses `-progress` reports, and kills its processes on cancel
// (and when this Node process exits, so no ffmpeg outlives a killed render).
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { resolveFfmpeg } from './ffmpeg-paths.ts';
import { initialProgressState, parseProgressChunk, type FfmpegProgress } from './progress-parser.ts';
import { CancelledError } from '../util/cancel.ts';

export type Tool = 'ffmpeg' | 'ffprobe';

export interface SpawnOptions {
  signal?: AbortSignal;
  /** Feed frames on stdin. */
  stdin?: boolean;
  /** Read stdout as a stream (else it is collected and returned by `done`). */
  streamStdout?: boolean;
  /** Called for each `-progress` block; pass `-progress pipe:3` in args to get them. */
  onProgress?: (p: FfmpegProgress) => void;
}

export interface ToolProcess {
  readonly commandLine: string;
  readonly stdin: Writable | null;
  readonly stdout: Readable;
  /** Resolves with collected stdout (empty when streamed) on exit 0; rejects with a one-line reason otherwise. */
  readonly done: Promise<Buffer>;
  kill(): void;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
const recent: string[] = [];

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The exact command lines run most recently (newest last), for diagnostics and tests. */
export function recentCommandLines(): readonly string[] {
  return recent;
}

function logCommand(line: string): void {
  recent.push(line);
  if (recent.length > 50) recent.shift();
  if (process.env['DEPTHSWAP_LOG_FFMPEG']) process.stderr.write(`[ffmpeg] ${line}\n`);
}

/** The most telling line of ffmpeg's stderr: the last one that is not empty. */
export function lastErrorLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  return lines[lines.length - 1] ?? 'no message';
}

export function spawnTool(tool: Tool, args: string[], opts: SpawnOptions = {}): ToolProcess {
  const tools = resolveFfmpeg();
  const bin = tool === 'ffmpeg' ? tools.ffmpeg : tools.ffprobe;
  const commandLine = [bin, ...args].map(quote).join(' ');
  logCommand(commandLine);
  if (opts.signal?.aborted) throw new CancelledError();
  installExitHook();
  const child = spawn(bin, args, {
    stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe', opts.onProgress ? 'pipe' : 'ignore'],
  });
  live.add(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => {
    stderr = (stderr + d).slice(-8192);
  });
  if (opts.onProgress) {
    const progressStream = child.stdio[3] as Readable;
    let state = initialProgressState();
    progressStream.setEncoding('utf8');
    progressStream.on('data', (d: string) => {
      const r = parseProgressChunk(state, d);
      state = r.state;
      for (const u of r.updates) opts.onProgress?.(u);
    });
  }
  const chunks: Buffer[] = [];
  if (!opts.streamStdout) child.stdout!.on('data', (d: Buffer) => chunks.push(d));
  // A consumer that stops reading early closes stdin; ignore the resulting EPIPE, the exit code tells.
  child.stdin?.on('error', () => undefined);

  let cancelled = false;
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const onAbort = () => {
    cancelled = true;
    kill();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  const done = new Promise<Buffer>((resolve, reject) => {
    child.on('error', (err) => {
      live.delete(child);
      opts.signal?.removeEventListener('abort', onAbort);
      reject(new Error(`${tool} could not be started (${bin}): ${err.message}`));
    });
    child.on('close', (code, sig) => {
      live.delete(child);
      opts.signal?.removeEventListener('abort', onAbort);
      if (cancelled) reject(new CancelledError());
      else if (code === 0) resolve(Buffer.concat(chunks));
      else
        reject(
          new Error(
            `${tool} failed (${code === null ? `signal ${sig}` : `exit ${code}`}): ${lastErrorLine(stderr)}`,
          ),
        );
    });
  });
  // Callers that only stream may never await `done` on every path; keep an unhandled rejection from crashing.
  done.catch(() => undefined);
  return { commandLine, stdin: child.stdin, stdout: child.stdout!, done, kill };
}

/** Runs a tool to completion and returns its stdout. */
export function runTool(
  tool: Tool,
  args: string[],
  opts: Omit<SpawnOptions, 'stdin' | 'streamStdout'> = {},
): Promise<Buffer> {
  return spawnTool(tool, args, opts).done;
}
