// Worker thread of the swap pool: holds the source face (sent once), swaps the frames it is given in place
// and sends them back with their matte. Buffers are transferred both ways, never copied.
import { parentPort, workerData } from 'node:worker_threads';
import { swapFrame, type FaceInFrame, type SwapOptions, type SwapSource } from './swap-frame.ts';

export interface SwapWorkerInit {
  source: SwapSource;
  options: SwapOptions;
  /** Put the matte into the alpha byte of RGBA frames (ProRes 4444). */
  matteToAlpha: boolean;
}

export interface SwapJob {
  id: number;
  width: number;
  height: number;
  channels: 3 | 4;
  data: Uint8Array;
  faces: FaceInFrame[];
}

export type SwapReply =
  | { id: number; ok: true; data: Uint8Array; matte: Uint8Array; ms: number }
  | { id: number; ok: false; error: string };

export function runSwapJob(init: SwapWorkerInit, job: SwapJob): { data: Uint8Array; matte: Uint8Array } {
  const frame = { width: job.width, height: job.height, channels: job.channels, data: job.data };
  const { matte } = swapFrame(frame, init.source, job.faces, init.options);
  if (init.matteToAlpha && job.channels === 4) {
    for (let p = 0, o = 3; p < matte.length; p++, o += 4) job.data[o] = matte[p]!;
  }
  return { data: job.data, matte };
}

if (parentPort) {
  const port = parentPort;
  const init = workerData as SwapWorkerInit;
  port.on('message', (job: SwapJob) => {
    const t0 = performance.now();
    try {
      const { data, matte } = runSwapJob(init, job);
      const reply: SwapReply = { id: job.id, ok: true, data, matte, ms: performance.now() - t0 };
      port.postMessage(reply, [data.buffer as ArrayBuffer, matte.buffer as ArrayBuffer]);
    } catch (err) {
      const reply: SwapReply = {
        id: job.id,
        ok: false,
        error: err instanceof Error ? err.message : String(err),
      };
      port.postMessage(reply);
    }
  });
}
