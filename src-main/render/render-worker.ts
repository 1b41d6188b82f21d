// Worker thread entry of the local executor (executor.ts): runs one render task through the render engine,
// reports progress, and stops (removing its partial output) on 'cancel'. The request is validated here.
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { parseRenderSpec, RenderSpecError } from '../../src-shared/render/spec.ts';
import { isCancelled } from '../util/cancel.ts';
import { MissingInputError, runRenderSpec } from './render-engine.ts';
import type { WorkerReply } from './executor.ts';

if (!parentPort) throw new Error('render-worker.ts is a worker thread entry: start it through LocalExecutor');
const port = parentPort;
const RequestSchema = z.object({
  spec: z.unknown(),
  part: z.object({ start: z.number().int().min(0), end: z.number().int().min(1) }),
  out: z.string().min(1),
  audio: z.boolean(),
  timecode: z.boolean(),
  overwrite: z.boolean(),
  intermediate: z.boolean().optional(),
  modelDir: z.string().min(1),
  stateDir: z.string().min(1),
  threads: z.number().int().min(0).optional(),
});
const controller = new AbortController();
port.on('message', (m: unknown) => {
  if (typeof m === 'object' && m !== null && 'type' in m && m.type === 'cancel')
    controller.abort(new Error('cancelled'));
});
const post = (m: WorkerReply) => port.postMessage(m);

async function run(): Promise<string> {
  const req = RequestSchema.parse((workerData as { request: unknown }).request);
  const spec = parseRenderSpec(req.spec);
  const r = await runRenderSpec(spec, {
    part: req.part,
    out: req.out,
    audio: req.audio,
    timecode: req.timecode,
    overwrite: req.overwrite,
    ...(req.intermediate ? { intermediate: true } : {}),
    modelDir: req.modelDir,
    stateDir: req.stateDir,
    ...(req.threads !== undefined ? { threads: req.threads } : {}),
    signal: controller.signal,
    onProgress: (progress) => post({ type: 'progress', progress }),
  });
  return r.out;
}

run()
  .then((out) => post({ type: 'done', out }))
  .catch((err: unknown) => {
    post({
      type: 'failed',
      error: err instanceof Error ? err.message.split('\n')[0]! : String(err),
      hard: err instanceof MissingInputError || err instanceof RenderSpecError || err instanceof z.ZodError,
      cancelled: isCancelled(err, controller.signal),
    });
  })
  .finally(() => port.removeAllListeners('message'));
