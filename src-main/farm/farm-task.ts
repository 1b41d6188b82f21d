// `depthswap farm task <file>`: what a farm node runs for one queued render task (SlurmExecutor): the task
// file (validated) holds the queue's request, the render engine runs it as the local executor's worker
// would, and the outcome is written to the result file (atomically), which the submitting side reads.
import os from 'node:os';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseRenderSpec, RenderSpecError } from '../../src-shared/render/spec.ts';
import type { ProgressListener } from '../../src-shared/progress.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { MissingInputError, runRenderSpec } from '../render/render-engine.ts';
import { defaultStateDir } from '../util/state-dir.ts';

const absolute = z
  .string()
  .min(1)
  .refine((p) => path.isAbsolute(p), 'must be an absolute path');

export const FarmTaskFileSchema = z.object({
  request: z.object({
    spec: z.unknown(),
    part: z.object({ start: z.number().int().min(0), end: z.number().int().min(1) }),
    out: absolute,
    audio: z.boolean(),
    timecode: z.boolean(),
    overwrite: z.boolean(),
    intermediate: z.boolean().optional(),
    modelDir: absolute,
    stateDir: absolute,
    threads: z.number().int().min(0).optional(),
  }),
  /** Use the node's own state folder instead of request.stateDir (the submitter's, which nodes do not see). */
  useNodeStateDir: z.boolean(),
  result: absolute,
});
export type FarmTaskFile = z.infer<typeof FarmTaskFileSchema>;

export const FarmTaskResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), out: z.string().min(1), host: z.string() }),
  z.object({ ok: z.literal(false), error: z.string(), hard: z.boolean(), host: z.string() }),
]);
export type FarmTaskResult = z.infer<typeof FarmTaskResultSchema>;

export async function runFarmTask(
  file: string,
  opts: { env: NodeJS.ProcessEnv; signal: AbortSignal; onProgress?: ProgressListener },
): Promise<FarmTaskResult> {
  const parsed = FarmTaskFileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`${file} is not a farm task file: ${parsed.error.issues[0]?.message ?? ''}`);
  const task = parsed.data;
  const req = task.request;
  let result: FarmTaskResult;
  try {
    const spec = parseRenderSpec(req.spec);
    const r = await runRenderSpec(spec, {
      part: req.part,
      out: req.out,
      audio: req.audio,
      timecode: req.timecode,
      overwrite: req.overwrite,
      ...(req.intermediate ? { intermediate: true } : {}),
      modelDir: req.modelDir,
      stateDir: task.useNodeStateDir ? defaultStateDir(opts.env) : req.stateDir,
      ...(req.threads !== undefined ? { threads: req.threads } : {}),
      signal: opts.signal,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
    result = { ok: true, out: r.out, host: os.hostname() };
  } catch (err) {
    result = {
      ok: false,
      error: err instanceof Error ? err.message.split('\n')[0]! : String(err),
      hard: err instanceof MissingInputError || err instanceof RenderSpecError || err instanceof z.ZodError,
      host: os.hostname(),
    };
  }
  await writeFileAtomic(task.result, JSON.stringify(result) + '\n');
  return result;
}
