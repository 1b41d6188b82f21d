// `depthswap queue add|run|list|cancel|retry|pause|resume`: the persistent render queue (SQLite) from the
// command line. `run` works until the queue is empty, resumes interrupted jobs, and pauses cleanly on Ctrl-C.
import path from 'node:path';
import type { Command, CliIo } from '../command.ts';
import { EXIT_CANCELLED, UsageError } from '../command.ts';
import { intOption, oneOf, parseOptions } from '../parse-options.ts';
import { parseFramesOption } from './transcode.ts';
import { OUTPUT_FORMATS } from '../../../src-shared/media.ts';
import { formatDuration } from '../../../src-shared/progress.ts';
import { DEFAULT_DEPTHNET_DIR } from '../../depthnet/depthnet.ts';
import { defaultStateDir } from '../../util/state-dir.ts';
import { defaultQueueDb, openQueueDb } from '../../queue/db.ts';
import { QueueStore } from '../../queue/queue-store.ts';
import { runQueue } from '../../queue/queue-runner.ts';
import { addProjectJob } from '../../queue/add-job.ts';
import { SlurmExecutor } from '../../farm/slurm-executor.ts';
import { localDepthswapArgv } from '../../farm/build-job.ts';
import type { QueueJob } from '../../../src-shared/queue/schema.ts';

const usage = `Usage:
  depthswap queue add <project.dsproj> --out <file> [--format prores-hq|prores-4444|h264] [--frames A-B]
                      [--clip ID] [--chunk N] [--priority P] [--no-audio] [--no-timecode] [--overwrite]
  depthswap queue run [--concurrency N] [--threads N] [--task-timeout SECONDS] [--state-dir DIR] [--model DIR]
                      [--executor local|slurm] [--partition P]
  depthswap queue list [--json]
  depthswap queue cancel|pause|resume <job-id>
  depthswap queue retry <job-id> [--chunk IDX]
  every subcommand takes [--db PATH] (default: $XDG_STATE_HOME/depthswap/queue.sqlite)

add     queues a render of the project as it is now (its edits and settings are copied into the job), split
        into chunks of --chunk frames (default 50) and a final join; prints the job id
run     renders queued chunks, --concurrency at a time (default 1), joins each finished job into its --out
        (no re-encode; audio and timecode added once), until the queue is empty. A run killed in any way
        resumes at the next run from the last finished chunk; Ctrl-C gives running chunks back and stops.
        Several runners (machines sharing the folder, or processes) may work on one database: a lease in
        the database gives each chunk to one of them. A chunk failing 3 times fails its job, with the reason;
        the other jobs go on. Exit 1 when a job failed during the run.
        --executor slurm runs each chunk as a Slurm job (depthswap farm task on a node; task files and logs
        in <db folder>/farm, segments in <db folder>/segments: put --db on the shared volume), --concurrency
        chunks at a time; see docs/farm.md.
list    jobs in queue order, then the history (finished, failed, canceled) with the reason
retry   a failed or canceled job (its failed chunks again), or one chunk of it with --chunk`;

function line(j: QueueJob): string {
  const pct = `${Math.floor(j.progress * 100)}%`.padStart(4);
  const chunks = j.tasks.filter((t) => t.kind === 'render');
  const done = chunks.filter((t) => t.state === 'completed').length;
  const eta = j.state === 'active' && j.etaSeconds !== null ? ` ETA ${formatDuration(j.etaSeconds)}` : '';
  const err = j.error ? `  (${j.error})` : '';
  return `${j.id}  ${j.state.padEnd(9)} ${pct}  chunks ${done}/${chunks.length}${eta}  ${j.name} -> ${j.out}${err}`;
}

function openStore(db: string | undefined, io: CliIo): { store: QueueStore; file: string } {
  const file = path.resolve(db ?? defaultQueueDb(io.env));
  return { store: new QueueStore(openQueueDb(file)), file };
}

