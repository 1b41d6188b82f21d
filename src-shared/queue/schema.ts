// The render queue as the studio and `depthswap queue list --json` see it. Job and task states follow
// render-farm managers (Flamenco): a job is queued, active, paused, completed, failed or canceled; its
// tasks (chunks of frames, then the join) are queued, active, completed, failed or canceled.
import { z } from 'zod';

export const JOB_STATES = ['queued', 'active', 'paused', 'completed', 'failed', 'canceled'] as const;
export const TASK_STATES = ['queued', 'active', 'completed', 'failed', 'canceled'] as const;
export type JobState = (typeof JOB_STATES)[number];
export type TaskState = (typeof TASK_STATES)[number];

/** Soft failures of a task before it (and its job) fails. */
export const MAX_TASK_FAILURES = 3;
export const DEFAULT_CHUNK_SIZE = 50;

export const QueueTaskSchema = z.object({
  idx: z.number().int().min(0),
  kind: z.enum(['render', 'join']),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  state: z.enum(TASK_STATES),
  failures: z.number().int().min(0),
  /** 0..1 of this task's frames. */
  progress: z.number().min(0).max(1),
  /** Who holds the lease while active (host:pid). */
  owner: z.string().nullable(),
  error: z.string().nullable(),
});
export type QueueTask = z.infer<typeof QueueTaskSchema>;

export const QueueJobSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  out: z.string(),
  format: z.string(),
  state: z.enum(JOB_STATES),
  priority: z.number().int(),
  position: z.number(),
  chunkSize: z.number().int().min(1),
  framesTotal: z.number().int().min(0),
  framesDone: z.number().min(0),
  /** 0..1 of the job's frames rendered (the join counts as the last step). */
  progress: z.number().min(0).max(1),
  etaSeconds: z.number().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  tasks: z.array(QueueTaskSchema),
});
export type QueueJob = z.infer<typeof QueueJobSchema>;
