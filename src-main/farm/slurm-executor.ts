// The queue's farm executor: runs one render task (a chunk of a queued job) as a Slurm job instead of a
// worker thread here. The task request is written to the shared work folder (validated on both sides), the
// node runs it with `depthswap farm task <file>` (the same render engine, from the same spec), and writes
// its result next to it; this side waits (squeue, sacct) and reports it, and cancels the job (scancel) when
// the queue gives the task back.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ProgressListener } from '../../src-shared/progress.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { HardTaskError, type RenderExecutor, type RenderTaskRequest } from '../render/executor.ts';
import { CancelledError } from '../util/cancel.ts';
import { FarmTaskResultSchema, type FarmTaskFile } from './farm-task.ts';
import {
  parseJobStates,
  parseSbatchOutput,
  sacctArgs,
  shellLine,
  SUCCEEDED,
  FAILED,
} from './slurm-script.ts';
import { slurmCommand } from './slurm-run.ts';

export interface SlurmExecutorOptions {
  /** A folder every node sees (task files, results, logs). */
  workDir: string;
  partition?: string | null;
  /** How a node runs depthswap (default: this node binary and this checkout's bin). */
  depthswap: string[];
  /** The state folder on the nodes; null: each node's default (`$XDG_STATE_HOME/depthswap`). */
  nodeStateDir?: string | null;
  env?: NodeJS.ProcessEnv;
  pollMs?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

export class SlurmExecutor implements RenderExecutor {
  private readonly o: SlurmExecutorOptions;
  constructor(o: SlurmExecutorOptions) {
    this.o = o;
  }

  async run(
    req: RenderTaskRequest,
    hooks: { signal: AbortSignal; onProgress: ProgressListener },
  ): Promise<string> {
    if (hooks.signal.aborted) throw new CancelledError();
    const env = this.o.env ?? process.env;
    const name = `task-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    const dir = path.join(this.o.workDir, 'tasks');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${name}.json`);
    const result = path.join(dir, `${name}.result.json`);
    const log = path.join(dir, `${name}.log`);
    const nodeState = this.o.nodeStateDir ?? null;
    const task: FarmTaskFile = {
      request: nodeState ? { ...req, stateDir: nodeState } : req,
      useNodeStateDir: nodeState === null,
      result,
    };
    await writeFileAtomic(file, JSON.stringify(task) + '\n');
    const script = path.join(dir, `${name}.sh`);
    await writeFileAtomic(
      script,
      `#!/bin/bash\nexec ${shellLine([...this.o.depthswap, 'farm', 'task', file])}\n`,
    );
    const frames = `${req.part.start}-${req.part.end - 1}`;
    const id = parseSbatchOutput(
      await slurmCommand(
        'sbatch',
        [
          '--parsable',
          ...(this.o.partition ? [`--partition=${this.o.partition}`] : []),
          `--chdir=${dir}`,
          `--job-name=${req.spec.name.slice(0, 100) || 'depthswap'} ${frames}`,
          `--output=${log}`,
          '--ntasks=1',
          script,
        ],
        env,
      ),
    );
    hooks.onProgress({
      stage: 'farm',
      done: 0,
      total: 1,
      rate: 0,
      etaSeconds: null,
      message: `Slurm job ${id}`,
    });
    let last = 'PENDING';
    for (;;) {
      if (hooks.signal.aborted) {
        await slurmCommand('scancel', [id], env).catch(() => undefined);
        throw new CancelledError(`cancelled (scancel ${id})`);
      }
      const states = parseJobStates(
        await slurmCommand(
          'squeue',
          [`--jobs=${id}`, '--states=all', '--noheader', '--format=%i|%T|%r'],
          env,
        ).catch(() => ''),
      );
      let state = states.find((s) => s.id === id)?.state;
      if (!state) {
        const acct = parseJobStates(await slurmCommand('sacct', sacctArgs([id]), env).catch(() => ''));
        state = acct.find((s) => s.id === id)?.state;
        if (!state) throw new Error(`Slurm no longer knows job ${id} (frames ${frames}); log: ${log}`);
      }
      if (state !== last) {
        last = state;
        hooks.onProgress({
          stage: 'farm',
          done: 0,
          total: 1,
          rate: 0,
          etaSeconds: null,
          message: `Slurm job ${id} ${state}`,
        });
      }
      if (SUCCEEDED.has(state) || FAILED.has(state)) break;
      await sleep(this.o.pollMs ?? 2000, hooks.signal);
    }
    const text = await readFile(result, 'utf8').catch(() => null);
    const r = text === null ? null : FarmTaskResultSchema.safeParse(JSON.parse(text));
    await rm(file, { force: true });
    await rm(script, { force: true });
    if (r?.success && r.data.ok) {
      await rm(result, { force: true });
      await rm(log, { force: true });
      return r.data.out;
    }
    const why = r?.success && !r.data.ok ? r.data.error : `the node wrote no result (Slurm state ${last})`;
    const message = `frames ${frames} failed on the farm (job ${id}): ${why}; log: ${log}`;
    if (r?.success && !r.data.ok && r.data.hard) throw new HardTaskError(message);
    throw new Error(message);
  }
}