export const queueCommand: Command = {
  name: 'queue',
  usage,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'add') {
      const { values, positionals } = parseOptions(
        rest,
        {
          db: { type: 'string' },
          out: { type: 'string' },
          format: { type: 'string' },
          frames: { type: 'string' },
          clip: { type: 'string' },
          chunk: { type: 'string' },
          priority: { type: 'string' },
          'no-audio': { type: 'boolean' },
          'no-timecode': { type: 'boolean' },
          overwrite: { type: 'boolean' },
        },
        { min: 1, max: 1 },
      );
      if (!values.out) throw new UsageError('--out is required');
      const format = oneOf('format', values.format, OUTPUT_FORMATS);
      const chunk = intOption('chunk', values.chunk, 1);
      const priority = intOption('priority', values.priority, 0);
      const range = parseFramesOption(values.frames);
      const { store } = openStore(values.db, io);
      const id = await addProjectJob(store, positionals[0]!, {
        out: values.out,
        ...(format ? { format } : {}),
        ...(range ? { range } : {}),
        ...(values.clip ? { clipId: values.clip } : {}),
        ...(chunk !== undefined ? { chunkSize: chunk } : {}),
        ...(priority !== undefined ? { priority } : {}),
        ...(values['no-audio'] ? { audio: false } : {}),
        ...(values['no-timecode'] ? { timecode: false } : {}),
        overwrite: Boolean(values.overwrite),
        signal: io.signal,
      });
      store.db.close();
      io.stdout.write(`${id}\n`);
      return 0;
    }
    if (sub === 'run') {
      const { values } = parseOptions(
        rest,
        {
          db: { type: 'string' },
          concurrency: { type: 'string' },
          threads: { type: 'string' },
          'task-timeout': { type: 'string' },
          'state-dir': { type: 'string' },
          model: { type: 'string' },
          executor: { type: 'string' },
          partition: { type: 'string' },
        },
        { min: 0, max: 0 },
      );
      const executorName = oneOf('executor', values.executor, ['local', 'slurm'] as const) ?? 'local';
      const concurrency = intOption('concurrency', values.concurrency, 1) ?? 1;
      const threads = intOption('threads', values.threads, 0);
      const timeout = intOption('task-timeout', values['task-timeout'], 1);
      const { store, file } = openStore(values.db, io);
      const failed: string[] = [];
      try {
        const r = await runQueue({
          store,
          segmentsDir: path.join(path.dirname(file), 'segments'),
          modelDir: path.resolve(values.model ?? DEFAULT_DEPTHNET_DIR),
          stateDir: path.resolve(values['state-dir'] ?? defaultStateDir(io.env)),
          concurrency,
          ...(executorName === 'slurm'
            ? {
                executor: new SlurmExecutor({
                  workDir: path.join(path.dirname(file), 'farm'),
                  partition: values.partition ?? null,
                  depthswap: localDepthswapArgv(),
                  env: io.env,
                }),
              }
            : {}),
          ...(threads !== undefined ? { threads } : {}),
          ...(timeout !== undefined ? { taskTimeoutMs: timeout * 1000 } : {}),
          signal: io.signal,
          onEvent: (e) => {
            if (e.type === 'task-started')
              io.stderr.write(
                `job ${e.jobId}: ${e.kind === 'join' ? 'joining' : `chunk ${e.idx}`} started\n`,
              );
            else if (e.type === 'task-done')
              io.stderr.write(
                `job ${e.jobId}: ${store.getJob(e.jobId).state === 'completed' ? 'completed' : `chunk ${e.idx} done`}\n`,
              );
            else if (e.type === 'task-failed') {
              io.stderr.write(
                `job ${e.jobId}: chunk ${e.idx} failed${e.final ? '' : ' (will retry)'}: ${e.error}\n`,
              );
              if (e.final) failed.push(e.jobId);
            } else if (e.type === 'task-released')
              io.stderr.write(`job ${e.jobId}: chunk ${e.idx} given back (${e.why})\n`);
          },
        });
        if (r.interrupted) {
          io.stderr.write('queue paused: running chunks were given back; `depthswap queue run` resumes\n');
          return EXIT_CANCELLED;
        }
        io.stderr.write(`queue empty: ${r.tasksCompleted} task(s) done, ${failed.length} job(s) failed\n`);
        for (const id of failed) io.stderr.write(`failed: ${line(store.getJob(id))}\n`);
        return failed.length > 0 ? 1 : 0;
      } finally {
        store.db.close();
      }
    }
    if (sub === 'list') {
      const { values } = parseOptions(
        rest,
        { db: { type: 'string' }, json: { type: 'boolean' } },
        { min: 0, max: 0 },
      );
      const { store } = openStore(values.db, io);
      const jobs = store.listJobs();
      store.db.close();
      if (values.json) io.stdout.write(JSON.stringify(jobs, null, 2) + '\n');
      else io.stdout.write(jobs.length ? jobs.map(line).join('\n') + '\n' : 'the queue is empty\n');
      return 0;
    }
    if (sub === 'cancel' || sub === 'pause' || sub === 'resume' || sub === 'retry') {
      const { values, positionals } = parseOptions(
        rest,
        { db: { type: 'string' }, chunk: { type: 'string' } },
        { min: 1, max: 1 },
      );
      if (values.chunk !== undefined && sub !== 'retry')
        throw new UsageError('--chunk applies to retry only');
      const chunk = intOption('chunk', values.chunk, 0);
      const { store } = openStore(values.db, io);
      try {
        const id = positionals[0]!;
        if (sub === 'cancel') store.cancel(id);
        else if (sub === 'pause') store.pause(id);
        else if (sub === 'resume') store.resume(id);
        else store.retry(id, chunk);
        io.stdout.write(`${line(store.getJob(id))}\n`);
      } finally {
        store.db.close();
      }
      return 0;
    }
    throw new UsageError(
      sub
        ? `unknown subcommand '${sub}'`
        : 'expected a subcommand: add, run, list, cancel, retry, pause, resume',
    );
  },
};
